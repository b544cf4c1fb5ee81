using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Threading.RateLimiting;
using FactTracker.Testing;
using JasperFx;
using JasperFx.Events;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using Weasel.Core;

namespace FactTracker.Benchmarks.Suite;

/// <summary>A stand-in event for the append baseline: about the size of a stored update.</summary>
public sealed record BaselineAppended(Guid Id, string Story, string Text, DateTimeOffset At);

/// <summary>What the machine allows, measured in the same run on the same PostgreSQL, RabbitMQ and loopback.</summary>
public static class Baselines
{
    /// <summary>B-http: an empty endpoint on real Kestrel, hit by the same client and concurrency as Ingest.</summary>
    public static async Task<Sample> HttpAsync(int clients, int rounds, TimeSpan round, byte[] body)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        await using var app = builder.Build();
        app.MapPost("/v1/updates", async (HttpContext context) =>
        {
            // Read the body as Ingest must, then answer 202 with nothing stored.
            await context.Request.Body.CopyToAsync(Stream.Null);
            return Results.StatusCode(StatusCodes.Status202Accepted);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        using var http = BenchHttp.Create(new Uri(address), clients);
        async Task Post()
        {
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = new("application/json");
            using var response = await http.PostAsync("/v1/updates", content);
            if (response.StatusCode != HttpStatusCode.Accepted) throw new InvalidOperationException($"B-http answered {response.StatusCode}");
        }
        await Load.ClosedAsync(clients, TimeSpan.FromSeconds(1), Post); // warm-up
        var runs = new List<double>();
        for (var r = 0; r < rounds; r++) runs.Add(await Load.ClosedAsync(clients, round, Post));
        await app.StopAsync();
        return Sample.Of(runs);
    }

    /// <summary>B-append: Marten, one event per session and commit, <paramref name="writers"/> at once, on the pipeline's database.</summary>
    public static async Task<Sample> AppendAsync(string connectionString, int writers, int rounds, TimeSpan round, CpuMeter? cpu = null, List<CpuCost>? costs = null)
    {
        await using var store = DocumentStore.For(o =>
        {
            // The services' own connection settings, so the baseline is what the machine allows them.
            o.Connection(FactTracker.ServiceDefaults.PostgresConnections.Tuned(connectionString));
            o.DatabaseSchemaName = "bench_baseline";
            o.Events.StreamIdentity = StreamIdentity.AsString;
            o.UseSystemTextJsonForSerialization(EnumStorage.AsString, Casing.CamelCase);
            o.AutoCreateSchemaObjects = AutoCreate.CreateOrUpdate;
        });
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        var text = new string('x', 600);
        async Task Append()
        {
            await using var session = store.LightweightSession();
            var id = Guid.CreateVersion7();
            session.Events.StartStream(id.ToString(), new BaselineAppended(id, "bench-baseline", text, DateTimeOffset.UtcNow));
            await session.SaveChangesAsync();
        }
        await Load.ClosedAsync(writers, TimeSpan.FromSeconds(1), Append);
        var runs = new List<double>();
        for (var r = 0; r < rounds; r++) runs.Add(await cpu.RateAsync(costs ?? [], () => Load.ClosedAsync(writers, round, Append)));
        return Sample.Of(runs);
    }

    /// <summary>
    /// B-broker: RabbitMQ.Client 7, publish with confirms (at most 100 in flight) and consume with manual acks on one durable
    /// quorum queue, 1 kB messages. Messages per second from first publish to last ack.
    /// </summary>
    public static async Task<Sample> BrokerThroughputAsync(InfrastructureScope scope, int rounds, int messages, CpuMeter? cpu = null, List<CpuCost>? costs = null)
    {
        await using var broker = await BrokerPair.OpenAsync(scope, "bench-baseline-throughput");
        await broker.RunAsync(2_000);
        var runs = new List<double>();
        for (var r = 0; r < rounds; r++)
        {
            var clock = Stopwatch.StartNew();
            await cpu.CountAsync(costs ?? [], messages, () => broker.RunAsync(messages));
            runs.Add(messages / clock.Elapsed.TotalSeconds);
        }
        return Sample.Of(runs);
    }

    /// <summary>The broker's own publish-to-consume latency percentiles at <paramref name="rate"/> messages per second, one round each.</summary>
    public static async Task<List<(double P50, double P95, double P99)>> BrokerLatencyAsync(InfrastructureScope scope, int rounds, double rate, TimeSpan round)
    {
        await using var broker = await BrokerPair.OpenAsync(scope, "bench-baseline-latency");
        await broker.RunAsync(500);
        var results = new List<(double, double, double)>();
        for (var r = 0; r < rounds; r++)
        {
            broker.Latencies.Clear();
            await broker.PacedAsync(rate, round);
            var sorted = broker.Latencies.Order().ToList();
            results.Add((Load.Percentile(sorted, 50), Load.Percentile(sorted, 95), Load.Percentile(sorted, 99)));
        }
        return results;
    }

    /// <summary>B-post: plain HttpClient POSTs of a webhook-sized body to the same receiver, as many in flight as Publication allows.</summary>
    public static async Task<Sample> PostAsync(Uri receiver, int concurrency, int rounds, TimeSpan round, byte[] body, CpuMeter? cpu = null, List<CpuCost>? costs = null)
    {
        using var http = BenchHttp.Create(receiver, concurrency);
        async Task Post()
        {
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = new("application/json");
            using var response = await http.PostAsync("/baseline", content);
            response.EnsureSuccessStatusCode();
        }
        await Load.ClosedAsync(concurrency, TimeSpan.FromSeconds(1), Post);
        var runs = new List<double>();
        for (var r = 0; r < rounds; r++) runs.Add(await cpu.RateAsync(costs ?? [], () => Load.ClosedAsync(concurrency, round, Post)));
        return Sample.Of(runs);
    }

    private sealed class BrokerPair : IAsyncDisposable
    {
        private const int InFlight = 100;
        private readonly IConnection _connection;
        private readonly IChannel _publisher;
        private readonly IChannel _consumer;
        private readonly string _queue;
        private readonly byte[] _body = new byte[1024];
        private long _consumed;
        public ConcurrentBag<double> Latencies { get; } = [];

        private BrokerPair(IConnection connection, IChannel publisher, IChannel consumer, string queue)
        {
            _connection = connection;
            _publisher = publisher;
            _consumer = consumer;
            _queue = queue;
        }

        public static async Task<BrokerPair> OpenAsync(InfrastructureScope scope, string queue)
        {
            var factory = new ConnectionFactory { Uri = new Uri(scope.RabbitMqUri) };
            var connection = await factory.CreateConnectionAsync();
            // At most 100 unconfirmed, and no more: the client's ThrottlingRateLimiter also sleeps up to a second per publish
            // once half its permits are taken, which held its own permits and stalled whole rounds at ~250 msgs/s.
            var publisher = await connection.CreateChannelAsync(new CreateChannelOptions(true, true,
                new ConcurrencyLimiter(new ConcurrencyLimiterOptions { PermitLimit = InFlight, QueueLimit = InFlight })));
            await publisher.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false,
                arguments: new Dictionary<string, object?> { ["x-queue-type"] = "quorum" });
            var consumer = await connection.CreateChannelAsync();
            await consumer.BasicQosAsync(0, InFlight, false);
            var pair = new BrokerPair(connection, publisher, consumer, queue);
            var handler = new AsyncEventingBasicConsumer(consumer);
            handler.ReceivedAsync += async (_, delivery) =>
            {
                var sent = BitConverter.ToInt64(delivery.Body.Span[..8]);
                pair.Latencies.Add(Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
                await consumer.BasicAckAsync(delivery.DeliveryTag, false);
                Interlocked.Increment(ref pair._consumed);
            };
            await consumer.BasicConsumeAsync(queue, autoAck: false, handler);
            return pair;
        }

        private async Task PublishAsync()
        {
            var body = (byte[])_body.Clone();
            BitConverter.TryWriteBytes(body, Stopwatch.GetTimestamp());
            // A confirm the client never completes would otherwise hang the whole run (rabbitmq-dotnet-client 7 has had such bugs).
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                await _publisher.BasicPublishAsync("", _queue, false, new BasicProperties { Persistent = true }, body, timeout.Token);
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested)
            {
                throw new TimeoutException("The broker baseline's publish was not confirmed within 30 s");
            }
        }

        /// <summary>Publishes <paramref name="messages"/> with up to 100 unconfirmed and waits until all are consumed.</summary>
        public async Task RunAsync(int messages)
        {
            var target = Interlocked.Read(ref _consumed) + messages;
            await Load.CountAsync(InFlight, messages, _ => PublishAsync());
            await Load.UntilAsync(() => Task.FromResult(Interlocked.Read(ref _consumed) >= target), TimeSpan.FromMinutes(2), "the baseline's messages", 5);
        }

        public async Task PacedAsync(double rate, TimeSpan duration)
        {
            var target = Interlocked.Read(ref _consumed) + (int)(rate * duration.TotalSeconds);
            await Load.PacedAsync(rate, duration, _ => PublishAsync());
            await Load.UntilAsync(() => Task.FromResult(Interlocked.Read(ref _consumed) >= target), TimeSpan.FromMinutes(2), "the baseline's messages", 5);
        }

        public async ValueTask DisposeAsync()
        {
            await _consumer.CloseAsync();
            await _publisher.CloseAsync();
            await _connection.CloseAsync();
            _connection.Dispose();
        }
    }
}
