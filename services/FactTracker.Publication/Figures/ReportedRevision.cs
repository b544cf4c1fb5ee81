using System.Text.Json.Serialization;
using FactTracker.Contracts;
using FactTracker.Figures;
using JasperFx.Events;
using Marten;
using Marten.Events.Projections;

namespace FactTracker.Publication.Figures;

/// <summary>
/// One published revision as "reportedAsOf" needs it. A report (<paramref name="Reported"/>) also carries the answer for
/// its own report time: <paramref name="StateByThen"/>, the figure folded from every report made by <paramref name="ReportedAt"/>
/// with the corrections, retractions and pin known now, and <paramref name="RevisionByThen"/>, the newest of those reports.
/// So "reportedAsOf=T" is the row of the latest report made by T: one indexed look-up, whatever the length of the history.
/// Derived from the event store by <see cref="ReportedRevisionProjection"/> in the same transaction as the event, never written by hand.
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
    bool Retracted,
    FigureState? StateByThen = null,
    int RevisionByThen = 0)
{
    public static string IdOf(string figureId, int revision) => $"{figureId}/{revision}";

    [JsonIgnore]
    public bool Standing => Reported && !Retracted;

    public LedgerEntry ToEntry() => new(Revision, Source, Value!, ReportedAt);
}

/// <summary>
/// One <see cref="ReportedRevision"/> per published revision; a correction or retraction also marks the revision it targets.
/// Whatever changes what was reported by some time (a new report, a late one, a correction, a retraction, a pin) also refolds
/// the reports made at or after that time. A new report is usually the latest, so that is one row; a correction of an early
/// report rewrites every later report's state, which is rare and bounded by the figure's history.
/// It sees a whole commit at once, so revisions appended together (a replay) find each other before they reach the database,
/// and the rows of every figure in the commit are read together: one round trip for the commit, not one per figure.
/// </summary>
public sealed partial class ReportedRevisionProjection : IProjection
{
    public async Task ApplyAsync(IDocumentOperations ops, IReadOnlyList<IEvent> events, CancellationToken cancellation)
    {
        var figures = events.Select(e => e.Data).OfType<RevisionPublished>().GroupBy(r => r.FigureId, StringComparer.Ordinal)
            .Select(g => new FigureRows(g.Key, g.OrderBy(r => r.Revision).ToList())).ToList();
        if (figures.Count == 0) return;

        // The usual commit is a new report per figure and nothing else: what each refolds starts at its own report time,
        // so the reports around that time are read with the current pin, for every figure at once.
        var batch = ops.CreateBatchQuery();
        foreach (var figure in figures) figure.Read(batch);
        await batch.Execute(cancellation);

        // Earlier rows that corrections, retractions and pins (and the current pins) touch: one read for every figure.
        var targets = new List<string>();
        foreach (var figure in figures) targets.AddRange(await figure.TargetsAsync());
        var loaded = targets.Count == 0 ? [] : await ops.LoadManyAsync<ReportedRevision>(cancellation, targets);
        foreach (var figure in figures) figure.Project(loaded.Where(r => string.Equals(r.FigureId, figure.FigureId, StringComparison.Ordinal)));

        // A refold that starts before the guess (a correction of an earlier report) reads the reports around its own start.
        var again = figures.Where(f => f.ReadsAgain).ToList();
        if (again.Count > 0)
        {
            var more = ops.CreateBatchQuery();
            foreach (var figure in again) figure.ReadAgain(more);
            await more.Execute(cancellation);
        }
        foreach (var figure in figures) await figure.StoreAsync(ops);
    }

    /// <summary>One figure's revisions in the commit, and the rows they write.</summary>
    private sealed class FigureRows(string figureId, IReadOnlyList<RevisionPublished> revisions)
    {
        // Rows this commit writes, and the earlier rows its corrections, retractions and pins (and the current pin) touch.
        private readonly Dictionary<int, ReportedRevision> _rows = new();
        private readonly Dictionary<int, ReportedRevision> _stored = new();
        private DateTimeOffset _guess;
        private Task<ReportedRevision?>? _pinning;
        private (Task<ReportedRevision?> Before, Task<IReadOnlyList<ReportedRevision>> Later)? _around;
        private int? _pinned;
        private DateTimeOffset? _from;

        public string FigureId => figureId;

        /// <summary>The refold starts elsewhere than the reports read with the pin.</summary>
        public bool ReadsAgain => _from is { } from && (_around is null || from != _guess);

        public void Read(Marten.Services.BatchQuerying.IBatchedQuery batch)
        {
            _guess = revisions.Where(IsReport).Select(r => r.ReportedAt!.Value).DefaultIfEmpty().Min();
            _pinning = batch.Query<ReportedRevision>()
                .Where(r => r.FigureId == figureId && r.Change == Changes.Pinned)
                .OrderByDescending(r => r.Revision).FirstOrDefault();
            _around = _guess == default ? null : ReportsAround(batch, figureId, _guess);
        }

        /// <summary>The ids of the earlier rows this commit touches, once the current pin is known.</summary>
        public async Task<IEnumerable<string>> TargetsAsync()
        {
            _pinned = (await _pinning!)?.TargetRevision;
            return revisions.Select(r => r.TargetRevision).Append(_pinned).OfType<int>()
                .Where(t => revisions.All(r => r.Revision != t)).Distinct().Select(t => ReportedRevision.IdOf(figureId, t)).ToList();
        }

