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
public sealed record UpdateReceived(
    Guid UpdateId,
    string Story,
    string Text,
    string Source,
    DateTimeOffset PublishedAt,
    string? Url,
    IReadOnlyList<ReportedFigure> Figures,
    DateTimeOffset ReceivedAt);

/// <summary>Claims turned part of an update into a claim that waits for review.</summary>
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
    string Origin);

/// <summary>A verifier approved a claim and the figure gained a revision.</summary>
public sealed record FigureRevised(
    string FigureId,
    string Story,
    string Metric,
    string Subject,
    int Revision,
    int PreviousRevision,
    FigureValue Value,
    FigureValue? PreviousValue,
    string Source,
    Guid ClaimId,
    Guid UpdateId,
    string? Quote,
    string? UpdateUrl,
    string VerifiedBy,
    DateTimeOffset ReportedAt,
    DateTimeOffset RecordedAt);

/// <summary>A verifier rejected a claim; no figure changed.</summary>
public sealed record ClaimRejected(
    Guid ClaimId,
    Guid UpdateId,
    string Story,
    string Reason,
    string? Note,
    string RejectedBy,
    DateTimeOffset RejectedAt);

/// <summary>Publication owes a subscription one webhook delivery.</summary>
public sealed record DeliveryRequested(Guid DeliveryId, Guid SubscriptionId);
