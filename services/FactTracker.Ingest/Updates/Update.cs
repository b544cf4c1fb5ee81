using FactTracker.Contracts;

namespace FactTracker.Ingest.Updates;

/// <summary>A newsroom update as it was accepted: the record every claim traces back to.</summary>
public sealed class Update
{
    public Guid Id { get; set; }
    public string Story { get; set; } = "";
    public string Text { get; set; } = "";
    public string Source { get; set; } = "";
    public DateTimeOffset PublishedAt { get; set; }
    public string? Url { get; set; }
    public List<ReportedFigure> Figures { get; set; } = [];
    public DateTimeOffset ReceivedAt { get; set; }
    public string? IdempotencyKey { get; set; }
    /// <summary>The principal that posted it.</summary>
    public Guid? PostedBy { get; set; }
}

/// <summary>Which update an Idempotency-Key produced, and a hash of the request that produced it.</summary>
public sealed class IdempotencyRecord
{
    public string Id { get; set; } = "";
    public Guid UpdateId { get; set; }
    public string RequestHash { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
}
