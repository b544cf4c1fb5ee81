using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;
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

    /// <summary>The message itself, while this process holds it: a hand-over publishes it without reading the row back.</summary>
    [JsonIgnore]
    public object? Message { get; set; }

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

    /// <summary>The lowest id <see cref="NextId"/> gives at <paramref name="time"/>: every message written before it sorts below.</summary>
    public static Guid IdAt(DateTimeOffset time)
    {
        Span<byte> bytes = stackalloc byte[16];
        System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(bytes, time.ToUnixTimeMilliseconds() << 16 | 0x7000L);
        bytes[8] = 0x80;
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
        // A new row every time (a fresh id), so an insert: the commit listener hands inserted messages to the relay.
        session.Insert(new OutboxMessage
        {
            Id = OutboxMessage.NextId(),
            MessageType = message.GetType().FullName!,
            Body = JsonSerializer.Serialize(message, message.GetType(), OutboxRelay.Json),
            TraceParent = traceParent ?? Telemetry.CurrentTraceParent(),
            OrderingKey = MessageOrder.KeyOf(message),
            CreatedAt = DateTimeOffset.UtcNow,
            Message = message,
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

/// <summary>
/// Wakes the relay as soon as a session that wrote outbox records commits, and hands it the messages just committed, so
/// it publishes them without reading them back. Up to a bound: beyond it, or for a record changed rather than inserted,
/// the relay is told to read the outbox instead.
/// </summary>
public sealed class OutboxSignal : WakeSignal
{
    // Messages are a few kB each: a relay that falls this far behind reads the rest from the outbox, as it would anyway.
    private const int MaxHandedOver = 2_000;
    private readonly ConcurrentQueue<OutboxMessage> _handedOver = new();
    private int _count;
    private int _readOutbox;

    public void HandOver(OutboxMessage message)
    {
        if (Interlocked.Increment(ref _count) > MaxHandedOver)
        {
            Interlocked.Decrement(ref _count);
            ReadOutbox();
            return;
        }
        _handedOver.Enqueue(message);
    }

    public bool TryTake([System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out OutboxMessage message)
    {
        if (!_handedOver.TryDequeue(out message)) return false;
        Interlocked.Decrement(ref _count);
        return true;
    }

    public bool HasHandedOver => !_handedOver.IsEmpty;

    /// <summary>Drops what was handed over: the relay reads it from the outbox instead.</summary>
    public void Clear()
    {
        while (TryTake(out _)) { }
    }

    /// <summary>Something committed is in the outbox and was not handed over: the relay reads all of the outbox.</summary>
    public void ReadOutbox() => Volatile.Write(ref _readOutbox, 1);

    public bool TakeReadOutbox() => Interlocked.Exchange(ref _readOutbox, 0) == 1;
}

public sealed class OutboxCommitListener(OutboxSignal signal) : DocumentSessionListenerBase
{
    public override Task AfterCommitAsync(IDocumentSession session, IChangeSet commit, CancellationToken token)
    {
        var wake = false;
        foreach (var message in commit.Inserted.OfType<OutboxMessage>())
        {
            if (message.Message is null) signal.ReadOutbox();
            else signal.HandOver(message);
            wake = true;
        }
        if (commit.Updated.OfType<OutboxMessage>().Any())
        {
            signal.ReadOutbox();
            wake = true;
        }
        if (wake) signal.Wake();
        return Task.CompletedTask;
    }
}

/// <summary>
/// Publishes what the service committed to its outbox, deleting each message once the broker confirmed it. Messages
/// committed by this process are handed over at commit and published from memory at once (no read of the outbox); the
/// outbox itself is read for what was not handed over: what an earlier run or a dead instance left (rows older than
/// <see cref="Abandoned"/>, looked for every poll interval), and, after a failed publish or a full hand-over, everything.
/// </summary>
public sealed class OutboxRelay(
    IDocumentStore store,
    IBus bus,
    OutboxSignal signal,
    ILogger<OutboxRelay> logger) : BackgroundService
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromSeconds(10);
    /// <summary>
    /// How old a row must be before a poll takes it: younger ones are being published by the instance that wrote them,
    /// which would otherwise publish them twice, and a figure's revisions from two relays could cross.
    /// </summary>
    public static readonly TimeSpan Abandoned = TimeSpan.FromSeconds(10);
    private const int BatchSize = 100;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var failures = 0;
        var readAll = true; // at start: whatever an earlier run left
        var lastRead = DateTimeOffset.MinValue;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (signal.TakeReadOutbox()) readAll = true;
                int handedOver = 0, read = 0;
                if (readAll)
                {
                    // Everything is read from the outbox, in id order, until it is drained: what is handed over meanwhile
                    // is there too, and published from memory first it could overtake an earlier message of its figure.
                    signal.Clear();
                    read = await RelayBatchAsync(stoppingToken, all: true);
                    lastRead = DateTimeOffset.UtcNow;
                    if (read < BatchSize) readAll = false;
                }
                else
                {
                    handedOver = await PublishHandedOverAsync(stoppingToken);
                    // Rows left by an earlier run or a dead instance; a busy relay looks when its hand-overs are done (or seldom).
                    var now = DateTimeOffset.UtcNow;
                    if (now - lastRead >= PollInterval && (!signal.HasHandedOver || now - lastRead >= 10 * PollInterval))
                    {
                        read = await RelayBatchAsync(stoppingToken);
                        lastRead = now;
                    }
                }
                failures = 0;
                if (handedOver > 0 || read == BatchSize || readAll || signal.HasHandedOver) continue; // more waiting
                await signal.WaitAsync(PollInterval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                failures++;
                // What failed is still in the outbox (nothing is deleted before its confirm): read it all from there.
                readAll = true;
                // Capped low: committed changes are waiting, and the broker is usually back within seconds.
                var delay = TimeSpan.FromMilliseconds(Math.Min(5_000, 250 * Math.Pow(2, Math.Min(failures, 5))));
                logger.LogWarning(ex, "Outbox relay failed {Failures} time(s) in a row; retrying in {Delay}", failures, delay);
                try { await Task.Delay(delay, stoppingToken); }
                catch (OperationCanceledException) { return; }
            }
        }
    }

    /// <summary>
    /// Publishes messages handed over at commit, in id order, and deletes those the broker confirmed: one statement, no
    /// read. Throws if any failed; they stay in the outbox, and the caller then reads it.
    /// </summary>
    private async Task<int> PublishHandedOverAsync(CancellationToken ct)
    {
        var batch = new List<OutboxMessage>();
        while (batch.Count < BatchSize && signal.TryTake(out var message)) batch.Add(message);
        if (batch.Count == 0) return 0;
        batch.Sort((a, b) => a.Id.CompareTo(b.Id));
        var outcomes = await PublishLanesAsync(batch, ct);
        var published = outcomes.Where(o => o.Published).Select(o => o.Id).ToArray();
        if (published.Length > 0)
        {
            var table = store.Options.FindOrResolveDocumentType(typeof(OutboxMessage)).TableName.QualifiedName;
            await using var connection = store.Storage.Database.CreateConnection();
            await connection.OpenAsync(CancellationToken.None);
            // Lost in a crash, the delete only means those messages are published again, which consumers take as duplicates.
            await using var delete = new NpgsqlBatch(connection);
            delete.BatchCommands.Add(new NpgsqlBatchCommand("select set_config('synchronous_commit', 'off', true)"));
            var command = new NpgsqlBatchCommand($"delete from {table} where id = any(@ids)");
            command.Parameters.AddWithValue("ids", published);
            delete.BatchCommands.Add(command);
            await delete.ExecuteNonQueryAsync(CancellationToken.None);
        }
        ThrowIfFailed(outcomes, batch.Count, published.Length, ct);
        return published.Length;
    }

    /// <summary>
    /// Publishes the oldest waiting messages the outbox holds (with <paramref name="all"/> false, only those older than
    /// <see cref="Abandoned"/>); a message is deleted only after the broker confirmed it. The batch is claimed with FOR
    /// UPDATE SKIP LOCKED, so a second relay (another instance of the service) takes the next rows instead of publishing
    /// the same ones at once. If an instance dies mid-batch its locks go with its connection and the rows are published
    /// again: consumers are idempotent, so a duplicate changes nothing.
    /// </summary>
    public async Task<int> RelayBatchAsync(CancellationToken ct, bool all = false)
    {
        var table = store.Options.FindOrResolveDocumentType(typeof(OutboxMessage)).TableName.QualifiedName;
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var batch = new List<OutboxMessage>();
        // The relay's own commit (deleting what the broker confirmed) need not wait for the disk: lost in a crash, it only
        // means those messages are published again, which every consumer takes as a duplicate.
        // Ids are time-ordered (version 7), so "older than" is a range of the primary key.
        await using (var claim = new NpgsqlCommand(
            $"set local synchronous_commit to off; select data from {table} {(all ? "" : "where id < @before")} order by id limit {BatchSize} for update skip locked",
            connection, transaction))
        {
            if (!all) claim.Parameters.AddWithValue("before", OutboxMessage.IdAt(DateTimeOffset.UtcNow - Abandoned));
            await using var reader = await claim.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
                batch.Add(JsonSerializer.Deserialize<OutboxMessage>(reader.GetString(0), Json)!);
        }

        var outcomes = await PublishLanesAsync(batch, ct);
        var published = outcomes.Where(o => o.Published).Select(o => o.Id).ToArray();
        // Delete what the broker confirmed even when another publish failed, so it is not published again.
        if (published.Length > 0)
        {
            await using var delete = new NpgsqlCommand($"delete from {table} where id = any(@ids)", connection, transaction);
            delete.Parameters.AddWithValue("ids", published);
            await delete.ExecuteNonQueryAsync(CancellationToken.None);
        }
        await transaction.CommitAsync(CancellationToken.None);
        ThrowIfFailed(outcomes, batch.Count, published.Length, ct);
        return published.Length;
    }

    /// <summary>
    /// The batch is in flight at once, so the broker confirms in bulk where one publish at a time waits a round trip each;
    /// but messages that must stay in order (one figure's) go one after another: publishes in flight together may reach
    /// the broker in any order. One that fails holds back the rest of its key.
    /// </summary>
    private async Task<List<(Guid Id, bool Published, Exception? Error)>> PublishLanesAsync(List<OutboxMessage> batch, CancellationToken ct)
    {
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
        return lanes.SelectMany(l => l).ToList();
    }

    private static void ThrowIfFailed(List<(Guid Id, bool Published, Exception? Error)> outcomes, int count, int published, CancellationToken ct)
    {
        if (outcomes.FirstOrDefault(o => o.Error is not null).Error is not { } failure) return;
        ct.ThrowIfCancellationRequested();
        throw new InvalidOperationException($"{count - published} of {count} outbox messages were not published", failure);
    }

    /// <summary>Publishes one outbox message; false when its type is unknown to this build (it stays in the outbox, visible).</summary>
    private async Task<bool> PublishAsync(OutboxMessage message, CancellationToken ct)
    {
        var type = message.Message?.GetType() ?? ContractTypes.Resolve(message.MessageType);
        if (type is null)
        {
            logger.LogError("Outbox message {Id} has unknown type {Type}; left in the outbox", message.Id, message.MessageType);
            return false;
        }
        var body = message.Message ?? JsonSerializer.Deserialize(message.Body, type, Json)!;
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
