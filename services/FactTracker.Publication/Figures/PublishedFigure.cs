using FactTracker.Contracts;

namespace FactTracker.Publication.Figures;

/// <summary>What FactTracker published: one event per revision, in revision order.</summary>
public sealed record RevisionPublished(
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
    DateTimeOffset RecordedAt,
    DateTimeOffset PublishedAt)
{
    public static RevisionPublished From(FigureRevised m, DateTimeOffset publishedAt) => new(m.FigureId, m.Story, m.Metric,
        m.Subject, m.Revision, m.PreviousRevision, m.Value, m.PreviousValue, m.Source, m.ClaimId, m.UpdateId, m.Quote,
        m.UpdateUrl, m.VerifiedBy, m.ReportedAt, m.RecordedAt, publishedAt);
}

/// <summary>A figure as the public reads it now (an inline snapshot of its stream).</summary>
public sealed partial record PublishedFigure(
    string Id,
    string Story,
    string Metric,
    string Subject,
    int Revision,
    FigureValue Value,
    string Source,
    string? Quote,
    string? UpdateUrl,
    string VerifiedBy,
    DateTimeOffset ReportedAt,
    DateTimeOffset RecordedAt,
    DateTimeOffset PublishedAt)
{
    public static PublishedFigure Create(RevisionPublished e) => new(e.FigureId, e.Story, e.Metric, e.Subject, e.Revision,
        e.Value, e.Source, e.Quote, e.UpdateUrl, e.VerifiedBy, e.ReportedAt, e.RecordedAt, e.PublishedAt);

    public PublishedFigure Apply(RevisionPublished e) => Create(e);
}
