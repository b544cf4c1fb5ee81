using FactTracker.Contracts;
using FactTracker.Figures;

namespace FactTracker.Verification.Figures;

// The figure's stream is the record of how it was revised. Every event says what happened, who decided
// it and why; revision events also carry the state they left, so every later view is a fold of them.

public sealed record FigureOpened(string FigureId, string Story, string Metric, string Subject);

public sealed record RevisionApproved(
    int Revision,
    FigureValue Value,
    FigureValue ClaimedValue,
    string Source,
    Guid ClaimId,
    Guid UpdateId,
    string? Quote,
    string? UpdateUrl,
    IReadOnlyList<string> Verifiers,
    string? Reason,
    string? Note,
    DateTimeOffset ReportedAt,
    DateTimeOffset RecordedAt,
    FigureState State);

public sealed record RevisionCorrected(
    int Revision,
    int CorrectedRevision,
    FigureValue Value,
    FigureValue PreviousValue,
    string Source,
    IReadOnlyList<string> Verifiers,
    string Reason,
    DateTimeOffset RecordedAt,
    FigureState State);

public sealed record RevisionRetracted(
    int Revision,
    int RetractedRevision,
    string Source,
    IReadOnlyList<string> Verifiers,
    string Reason,
    DateTimeOffset RecordedAt,
    FigureState State);

public sealed record HeadlinePinned(
    int Revision,
    int PinnedRevision,
    IReadOnlyList<string> Verifiers,
    string Reason,
    DateTimeOffset RecordedAt,
    FigureState State);

/// <summary>A change held back by a rule until a second, different verifier makes it too.</summary>
public sealed record ChangeHeld(
    string ChangeKey,
    string Change,
    string ProposedBy,
    string? Reason,
    string Rule,
    string Explanation,
    DateTimeOffset HeldAt);

/// <summary>A held change that can no longer apply: its claim was rejected.</summary>
public sealed record HeldChangeWithdrawn(string ChangeKey, string WithdrawnBy, string Reason, DateTimeOffset WithdrawnAt);

public sealed record HeldChange(string ChangeKey, string Change, string ProposedBy, string? Reason, string Rule, string Explanation, DateTimeOffset HeldAt);

/// <summary>A figure's current state, folded from its stream (an inline snapshot: reads and writes never replay).</summary>
public sealed partial record Figure(
    string Id,
    string Story,
    string Metric,
    string Subject,
    int Revision,
    FigureState State,
    IReadOnlyList<HeldChange> Held)
{
    public static Figure Create(FigureOpened e) => new(e.FigureId, e.Story, e.Metric, e.Subject, 0, FigureLedger.Empty, []);

    public Figure Apply(RevisionApproved e) => Revised(e.Revision, e.State, ChangeKeys.ApproveClaim(e.ClaimId));

    public Figure Apply(RevisionCorrected e) => Revised(e.Revision, e.State, ChangeKeys.Correct(e.CorrectedRevision, e.Value));

    public Figure Apply(RevisionRetracted e) => Revised(e.Revision, e.State, ChangeKeys.Retract(e.RetractedRevision));

    public Figure Apply(HeadlinePinned e) => Revised(e.Revision, e.State, ChangeKeys.Pin(e.PinnedRevision));

    public Figure Apply(ChangeHeld e) => this with
    {
        Held = [.. Held.Where(h => h.ChangeKey != e.ChangeKey), new HeldChange(e.ChangeKey, e.Change, e.ProposedBy, e.Reason, e.Rule, e.Explanation, e.HeldAt)],
    };

    public Figure Apply(HeldChangeWithdrawn e) => this with { Held = Held.Where(h => h.ChangeKey != e.ChangeKey).ToList() };

    private Figure Revised(int revision, FigureState state, string appliedKey) =>
        this with { Revision = revision, State = state, Held = Held.Where(h => h.ChangeKey != appliedKey).ToList() };
}

/// <summary>What makes two verifiers' actions "the same change" for the four-eyes rule.</summary>
public static class ChangeKeys
{
    public static string ApproveClaim(Guid claimId) => $"approve:{claimId:N}";
    public static string Correct(int revision, FigureValue value) => $"correct:{revision}:{value.Kind}:{value.Low}:{value.High}";
    public static string Retract(int revision) => $"retract:{revision}";
    public static string Pin(int revision) => $"pin:{revision}";
}

/// <summary>A figure's standing revisions, folded from its stream (read only when an earlier revision is changed).</summary>
public static class FigureLedgerHistory
{
    public static (IReadOnlyList<LedgerEntry> Ledger, int? Pinned) From(IEnumerable<object> events)
    {
        var entries = new List<LedgerEntry>();
        int? pinned = null;
        foreach (var e in events)
        {
            switch (e)
            {
                case RevisionApproved a:
                    entries.Add(new LedgerEntry(a.Revision, a.Source, a.Value, a.ReportedAt));
                    break;
                case RevisionCorrected c:
                    var i = entries.FindIndex(x => x.Revision == c.CorrectedRevision);
                    if (i >= 0) entries[i] = entries[i] with { Value = c.Value };
                    break;
                case RevisionRetracted r:
                    entries.RemoveAll(x => x.Revision == r.RetractedRevision);
                    if (pinned == r.RetractedRevision) pinned = null;
                    break;
                case HeadlinePinned p:
                    pinned = p.PinnedRevision;
                    break;
            }
        }
        return (entries, pinned);
    }
}
