using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using FactTracker.Contracts;
using FactTracker.Publication.Subscriptions;
using FactTracker.ServiceDefaults;
using FactTracker.Webhooks;
using Marten;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using Polly.CircuitBreaker;
using Polly.RateLimiting;
using Polly.Timeout;

namespace FactTracker.Publication.Features.DeliverWebhook;

/// <summary>
/// Makes one attempt at a delivery: claims it, signs and POSTs it, and records what happened, with the next attempt or
/// the dead letter, and what the outcome means for the subscription (failing since when, disabled).
/// </summary>
public sealed class WebhookSender
{
    private readonly IDocumentStore store;
    private readonly WebhookClient client;
    private readonly EndpointRules rules;
    private readonly IOptions<WebhookOptions> options;
    private readonly TimeProvider clock;
    private readonly ILogger<WebhookSender> logger;

    public WebhookSender(IDocumentStore store, WebhookClient client, EndpointRules rules, IOptions<WebhookOptions> options, TimeProvider clock,
        ILogger<WebhookSender> logger)
    {
        this.store = store;
        this.client = client;
        this.rules = rules;
        this.options = options;
        this.clock = clock;
        this.logger = logger;
        _successes = new SuccessRecorder(this);
    }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    // Beyond the request's own timeout, time to record the outcome; a sender that died frees its deliveries this soon.
    private static readonly TimeSpan LeaseMargin = TimeSpan.FromSeconds(15);
    private const int MaxConflictRetries = 5;
    private readonly SuccessRecorder _successes;

    /// <summary>
    /// Takes, in one statement, those of <paramref name="ids"/> that are still due, held by nobody and first in their lane,
    /// of active subscriptions, with those subscriptions. A delivery another sender (or instance) took meanwhile fails the
    /// statement's check and is left out.
    /// </summary>
    public async Task<IReadOnlyList<(Delivery Delivery, Subscription? Subscription)>> ClaimAsync(IReadOnlyCollection<Guid> ids, CancellationToken ct)
    {
        if (ids.Count == 0) return [];
        var now = clock.GetUtcNow();
        var lease = now + options.Value.Timeout + LeaseMargin;
        var table = store.Options.Schema.For<Delivery>();
        var subscriptionTable = store.Options.Schema.For<Subscription>();
        var claimed = new List<(Delivery, Subscription?)>();
        var serializer = store.Options.Serializer();
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        // The document and its duplicated column change together, with a new version for optimistic concurrency.
        // The scheduler's rules are checked again here, for deliveries handed over at commit without a look: the
        // subscription is active and nothing earlier in the lane is pending. The subscription comes back with it.
        // Its checks are subqueries, not a join, so the plan starts from the ids whatever the statistics say: a join
        // planned from the subscriptions read every delivery of each (50 ms a claim with 20,000 pending).
        // A lease need not wait for the disk: lost in a crash, the delivery is only taken and sent again (at least once),
        // as when a sender dies holding it. The setting and the update share the batch's one implicit transaction.
        await using var batch = new NpgsqlBatch(connection);
        batch.BatchCommands.Add(new NpgsqlBatchCommand("select set_config('synchronous_commit', 'off', true)"));
        var command = new NpgsqlBatchCommand($"""
            update {table} d set lease_until = @lease, data = jsonb_set(d.data, array['leaseUntil'], to_jsonb(@lease)),
              mt_version = gen_random_uuid(), mt_last_modified = transaction_timestamp()
            where d.id = any(@ids) and d.status = 'pending' and d.next_attempt_at <= @now and (d.lease_until is null or d.lease_until < @now)
              and (select s.status from {subscriptionTable} s where s.id = d.subscription_id) = 'active'
              and not exists (
                select 1 from {table} e
                where e.subscription_id = d.subscription_id and e.lane = d.lane and e.status = 'pending' and e.position < d.position)
            returning d.data, d.mt_version, (select s.data from {subscriptionTable} s where s.id = d.subscription_id)
            """);
        command.Parameters.Add(new NpgsqlParameter("lease", NpgsqlDbType.TimestampTz) { Value = lease.ToUniversalTime() });
        command.Parameters.Add(new NpgsqlParameter("now", NpgsqlDbType.TimestampTz) { Value = now.ToUniversalTime() });
        command.Parameters.AddWithValue("ids", ids.ToArray());
        batch.BatchCommands.Add(command);
        await using var reader = await batch.ExecuteReaderAsync(ct);
        await reader.NextResultAsync(ct); // past the setting's row
        while (await reader.ReadAsync(ct))
        {
            var delivery = serializer.FromJson<Delivery>(reader, 0);
            delivery.Version = reader.GetGuid(1);
            claimed.Add((delivery, serializer.FromJson<Subscription>(reader, 2)));
        }
        return claimed;
    }

