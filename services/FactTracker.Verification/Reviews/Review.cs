using FactTracker.Contracts;

namespace FactTracker.Verification.Reviews;

// A claim's review is a stream of its own: every step says who took it, when and why.

public sealed record ReviewSubmitted(
    Guid ClaimId,
    Guid UpdateId,
    string Story,
    string Metric,
    string Subject,
    string FigureId,
    FigureValue Value,
    string Source,
    string? Quote,
    int? QuoteStart,
    int? QuoteEnd,
    string? Rule,
    string? UpdateUrl,
    string? UpdateText,
    Guid? PostedBy,
    DateTimeOffset ReportedAt,
    DateTimeOffset SubmittedAt,
    string Origin,
    string? TraceParent);

/// <summary>A verifier took the claim until <paramref name="Until"/>; <paramref name="Previous"/> is who held it before (themselves on a retake, or someone whose time ran out).</summary>
public sealed record ReviewAssigned(string Verifier, DateTimeOffset At, DateTimeOffset Until, string? Previous);

public sealed record ReviewReleased(string Verifier, DateTimeOffset At);

public sealed record ReviewNoted(string Verifier, string Text, DateTimeOffset At);

/// <summary>An approval the figure's rules hold until a second, different verifier makes it too.</summary>
public sealed record ReviewApprovalHeld(string Verifier, FigureValue Value, string Subject, string Rule, string Explanation, string? Reason, DateTimeOffset At);

/// <summary>Approved: the claimed value and subject beside what was approved (a correction when they differ).</summary>
public sealed record ReviewApproved(
    IReadOnlyList<string> Verifiers,
    FigureValue ClaimedValue,
    FigureValue ApprovedValue,
    string ClaimedSubject,
    string ApprovedSubject,
    string FigureId,
    int Revision,
    string? Reason,
    string? Note,
    DateTimeOffset At);

public sealed record ReviewRejected(string Verifier, string Reason, string? Text, DateTimeOffset At);

/// <summary>Needs more sourcing: stays in the queue, flagged.</summary>
public sealed record ReviewDisputed(string Verifier, string Text, DateTimeOffset At);

public sealed record ReviewReopened(string Verifier, string Reason, DateTimeOffset At);

public static class ReviewStatus
{
    public const string Pending = "pending";
    /// <summary>Approved once, held back by a rule until a second verifier approves it too.</summary>
    public const string Held = "held";
    public const string Approved = "approved";
    public const string Rejected = "rejected";
    public static readonly IReadOnlyList<string> All = [Pending, Held, Approved, Rejected];

    public static bool IsOpen(string status) => status is Pending or Held;
}

/// <summary>A claim under review, folded from its stream; stored inline as the review queue's document.</summary>
public sealed partial record Review
{
    /// <summary>The claim id as text: the review stream's key.</summary>
    public string Id { get; init; } = "";
    public Guid ClaimId { get; init; }
    public Guid UpdateId { get; init; }
    public string Story { get; init; } = "";
    public string Metric { get; init; } = "";
    public string Subject { get; init; } = "";
    public string FigureId { get; init; } = "";
    public FigureValue Value { get; init; } = default!;
    public string Source { get; init; } = "";
    public string? Quote { get; init; }
    /// <summary>Character offsets of the quote in the update's text.</summary>
    public int? QuoteStart { get; init; }
    public int? QuoteEnd { get; init; }
    /// <summary>For a claim found in text: which extraction rules produced it.</summary>
    public string? Rule { get; init; }
    public string? UpdateUrl { get; init; }
    public string? UpdateText { get; init; }
    /// <summary>The principal that posted the update: it never approves this claim.</summary>
    public Guid? PostedBy { get; init; }
    public DateTimeOffset ReportedAt { get; init; }
    public DateTimeOffset SubmittedAt { get; init; }
    public string Origin { get; init; } = "";
    public string Status { get; init; } = ReviewStatus.Pending;
    /// <summary>Marked as needing more sourcing; still in the queue.</summary>
    public bool Disputed { get; init; }
    public string? AssignedTo { get; init; }
    public DateTimeOffset? AssignedUntil { get; init; }
    public string? DecidedBy { get; init; }
    public DateTimeOffset? DecidedAt { get; init; }
    public string? Reason { get; init; }
    public string? Note { get; init; }
    public int Notes { get; init; }
    public int? Revision { get; init; }
    /// <summary>The value approved, when a verifier corrected the claimed one.</summary>
    public FigureValue? ApprovedValue { get; init; }
    public string? ApprovedSubject { get; init; }
    public string? HeldBy { get; init; }
    public string? HeldRule { get; init; }
    public string? HeldExplanation { get; init; }
    /// <summary>The figure a held approval would revise (another than the claim's when the subject was corrected).</summary>
    public string? HeldFigureId { get; init; }
    /// <summary>The trace of the update the claim came from, so its revision continues that trace.</summary>
    public string? TraceParent { get; init; }

    public static Review Create(ReviewSubmitted e) => new()
    {
        Id = e.ClaimId.ToString(), ClaimId = e.ClaimId, UpdateId = e.UpdateId, Story = e.Story, Metric = e.Metric, Subject = e.Subject, FigureId = e.FigureId,
        Value = e.Value, Source = e.Source, Quote = e.Quote, QuoteStart = e.QuoteStart, QuoteEnd = e.QuoteEnd, Rule = e.Rule,
        UpdateUrl = e.UpdateUrl, UpdateText = e.UpdateText, PostedBy = e.PostedBy, ReportedAt = e.ReportedAt,
        SubmittedAt = e.SubmittedAt, Origin = e.Origin, TraceParent = e.TraceParent,
    };

    public Review Apply(ReviewAssigned e) => this with { AssignedTo = e.Verifier, AssignedUntil = e.Until };

    public Review Apply(ReviewReleased e) => this with { AssignedTo = null, AssignedUntil = null };

    public Review Apply(ReviewNoted e) => this with { Notes = Notes + 1 };

    public Review Apply(ReviewApprovalHeld e) => this with
    {
        Status = ReviewStatus.Held, HeldBy = e.Verifier, HeldRule = e.Rule, HeldExplanation = e.Explanation,
        HeldFigureId = FactTracker.Figures.FigureId.For(Story, Metric, e.Subject),
    };

    public Review Apply(ReviewApproved e) => this with
    {
        Status = ReviewStatus.Approved, DecidedBy = string.Join(", ", e.Verifiers), DecidedAt = e.At, Note = e.Note, Reason = e.Reason,
        Revision = e.Revision, ApprovedValue = e.ApprovedValue == e.ClaimedValue ? null : e.ApprovedValue,
        ApprovedSubject = e.ApprovedSubject == e.ClaimedSubject ? null : e.ApprovedSubject,
        AssignedTo = null, AssignedUntil = null, Disputed = false,
    };

    public Review Apply(ReviewRejected e) => this with
    {
        Status = ReviewStatus.Rejected, DecidedBy = e.Verifier, DecidedAt = e.At, Reason = e.Reason, Note = e.Text,
        AssignedTo = null, AssignedUntil = null, HeldBy = null, HeldRule = null, HeldExplanation = null, HeldFigureId = null,
    };

    public Review Apply(ReviewDisputed e) => this with { Disputed = true };

    public Review Apply(ReviewReopened e) => this with
    {
        Status = ReviewStatus.Pending, DecidedBy = null, DecidedAt = null, Reason = null, Note = null,
    };

    /// <summary>Who holds the claim at <paramref name="now"/>, if anyone.</summary>
    public string? AssigneeAt(DateTimeOffset now) => AssignedUntil > now ? AssignedTo : null;
}