        /// <summary>Writes this commit's rows over the earlier ones loaded, and finds the earliest report time they change.</summary>
        public void Project(IEnumerable<ReportedRevision> loaded)
        {
            foreach (var row in loaded) _rows[row.Revision] = _stored[row.Revision] = row;
            foreach (var e in revisions)
            {
                var reported = IsReport(e);
                var row = new ReportedRevision(ReportedRevision.IdOf(e.FigureId, e.Revision), e.FigureId, e.Revision, e.Change, e.TargetRevision,
                    e.Source, e.ReportedAt ?? e.PublishedAt, e.Value, reported, false);
                _rows[e.Revision] = row;
                Affects(row);
                if (e.TargetRevision is not { } target || !_rows.TryGetValue(target, out var earlier)) continue;
                switch (e.Change)
                {
                    // What was learnt later about a report still applies to it: a corrected value, a retraction.
                    case Changes.Retracted:
                        _rows[target] = earlier with { Retracted = true };
                        Affects(earlier);
                        break;
                    case Changes.Corrected when e.Value is not null:
                        _rows[target] = earlier with { Value = e.Value };
                        Affects(earlier);
                        break;
                    case Changes.Pinned:
                        if (_pinned is { } previous && _rows.TryGetValue(previous, out var unpinned)) Affects(unpinned);
                        _pinned = target;
                        Affects(earlier);
                        break;
                }
            }
        }

        private void Affects(ReportedRevision? row)
        {
            if (row is { Reported: true } && (_from is null || row.ReportedAt < _from)) _from = row.ReportedAt;
        }

        public void ReadAgain(Marten.Services.BatchQuerying.IBatchedQuery batch) => _around = ReportsAround(batch, figureId, _from!.Value);

        public async Task StoreAsync(IDocumentOperations ops)
        {
            if (_from is { } t0 && _around is { } read) Refold(await read.Before, await read.Later, t0, _rows, _pinned);
            foreach (var row in _rows.Values)
                if (!_stored.TryGetValue(row.Revision, out var before) || !ReferenceEquals(before, row)) ops.Store(row);
        }
    }

    private static bool IsReport(RevisionPublished e) => e.Change == Changes.Approved && e.Value is not null && e.ReportedAt is not null;

    /// <summary>The last report made before <paramref name="from"/>, and every report made at or after it.</summary>
    private static (Task<ReportedRevision?> Before, Task<IReadOnlyList<ReportedRevision>> Later) ReportsAround(
        Marten.Services.BatchQuerying.IBatchedQuery batch, string figureId, DateTimeOffset from) =>
        (batch.Query<ReportedRevision>()
                .Where(r => r.FigureId == figureId && r.Reported && r.ReportedAt < from)
                .OrderByDescending(r => r.ReportedAt).ThenByDescending(r => r.Revision).FirstOrDefault(),
            batch.Query<ReportedRevision>().Where(r => r.FigureId == figureId && r.Reported && r.ReportedAt >= from).ToList());

    /// <summary>
    /// Recomputes the state of every report made at or after <paramref name="from"/>, starting from <paramref name="before"/>,
    /// the last report before it; <paramref name="later"/> are the stored reports made at or after it.
    /// </summary>
    private static void Refold(ReportedRevision? before, IReadOnlyList<ReportedRevision> later, DateTimeOffset from,
        Dictionary<int, ReportedRevision> rows, int? pinned)
    {
        // Reports before `from` are unchanged (every change was at `from` or later), so the last one's state is still right.
        foreach (var row in later) rows.TryAdd(row.Revision, row);

        var latest = (before?.StateByThen?.Sources ?? [])
            .ToDictionary(s => s.Source, s => new LedgerEntry(s.Revision, s.Source, s.Value, s.ReportedAt), StringComparer.Ordinal);
        var newest = before?.RevisionByThen ?? 0;
        LedgerEntry? pin = null;
        if (pinned is { } p && rows.TryGetValue(p, out var pinnedRow) && pinnedRow.Standing && pinnedRow.ReportedAt < from)
            pin = pinnedRow.ToEntry();

        var refold = rows.Values.Where(r => r.Reported && r.ReportedAt >= from)
            .OrderBy(r => r.ReportedAt).ThenBy(r => r.Revision).ToList();
        // Reports made at the same instant share one answer: everything reported by then.
        foreach (var sameTime in refold.GroupBy(r => r.ReportedAt))
        {
            foreach (var row in sameTime)
            {
                newest = Math.Max(newest, row.Revision);
                if (!row.Standing) continue;
                // In report order, a standing report is its source's latest so far.
                latest[row.Source] = row.ToEntry();
                if (row.Revision == pinned) pin = row.ToEntry();
            }
            var entries = pin is null || latest.Values.Contains(pin) ? latest.Values : latest.Values.Append(pin);
            var state = FigureLedger.Fold(entries, pinned);
            foreach (var row in sameTime) rows[row.Revision] = row with { StateByThen = state, RevisionByThen = newest };
        }
    }
}
