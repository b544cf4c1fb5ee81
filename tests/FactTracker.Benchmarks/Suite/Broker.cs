using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using FactTracker.Testing;
using Npgsql;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace FactTracker.Benchmarks.Suite;

/// <summary>
/// What the pipeline owes but has not done yet: messages ready in every queue of the benchmark's virtual host (read
/// live with a passive declare, not the management API's 5 s statistics) and rows waiting in each service's outbox.
/// Also counts every FigureRevised Verification publishes, through a queue of its own bound to MassTransit's exchange.
/// </summary>
public sealed class Backlog : IAsyncDisposable
{
    private readonly InfrastructureScope _scope;
    private readonly IConnection _connection;
    private readonly IChannel _channel;
    private long _figureRevised;

    public long FigureRevised => Interlocked.Read(ref _figureRevised);

    private Backlog(InfrastructureScope scope, IConnection connection, IChannel channel)
    {
        _scope = scope;
        _connection = connection;
        _channel = channel;
    }

    public static async Task<Backlog> OpenAsync(InfrastructureScope scope)
    {
        var connection = await new ConnectionFactory { Uri = new Uri(scope.RabbitMqUri) }.CreateConnectionAsync();
        var channel = await connection.CreateChannelAsync();
        var backlog = new Backlog(scope, connection, channel);
        const string exchange = "FactTracker.Contracts:FigureRevised"; // MassTransit's name for the message type
        await channel.ExchangeDeclareAsync(exchange, ExchangeType.Fanout, durable: true, autoDelete: false);
        var probe = (await channel.QueueDeclareAsync("bench-probe-figure-revised", durable: false, exclusive: true, autoDelete: true)).QueueName;
        await channel.QueueBindAsync(probe, exchange, "");
        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += (_, _) =>
        {
            Interlocked.Increment(ref backlog._figureRevised);
            return Task.CompletedTask;
        };
        await channel.BasicConsumeAsync(probe, autoAck: true, consumer);
        return backlog;
    }

    /// <summary>Messages ready in the virtual host's queues (excluding _error and the probe) plus outbox rows.</summary>
    public async Task<(long Ready, long Outbox, long Errors)> MeasureAsync()
    {
        long ready = 0, errors = 0;
        foreach (var queue in await QueuesAsync())
        {
            if (queue.StartsWith("bench-", StringComparison.Ordinal)) continue;
            try
            {
                await using var channel = await _connection.CreateChannelAsync();
                var ok = await channel.QueueDeclarePassiveAsync(queue);
                if (queue.EndsWith("_error", StringComparison.Ordinal)) errors += ok.MessageCount;
                else if (!queue.EndsWith("_skipped", StringComparison.Ordinal)) ready += ok.MessageCount;
            }
            catch (RabbitMQ.Client.Exceptions.OperationInterruptedException) { } // a temporary queue that went away
        }
        long outbox = 0;
        await using var db = new NpgsqlConnection(_scope.PostgresConnectionString);
        await db.OpenAsync();
        foreach (var schema in new[] { "ingest", "claims", "verification", "publication" })
        {
            await using var exists = new NpgsqlCommand("select to_regclass(@t) is not null", db);
            exists.Parameters.AddWithValue("t", $"{schema}.mt_doc_outboxmessage");
            if (!(bool)(await exists.ExecuteScalarAsync())!) continue;
            await using var count = new NpgsqlCommand($"select count(*) from {schema}.mt_doc_outboxmessage", db);
            outbox += (long)(await count.ExecuteScalarAsync())!;
        }
        return (ready, outbox, errors);
    }

    /// <summary>Waits until nothing is ready in any queue and every outbox is empty, twice in a row.</summary>
    public async Task WaitQuietAsync(TimeSpan timeout)
    {
        var quietTimes = 0;
        await Load.UntilAsync(async () =>
        {
            var (ready, outbox, _) = await MeasureAsync();
            quietTimes = ready == 0 && outbox == 0 ? quietTimes + 1 : 0;
            return quietTimes >= 2;
        }, timeout, "the pipeline to drain its queues and outboxes", 250);
    }

    public async Task<long> CountAsync(string sql)
    {
        await using var db = new NpgsqlConnection(_scope.PostgresConnectionString);
        await db.OpenAsync();
        await using var command = new NpgsqlCommand(sql, db);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    private List<string>? _queues;
    private DateTime _queuesAt;

    private async Task<List<string>> QueuesAsync()
    {
        if (_queues is not null && DateTime.UtcNow - _queuesAt < TimeSpan.FromSeconds(30)) return _queues;
        using var http = new HttpClient { BaseAddress = new Uri(InfrastructureScope.RabbitMqManagement.TrimEnd('/') + "/") };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{InfrastructureScope.RabbitMqUser}:{InfrastructureScope.RabbitMqPassword}")));
        using var json = JsonDocument.Parse(await http.GetStringAsync($"api/queues/{Uri.EscapeDataString(_scope.VirtualHost)}?columns=name"));
        _queues = json.RootElement.EnumerateArray().Select(q => q.GetProperty("name").GetString()!).ToList();
        _queuesAt = DateTime.UtcNow;
        return _queues;
    }

    public async ValueTask DisposeAsync()
    {
        await _channel.CloseAsync();
        await _connection.CloseAsync();
        _connection.Dispose();
    }
}
