using FactTracker.Contracts;
using FactTracker.Figures;

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

/// <summary>"What had sources reported by T?": the published revisions folded with only the reports made by then.</summary>
public static class ReportedAsOf
{
    public static (FigureState State, int Revision) Fold(IEnumerable<RevisionPublished> revisions, DateTimeOffset reportedBy)
    {
        var entries = new List<LedgerEntry>();
        int? pinned = null;
        var revision = 0;
        foreach (var r in revisions)
        {
            switch (r.Change)
            {
                case Changes.Approved when r.ReportedAt <= reportedBy && r.Value is not null:
                    entries.Add(new LedgerEntry(r.Revision, r.Source, r.Value, r.ReportedAt.Value));
                    revision = r.Revision;
                    break;
                // What was learnt later about those reports still applies: a corrected value, a retraction.
                case Changes.Corrected when r.Value is not null:
                    var i = entries.FindIndex(e => e.Revision == r.TargetRevision);
                    if (i >= 0) entries[i] = entries[i] with { Value = r.Value };
                    break;
                case Changes.Retracted:
                    entries.RemoveAll(e => e.Revision == r.TargetRevision);
                    break;
                case Changes.Pinned:
                    pinned = r.TargetRevision;
                    break;
            }
        }
        return (FigureLedger.Fold(entries, pinned), revision);
    }
}
