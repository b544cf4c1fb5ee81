namespace FactTracker.Publication.Subscriptions;

public static class SubscriptionStatus
{
    public const string Active = "active";
    /// <summary>Paused by its owner: deliveries are owed and held, and go out in order on resume.</summary>
    public const string Paused = "paused";
    /// <summary>Disabled by FactTracker (410 Gone, or failing for too long): nothing is owed until it is resumed.</summary>
    public const string Disabled = "disabled";
}

/// <summary>Which events a subscription wants. An empty or missing list matches everything; the lists combine with AND.</summary>
public sealed record SubscriptionFilter(
    IReadOnlyList<string>? Stories = null,
    IReadOnlyList<string>? Figures = null,
    IReadOnlyList<string>? Metrics = null,
    IReadOnlyList<string>? EventTypes = null)
{
    public bool Matches(WebhookEvent e)
    {
        // Operational events go only to subscriptions that ask for them by name.
        if (EventType.IsOperational(e.Type)) return EventTypes?.Contains(e.Type) == true;
        return (EventTypes is not { Count: > 0 } || EventTypes.Contains(e.Type))
            && (Stories is not { Count: > 0 } || Stories.Contains(e.Story ?? ""))
            && (Figures is not { Count: > 0 } || Figures.Contains(e.FigureId ?? ""))
            && (Metrics is not { Count: > 0 } || Metrics.Contains(e.Metric ?? ""));
    }
}

