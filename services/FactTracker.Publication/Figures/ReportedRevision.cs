using FactTracker.Contracts;
using FactTracker.Figures;
using Marten;
using Marten.Events.Projections;

namespace FactTracker.Publication.Figures;

/// <summary>
/// One published revision, small enough to look up by (figure, source, reportedAt): what "reportedAsOf" needs without
/// replaying the figure's stream. Derived from the event store by <see cref="ReportedRevisionProjection"/> in the same
/// transaction as the event, never written by hand.
/// </summary>
/// <param name="ReportedAt">When the source reported it; for a row that is not <paramref name="Reported"/>, when it was published.</param>
/// <param name="Reported">An approval with a value and a report time: the rows reportedAsOf folds.</param>
/// <param name="Retracted">A later revision retracted this one.</param>
public sealed record ReportedRevision(
    string Id,
    string FigureId,
    int Revision,
    string Change,
    int? TargetRevision,
    string Source,
    DateTimeOffset ReportedAt,
    FigureValue? Value,
    bool Reported,
    bool Retracted)
{
    public static string IdOf(string figureId, int revision) => $"{figureId}/{revision}";

    public LedgerEntry ToEntry() => new(Revision, Source, Value!, ReportedAt);
}

/// <summary>One <see cref="ReportedRevision"/> per published revision; a correction or retraction also marks the revision it targets.</summary>
public sealed partial class ReportedRevisionProjection : EventProjection
{
    public async Task Project(RevisionPublished e, IDocumentOperations ops, CancellationToken ct)
    {
        var reported = e.Change == Changes.Approved && e.Value is not null && e.ReportedAt is not null;
        ops.Store(new ReportedRevision(ReportedRevision.IdOf(e.FigureId, e.Revision), e.FigureId, e.Revision, e.Change, e.TargetRevision,
            e.Source, e.ReportedAt ?? e.PublishedAt, e.Value, reported, false));
        if (e.TargetRevision is not { } target || e.Change is not (Changes.Corrected or Changes.Retracted)) return;
        var earlier = await ops.LoadAsync<ReportedRevision>(ReportedRevision.IdOf(e.FigureId, target), ct);
        if (earlier is null) return;
        // What was learnt later about a report still applies to it: a corrected value, a retraction.
        if (e.Change == Changes.Retracted) ops.Store(earlier with { Retracted = true });
        else if (e.Value is not null) ops.Store(earlier with { Value = e.Value });
    }
}
