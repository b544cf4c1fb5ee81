using FactTracker.Contracts;

namespace FactTracker.Verification.Reviews;

public static class ReviewStatus
{
    public const string Pending = "pending";
    /// <summary>Approved once, held back by a rule until a second verifier approves it too.</summary>
    public const string Held = "held";
    public const string Approved = "approved";
    public const string Rejected = "rejected";
    public static readonly IReadOnlyList<string> All = [Pending, Held, Approved, Rejected];
}

/// <summary>A claim in the review queue and the decision taken on it.</summary>
public sealed class ReviewItem
{
    public Guid Id { get; set; }
    public Guid UpdateId { get; set; }
    public string Story { get; set; } = "";
    public string Metric { get; set; } = "";
    public string Subject { get; set; } = "";
    public string FigureId { get; set; } = "";
    public FigureValue Value { get; set; } = default!;
    public string Source { get; set; } = "";
    public string? Quote { get; set; }
    /// <summary>Character offsets of the quote in the update's text.</summary>
    public int? QuoteStart { get; set; }
    public int? QuoteEnd { get; set; }
    /// <summary>For a claim found in text: which extraction rules produced it.</summary>
    public string? Rule { get; set; }
    public string? UpdateUrl { get; set; }
    public DateTimeOffset ReportedAt { get; set; }
    public DateTimeOffset SubmittedAt { get; set; }
    public string Origin { get; set; } = "";
    public string Status { get; set; } = ReviewStatus.Pending;
    public string? DecidedBy { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }
    public string? Reason { get; set; }
    public string? Note { get; set; }
    public int? Revision { get; set; }
    /// <summary>The value approved, when a verifier corrected the claimed one.</summary>
    public FigureValue? ApprovedValue { get; set; }
    public string? HeldBy { get; set; }
    public string? HeldRule { get; set; }
    public string? HeldExplanation { get; set; }
    /// <summary>The trace of the update the claim came from, so its revision continues that trace.</summary>
    public string? TraceParent { get; set; }
}
