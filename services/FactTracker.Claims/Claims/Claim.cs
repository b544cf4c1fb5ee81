using FactTracker.Contracts;

namespace FactTracker.Claims.Claims;

/// <summary>One figure an update reports, waiting for a verifier's decision.</summary>
public sealed class Claim
{
    public Guid Id { get; set; }
    public Guid UpdateId { get; set; }
    /// <summary>Position of the claim within its update, which makes its id stable.</summary>
    public int Index { get; set; }
    public string Story { get; set; } = "";
    public string Metric { get; set; } = "";
    public string Subject { get; set; } = "";
    public string FigureId { get; set; } = "";
    public FigureValue Value { get; set; } = default!;
    public string Source { get; set; } = "";
    public string? Quote { get; set; }
    public string? UpdateUrl { get; set; }
    public DateTimeOffset ReportedAt { get; set; }
    public DateTimeOffset SubmittedAt { get; set; }
    /// <summary>Where the claim came from: "structured" figures a newsroom attached, or the update's text.</summary>
    public string Origin { get; set; } = "";
}
