using System.Diagnostics;
using System.Text.Json;
using FactTracker.Contracts;
using Marten;
using Marten.Services;
using MassTransit;
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
            MessageType = typeof(T).FullName!,
            Body = JsonSerializer.Serialize(message, OutboxRelay.Json),
            TraceParent = traceParent ?? Telemetry.CurrentTraceParent(),
            CreatedAt = DateTimeOffset.UtcNow,
        });
    }
}

/// <summary>Wakes the relay as soon as a session that wrote outbox records commits.</summary>
public sealed class OutboxSignal
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Wake()
    {
        try { _signal.Release(); }
        catch (SemaphoreFullException) { } // already awake
    }

    public Task WaitAsync(TimeSpan timeout, CancellationToken ct) => _signal.WaitAsync(timeout, ct);
}

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
                var delay = TimeSpan.FromMilliseconds(Math.Min(30_000, 250 * Math.Pow(2, Math.Min(failures, 7))));
                logger.LogWarning(ex, "Outbox relay failed {Failures} time(s) in a row; retrying in {Delay}", failures, delay);
                try { await Task.Delay(delay, stoppingToken); }
                catch (OperationCanceledException) { return; }
            }
        }
    }

    /// <summary>Publishes the oldest waiting messages in order; a message is deleted only after the broker confirmed it.</summary>
    public async Task<int> RelayBatchAsync(CancellationToken ct)
    {
        await using var session = store.LightweightSession();
        var batch = await session.Query<OutboxMessage>().OrderBy(m => m.Id).Take(BatchSize).ToListAsync(ct);
        var published = 0;
        foreach (var message in batch)
        {
            var type = ContractTypes.Resolve(message.MessageType);
            if (type is null)
            {
                // Unknown to this build: keep it visible rather than drop it.
                logger.LogError("Outbox message {Id} has unknown type {Type}; left in the outbox", message.Id, message.MessageType);
                continue;
            }
            var body = JsonSerializer.Deserialize(message.Body, type, Json)!;
            ActivityContext.TryParse(message.TraceParent, null, out var parent);
            using (Telemetry.Source.StartActivity($"{type.Name} publish", ActivityKind.Producer, parent))
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
                timeout.CancelAfter(PublishTimeout);
                await bus.Publish(body, type, timeout.Token);
            }
            session.Delete<OutboxMessage>(message.Id);
            published++;
            // Commit deletions as we go so a failure later in the batch does not republish these.
            if (published % 20 == 0) await session.SaveChangesAsync(ct);
        }
        await session.SaveChangesAsync(ct);
        return published;
    }
}

internal static class ContractTypes
{
    private static readonly System.Reflection.Assembly Contracts = typeof(UpdateReceived).Assembly;

    public static Type? Resolve(string fullName) => Contracts.GetType(fullName);
}
