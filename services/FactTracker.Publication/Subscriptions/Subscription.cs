namespace FactTracker.Publication.Subscriptions;

/// <summary>A subscriber's webhook endpoint.</summary>
public sealed class Subscription
{
    public Guid Id { get; set; }
    public string Url { get; set; } = "";
    public string? Description { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>The principal that created it: a subscriber sees and manages only its own.</summary>
    public Guid? OwnerId { get; set; }
}

public static class DeliveryStatus
{
    public const string Pending = "pending";
    public const string Delivered = "delivered";
    /// <summary>Every attempt failed: parked, visible, to be replayed.</summary>
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";
}

/// <summary>One webhook message owed to one subscription; its id is the stable <c>webhook-id</c>.</summary>
public sealed class Delivery
{
    public Guid Id { get; set; }
    public Guid SubscriptionId { get; set; }
    public string EventType { get; set; } = "";
    public string FigureId { get; set; } = "";
    public int Revision { get; set; }
    /// <summary>The exact body sent, so every retry sends the same bytes.</summary>
    public string Payload { get; set; } = "";
    public string Status { get; set; } = DeliveryStatus.Pending;
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? LastAttemptAt { get; set; }
    public int? LastStatusCode { get; set; }
    public string? LastError { get; set; }
    public DateTimeOffset? DeliveredAt { get; set; }
}
