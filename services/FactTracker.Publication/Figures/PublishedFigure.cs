using FactTracker.Contracts;
using FactTracker.Figures;
using Marten;

namespace FactTracker.Publication.Figures;

public static class Changes
{
    public const string Approved = "approved";
    public const string Corrected = "corrected";
    public const string Retracted = "retracted";
    public const string Pinned = "pinned";
}

/// <summary>What FactTracker published: one event per revision, in revision order, with the state it left.</summary>
/// <param name="Change">approved, corrected, retracted or pinned.</param>
/// <param name="TargetRevision">For a correction, retraction or pin: the earlier revision it changes.</param>
public sealed record RevisionPublished(
    string FigureId,
    string Story,
    string Metric,
    string Subject,
    int Revision,
    int PreviousRevision,
    string Change,
    int? TargetRevision,
    FigureValue? Value,
    FigureValue? PreviousHeadline,
    string Source,
    Guid? ClaimId,
    Guid? UpdateId,
    string? Quote,
    string? UpdateUrl,
    IReadOnlyList<string> VerifiedBy,
    string? Reason,
    DateTimeOffset? ReportedAt,
    DateTimeOffset RecordedAt,
    FigureState State,
    DateTimeOffset PublishedAt)
{
    public static RevisionPublished From(FigureRevised m, DateTimeOffset publishedAt) => new(m.FigureId, m.Story, m.Metric,
        m.Subject, m.Revision, m.PreviousRevision, Changes.Approved, null, m.Value, m.PreviousHeadline, m.Source, m.ClaimId,
        m.UpdateId, m.Quote, m.UpdateUrl, m.VerifiedBy, m.Reason, m.ReportedAt, m.RecordedAt, m.State, publishedAt);

    public static RevisionPublished From(FigureCorrected m, DateTimeOffset publishedAt) => new(m.FigureId, m.Story, m.Metric,
        m.Subject, m.Revision, m.PreviousRevision, m.Action, m.TargetRevision, m.Value, m.PreviousHeadline, m.Source, null, null,
        null, null, m.VerifiedBy, m.Reason, null, m.RecordedAt, m.State, publishedAt);
}

/// <summary>A figure as the public reads it now (an inline snapshot of its stream: reading never replays).</summary>
public sealed partial record PublishedFigure(
    string Id,
    string Story,
    string Metric,
    string Subject,
    int Revision,
    FigureState State,
    DateTimeOffset RecordedAt,
    DateTimeOffset PublishedAt)
{
    public static PublishedFigure Create(RevisionPublished e) =>
        new(e.FigureId, e.Story, e.Metric, e.Subject, e.Revision, e.State, e.RecordedAt, e.PublishedAt);

    public PublishedFigure Apply(RevisionPublished e) => Create(e);
}
