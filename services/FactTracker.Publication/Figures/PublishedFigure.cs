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

/// <summary>"What had sources reported by T?": the published revisions folded with only the reports made by then.</summary>
public static class ReportedAsOf
{
    /// <summary>
    /// From <see cref="ReportedRevision"/> rows (an inline projection of the published revisions): per source, its latest
    /// standing report made by T; the newest report made by T for the revision number; the latest pin. One batch of indexed
    /// look-ups, whatever the length of the history.
    /// </summary>
    public static async Task<(FigureState State, int Revision)> LookUpAsync(IQuerySession session, PublishedFigure figure,
        DateTimeOffset reportedBy, CancellationToken ct)
    {
        var id = figure.Id;
        var batch = session.CreateBatchQuery();
        // Every source with a standing report is in the current state: a source whose reports were all retracted adds nothing.
        var perSource = figure.State.Sources.Select(s => s.Source).Distinct(StringComparer.Ordinal).Select(source => batch.Query<ReportedRevision>()
            .Where(r => r.FigureId == id && r.Source == source && r.ReportedAt <= reportedBy && r.Reported && !r.Retracted)
            .OrderByDescending(r => r.ReportedAt).ThenByDescending(r => r.Revision).FirstOrDefault()).ToList();
        var newest = batch.Query<ReportedRevision>()
            .Where(r => r.FigureId == id && r.Reported && r.ReportedAt <= reportedBy)
            .OrderByDescending(r => r.Revision).FirstOrDefault();
        var pin = batch.Query<ReportedRevision>()
            .Where(r => r.FigureId == id && r.Change == Changes.Pinned)
            .OrderByDescending(r => r.Revision).FirstOrDefault();
        await batch.Execute(ct);

        if (await newest is not { } last) return (FigureLedger.Empty, 0);
        var entries = new List<LedgerEntry>();
        foreach (var row in perSource)
            if (await row is { } r) entries.Add(r.ToEntry());
        int? pinned = (await pin)?.TargetRevision;
        if (pinned is { } p && entries.All(e => e.Revision != p))
        {
            // A pinned report older than its source's latest still makes the headline.
            var target = await session.LoadAsync<ReportedRevision>(ReportedRevision.IdOf(id, p), ct);
            if (target is { Reported: true, Retracted: false } && target.ReportedAt <= reportedBy) entries.Add(target.ToEntry());
        }
        return (FigureLedger.Fold(entries, pinned), last.Revision);
    }
}
