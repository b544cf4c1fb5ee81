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
    public Guid Id { get; set; }
    public string MessageType { get; set; } = "";
    public string Body { get; set; } = "";
    public string? TraceParent { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public int Attempts { get; set; }
    public string? LastError { get; set; }
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
            Id = Guid.CreateVersion7(),
            MessageType = message.GetType().FullName!,
            Body = JsonSerializer.Serialize(message, message.GetType(), OutboxRelay.Json),
            TraceParent = traceParent ?? Telemetry.CurrentTraceParent(),
            CreatedAt = DateTimeOffset.UtcNow,
        });
    }
}

/// <summary>Wakes a background loop early; many wake-ups before it looks count as one.</summary>
public abstract class WakeSignal
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Wake()
    {
        try { _signal.Release(); }
        catch (SemaphoreFullException) { } // already awake
    }

    public Task WaitAsync(TimeSpan timeout, CancellationToken ct) => _signal.WaitAsync(timeout, ct);
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
        await using (var claim = new NpgsqlCommand($"select data from {table} order by id limit {BatchSize} for update skip locked", connection, transaction))
        await using (var reader = await claim.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
                batch.Add(JsonSerializer.Deserialize<OutboxMessage>(reader.GetString(0), Json)!);
        }

        // The whole batch is in flight at once: the broker confirms in bulk, where one publish at a time waits a round trip each.
        var outcomes = await Task.WhenAll(batch.Select(async message =>
        {
            try { return (message.Id, Published: await PublishAsync(message, ct), Error: (Exception?)null); }
            catch (Exception ex) { return (message.Id, Published: false, Error: ex); }
        }));
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
            throw new InvalidOperationException($"{batch.Count - published.Length} of {batch.Count} outbox messages were not confirmed by the broker", failure);
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
