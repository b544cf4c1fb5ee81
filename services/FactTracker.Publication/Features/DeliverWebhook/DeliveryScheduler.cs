using System.Collections.Concurrent;
using FactTracker.Publication.Subscriptions;
using FactTracker.ServiceDefaults;
using Marten;
using Marten.Services;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace FactTracker.Publication.Features.DeliverWebhook;

/// <summary>
/// Wakes the scheduler as soon as something that may make a delivery due has committed. New deliveries due now are
/// handed over by id, so they are claimed without looking for them; anything else asks for a look.
/// </summary>
public sealed class DeliverySignal : WakeSignal
{
    private readonly ConcurrentQueue<(Guid Id, Guid SubscriptionId)> _due = new();
    private int _lookAgain = 1;

    /// <summary>A delivery committed just now and due now.</summary>
    public void Due(Guid id, Guid subscriptionId) => _due.Enqueue((id, subscriptionId));

    public bool TryTakeDue(out (Guid Id, Guid SubscriptionId) delivery) => _due.TryDequeue(out delivery);

    /// <summary>Something may be due that was not handed over: the scheduler looks in the database at its next turn.</summary>
    public void LookAgain() => Volatile.Write(ref _lookAgain, 1);

    public bool TakeLookAgain() => Interlocked.Exchange(ref _lookAgain, 0) == 1;
}

public sealed class DeliveryCommitListener(DeliverySignal signal, TimeProvider clock) : DocumentSessionListenerBase
{
    public override Task AfterCommitAsync(IDocumentSession session, IChangeSet commit, CancellationToken token)
    {
        // A delivery that was just recorded as sent (or is held by a sender) makes nothing due: only new, requeued or
        // rescheduled deliveries and changed subscriptions do.
        var wake = false;
        var now = clock.GetUtcNow();
        foreach (var document in commit.Inserted)
        {
            if (document is Delivery { Status: DeliveryStatus.Pending, LeaseUntil: null } d && d.NextAttemptAt <= now)
                signal.Due(d.Id, d.SubscriptionId);
            else if (document is Delivery or Subscription)
                signal.LookAgain();
            else continue;
            wake = true;
        }
        if (commit.Updated.Any(d => d is Subscription or Delivery { Status: DeliveryStatus.Pending, LeaseUntil: null }))
        {
            signal.LookAgain();
            wake = true;
        }
        if (wake) signal.Wake();
        return Task.CompletedTask;
    }
}

