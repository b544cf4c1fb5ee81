namespace FactTracker.Publication.Subscriptions;

/// <summary>A subscription as the API shows it. The secret is there only in the answer that created or rotated it.</summary>
public sealed record SubscriptionView(
    Guid Id,
    string Url,
    string? Description,
    SubscriptionFilter Filter,
    string Status,
    DateTimeOffset? FailingSince,
    DateTimeOffset? DisabledAt,
    string? DisabledReason,
    DateTimeOffset? PreviousSecretExpiresAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string? Secret = null)
{
    public static SubscriptionView From(Subscription s, bool withSecret = false) => new(s.Id, s.Url, s.Description, s.Filter, s.Status,
        s.FailingSince, s.DisabledAt, s.DisabledReason, s.PreviousSecretExpiresAt, s.CreatedAt, s.UpdatedAt, withSecret ? s.Secret : null);
}

/// <summary>A delivery in a list: how it stands, without its body and attempts.</summary>
public sealed record DeliverySummary(
    Guid Id,
    Guid SubscriptionId,
    string EventType,
    string FigureId,
    int Revision,
    string Status,
    int AttemptCount,
    DateTimeOffset? NextAttemptAt,
    DateTimeOffset? LastAttemptAt,
    int? LastStatusCode,
    double? LastLatencyMs,
    string? LastResponse,
    string? LastError,
    DateTimeOffset CreatedAt,
    DateTimeOffset? DeliveredAt)
{
    public static DeliverySummary From(Delivery d) => new(d.Id, d.SubscriptionId, d.EventType, d.FigureId, d.Revision, d.Status,
        d.AttemptCount, d.NextAttemptAt, d.LastAttemptAt, d.LastStatusCode, d.LastLatencyMs, d.LastResponse, d.LastError, d.CreatedAt, d.DeliveredAt);
}

/// <summary>One delivery with the exact body it sends (its webhook-id is <see cref="Id"/>) and every attempt.</summary>
public sealed record DeliveryDetail(
    Guid Id,
    Guid SubscriptionId,
    string EventType,
    string FigureId,
    int Revision,
    string Status,
    int AttemptCount,
    DateTimeOffset? NextAttemptAt,
    DateTimeOffset? LastAttemptAt,
    int? LastStatusCode,
    double? LastLatencyMs,
    string? LastResponse,
    string? LastError,
    DateTimeOffset CreatedAt,
    DateTimeOffset? DeliveredAt,
    string Payload,
    IReadOnlyList<DeliveryAttempt> Attempts)
{
    public static DeliveryDetail From(Delivery d) => new(d.Id, d.SubscriptionId, d.EventType, d.FigureId, d.Revision, d.Status,
        d.AttemptCount, d.NextAttemptAt, d.LastAttemptAt, d.LastStatusCode, d.LastLatencyMs, d.LastResponse, d.LastError, d.CreatedAt,
        d.DeliveredAt, d.Payload, d.Attempts);
}
