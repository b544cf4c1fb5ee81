using FactTracker.Testing;
using Npgsql;

namespace FactTracker.Resilience.Tests.Faults;

/// <summary>
/// A PostgreSQL instance of the fault tests' own (initdb in a temporary folder, a free port), so they can restart it
/// without touching the machine's main one. initdb and pg_ctl refuse root: they run as the postgres user.
/// </summary>
public sealed class ThrowawayPostgres(string folder)
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(90);
    private readonly string _data = Path.Combine(folder, "data");
    private readonly string _log = Path.Combine(folder, "postgres.log");

    public int Port { get; } = ServiceProcess.FreePort();
    public string Server => $"Host=127.0.0.1;Port={Port};Username=postgres;Timeout=5";
    public string PidFile => Path.Combine(_data, "postmaster.pid");

    public async Task StartAsync()
    {
        Directory.CreateDirectory(folder);
        await Shell.CheckAsync($"chown postgres:postgres '{folder}' && chmod 700 '{folder}'", CommandTimeout);
        await Shell.CheckAsync($"runuser -u postgres -- initdb -D '{_data}' --auth=trust -U postgres --no-sync -E UTF8 --locale=C", CommandTimeout);
        // fsync off: the faults here are process crashes, not power cuts; the OS keeps what was written.
        await Shell.CheckAsync($"runuser -u postgres -- pg_ctl -D '{_data}' -l '{_log}' -w -t 60 start " +
            $"-o \"-p {Port} -k '{folder}' -c listen_addresses=127.0.0.1 -c max_connections=500 -c fsync=off\"", CommandTimeout);
        await WaitReadyAsync();
    }

    /// <summary>pg_ctl restart: every connection is cut; <paramref name="mode"/> immediate skips the clean shutdown (crash recovery on start).</summary>
    public async Task RestartAsync(string mode = "immediate")
    {
        await Shell.CheckAsync($"runuser -u postgres -- pg_ctl -D '{_data}' -l '{_log}' -w -t 60 -m {mode} restart", CommandTimeout);
        await WaitReadyAsync();
    }

    public async Task<bool> IsRunningAsync() => await Shell.PortOpenAsync(Port);

    private async Task WaitReadyAsync() =>
        await Eventually.UntilAsync(async () =>
        {
            try
            {
                await using var connection = new NpgsqlConnection($"{Server};Database=postgres;Pooling=false");
                await connection.OpenAsync();
                return true;
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException) { return false; }
        }, $"the throwaway PostgreSQL on port {Port} to accept connections", TimeSpan.FromSeconds(60));

    public async Task StopAsync()
    {
        if (!Directory.Exists(_data)) return;
        var stopped = await Shell.RunAsync($"runuser -u postgres -- pg_ctl -D '{_data}' -m immediate -w -t 30 stop", CommandTimeout);
        if (stopped.ExitCode != 0 && File.Exists(PidFile) && int.TryParse(File.ReadLines(PidFile).First(), out var pid))
            await Shell.RunAsync($"kill -9 {pid}", CommandTimeout);
    }
}

