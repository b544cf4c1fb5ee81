using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Npgsql;
using Xunit;

namespace FactTracker.Testing;

/// <summary>Where a scope creates its database and virtual host: a PostgreSQL server and a RabbitMQ node with its management API.</summary>
public sealed record InfrastructureServers(string Postgres, string RabbitMqHost, int RabbitMqPort, string RabbitMqManagement,
    string RabbitMqUser, string RabbitMqPassword)
{
    /// <summary>The servers deploy/test.sh starts and names in FACTTRACKER_TEST_* variables.</summary>
    public static InfrastructureServers FromEnvironment() => new(InfrastructureScope.PostgresServer, InfrastructureScope.RabbitMqHost,
        InfrastructureScope.RabbitMqPort, InfrastructureScope.RabbitMqManagement, InfrastructureScope.RabbitMqUser, InfrastructureScope.RabbitMqPassword);
}

/// <summary>
/// The real PostgreSQL and RabbitMQ that deploy/test.sh starts, with loopback defaults (or other servers a test started
/// itself); each scope owns a fresh database and a fresh RabbitMQ virtual host, so parallel test classes never see each
/// other's data or messages.
/// </summary>
public sealed class InfrastructureScope(InfrastructureServers? servers = null) : IAsyncLifetime
{
    public static string PostgresServer => Environment.GetEnvironmentVariable("FACTTRACKER_TEST_POSTGRES")
        ?? "Host=127.0.0.1;Port=5432;Username=facttracker;Password=facttracker;SSL Mode=Disable";
    public static string RabbitMqHost => Environment.GetEnvironmentVariable("FACTTRACKER_TEST_RABBITMQ_HOST") ?? "127.0.0.1";
    public static int RabbitMqPort => int.Parse(Environment.GetEnvironmentVariable("FACTTRACKER_TEST_RABBITMQ_PORT") ?? "5672");
    public static string RabbitMqManagement => Environment.GetEnvironmentVariable("FACTTRACKER_TEST_RABBITMQ_MANAGEMENT") ?? "http://127.0.0.1:15672";
    public static string RabbitMqUser => Environment.GetEnvironmentVariable("FACTTRACKER_TEST_RABBITMQ_USER") ?? "facttracker";
    public static string RabbitMqPassword => Environment.GetEnvironmentVariable("FACTTRACKER_TEST_RABBITMQ_PASSWORD") ?? "facttracker";

    private readonly string _name = $"ft_test_{Guid.NewGuid():N}"[..24];
    private readonly InfrastructureServers _servers = servers ?? InfrastructureServers.FromEnvironment();

    public InfrastructureServers Servers => _servers;

    public string Database => _name;
    public string VirtualHost => _name.Replace('_', '-');
    public string PostgresConnectionString => $"{_servers.Postgres};Database={Database}";
    /// <summary>Principals and keys seeded into this scope's identity schema when it starts.</summary>
    public TestPrincipals Principals { get; private set; } = default!;
    public string RabbitMqUri => $"amqp://{Uri.EscapeDataString(_servers.RabbitMqUser)}:{Uri.EscapeDataString(_servers.RabbitMqPassword)}@{_servers.RabbitMqHost}:{_servers.RabbitMqPort}/{Uri.EscapeDataString(VirtualHost)}";

    public async Task InitializeAsync()
    {
        await using (var connection = new NpgsqlConnection($"{_servers.Postgres};Database=postgres"))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{Database}\"", connection);
            await create.ExecuteNonQueryAsync();
        }
        using var http = Management();
        (await http.PutAsync($"api/vhosts/{Uri.EscapeDataString(VirtualHost)}", null)).EnsureSuccessStatusCode();
        (await http.PutAsJsonAsync($"api/permissions/{Uri.EscapeDataString(VirtualHost)}/{Uri.EscapeDataString(_servers.RabbitMqUser)}",
            new { configure = ".*", write = ".*", read = ".*" })).EnsureSuccessStatusCode();
        Principals = await TestPrincipals.SeedAsync(PostgresConnectionString);
    }

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using (var connection = new NpgsqlConnection($"{_servers.Postgres};Database=postgres"))
        {
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Database}\" WITH (FORCE)", connection);
            // An autovacuum worker busy in the database has no role this one may end, and fails the drop: it soon finishes.
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (true)
            {
                try
                {
                    await drop.ExecuteNonQueryAsync();
                    break;
                }
                catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.InsufficientPrivilege or PostgresErrorCodes.ObjectInUse
                    && DateTime.UtcNow < deadline)
                {
                    await Task.Delay(200);
                }
            }
        }
        using var http = Management();
        await http.DeleteAsync($"api/vhosts/{Uri.EscapeDataString(VirtualHost)}");
    }

    /// <summary>Settings a service under test needs to use this scope.</summary>
    public IReadOnlyDictionary<string, string?> ServiceSettings => new Dictionary<string, string?>
    {
        ["ConnectionStrings:postgres"] = PostgresConnectionString,
        ["ConnectionStrings:rabbitmq"] = RabbitMqUri,
    };

    private HttpClient Management()
    {
        var http = new HttpClient { BaseAddress = new Uri(_servers.RabbitMqManagement.TrimEnd('/') + "/"), Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{_servers.RabbitMqUser}:{_servers.RabbitMqPassword}")));
        return http;
    }
}
