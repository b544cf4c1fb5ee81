namespace FactTracker.Contracts;

// MassTransit identifies a message by namespace + type name: never rename or move these records,
// add members only as optional ones, and make a breaking change a new type.

/// <summary>A figure's value as reported: its kind, its bounds and the words it came from.</summary>
/// <param name="Kind">exact, at_least, at_most, range or approximate.</param>
public sealed record FigureValue(string Kind, long? Low, long? High, string? Words);

/// <summary>A source's current value of a figure, and the revision it came from.</summary>
public sealed record SourceValue(string Source, FigureValue Value, int Revision, DateTimeOffset ReportedAt);

/// <summary>
/// A figure's state after a revision: the headline (the most recently reported standing value unless a
/// verifier pinned one), every source's current value, and whether two of them contradict each other.
/// </summary>
public sealed record FigureState(
    FigureValue? Headline,
    string? HeadlineSource,
    int? HeadlineRevision,
    bool HeadlinePinned,
    bool Contested,
    IReadOnlyList<SourceValue> Sources);

/// <summary>A figure a newsroom attached to an update.</summary>
public sealed record ReportedFigure(string Metric, string Subject, FigureValue Value, string? Source, string? Quote);

/// <summary>Ingest stored a newsroom update durably.</summary>
/// <param name="PostedBy">The principal that posted it (absent from messages older than authentication).</param>
public sealed record UpdateReceived(
    Guid UpdateId,
    string Story,
    string Text,
    string Source,
    DateTimeOffset PublishedAt,
    string? Url,
    IReadOnlyList<ReportedFigure> Figures,
    DateTimeOffset ReceivedAt,
    Guid? PostedBy = null);

/// <summary>Claims turned part of an update into a claim that waits for review.</summary>
/// <param name="PostedBy">The principal that posted the update: it may never approve this claim.</param>
/// <param name="UpdateText">The update's whole text, so a verifier sees the quote in context without asking Ingest.</param>
public sealed record ClaimSubmitted(
    Guid ClaimId,
    Guid UpdateId,
    string Story,
    string Metric,
    string Subject,
    FigureValue Value,
    string Source,
    string? Quote,
    string? UpdateUrl,
    DateTimeOffset ReportedAt,
    DateTimeOffset SubmittedAt,
    string Origin,
    int? QuoteStart = null,
    int? QuoteEnd = null,
    string? Rule = null,
    Guid? PostedBy = null,
    string? UpdateText = null);

/// <summary>A verifier approved a claim and the figure gained a revision.</summary>
/// <param name="Value">The approved value (the claimed one, or the verifier's correction of it).</param>
/// <param name="PreviousHeadline">The headline before this revision; <c>State.Headline</c> is the one after.</param>
/// <param name="PreviousRevision">The revision before this one, so a reader can see a gap.</param>
public sealed record FigureRevised(
    string FigureId,
    string Story,
    string Metric,
    string Subject,
    int Revision,
    int PreviousRevision,
    FigureValue Value,
    FigureValue? PreviousHeadline,
    string Source,
    Guid ClaimId,
    Guid UpdateId,
    string? Quote,
    string? UpdateUrl,
    IReadOnlyList<string> VerifiedBy,
    string? Reason,
    DateTimeOffset ReportedAt,
    DateTimeOffset RecordedAt,
    FigureState State);

/// <summary>
/// Verifiers corrected or retracted an earlier revision, or pinned the headline to one: the figure gained a revision
/// that changes what an earlier one said. The mistaken revision stays in the history, marked.
/// </summary>
/// <param name="Action">corrected, retracted or pinned.</param>
/// <param name="TargetRevision">The earlier revision this one corrects, retracts or pins.</param>
public sealed record FigureCorrected(
    string FigureId,
    string Story,
    string Metric,
    string Subject,
    int Revision,
    int PreviousRevision,
    string Action,
    int TargetRevision,
    FigureValue? Value,
    FigureValue? PreviousHeadline,
    string Source,
    IReadOnlyList<string> VerifiedBy,
    string Reason,
    DateTimeOffset RecordedAt,
    FigureState State);

/// <summary>A revision made the figure's sources contradict each other, or agree again.</summary>
public sealed record FigureContested(
    string FigureId,
    string Story,
    string Metric,
    string Subject,
    int Revision,
    bool Contested,
    DateTimeOffset RecordedAt,
    FigureState State);

/// <summary>A verifier rejected a claim; no figure changed.</summary>
public sealed record ClaimRejected(
    Guid ClaimId,
    Guid UpdateId,
    string Story,
    string Reason,
    string? Note,
    string RejectedBy,
    DateTimeOffset RejectedAt);

/// <summary>Publication owes a subscription one webhook delivery. No longer published: deliveries are scheduled in PostgreSQL.</summary>
public sealed record DeliveryRequested(Guid DeliveryId, Guid SubscriptionId);

/// <summary>
/// Publication stopped delivering to a subscription: its endpoint answered 410 Gone, or every attempt failed for days.
/// For an admin's tooling; the owner resumes it, then recovers what it missed.
/// </summary>
public sealed record SubscriptionDisabled(Guid SubscriptionId, string Url, string Reason, DateTimeOffset? FailingSince, DateTimeOffset DisabledAt);

/// <summary>Which messages must reach their consumers in the order they were written: one figure's, whose revisions follow each other.</summary>
public static class MessageOrder
{
    /// <summary>The key of the messages <paramref name="message"/> must stay in order with, or null when it may overtake any.</summary>
    public static string? KeyOf(object message) => message switch
    {
        FigureRevised m => m.FigureId,
        FigureCorrected m => m.FigureId,
        FigureContested m => m.FigureId,
        _ => null,
    };
}
