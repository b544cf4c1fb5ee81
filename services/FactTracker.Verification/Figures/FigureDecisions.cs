using FactTracker.Contracts;
using FactTracker.Figures;

namespace FactTracker.Verification.Figures;

public sealed record ApproveClaimRevision(
    string FigureId,
    string Story,
    string Metric,
    string Subject,
    Guid ClaimId,
    Guid UpdateId,
    FigureValue ClaimedValue,
    FigureValue Value,
    string Source,
    string? Quote,
    string? UpdateUrl,
    DateTimeOffset ReportedAt,
    string Verifier,
    string? Reason,
    string? Note,
    DateTimeOffset Now);

/// <summary>Correct, retract or pin an earlier revision. <paramref name="Ledger"/> is the figure's standing history.</summary>
public sealed record ChangeRevision(
    string Action,
    int TargetRevision,
    FigureValue? Value,
    IReadOnlyList<LedgerEntry> Ledger,
    int? PinnedRevision,
    string Verifier,
    string? Reason,
    DateTimeOffset Now);

public enum Outcome { Applied, Held, ReasonRequired, SameVerifier, NotFound, Conflict }

/// <summary>What a command did: the events to append, and for the caller, how it went and why.</summary>
public sealed record Decision(Outcome Outcome, IReadOnlyList<object> Events, string? Rule = null, string? Message = null)
{
    public static Decision Refused(Outcome outcome, string message, string? rule = null) => new(outcome, [], rule, message);
}

/// <summary>Pure rules: what a command does to a figure, as events. No I/O.</summary>
public static class FigureDecisions
{
    public const string Approved = "approved";
    public const string Corrected = "corrected";
    public const string Retracted = "retracted";
    public const string Pinned = "pinned";

    /// <summary>A cumulative figure's headline going down is a correction: a reason and a second verifier.</summary>
    public const string HeadlineDecreaseRule = "headline-decrease-needs-second-verifier";

    /// <summary>A verifier's correction that moves the headline by more than half: a second verifier too.</summary>
    public const string LargeCorrectionRule = "large-correction-needs-second-verifier";

    public static Decision Decide(Figure? figure, ApproveClaimRevision c)
    {
        if (FigureValues.TryNormalize(c.Value, out var value) is { } problem)
            throw new ArgumentException($"The value cannot be approved: {problem}", nameof(c));
        var events = new List<object>();
        if (figure is null)
            events.Add(new FigureOpened(c.FigureId, c.Story, c.Metric, c.Subject));
        var before = figure?.State ?? FigureLedger.Empty;
        var revision = (figure?.Revision ?? 0) + 1;
        var after = FigureLedger.Approve(before, new SourceValue(c.Source, value, revision, c.ReportedAt));

        // A verifier's corrected value, not the claim as it was made.
        var corrected = FigureValues.TryNormalize(c.ClaimedValue, out var claimed) is not null || !FigureValues.SameValue(claimed, value);
        var gate = FourEyes(figure, ChangeKeys.ApproveClaim(c.ClaimId), Approved, before, after, corrected, c.Verifier, c.Reason, c.Now);
        if (gate.Decision is { } stop) return stop with { Events = [.. events, .. stop.Events] };

        events.Add(new RevisionApproved(revision, value, c.ClaimedValue, c.Source, c.ClaimId, c.UpdateId, c.Quote, c.UpdateUrl,
            gate.Verifiers, gate.Reason, c.Note, c.ReportedAt, c.Now, after));
        return new Decision(Outcome.Applied, events);
    }