    /// <summary>
    /// Sends a claimed delivery once; completes when the endpoint has answered, with the task that records the outcome.
    /// Until that record is saved the delivery stays pending under its lease, so no sender takes it again and the next one
    /// in its lane waits. Cancelled by shutdown, it gives the delivery back untried.
    /// </summary>
    public async Task<Task> AttemptAsync(Delivery delivery, Subscription? subscription, CancellationToken ct)
    {
        AttemptOutcome? outcome = null;
        if (subscription is { Status: SubscriptionStatus.Active })
            outcome = await SendAsync(delivery, subscription, ct);
        return outcome is { Succeeded: true } && subscription is { FailingSince: null }
            ? _successes.RecordAsync(delivery, outcome)
            : RecordAsync(delivery.Id, outcome, CancellationToken.None);
    }

    private async Task<AttemptOutcome?> SendAsync(Delivery delivery, Subscription subscription, CancellationToken ct)
    {
        ActivityContext.TryParse(delivery.TraceParent, null, out var parent);
        using var activity = Telemetry.Source.StartActivity("webhook deliver", ActivityKind.Client, parent);
        activity?.SetTag("webhook.id", delivery.Id);
        activity?.SetTag("webhook.subscription", delivery.SubscriptionId);
        activity?.SetTag("webhook.event_type", delivery.EventType);

        var started = clock.GetUtcNow();
        var watch = Stopwatch.StartNew();
        double Elapsed() => Math.Round(watch.Elapsed.TotalMilliseconds, 1);
        AttemptOutcome Failed(string error) => new(started, false, true, null, Elapsed(), null, error, null);

        if (!Uri.TryCreate(subscription.Url, UriKind.Absolute, out var url)) return Failed("The subscription's url is not a URL.");
        if (rules.CheckScheme(url) is { } scheme) return Failed($"Refused: {scheme}.");
        var body = Encoding.UTF8.GetBytes(delivery.Payload);
        var id = delivery.Id.ToString();
        try
        {
            var answer = await client.PostAsync(subscription.Id, () =>
            {
                var now = clock.GetUtcNow();
                var timestamp = now.ToUnixTimeSeconds();
                var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
                request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
                request.Headers.TryAddWithoutValidation(WebhookHeaders.Id, id);
                request.Headers.TryAddWithoutValidation(WebhookHeaders.Timestamp, timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
                request.Headers.TryAddWithoutValidation(WebhookHeaders.Signature,
                    WebhookSignature.Header(id, timestamp, body, subscription.SigningSecrets(now)));
                request.Headers.UserAgent.ParseAdd(WebhookClient.UserAgent);
                return request;
            }, ct);
            activity?.SetTag("http.response.status_code", answer.Status);
            return DeliveryDecisions.Judge(started, Elapsed(), answer.Status, answer.Reason, answer.Location, answer.RetryAfter, answer.Body);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return null;
        }
        catch (BrokenCircuitException e)
        {
            return new AttemptOutcome(started, false, false, null, 0, null,
                "The endpoint's circuit is open after repeated failures: the attempt waits.", e.RetryAfter ?? options.Value.CircuitBreakDuration);
        }
        catch (RateLimiterRejectedException e)
        {
            return new AttemptOutcome(started, false, false, null, 0, null,
                "The endpoint has as many requests in flight as it may: the attempt waits.", e.RetryAfter ?? TimeSpan.FromSeconds(1));
        }
        catch (TimeoutRejectedException)
        {
            return Failed($"No answer within {options.Value.Timeout.TotalSeconds:0.###} s.");
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or IOException)
        {
            return Failed(Describe(e));
        }
    }

    /// <summary>
    /// Records successful attempts of many deliveries in one session and commit (a group commit: whoever finds no batch
    /// being written writes one with everything waiting). A batch that meets a conflict is recorded one by one.
    /// </summary>
    private sealed class SuccessRecorder(WebhookSender sender)
    {
        private const int MaxBatch = 256;
        // Several batches commit at once: while one waits on the database, the next is read and applied.
        private const int MaxWriters = 4;
        private readonly ConcurrentQueue<(Delivery Delivery, AttemptOutcome Outcome, TaskCompletionSource Done)> _waiting = new();
        private int _writers;

        public Task RecordAsync(Delivery delivery, AttemptOutcome outcome)
        {
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiting.Enqueue((delivery, outcome, done));
            if (TryStartWriter()) _ = WriteAsync();
            return done.Task;
        }

        private bool TryStartWriter()
        {
            if (Interlocked.Increment(ref _writers) <= MaxWriters) return true;
            Interlocked.Decrement(ref _writers);
            return false;
        }

        private async Task WriteAsync()
        {
            while (true)
            {
                var batch = new List<(Delivery Delivery, AttemptOutcome Outcome, TaskCompletionSource Done)>();
                while (batch.Count < MaxBatch && _waiting.TryDequeue(out var item)) batch.Add(item);
                if (batch.Count == 0)
                {
                    Interlocked.Decrement(ref _writers);
                    // Something queued after the last look and before this writer left: take it, unless enough writers are at it.
                    if (_waiting.IsEmpty || !TryStartWriter()) return;
                    continue;
                }
                bool recorded;
                try
                {
                    recorded = await sender.RecordSuccessesAsync(batch.Select(b => (b.Delivery, b.Outcome)).ToList());
                }
                catch (Exception batchFailure)
                {
                    sender.logger.LogDebug(batchFailure, "A batch of {Count} delivery outcomes could not be saved at once", batch.Count);
                    recorded = false;
                }
                if (recorded)
                    foreach (var b in batch) b.Done.TrySetResult();
                else
                {
                    foreach (var b in batch)
                    {
                        try
                        {
                            await sender.RecordAsync(b.Delivery.Id, b.Outcome, CancellationToken.None);
                            b.Done.TrySetResult();
                        }
                        catch (Exception e) { b.Done.TrySetException(e); }
                    }
                }
            }
        }
    }

    /// <summary>
    /// Saves the held copies of claimed deliveries, without reading them again, in one statement: each is saved only if
    /// nobody changed it since its claim (its version). False, having saved nothing, when the batch is better recorded
    /// one by one: a delivery changed meanwhile, or a subscription that would change too (deleted, or failing until now).
    /// </summary>
    private async Task<bool> RecordSuccessesAsync(IReadOnlyList<(Delivery Delivery, AttemptOutcome Outcome)> batch)
    {
        var deliveries = store.Options.Schema.For<Delivery>();
        var subscriptions = store.Options.Schema.For<Subscription>();
        var serializer = store.Options.Serializer();
        var now = clock.GetUtcNow();
        foreach (var (delivery, outcome) in batch)
        {
            delivery.LeaseUntil = null;
            CountAttempt(delivery, outcome);
            delivery.Status = DeliveryStatus.Delivered;
            delivery.DeliveredAt = now;
            delivery.NextAttemptAt = null;
            LogAttempt(delivery, outcome);
        }

        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(CancellationToken.None);
        await using var transaction = await connection.BeginTransactionAsync(CancellationToken.None);
        var subscriptionIds = batch.Select(b => b.Delivery.SubscriptionId).Distinct().ToArray();
        await using (var check = new NpgsqlCommand(
            $"select count(*) from {subscriptions} where id = any(@ids) and data ->> 'failingSince' is null", connection, transaction))
        {
            check.Parameters.AddWithValue("ids", subscriptionIds);
            if ((long)(await check.ExecuteScalarAsync(CancellationToken.None))! != subscriptionIds.Length) return false;
        }
        // The document and its duplicated columns together, as Marten would save them, with a new version.
        await using var save = new NpgsqlCommand($"""
            update {deliveries} d set data = u.data, status = @status, lease_until = null, next_attempt_at = null,
              mt_version = gen_random_uuid(), mt_last_modified = transaction_timestamp()
            from unnest(@ids, @versions, @data) as u(id, version, data)
            where d.id = u.id and d.mt_version = u.version
            """, connection, transaction);
        save.Parameters.AddWithValue("status", DeliveryStatus.Delivered);
        save.Parameters.AddWithValue("ids", batch.Select(b => b.Delivery.Id).ToArray());
        save.Parameters.AddWithValue("versions", batch.Select(b => b.Delivery.Version).ToArray());
        save.Parameters.Add(new NpgsqlParameter("data", NpgsqlDbType.Array | NpgsqlDbType.Jsonb)
        {
            Value = batch.Select(b => serializer.ToJson(b.Delivery)).ToArray(),
        });
        if (await save.ExecuteNonQueryAsync(CancellationToken.None) != batch.Count) return false; // rolled back on dispose
        await transaction.CommitAsync(CancellationToken.None);
        return true;
    }

    /// <summary>Records the outcome (null: nothing was sent, give the delivery back), retrying if someone changed it meanwhile.</summary>
    private async Task RecordAsync(Guid deliveryId, AttemptOutcome? outcome, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var session = store.LightweightSession();
            var delivery = await session.LoadAsync<Delivery>(deliveryId, ct);
            if (delivery is null) return;
            var subscription = await session.LoadAsync<Subscription>(delivery.SubscriptionId, ct);
            await ApplyAsync(session, delivery, subscription, outcome, ct);
            try
            {
                await session.SaveChangesAsync(ct);
                return;
            }
            catch (Exception e) when (Conflicts.IsConcurrencyConflict(e) && attempt < MaxConflictRetries)
            {
            }
        }
    }

