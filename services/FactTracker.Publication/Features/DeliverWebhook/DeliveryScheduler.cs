using System.Collections.Concurrent;
using FactTracker.Publication.Subscriptions;
using FactTracker.ServiceDefaults;
using Marten;
using Marten.Services;
using Microsoft.Extensions.Options;

namespace FactTracker.Publication.Features.DeliverWebhook;

/// <summary>Wakes the scheduler as soon as something that may make a delivery due has committed.</summary>
public sealed class DeliverySignal : WakeSignal;

public sealed class DeliveryCommitListener(DeliverySignal signal) : DocumentSessionListenerBase
{
    public override Task AfterCommitAsync(IDocumentSession session, IChangeSet commit, CancellationToken token)
    {
        // A delivery that was just recorded as sent (or is held by a sender) makes nothing due: only new, requeued or
        // rescheduled deliveries and changed subscriptions do.
        if (commit.Inserted.Any(d => d is Delivery or Subscription)
            || commit.Updated.Any(d => d is Subscription or Delivery { Status: DeliveryStatus.Pending, LeaseUntil: null }))
            signal.Wake();
        return Task.CompletedTask;
    }
}

/// <summary>
/// Sends every delivery when it is due. Pending attempts live in PostgreSQL (status pending, NextAttemptAt), so a restart
/// resumes the schedule. The scheduler polls for due deliveries, and is woken by commits; it takes a delivery only if no
/// earlier delivery of the same figure to the same subscription is still pending (so revisions arrive in order), at most
/// <see cref="WebhookOptions.MaxConcurrencyPerEndpoint"/> per subscription and <see cref="WebhookOptions.MaxConcurrentDeliveries"/> in all.
/// </summary>
public sealed class DeliveryScheduler(
    IDocumentStore store,
    DeliverySignal signal,
    WebhookSender sender,
    IOptions<WebhookOptions> options,
    TimeProvider clock,
    ILogger<DeliveryScheduler> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<Guid, (Guid SubscriptionId, Task Send)> _inFlight = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await StartDueAsync(stoppingToken);
                failures = 0;
                await signal.WaitAsync(options.Value.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                failures++;
                var delay = TimeSpan.FromMilliseconds(Math.Min(30_000, 250 * Math.Pow(2, Math.Min(failures, 7))));
                logger.LogWarning(ex, "Webhook scheduler failed {Failures} time(s) in a row; retrying in {Delay}", failures, delay);
                try { await Task.Delay(delay, stoppingToken); }
                catch (OperationCanceledException) { break; }
            }
        }
        // Sends in flight see the same token: each gives its delivery back untried, for the next start to take.
        await Task.WhenAll(_inFlight.Values.Select(v => v.Send));
    }

    private async Task StartDueAsync(CancellationToken ct)
    {
        var o = options.Value;
        var free = o.MaxConcurrentDeliveries - _inFlight.Count;
        // Looking costs a query over every pending delivery: wait until a quarter of the pool is free (each finished
        // delivery wakes the loop), unless nothing is in flight.
        if (free <= 0 || (_inFlight.Count > 0 && free < Math.Max(1, o.MaxConcurrentDeliveries / 4))) return;
        var perSubscription = _inFlight.Values.GroupBy(v => v.SubscriptionId).ToDictionary(g => g.Key, g => g.Count());
        var chosen = new List<Guid>();
        foreach (var (id, subscriptionId) in await FindDueAsync(free + _inFlight.Count, ct))
        {
            if (chosen.Count == free) break;
            if (_inFlight.ContainsKey(id)) continue;
            if (perSubscription.GetValueOrDefault(subscriptionId) >= o.MaxConcurrencyPerEndpoint) continue;
            perSubscription[subscriptionId] = perSubscription.GetValueOrDefault(subscriptionId) + 1;
            chosen.Add(id);
        }
        foreach (var (delivery, subscription) in await sender.ClaimAsync(chosen, ct))
        {
            var id = delivery.Id;
            var send = new TaskCompletionSource();
            _inFlight[id] = (delivery.SubscriptionId, send.Task);
            _ = Task.Run(async () =>
            {
                try
                {
                    await sender.AttemptAsync(delivery, subscription, ct);
                }
                catch (Exception ex)
                {
                    // The lease runs out and the delivery is taken again.
                    logger.LogError(ex, "Delivery {DeliveryId} could not be attempted", id);
                }
                finally
                {
                    _inFlight.TryRemove(id, out _);
                    send.SetResult();
                    signal.Wake(); // a finished delivery may free the next one in its figure's lane
                }
            }, CancellationToken.None);
        }
    }

    /// <summary>Due, unclaimed deliveries of active subscriptions with nothing earlier pending in their lane, oldest due first.</summary>
    private async Task<IReadOnlyList<(Guid Id, Guid SubscriptionId)>> FindDueAsync(int limit, CancellationToken ct)
    {
        var deliveries = store.Options.Schema.For<Delivery>();
        var subscriptions = store.Options.Schema.For<Subscription>();
        await using var session = store.QuerySession();
        var rows = await session.AdvancedSql.QueryAsync<string>($"""
            select d.id::text || ' ' || d.subscription_id::text from {deliveries} d
            join {subscriptions} s on s.id = d.subscription_id
            where d.status = 'pending' and d.next_attempt_at <= ? and (d.lease_until is null or d.lease_until < ?)
              and s.status = 'active'
              and not exists (
                select 1 from {deliveries} e
                where e.subscription_id = d.subscription_id and e.lane = d.lane and e.status = 'pending' and e.position < d.position)
            order by d.next_attempt_at
            limit ?
            """, ct, clock.GetUtcNow(), clock.GetUtcNow(), limit);
        return rows.Select(r => r.Split(' ')).Select(r => (Guid.Parse(r[0]), Guid.Parse(r[1]))).ToList();
    }
}