    public static Decision Decide(Figure figure, ChangeRevision c)
    {
        if (string.IsNullOrWhiteSpace(c.Reason))
            return Decision.Refused(Outcome.ReasonRequired, $"A revision is {c.Action} only with a reason.");
        var target = c.Ledger.FirstOrDefault(e => e.Revision == c.TargetRevision);
        if (target is null)
            return Decision.Refused(Outcome.NotFound, $"Revision {c.TargetRevision} of {figure.Id} is not an approved value that still stands.");

        var revision = figure.Revision + 1;
        FigureState after;
        string key;
        switch (c.Action)
        {
            case Corrected:
                if (c.Value is null || FigureValues.TryNormalize(c.Value, out var corrected) is not null)
                    throw new ArgumentException("A correction needs a valid value.", nameof(c));
                if (corrected == target.Value)
                    return Decision.Refused(Outcome.Conflict, $"Revision {c.TargetRevision} already says {FigureValues.Describe(corrected)}.");
                after = FigureLedger.Fold(c.Ledger.Select(e => e.Revision == target.Revision ? e with { Value = corrected } : e), c.PinnedRevision);
                key = ChangeKeys.Correct(target.Revision, corrected);
                break;
            case Retracted:
                after = FigureLedger.Fold(c.Ledger.Where(e => e.Revision != target.Revision),
                    c.PinnedRevision == target.Revision ? null : c.PinnedRevision);
                key = ChangeKeys.Retract(target.Revision);
                break;
            case Pinned:
                if (c.PinnedRevision == target.Revision)
                    return Decision.Refused(Outcome.Conflict, $"The headline is already pinned to revision {target.Revision}.");
                after = FigureLedger.Fold(c.Ledger, target.Revision);
                key = ChangeKeys.Pin(target.Revision);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(c), c.Action, "corrected, retracted or pinned");
        }

        var gate = FourEyes(figure, key, c.Action, figure.State, after, c.Action == Corrected, c.Verifier, c.Reason, c.Now);
        if (gate.Decision is { } stop) return stop;

        object applied = c.Action switch
        {
            Corrected => new RevisionCorrected(revision, target.Revision, c.Value!, target.Value, target.Source, gate.Verifiers, gate.Reason!, c.Now, after),
            Retracted => new RevisionRetracted(revision, target.Revision, target.Source, gate.Verifiers, gate.Reason!, c.Now, after),
            _ => new HeadlinePinned(revision, target.Revision, gate.Verifiers, gate.Reason!, c.Now, after),
        };
        return new Decision(Outcome.Applied, [applied]);
    }

    private sealed record Gate(Decision? Decision, IReadOnlyList<string> Verifiers, string? Reason);

    /// <summary>
    /// Lowering the headline needs a reason and two different verifiers: the first one's action is held (and says
    /// which rule held it); the same action by a second verifier applies it with both names.
    /// </summary>
    private static Gate FourEyes(Figure? figure, string key, string change, FigureState before, FigureState after, bool correction,
        string verifier, string? reason, DateTimeOffset now)
    {
        var held = figure?.Held.FirstOrDefault(h => h.ChangeKey == key);
        var rule = FigureLedger.Lowers(before.Headline, after.Headline) ? HeadlineDecreaseRule
            : correction && MovesByMoreThanHalf(before.Headline, after.Headline) ? LargeCorrectionRule
            : null;
        if (rule is null)
            return held is null || held.ProposedBy == verifier
                ? new Gate(null, [verifier], reason)
                : new Gate(null, [held.ProposedBy, verifier], reason ?? held.Reason);

        var explanation = rule == HeadlineDecreaseRule
            ? $"This would lower the headline from {Describe(before.Headline)} to {Describe(after.Headline)}: " +
              "a cumulative figure going down is a correction, applied only when a second, different verifier makes it too."
            : $"This correction would move the headline from {Describe(before.Headline)} to {Describe(after.Headline)}, by more than half: " +
              "it is applied only when a second, different verifier makes it too.";
        if (held is null)
        {
            if (string.IsNullOrWhiteSpace(reason))
                return new Gate(Decision.Refused(Outcome.ReasonRequired, explanation + " Give a reason.", rule), [], null);
            return new Gate(new Decision(Outcome.Held, [new ChangeHeld(key, change, verifier, reason, rule, explanation, now)],
                rule, explanation), [], null);
        }
        if (held.ProposedBy == verifier)
            return new Gate(Decision.Refused(Outcome.SameVerifier,
                $"{verifier} already proposed this change; a second, different verifier must confirm it.", held.Rule), [], null);
        return new Gate(null, [held.ProposedBy, verifier], held.Reason ?? reason);
    }

    /// <summary>The headline's middle moves by more than half of where it was (from nothing is no move: there was no headline).</summary>
    public static bool MovesByMoreThanHalf(FigureValue? before, FigureValue? after)
    {
        if (before is null || after is null) return false;
        double Middle(FigureValue v) => v.Low is { } lo && v.High is { } hi ? (lo + hi) / 2.0 : FigureLedger.LowerPoint(v);
        var (b, a) = (Middle(before), Middle(after));
        return b == 0 ? a != 0 : Math.Abs(a - b) > b / 2;
    }

    private static string Describe(FigureValue? v) => v is null ? "nothing" : FigureValues.Describe(v);
}