    private async Task ApplyAsync(IDocumentSession session, Delivery delivery, Subscription? subscription, AttemptOutcome? outcome, CancellationToken ct)
    {
        var o = options.Value;
        var now = clock.GetUtcNow();
        delivery.LeaseUntil = null;
        session.Store(delivery);
        if (subscription is null)
        {
            if (delivery.Status == DeliveryStatus.Pending && outcome is not { Counted: true })
            {
                delivery.Status = DeliveryStatus.Cancelled;
                delivery.NextAttemptAt = null;
                delivery.LastError = "The subscription was deleted.";
                return;
            }
        }
        if (outcome is null) return; // paused, disabled or shutting down: untried, it stays as it was
        if (!outcome.Counted)
        {
            delivery.NextAttemptAt = now + (outcome.RetryAfter ?? TimeSpan.FromSeconds(1));
            delivery.LastError = outcome.Error;
            return;
        }

        CountAttempt(delivery, outcome);
        if (outcome.Succeeded)
        {
            delivery.Status = DeliveryStatus.Delivered;
            delivery.DeliveredAt = now;
            delivery.NextAttemptAt = null;
        }
        else if (subscription is null)
        {
            delivery.Status = DeliveryStatus.Cancelled;
            delivery.NextAttemptAt = null;
        }
        else
        {
            // What the failure means for the subscription comes first: a disabled one gets no next attempt.
            subscription.FailingSince ??= outcome.StartedAt;
            if (subscription.Status != SubscriptionStatus.Disabled)
            {
                if (outcome.Gone)
                    await DisableAsync(session, subscription, delivery.Id, "The endpoint answered 410 Gone.", now, ct);
                else if (now - subscription.FailingSince >= o.DisableAfter)
                    await DisableAsync(session, subscription, delivery.Id,
                        $"Every attempt has failed since {subscription.FailingSince:u} ({(now - subscription.FailingSince.Value).TotalDays:0.##} days).", now, ct);
            }
            session.Store(subscription);
            delivery.NextAttemptAt = delivery.SingleAttempt || subscription.Status == SubscriptionStatus.Disabled
                ? null
                : DeliveryDecisions.NextAttemptAt(now, delivery.RoundAttempts, o.Schedule(), o.Jitter, outcome.RetryAfter, o.MaxRetryAfter, Random.Shared.NextDouble());
            if (delivery.NextAttemptAt is null)
            {
                delivery.Status = DeliveryStatus.Failed;
                logger.LogWarning("Delivery {DeliveryId} ({EventType}) to subscription {SubscriptionId} failed its last attempt and is dead-lettered: {Error}",
                    delivery.Id, delivery.EventType, delivery.SubscriptionId, outcome.Error);
            }
        }
        LogAttempt(delivery, outcome);

        if (outcome.Succeeded && subscription is { FailingSince: not null })
        {
            subscription.FailingSince = null;
            session.Store(subscription);
        }
    }