/// <summary>A subscriber's webhook endpoint.</summary>
public sealed class Subscription
{
    public Guid Id { get; set; }
    public string Url { get; set; } = "";
    public string? Description { get; set; }
    public SubscriptionFilter Filter { get; set; } = new();
    public string Status { get; set; } = SubscriptionStatus.Active;
    /// <summary>The signing key, <c>whsec_</c> + base64. Stored as is because FactTracker must sign with it; returned only on creation and rotation.</summary>
    public string Secret { get; set; } = "";
    /// <summary>The key before the last rotation, which still signs beside the new one until <see cref="PreviousSecretExpiresAt"/>.</summary>
    public string? PreviousSecret { get; set; }
    public DateTimeOffset? PreviousSecretExpiresAt { get; set; }
    /// <summary>When the current run of failed attempts began; null after any success.</summary>
    public DateTimeOffset? FailingSince { get; set; }
    public DateTimeOffset? DisabledAt { get; set; }
    public string? DisabledReason { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>The principal that created it: a subscriber sees and manages only its own.</summary>
    public Guid? OwnerId { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>The secrets that sign a webhook sent at <paramref name="now"/>: the current one, and the previous one for a while after a rotation.</summary>
    public IReadOnlyList<string> SigningSecrets(DateTimeOffset now) =>
        PreviousSecret is not null && PreviousSecretExpiresAt > now ? [Secret, PreviousSecret] : [Secret];
}

public static class EventType
{
    public const string FigureRevised = "figure.revised";
    public const string FigureCorrected = "figure.corrected";
    public const string FigureContested = "figure.contested";
    /// <summary>Sent to subscriptions that ask for it when another subscription is disabled.</summary>
    public const string SubscriptionDisabled = "subscription.disabled";

    public static readonly IReadOnlyList<string> All = [FigureRevised, FigureCorrected, FigureContested, SubscriptionDisabled];

    public static bool IsOperational(string type) => type == SubscriptionDisabled;
}

/// <summary>Something subscribers may be told about, before it is fanned out to the subscriptions that want it.</summary>
/// <param name="Position">Order among the figure's events: revision × 2, + 1 for figure.contested (sent after its revision).</param>
public sealed record WebhookEvent(string Type, string Payload, string? FigureId, string? Story, string? Metric, int Revision, int Position)
{
    public static WebhookEvent ForFigure(string type, string figureId, int revision, string payload)
    {
        FactTracker.Figures.FigureId.TryParse(figureId, out var parts);
        return new WebhookEvent(type, payload, figureId, parts.Story, parts.Metric, revision,
            revision * 2 + (type == EventType.FigureContested ? 1 : 0));
    }

    public static WebhookEvent Operational(string type, string payload) => new(type, payload, null, null, null, 0, 0);
}

public static class DeliveryStatus
{
    public const string Pending = "pending";
    public const string Delivered = "delivered";
    /// <summary>Every attempt failed: a dead letter, visible, to be redelivered or recovered.</summary>
    public const string Failed = "failed";
    /// <summary>The subscription was deleted before it went out.</summary>
    public const string Cancelled = "cancelled";

    public static readonly IReadOnlyList<string> All = [Pending, Delivered, Failed, Cancelled];
}

/// <summary>Why an attempt was made.</summary>
public static class AttemptTrigger
{
    public const string Scheduled = "scheduled";
    public const string Redeliver = "redeliver";
    public const string Recover = "recover";
    public const string Test = "test";
}

/// <summary>One HTTP request to the subscriber, and how it went.</summary>
public sealed record DeliveryAttempt(
    int Number,
    string Trigger,
    DateTimeOffset StartedAt,
    bool Succeeded,
    int? StatusCode,
    double LatencyMs,
    string? Response,
    string? Error,
    DateTimeOffset? NextAttemptAt);

/// <summary>
/// One webhook message owed to one subscription; its id is the stable <c>webhook-id</c>, the same on every retry,
/// redelivery and recovery.
/// </summary>
public sealed class Delivery
{
    public const int MaxAttemptsKept = 50;

    public Guid Id { get; set; }
    public Guid SubscriptionId { get; set; }
    public string EventType { get; set; } = "";
    public string FigureId { get; set; } = "";
    public int Revision { get; set; }
    /// <summary>Deliveries of one lane (one figure, for one subscription) go out one after another in <see cref="Position"/> order; null: no order.</summary>
    public string? Lane { get; set; }
    public int Position { get; set; }
    /// <summary>The exact body sent, so every retry sends the same bytes.</summary>
    public string Payload { get; set; } = "";
    public string Status { get; set; } = DeliveryStatus.Pending;
    /// <summary>A test event gets one attempt and no retries.</summary>
    public bool SingleAttempt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? NextAttemptAt { get; set; }
    /// <summary>Set while a sender holds the delivery, so no other sender (or instance) takes it; a crashed sender's lease runs out.</summary>
    public DateTimeOffset? LeaseUntil { get; set; }
    /// <summary>Attempts in the current round of the retry schedule (a redelivery starts a new round).</summary>
    public int RoundAttempts { get; set; }
    public string NextTrigger { get; set; } = AttemptTrigger.Scheduled;
    public int AttemptCount { get; set; }
    public DateTimeOffset? LastAttemptAt { get; set; }
    public int? LastStatusCode { get; set; }
    public double? LastLatencyMs { get; set; }
    public string? LastResponse { get; set; }
    public string? LastError { get; set; }
    public DateTimeOffset? DeliveredAt { get; set; }
    /// <summary>The trace the event came from, so the HTTP request continues it.</summary>
    public string? TraceParent { get; set; }
    public List<DeliveryAttempt> Attempts { get; set; } = [];
    /// <summary>Marten's version of the stored delivery: a claimed delivery is saved from the copy its sender holds,
    /// and only if nobody changed it since the claim.</summary>
    [Marten.Schema.Version, System.Text.Json.Serialization.JsonIgnore]
    public Guid Version { get; set; }

    /// <summary>
    /// Its storage, found by Marten by this name. The columns the scheduler and the listings query are duplicated out of
    /// the document, and indexed only as those queries read them: every index is written again on each claim and saved
    /// outcome, and Marten's one-column index per duplicated field would cost that for nothing.
    /// </summary>
    public static void ConfigureMarten(Marten.Schema.DocumentMapping<Delivery> mapping)
    {
        mapping.UseOptimisticConcurrency = true;
        mapping.Duplicate(d => d.SubscriptionId);
        mapping.Duplicate(d => d.Status);
        mapping.Duplicate(d => d.LeaseUntil);
        mapping.Duplicate(d => d.Position);
        mapping.Duplicate(d => d.CreatedAt);
        mapping.Duplicate(d => d.NextAttemptAt);
        mapping.Duplicate(d => d.Lane);
        mapping.Indexes.Clear();
        mapping.Index(d => d.FigureId);
        const string pending = "status = 'pending'";
        // The scheduler: each subscription's due deliveries in order, and whether an earlier one of a lane is pending.
        // Both over pending deliveries only, however many have been delivered.
        mapping.Indexes.Add(new Weasel.Postgresql.Tables.IndexDefinition("mt_doc_delivery_due")
            { Columns = ["subscription_id", "next_attempt_at"], Predicate = pending });
        mapping.Indexes.Add(new Weasel.Postgresql.Tables.IndexDefinition("mt_doc_delivery_lane")
            { Columns = ["subscription_id", "lane", "position"], Predicate = pending });
        // A subscription's deliveries newest first, and its window to recover; its dead letters (or pending ones) alone.
        mapping.Indexes.Add(new Weasel.Postgresql.Tables.IndexDefinition("mt_doc_delivery_by_subscription")
            { Columns = ["subscription_id", "created_at", "position"] });
        mapping.Indexes.Add(new Weasel.Postgresql.Tables.IndexDefinition("mt_doc_delivery_by_status")
            { Columns = ["subscription_id", "status", "created_at", "position"] });
    }

    /// <summary>Owes the delivery again from now, with a fresh retry schedule and the same id.</summary>
    public void Requeue(string trigger, DateTimeOffset now)
    {
        Status = DeliveryStatus.Pending;
        NextAttemptAt = now;
        RoundAttempts = 0;
        NextTrigger = trigger;
    }
}
