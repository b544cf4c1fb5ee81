using FactTracker.Figures;
using FactTracker.Verification.Figures;
using FactTracker.Verification.Reviews;

namespace FactTracker.Verification.VerifierConsole;

/// <summary>One step of a claim's review or a figure's stream, as a line of the audit trail: who and what.</summary>
public static class AuditLine
{
    public static (string Who, string What) Describe(object data) => data switch
    {
        ReviewSubmitted e => ("", $"submitted: {e.Metric} {e.Subject} {FigureValues.Describe(e.Value)} from {e.Source} ({e.Origin})"),
        ReviewAssigned e => (e.Verifier, $"took it until {e.Until:HH:mm} UTC{(e.Previous is { } p ? $" (held before by {p})" : "")}"),
        ReviewReleased e => (e.Verifier, "released it"),
        ReviewNoted e => (e.Verifier, $"noted: {e.Text}"),
        ReviewDisputed e => (e.Verifier, $"disputed: {e.Text}"),
        ReviewApprovalHeld e => (e.Verifier, $"approved {FigureValues.Describe(e.Value)}, held ({e.Rule}){(e.Reason is null ? "" : $": {e.Reason}")}"),
        ReviewApproved e => (string.Join(", ", e.Verifiers),
            $"approved {FigureValues.Describe(e.ApprovedValue)}{(FigureValues.SameValue(e.ApprovedValue, e.ClaimedValue) ? "" : $" (claimed {FigureValues.Describe(e.ClaimedValue)})")}" +
            $" as revision {e.Revision} of {e.FigureId}{(e.Reason is null ? "" : $": {e.Reason}")}{(e.Note is null ? "" : $" — {e.Note}")}"),
        ReviewRejected e => (e.Verifier, $"rejected: {e.Reason}{(e.Text is null ? "" : $" — {e.Text}")}"),
        ReviewReopened e => (e.Verifier, $"reopened: {e.Reason}"),
        FigureOpened e => ("", $"opened {e.FigureId}"),
        RevisionApproved e => (string.Join(", ", e.Verifiers), $"r{e.Revision}: {e.Source} {FigureValues.Describe(e.Value)}"),
        RevisionCorrected e => (string.Join(", ", e.Verifiers), $"r{e.Revision}: corrected r{e.CorrectedRevision} from {FigureValues.Describe(e.PreviousValue)} to {FigureValues.Describe(e.Value)}: {e.Reason}"),
        RevisionRetracted e => (string.Join(", ", e.Verifiers), $"r{e.Revision}: retracted r{e.RetractedRevision} ({e.Source}): {e.Reason}"),
        HeadlinePinned e => (string.Join(", ", e.Verifiers), $"r{e.Revision}: pinned the headline to r{e.PinnedRevision}: {e.Reason}"),
        ChangeHeld e => (e.ProposedBy, $"{e.Change} held ({e.Rule}){(e.Reason is null ? "" : $": {e.Reason}")}"),
        HeldChangeWithdrawn e => (e.WithdrawnBy, $"held change withdrawn: {e.Reason}"),
        _ => ("", data.GetType().Name),
    };
}
