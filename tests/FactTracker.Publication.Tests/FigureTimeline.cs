using FactTracker.Contracts;
using FactTracker.Figures;

namespace FactTracker.Publication.Tests;

/// <summary>
/// One figure as Verification announces it: each call is the figure's next revision, with the state it leaves
/// folded by the same <see cref="FigureLedger"/> rules Verification uses, so the messages are ones it could send.
/// </summary>
public sealed class FigureTimeline(string story, string metric = "killed", string subject = "people")
{
    private readonly List<LedgerEntry> _entries = [];
    private int? _pinned;

    public string Story => story;
    public string FigureId => FactTracker.Figures.FigureId.For(story, metric, subject);
    public int Revision { get; private set; }
    public FigureState State { get; private set; } = FigureLedger.Empty;

    /// <summary>Reported at 10:00+06:00 plus the revision number in minutes unless given.</summary>
    public static DateTimeOffset ReportedAt(int revision) => new DateTimeOffset(2022, 1, 6, 10, 0, 0, TimeSpan.FromHours(6)).AddMinutes(revision);

    public static DateTimeOffset RecordedAt(int revision) => new DateTimeOffset(2022, 1, 6, 5, 30, 15, TimeSpan.Zero).AddMinutes(revision);

    public Contracts.FigureRevised Approve(FigureValue value, string source = "Ministry of Health", DateTimeOffset? reportedAt = null,
        IReadOnlyList<string>? verifiedBy = null, string? reason = null)
    {
        var previous = Next();
        var reported = reportedAt ?? ReportedAt(Revision);
        _entries.Add(new LedgerEntry(Revision, source, value, reported));
        State = FigureLedger.Fold(_entries, _pinned);
        return new Contracts.FigureRevised(FigureId, story, metric, subject, Revision, Revision - 1, value, previous.Headline, source,
            ClaimId: Guid.NewGuid(), UpdateId: Guid.NewGuid(),
            Quote: $"{value.Low ?? value.High} people, {source} said",
            UpdateUrl: $"https://example.org/live/{story}#update-{Revision}",
            VerifiedBy: verifiedBy ?? ["desk-editor"], Reason: reason,
            ReportedAt: reported, RecordedAt: RecordedAt(Revision), State: State);
    }

    public FigureCorrected Correct(int target, FigureValue value, string reason, IReadOnlyList<string>? verifiedBy = null) =>
        Change("corrected", target, value, reason, verifiedBy, i => _entries[i] = _entries[i] with { Value = value });

    public FigureCorrected Retract(int target, string reason, IReadOnlyList<string>? verifiedBy = null) =>
        Change("retracted", target, null, reason, verifiedBy, i =>
        {
            _entries[i] = _entries[i] with { Retracted = true };
            if (_pinned == target) _pinned = null;
        });

    public FigureCorrected Pin(int target, string reason, IReadOnlyList<string>? verifiedBy = null) =>
        Change("pinned", target, null, reason, verifiedBy, _ => _pinned = target);

    /// <summary>
    /// The figure folded from only the reports made by <paramref name="t"/>, with every correction, retraction and pin known
    /// now, and the newest of those reports: what "reportedAsOf" answers, by the rules Verification folds with.
    /// </summary>
    public (FigureState State, int Revision) ReportedBy(DateTimeOffset t)
    {
        var made = _entries.Where(e => e.ReportedAt <= t).ToList();
        return (FigureLedger.Fold(made, _pinned), made.Count == 0 ? 0 : made.Max(e => e.Revision));
    }

    /// <summary>Whether the latest revision left the sources contradicting each other, as Verification announces it.</summary>
    public FigureContested Contested() =>
        new(FigureId, story, metric, subject, Revision, State.Contested, RecordedAt(Revision), State);

    private FigureCorrected Change(string action, int target, FigureValue? value, string reason, IReadOnlyList<string>? verifiedBy, Action<int> apply)
    {
        var i = _entries.FindIndex(e => e.Revision == target && !e.Retracted);
        if (i < 0) throw new ArgumentOutOfRangeException(nameof(target), target, "not a standing revision");
        var source = _entries[i].Source;
        var previous = Next();
        apply(i);
        State = FigureLedger.Fold(_entries, _pinned);
        return new FigureCorrected(FigureId, story, metric, subject, Revision, Revision - 1, action, target, value, previous.Headline,
            source, verifiedBy ?? ["desk-editor", "night-editor"], reason, RecordedAt(Revision), State);
    }

    private FigureState Next()
    {
        Revision++;
        return State;
    }
}