    private static void CountAttempt(Delivery delivery, AttemptOutcome outcome)
    {
        delivery.AttemptCount++;
        delivery.RoundAttempts++;
        delivery.LastAttemptAt = outcome.StartedAt;
        delivery.LastStatusCode = outcome.StatusCode;
        delivery.LastLatencyMs = outcome.LatencyMs;
        delivery.LastResponse = outcome.Response;
        delivery.LastError = outcome.Error;
    }

    private static void LogAttempt(Delivery delivery, AttemptOutcome outcome)
    {
        delivery.Attempts.Add(new DeliveryAttempt(delivery.AttemptCount, delivery.NextTrigger, outcome.StartedAt, outcome.Succeeded,
            outcome.StatusCode, outcome.LatencyMs, outcome.Response, outcome.Error, delivery.NextAttemptAt));
        if (delivery.Attempts.Count > Delivery.MaxAttemptsKept) delivery.Attempts.RemoveRange(0, delivery.Attempts.Count - Delivery.MaxAttemptsKept);
        delivery.NextTrigger = AttemptTrigger.Scheduled;
    }

    /// <summary>Stops deliveries to a subscription: its waiting deliveries become dead letters; the admin is told in the log and by a subscription.disabled event.</summary>
    private async Task DisableAsync(IDocumentSession session, Subscription subscription, Guid current, string reason, DateTimeOffset now, CancellationToken ct)
    {
        subscription.Status = SubscriptionStatus.Disabled;
        subscription.DisabledAt = now;
        subscription.DisabledReason = reason;
        subscription.UpdatedAt = now;
        var waiting = await session.Query<Delivery>()
            .Where(d => d.SubscriptionId == subscription.Id && d.Status == DeliveryStatus.Pending && d.Id != current).ToListAsync(ct);
        foreach (var delivery in waiting)
        {
            delivery.Status = DeliveryStatus.Failed;
            delivery.NextAttemptAt = null;
            delivery.LastError = $"Not sent: the subscription was disabled. {reason}";
            session.Store(delivery);
        }
        session.PublishAfterCommit(new SubscriptionDisabled(subscription.Id, subscription.Url, reason, subscription.FailingSince, now));
        var payload = JsonSerializer.Serialize(new
        {
            type = EventType.SubscriptionDisabled,
            timestamp = now,
            data = new { subscriptionId = subscription.Id, url = subscription.Url, reason, failingSince = subscription.FailingSince, disabledAt = now },
        }, Json);
        await Fanout.OweAsync(session, WebhookEvent.Operational(EventType.SubscriptionDisabled, payload), now, ct, except: subscription.Id);
        logger.LogWarning("Subscription {SubscriptionId} to {Url} is disabled: {Reason} {Waiting} waiting deliveries are dead-lettered; resume it and recover them when the endpoint works",
            subscription.Id, subscription.Url, reason, waiting.Count);
    }

    /// <summary>"An error occurred while sending the request." says little without its cause.</summary>
    private static string Describe(Exception e)
    {
        var messages = new List<string>();
        for (var x = e; x is not null; x = x.InnerException)
            if (!messages.Any(m => m.Contains(x.Message, StringComparison.Ordinal))) messages.Add(x.Message);
        return string.Join(" ", messages);
    }
}
