using System.Diagnostics;
using System.Text.Json;
using FactTracker.Contracts;
using Marten;
using Marten.Services;
using MassTransit;
using Npgsql;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FactTracker.ServiceDefaults;

/// <summary>
/// A message to publish once the change that produced it has committed. MassTransit's transactional
/// outbox does not support Marten, so the record is written in the same Marten session as the change
/// and <see cref="OutboxRelay"/> publishes it afterwards, retrying until the broker confirms.
/// </summary>
public sealed class OutboxMessage
{
    /// <summary>The relay publishes in id order: see <see cref="NextId"/>.</summary>
    public Guid Id { get; set; }
    public string MessageType { get; set; } = "";
    public string Body { get; set; } = "";
    public string? TraceParent { get; set; }
    /// <summary>Messages with the same key are published one after another in the order they were written (<see cref="MessageOrder"/>).</summary>
    public string? OrderingKey { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public int Attempts { get; set; }
    public string? LastError { get; set; }

    private static readonly Lock IdGate = new();
    private static long _lastMilliseconds;
    private static int _counter;

    /// <summary>
    /// A version 7 UUID that sorts after every one this process made before: the millisecond, then a counter in the
    /// 12 bits RFC 9562 allows for it (Guid.CreateVersion7 fills them at random, so ids of one millisecond would sort
    /// in any order, and the relay would publish messages written one after another out of order).
    /// </summary>
    public static Guid NextId()
    {
        long milliseconds;
        int counter;
        lock (IdGate)
        {
            milliseconds = Math.Max(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), _lastMilliseconds);
            if (milliseconds == _lastMilliseconds && ++_counter > 0xFFF)
            {
                milliseconds++; // 4,096 in one millisecond: borrow the next one
                _counter = 0;
            }
            else if (milliseconds != _lastMilliseconds) _counter = 0;
            _lastMilliseconds = milliseconds;
            counter = _counter;
        }
        Span<byte> bytes = stackalloc byte[16];
        System.Security.Cryptography.RandomNumberGenerator.Fill(bytes[8..]);
        System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(bytes, milliseconds << 16 | 0x7000L | (uint)counter);
        bytes[8] = (byte)(0x80 | (bytes[8] & 0x3F)); // the RFC 9562 variant
        return new Guid(bytes, bigEndian: true);
    }
}

public static class OutboxSessionExtensions
{
    /// <summary>Publishes <paramref name="message"/> after this session commits, and never if it does not.</summary>
    /// <param name="traceParent">The trace the message continues; the current one when null.</param>
    public static void PublishAfterCommit<T>(this IDocumentSession session, T message, string? traceParent = null)
        where T : class
    {
        session.Store(new OutboxMessage
        {
            Id = OutboxMessage.NextId(),
            MessageType = message.GetType().FullName!,
            Body = JsonSerializer.Serialize(message, message.GetType(), OutboxRelay.Json),
            TraceParent = traceParent ?? Telemetry.CurrentTraceParent(),
            OrderingKey = MessageOrder.KeyOf(message),
            CreatedAt = DateTimeOffset.UtcNow,
        });
    }
}

/// <summary>Wakes a background loop early; many wake-ups before it looks count as one.</summary>
public abstract class WakeSignal
{
    private readonly SemaphoreSlim _signal = new(0, 1);
    // 1 while a wake-up waits to be taken: a wake-up then costs no release, where a full semaphore would throw
    // (thousands of times a second when every delivery wakes the scheduler).
    private int _pending;

    public void Wake()
    {
        if (Interlocked.Exchange(ref _pending, 1) == 0) _signal.Release();
    }

    public async Task WaitAsync(TimeSpan timeout, CancellationToken ct)
    {
        // Cleared with a full fence before the loop looks: a wake-up skipped meanwhile came before the look, so it is seen.
        if (await _signal.WaitAsync(timeout, ct)) Interlocked.Exchange(ref _pending, 0);
    }
}

/// <summary>Wakes the relay as soon as a session that wrote outbox records commits.</summary>
public sealed class OutboxSignal : WakeSignal;

public sealed class OutboxCommitListener(OutboxSignal signal) : DocumentSessionListenerBase
{
    public override Task AfterCommitAsync(IDocumentSession session, IChangeSet commit, CancellationToken token)
    {
        if (commit.Inserted.OfType<OutboxMessage>().Any() || commit.Updated.OfType<OutboxMessage>().Any())
            signal.Wake();
        return Task.CompletedTask;
    }
}