/// <summary>
/// Sends every delivery when it is due. Pending attempts live in PostgreSQL (status pending, NextAttemptAt), so a restart
/// resumes the schedule. The scheduler polls for due deliveries, and is woken by commits; it takes a delivery only if no
/// earlier delivery of the same figure to the same subscription is still pending (so revisions arrive in order), at most
/// <see cref="WebhookOptions.MaxConcurrencyPerEndpoint"/> per subscription and <see cref="WebhookOptions.MaxConcurrentDeliveries"/> in all.
/// Those limits count requests waiting on an endpoint; an answered delivery's outcome is saved in a group meanwhile.
/// </summary>
public sealed class DeliveryScheduler(
    IDocumentStore store,
    DeliverySignal signal,
    WebhookSender sender,
    IOptions<WebhookOptions> options,
    TimeProvider clock,
    ILogger<DeliveryScheduler> logger) : BackgroundService
{
    // Requests waiting on an endpoint; each frees its place once answered.
    private readonly ConcurrentDictionary<Guid, (Guid SubscriptionId, Task Send)> _inFlight = new();
    // Answered deliveries whose outcome is still being saved (in groups); bounded so sending cannot outrun saving.
    private readonly ConcurrentDictionary<Guid, Task> _recording = new();
    // Due deliveries known without a look: handed over at commit, or found by the last look beyond what there was room for.
    private readonly List<(Guid Id, Guid SubscriptionId)> _candidates = [];
    private const int MaxCandidates = 1024;
    private DateTimeOffset _lastLook = DateTimeOffset.MinValue;
    // Something due may be waiting behind an earlier delivery of its lane: each saved outcome asks for a look.
    private volatile bool _leftForLook;

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
        // Outcomes already answered are saved before stopping (a failure is logged by its continuation).
        await Task.WhenAll(_recording.Values).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task StartDueAsync(CancellationToken ct)
    {
        var o = options.Value;
        var free = _recording.Count >= 4 * o.MaxConcurrentDeliveries ? 0 : o.MaxConcurrentDeliveries - _inFlight.Count;
        if (free <= 0) return;
        var perSubscription = _inFlight.Values.GroupBy(v => v.SubscriptionId).ToDictionary(g => g.Key, g => g.Count());

        // Deliveries handed over at commit, then those a look found: taken in order while there is room, each endpoint
        // up to its limit (the rest wait for the next turn). The claim checks each again, so one that is no longer due
        // (its lane has an earlier one pending, its subscription is paused) is dropped here and found by a later look.
        while (_candidates.Count < MaxCandidates && signal.TryTakeDue(out var due)) _candidates.Add(due);
        var chosen = new List<Guid>();
        _candidates.RemoveAll(c =>
        {
            if (_inFlight.ContainsKey(c.Id)) return true;
            if (chosen.Count == free || perSubscription.GetValueOrDefault(c.SubscriptionId) >= o.MaxConcurrencyPerEndpoint) return false;
            perSubscription[c.SubscriptionId] = perSubscription.GetValueOrDefault(c.SubscriptionId) + 1;
            chosen.Add(c.Id);
            return true;
        });
        var started = await StartAsync(chosen, ct);
        if (started < chosen.Count)
        {
            _leftForLook = true;
            signal.LookAgain();
        }
        free -= started;

        // Looking costs a query: only when something may be due that is not known here (or once a poll interval, for
        // retries coming due), and once a quarter of the pool is free.
        var now = clock.GetUtcNow();
        if (now - _lastLook >= o.PollInterval) signal.LookAgain();
        if (free < Math.Max(1, o.MaxConcurrentDeliveries / 4) && !(free > 0 && _inFlight.IsEmpty)) return;
        if (!signal.TakeLookAgain()) return;
        _lastLook = now;
        var found = await FindDueAsync(MaxCandidates, ct);
        var known = _candidates.Select(c => c.Id).ToHashSet();
        foreach (var f in found)
            if (!known.Contains(f.Id) && !_inFlight.ContainsKey(f.Id)) _candidates.Add(f);
        // What was found may have later deliveries in its lane, due once it is saved; a full page may have left some out.
        // Found nothing: what waits behind a delivery still being sent or saved is due once that one is saved.
        _leftForLook = found.Count > 0 || (_leftForLook && !(_inFlight.IsEmpty && _recording.IsEmpty));
        if (found.Count > 0) signal.Wake();
    }

    /// <summary>Claims and starts sending those of <paramref name="ids"/> still due; returns how many were started.</summary>
    private async Task<int> StartAsync(IReadOnlyCollection<Guid> ids, CancellationToken ct)
    {
        if (ids.Count == 0) return 0;
        var claimed = await sender.ClaimAsync(ids, ct);
        foreach (var (delivery, subscription) in claimed)
        {
            var id = delivery.Id;
            var send = new TaskCompletionSource();
            _inFlight[id] = (delivery.SubscriptionId, send.Task);
            _ = Task.Run(async () =>
            {
                try
                {
                    var record = await sender.AttemptAsync(delivery, subscription, ct);
                    _recording[id] = record;
                    _ = record.ContinueWith(t =>
                    {
                        if (t.Exception is { } e) logger.LogError(e, "The outcome of delivery {DeliveryId} could not be saved; it is sent again once its lease runs out", id);
                        _recording.TryRemove(id, out _);
                        if (_leftForLook) signal.LookAgain();
                        signal.Wake(); // a saved delivery may free the next one in its figure's lane
                    }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
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
                    signal.Wake(); // a free place may take the next due delivery
                }
            }, CancellationToken.None);
        }
        return claimed.Count;
    }

    /// <summary>
    /// Due, unclaimed deliveries of active subscriptions with nothing earlier pending in their lane, oldest due first.
    /// Each subscription's are read in order from its own index, a few times its share at most, so a look costs the
    /// same however many deliveries are pending. That read stops after a bounded number of due deliveries: one figure's
    /// deep lane (thousands of revisions behind a head being retried) would otherwise be walked row by row at every look.
    /// A subscription whose bounded read was all blocked has its lanes' heads read instead, one per lane.
    /// </summary>
    private async Task<IReadOnlyList<(Guid Id, Guid SubscriptionId)>> FindDueAsync(int limit, CancellationToken ct)
    {
        var deliveries = store.Options.Schema.For<Delivery>();
        var subscriptions = store.Options.Schema.For<Subscription>();
        var perSubscription = Math.Min(limit, 4 * options.Value.MaxConcurrencyPerEndpoint);
        var walk = 4 * perSubscription;
        var now = clock.GetUtcNow();
        var found = new List<(Guid Id, Guid SubscriptionId, DateTimeOffset Due)>();
        var deep = new List<Guid>();
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        // The limits are written into the text: as parameters, a generic plan would not know they are small.
        await using (var look = new NpgsqlCommand($"""
            select s.id, f.ids, f.dues,
              coalesce(cardinality(f.ids), 0) < {perSubscription} and (
                select count(*) from (
                  select 1 from {deliveries} d
                  where d.subscription_id = s.id and d.status = 'pending' and d.next_attempt_at <= @now
                  limit {walk + 1}) c) > {walk}
            from {subscriptions} s
            cross join lateral (
              select array_agg(x.id) ids, array_agg(x.next_attempt_at) dues from (
                select w.id, w.next_attempt_at from (
                  select d.id, d.next_attempt_at, d.lease_until, d.lane, d.position from {deliveries} d
                  where d.subscription_id = s.id and d.status = 'pending' and d.next_attempt_at <= @now
                  order by d.next_attempt_at
                  limit {walk}) w
                where (w.lease_until is null or w.lease_until < @now)
                  and not exists (
                    select 1 from {deliveries} e
                    where e.subscription_id = s.id and e.lane = w.lane and e.status = 'pending' and e.position < w.position)
                order by w.next_attempt_at
                limit {perSubscription}) x) f
            where s.status = 'active'
            """, connection))
        {
            look.Parameters.Add(new NpgsqlParameter("now", NpgsqlDbType.TimestampTz) { Value = now.ToUniversalTime() });
            await using var reader = await look.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var subscription = reader.GetGuid(0);
                if (!reader.IsDBNull(1))
                {
                    var ids = reader.GetFieldValue<Guid[]>(1);
                    var dues = reader.GetFieldValue<DateTime[]>(2);
                    for (var i = 0; i < ids.Length; i++) found.Add((ids[i], subscription, dues[i]));
                }
                if (reader.GetBoolean(3)) deep.Add(subscription);
            }
        }
        foreach (var subscription in deep)
        {
            // Its heads include what its bounded read found.
            found.RemoveAll(f => f.SubscriptionId == subscription);
            found.AddRange(await LaneHeadsAsync(connection, subscription, perSubscription, now, ct));
        }
        return found.OrderBy(f => f.Due).Take(limit).Select(f => (f.Id, f.SubscriptionId)).ToList();
    }

    /// <summary>
    /// The due, unclaimed heads of a subscription's lanes, and its due deliveries that have no lane: the lane index is
    /// read once per lane (a skip scan), so its cost follows the number of figures owed, not their depth.
    /// </summary>
    private async Task<IReadOnlyList<(Guid Id, Guid SubscriptionId, DateTimeOffset Due)>> LaneHeadsAsync(NpgsqlConnection connection, Guid subscription,
        int limit, DateTimeOffset now, CancellationToken ct)
    {
        var deliveries = store.Options.Schema.For<Delivery>();
        await using var heads = new NpgsqlCommand($"""
            with recursive lanes(lane) as (
              (select d.lane from {deliveries} d
               where d.subscription_id = @s and d.status = 'pending' and d.lane is not null order by d.lane limit 1)
              union all
              select (select d.lane from {deliveries} d
                      where d.subscription_id = @s and d.status = 'pending' and d.lane > l.lane order by d.lane limit 1)
              from lanes l where l.lane is not null)
            select h.id, h.next_attempt_at from lanes l
            cross join lateral (
              select d.id, d.next_attempt_at, d.lease_until from {deliveries} d
              where d.subscription_id = @s and d.status = 'pending' and d.lane = l.lane order by d.position limit 1) h
            where h.next_attempt_at <= @now and (h.lease_until is null or h.lease_until < @now)
            union all
            select d.id, d.next_attempt_at from {deliveries} d
            where d.subscription_id = @s and d.status = 'pending' and d.lane is null and d.next_attempt_at <= @now
              and (d.lease_until is null or d.lease_until < @now)
            order by 2
            limit {limit}
            """, connection);
        heads.Parameters.AddWithValue("s", subscription);
        heads.Parameters.Add(new NpgsqlParameter("now", NpgsqlDbType.TimestampTz) { Value = now.ToUniversalTime() });
        var found = new List<(Guid, Guid, DateTimeOffset)>();
        await using var reader = await heads.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) found.Add((reader.GetGuid(0), subscription, reader.GetFieldValue<DateTimeOffset>(1)));
        return found;
    }
}
