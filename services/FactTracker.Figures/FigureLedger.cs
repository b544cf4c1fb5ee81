using FactTracker.Contracts;

namespace FactTracker.Figures;

/// <summary>One revision as the ledger folds it: whose value, what, reported when, and whether it still stands.</summary>
public sealed record LedgerEntry(int Revision, string Source, FigureValue Value, DateTimeOffset ReportedAt, bool Retracted = false);

/// <summary>
/// The rules that turn revisions into a figure's state, shared by Verification (which decides) and
/// Publication (which answers "what did the figure look like as of T").
/// </summary>
public static class FigureLedger
{
    public static readonly FigureState Empty = new(null, null, null, false, false, []);

    /// <summary>Folds a figure's revisions into its state: each source's latest reported value, the headline and whether it is contested.</summary>
    public static FigureState Fold(IEnumerable<LedgerEntry> entries, int? pinnedRevision = null)
    {
        var standing = entries.Where(e => !e.Retracted).ToList();
        var sources = standing
            .GroupBy(e => e.Source, StringComparer.Ordinal)
            .Select(g => g.MaxBy(e => (e.ReportedAt, e.Revision))!)
            .Select(e => new SourceValue(e.Source, e.Value, e.Revision, e.ReportedAt))
            .OrderBy(s => s.Source, StringComparer.Ordinal)
            .ToList();
        var pinned = pinnedRevision is { } p ? standing.FirstOrDefault(e => e.Revision == p) : null;
        return WithHeadline(sources, pinned is null ? null : new SourceValue(pinned.Source, pinned.Value, pinned.Revision, pinned.ReportedAt));
    }

    /// <summary>Adds one approved value to a state without replaying history (the hot path of an approval).</summary>
    public static FigureState Approve(FigureState state, SourceValue value)
    {
        var current = state.Sources.FirstOrDefault(s => s.Source == value.Source);
        // A source's older report approved late does not replace what it said since.
        if (current is not null && (current.ReportedAt, current.Revision).CompareTo((value.ReportedAt, value.Revision)) > 0)
            return state;
        var sources = state.Sources.Where(s => s.Source != value.Source).Append(value)
            .OrderBy(s => s.Source, StringComparer.Ordinal).ToList();
        return state.HeadlinePinned
            ? state with { Sources = sources, Contested = IsContested(sources) }
            : WithHeadline(sources, null);
    }

    /// <summary>The headline is the most recently reported standing value unless a verifier pinned one.</summary>
    private static FigureState WithHeadline(IReadOnlyList<SourceValue> sources, SourceValue? pinned)
    {
        var headline = pinned ?? sources.MaxBy(s => (s.ReportedAt, s.Revision));
        return new FigureState(headline?.Value, headline?.Source, headline?.Revision, pinned is not null, IsContested(sources), sources);
    }

    /// <summary>Contested when the current values of two sources cannot both be true.</summary>
    public static bool IsContested(IReadOnlyList<SourceValue> sources)
    {
        for (var i = 0; i < sources.Count; i++)
            for (var j = i + 1; j < sources.Count; j++)
                if (!FigureValues.Overlap(sources[i].Value, sources[j].Value)) return true;
        return false;
    }

    /// <summary>
    /// A cumulative count going down is a correction: true when the new headline's lower point is below the old one's
    /// (164 to 0, 11,300 to "at least 3,958", a figure retracted to nothing).
    /// </summary>
    public static bool Lowers(FigureValue? before, FigureValue? after)
    {
        if (before is null) return false;
        if (after is null) return true;
        return LowerPoint(after) < LowerPoint(before);
    }

    /// <summary>The least the value claims: low, or the upper bound of an at_most value.</summary>
    public static long LowerPoint(FigureValue v) => v.Kind == ValueKinds.AtMost ? v.High ?? 0 : v.Low ?? v.High ?? 0;
}