/// <summary>
/// A RabbitMQ node of the fault tests' own: its own node name, ports and folders (so it can be stopped and started again
/// with the same data, keeping durable quorum queues), with the management plugin for per-test virtual hosts.
/// </summary>
public sealed class ThrowawayRabbitMq
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(90);
    private readonly string _folder;
    private readonly Dictionary<string, string> _environment;
    private int? _pid;

    public int Port { get; } = ServiceProcess.FreePort();
    public int ManagementPort { get; } = ServiceProcess.FreePort();
    public string NodeName { get; }
    public string PidFile => Path.Combine(_folder, "rabbit.pid");

    public ThrowawayRabbitMq(string folder)
    {
        _folder = folder;
        NodeName = $"ftfaults{Port}@localhost";
        _environment = new Dictionary<string, string>
        {
            ["RABBITMQ_NODENAME"] = NodeName,
            ["RABBITMQ_NODE_IP_ADDRESS"] = "127.0.0.1",
            ["RABBITMQ_NODE_PORT"] = Port.ToString(),
            ["RABBITMQ_DIST_PORT"] = ServiceProcess.FreePort().ToString(),
            ["RABBITMQ_MNESIA_BASE"] = Path.Combine(folder, "mnesia"),
            ["RABBITMQ_LOG_BASE"] = Path.Combine(folder, "log"),
            ["RABBITMQ_PID_FILE"] = PidFile,
            ["RABBITMQ_ENABLED_PLUGINS_FILE"] = Path.Combine(folder, "enabled_plugins"),
            ["RABBITMQ_CONFIG_FILE"] = Path.Combine(folder, "rabbitmq.conf"),
        };
    }

    public async Task StartAsync()
    {
        if (!Directory.Exists(_folder))
        {
            Directory.CreateDirectory(_folder);
            await File.WriteAllTextAsync(Path.Combine(_folder, "enabled_plugins"), "[rabbitmq_management].\n");
            await File.WriteAllTextAsync(Path.Combine(_folder, "rabbitmq.conf"),
                $"management.tcp.port = {ManagementPort}\nmanagement.tcp.ip = 127.0.0.1\n");
            await Shell.CheckAsync($"chown -R rabbitmq:rabbitmq '{_folder}'", CommandTimeout);
        }
        await Shell.CheckAsync("rabbitmq-server -detached", CommandTimeout, _environment);
        // Readiness by the ports, not by ping: ping answers seconds before AMQP connections are accepted.
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic", Convert.ToBase64String("guest:guest"u8.ToArray()));
        await Eventually.UntilAsync(async () =>
        {
            if (!await Shell.PortOpenAsync(Port)) return false;
            try { return (await http.GetAsync($"http://127.0.0.1:{ManagementPort}/api/overview")).IsSuccessStatusCode; }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { return false; }
        }, $"the throwaway RabbitMQ node {NodeName} to accept connections", TimeSpan.FromSeconds(90));
        if (File.Exists(PidFile) && int.TryParse((await File.ReadAllTextAsync(PidFile)).Trim(), out var pid)) _pid = pid;
    }

    /// <summary>Stops the node (its data stays for the next start); returns once its AMQP port is closed.</summary>
    public async Task StopAsync()
    {
        // rabbitmqctl stop waits forever when the pid file is missing: only with the file, and never without a time limit.
        if (File.Exists(PidFile))
            await Shell.RunAsync($"timeout 40 rabbitmqctl -n '{NodeName}' stop '{PidFile}'", CommandTimeout, _environment);
        if (await Shell.PortOpenAsync(Port) && _pid is { } pid && IsAlive(pid))
            await Shell.RunAsync($"kill -9 {pid}", CommandTimeout);
        await Eventually.UntilAsync(async () => !await Shell.PortOpenAsync(Port), $"RabbitMQ node {NodeName} to stop", TimeSpan.FromSeconds(30));
    }

    public async Task<bool> IsRunningAsync() => await Shell.PortOpenAsync(Port);

    /// <summary>Alive and not a zombie (nothing here reaps a detached server that exited).</summary>
    private static bool IsAlive(int pid)
    {
        var stat = $"/proc/{pid}/stat";
        if (!File.Exists(stat)) return false;
        try
        {
            var text = File.ReadAllText(stat);
            return text[(text.LastIndexOf(')') + 2)..].FirstOrDefault() != 'Z';
        }
        catch (IOException) { return false; }
    }
}

/// <summary>
/// The throwaway PostgreSQL and RabbitMQ the fault tests share, one test at a time: each test gets its own database and
/// virtual host on them, and finds both running when it starts even if the test before it failed mid-fault.
/// </summary>
public sealed class FaultServers : IAsyncLifetime
{
    private readonly string _root;

    public ThrowawayPostgres Postgres { get; }
    public ThrowawayRabbitMq RabbitMq { get; }
    public FaultSettings Settings { get; } = FaultSettings.FromEnvironment();

    public FaultServers()
    {
        _root = Directory.CreateTempSubdirectory("facttracker-faults-").FullName;
        Postgres = new ThrowawayPostgres(Path.Combine(_root, "postgres"));
        RabbitMq = new ThrowawayRabbitMq(Path.Combine(_root, "rabbitmq"));
    }

    public InfrastructureServers Servers => new(Postgres.Server, "127.0.0.1", RabbitMq.Port, $"http://127.0.0.1:{RabbitMq.ManagementPort}", "guest", "guest");

    /// <summary>Where service logs go; kept after a failed run (the test's output names the folder).</summary>
    public string LogFolder => Path.Combine(Path.GetTempPath(), "facttracker-faults-logs");

    public async Task InitializeAsync()
    {
        // The service users must reach their folders below the temporary root.
        await Shell.CheckAsync($"chmod 755 '{_root}'", TimeSpan.FromSeconds(10));
        Directory.CreateDirectory(LogFolder);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => KillNow();
        try
        {
            await Task.WhenAll(Postgres.StartAsync(), RabbitMq.StartAsync());
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    /// <summary>If the test host exits without disposing the fixture: SIGKILL both servers by their pid files.</summary>
    private void KillNow()
    {
        foreach (var pidFile in new[] { Postgres.PidFile, RabbitMq.PidFile })
        {
            try
            {
                if (File.Exists(pidFile) && int.TryParse(File.ReadLines(pidFile).First().Trim(), out var pid))
                    System.Diagnostics.Process.GetProcessById(pid).Kill();
            }
            catch (Exception e) when (e is IOException or ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception) { }
        }
    }

    public async Task EnsureRunningAsync()
    {
        if (!await Postgres.IsRunningAsync()) await Postgres.RestartAsync();
        if (!await RabbitMq.IsRunningAsync()) await RabbitMq.StartAsync();
    }

    public async Task DisposeAsync()
    {
        try
        {
            await Task.WhenAll(Postgres.StopAsync(), RabbitMq.StopAsync());
        }
        finally
        {
            await Shell.RunAsync($"rm -rf '{_root}'", TimeSpan.FromSeconds(60));
        }
    }
}

[CollectionDefinition(Name)]
public sealed class FaultCollection : ICollectionFixture<FaultServers>
{
    public const string Name = "faults";
}