public sealed class OutboxRelay(
    IDocumentStore store,
    IBus bus,
    OutboxSignal signal,
    ILogger<OutboxRelay> logger) : BackgroundService
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromSeconds(10);
    private const int BatchSize = 100;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var published = await RelayBatchAsync(stoppingToken);
                failures = 0;
                if (published == BatchSize) continue; // more waiting
                await signal.WaitAsync(PollInterval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                failures++;
                // Capped low: committed changes are waiting, and the broker is usually back within seconds.
                var delay = TimeSpan.FromMilliseconds(Math.Min(5_000, 250 * Math.Pow(2, Math.Min(failures, 5))));
                logger.LogWarning(ex, "Outbox relay failed {Failures} time(s) in a row; retrying in {Delay}", failures, delay);
                try { await Task.Delay(delay, stoppingToken); }
                catch (OperationCanceledException) { return; }
            }
        }
    }

    /// <summary>
    /// Publishes the oldest waiting messages; a message is deleted only after the broker confirmed it. The batch is
    /// claimed with FOR UPDATE SKIP LOCKED, so a second relay (another instance of the service) takes the next rows
    /// instead of publishing the same ones at once. If an instance dies mid-batch its locks go with its connection and
    /// the rows are published again: consumers are idempotent, so a duplicate changes nothing.
    /// </summary>
    public async Task<int> RelayBatchAsync(CancellationToken ct)
    {
        var table = store.Options.FindOrResolveDocumentType(typeof(OutboxMessage)).TableName.QualifiedName;
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var batch = new List<OutboxMessage>();
        // The relay's own commit (deleting what the broker confirmed) need not wait for the disk: lost in a crash, it only
        // means those messages are published again, which every consumer takes as a duplicate.
        await using (var claim = new NpgsqlCommand(
            $"set local synchronous_commit to off; select data from {table} order by id limit {BatchSize} for update skip locked", connection, transaction))
        await using (var reader = await claim.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
                batch.Add(JsonSerializer.Deserialize<OutboxMessage>(reader.GetString(0), Json)!);
        }

        // The batch is in flight at once, so the broker confirms in bulk where one publish at a time waits a round trip each;
        // but messages that must stay in order (one figure's) go one after another: publishes in flight together may
        // reach the broker in any order. One that fails holds back the rest of its key for the next batch.
        var lanes = await Task.WhenAll(batch.GroupBy(m => m.OrderingKey ?? m.Id.ToString()).Select(async lane =>
        {
            var results = new List<(Guid Id, bool Published, Exception? Error)>();
            foreach (var message in lane)
            {
                try { results.Add((message.Id, await PublishAsync(message, ct), null)); }
                catch (Exception ex)
                {
                    results.Add((message.Id, false, ex));
                    break;
                }
            }
            return results;
        }));
        var outcomes = lanes.SelectMany(l => l).ToList();
        var published = outcomes.Where(o => o.Published).Select(o => o.Id).ToArray();
        // Delete what the broker confirmed even when another publish failed, so it is not published again.
        if (published.Length > 0)
        {
            await using var delete = new NpgsqlCommand($"delete from {table} where id = any(@ids)", connection, transaction);
            delete.Parameters.AddWithValue("ids", published);
            await delete.ExecuteNonQueryAsync(CancellationToken.None);
        }
        await transaction.CommitAsync(CancellationToken.None);
        if (outcomes.FirstOrDefault(o => o.Error is not null).Error is { } failure)
        {
            ct.ThrowIfCancellationRequested();
            throw new InvalidOperationException($"{batch.Count - published.Length} of {batch.Count} outbox messages were not published", failure);
        }
        return published.Length;
    }

    /// <summary>Publishes one outbox message; false when its type is unknown to this build (it stays in the outbox, visible).</summary>
    private async Task<bool> PublishAsync(OutboxMessage message, CancellationToken ct)
    {
        var type = ContractTypes.Resolve(message.MessageType);
        if (type is null)
        {
            logger.LogError("Outbox message {Id} has unknown type {Type}; left in the outbox", message.Id, message.MessageType);
            return false;
        }
        var body = JsonSerializer.Deserialize(message.Body, type, Json)!;
        ActivityContext.TryParse(message.TraceParent, null, out var parent);
        using (Telemetry.Source.StartActivity($"{type.Name} publish", ActivityKind.Producer, parent))
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(PublishTimeout);
            await bus.Publish(body, type, timeout.Token);
        }
        return true;
    }

    /// <summary>When the oldest message still waiting was written, or null when the outbox is empty.</summary>
    public static async Task<DateTimeOffset?> OldestWaitingAsync(IDocumentStore store, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        var oldest = await session.Query<OutboxMessage>().OrderBy(m => m.Id).FirstOrDefaultAsync(ct);
        return oldest?.CreatedAt;
    }
}

/// <summary>
/// Unready while the oldest waiting outbox message is older than Outbox:MaxAgeSeconds (default 60): the service
/// commits changes it cannot announce, so a load balancer should send its work elsewhere until the relay catches up.
/// </summary>
public sealed class OutboxHealthCheck(IDocumentStore store, IConfiguration configuration, TimeProvider clock) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        var maxAge = TimeSpan.FromSeconds(configuration.GetValue("Outbox:MaxAgeSeconds", 60.0));
        try
        {
            var oldest = await OutboxRelay.OldestWaitingAsync(store, ct);
            if (oldest is null) return HealthCheckResult.Healthy("The outbox is empty");
            var age = clock.GetUtcNow() - oldest.Value;
            return age > maxAge
                ? HealthCheckResult.Unhealthy($"The oldest outbox message has waited {age.TotalSeconds:F0} s (limit {maxAge.TotalSeconds:F0} s)")
                : HealthCheckResult.Healthy($"The oldest outbox message has waited {age.TotalSeconds:F0} s");
        }
        catch (Exception ex)
        {
            return HealthCheckResult.Unhealthy("The outbox cannot be read", ex);
        }
    }
}

internal static class ContractTypes
{
    private static readonly System.Reflection.Assembly Contracts = typeof(UpdateReceived).Assembly;

    public static Type? Resolve(string fullName) => Contracts.GetType(fullName);
}
