namespace FactTracker.Verification.Reviews;

public enum ReviewOutcome { Applied, Unchanged, Invalid, Conflict, Forbidden }

/// <summary>What a review command did: the events to append, or why it was refused (409 conflict, 403 rule, 400 invalid).</summary>
public sealed record ReviewDecision(ReviewOutcome Outcome, IReadOnlyList<object> Events, string? Message = null, string? Rule = null)
{
    public static ReviewDecision Refused(ReviewOutcome outcome, string message, string? rule = null) => new(outcome, [], message, rule);
    public static ReviewDecision Of(params object[] events) => new(ReviewOutcome.Applied, events);
}

/// <summary>Pure rules of a claim's review: who may take, release, note, dispute, reject, reopen or approve it, and when. No I/O.</summary>
public static class ReviewDecisions
{
    /// <summary>How long a verifier holds a claim they took, so two people do not work on it at once.</summary>
    public static readonly TimeSpan AssignmentLength = TimeSpan.FromMinutes(15);

    public const string OwnUpdateRule = "never-approve-own-update";

    /// <summary>Why a claim is rejected, as verification desks record it.</summary>
    public static readonly IReadOnlyList<string> RejectReasons = ["wrong_figure", "misattributed", "duplicate", "not_a_claim", "other"];

    public static ReviewDecision Assign(Review r, string verifier, DateTimeOffset now)
    {
        if (!ReviewStatus.IsOpen(r.Status)) return Closed(r, "taken");
        var holder = r.AssigneeAt(now);
        if (holder is not null && holder != verifier) return HeldByOther(r, holder);
        // A retake (same verifier) or a takeover of an expired assignment: both recorded with who held it before.
        return ReviewDecision.Of(new ReviewAssigned(verifier, now, now + AssignmentLength, r.AssignedTo));
    }

    public static ReviewDecision Release(Review r, string verifier, DateTimeOffset now)
    {
        var holder = r.AssigneeAt(now);
        if (holder != verifier)
            return ReviewDecision.Refused(ReviewOutcome.Conflict, holder is null
                ? $"Claim {r.ClaimId} is not assigned to anyone."
                : $"Claim {r.ClaimId} is assigned to {holder}, not {verifier}.");
        return ReviewDecision.Of(new ReviewReleased(verifier, now));
    }

    public static ReviewDecision Note(Review r, string verifier, string? text, DateTimeOffset now) =>
        string.IsNullOrWhiteSpace(text)
            ? ReviewDecision.Refused(ReviewOutcome.Invalid, "text is required")
            : ReviewDecision.Of(new ReviewNoted(verifier, text.Trim(), now));

    public static ReviewDecision Dispute(Review r, string verifier, string? text, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(text)) return ReviewDecision.Refused(ReviewOutcome.Invalid, "text is required: what sourcing is missing");
        if (!ReviewStatus.IsOpen(r.Status)) return Closed(r, "disputed");
        if (r.Disputed) return ReviewDecision.Refused(ReviewOutcome.Conflict, $"Claim {r.ClaimId} is already disputed; add a note instead.");
        var holder = r.AssigneeAt(now);
        if (holder is not null && holder != verifier) return HeldByOther(r, holder);
        return ReviewDecision.Of(new ReviewDisputed(verifier, text.Trim(), now));
    }

    public static ReviewDecision Reject(Review r, string verifier, string? reason, string? text, DateTimeOffset now)
    {
        if (reason is null || !RejectReasons.Contains(reason))
            return ReviewDecision.Refused(ReviewOutcome.Invalid, $"reason must be one of {string.Join(", ", RejectReasons)}", "reason");
        if (reason == "other" && string.IsNullOrWhiteSpace(text))
            return ReviewDecision.Refused(ReviewOutcome.Invalid, "a note is required when the reason is other", "note");
        if (!ReviewStatus.IsOpen(r.Status)) return Closed(r, "rejected");
        var holder = r.AssigneeAt(now);
        if (holder is not null && holder != verifier) return HeldByOther(r, holder);
        return ReviewDecision.Of(new ReviewRejected(verifier, reason, string.IsNullOrWhiteSpace(text) ? null : text, now));
    }

    public static ReviewDecision Reopen(Review r, string verifier, string? reason, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(reason)) return ReviewDecision.Refused(ReviewOutcome.Invalid, "reason is required: why the claim is reviewed again", "reason");
        if (r.Status != ReviewStatus.Rejected)
            return ReviewDecision.Refused(ReviewOutcome.Conflict, $"Only a rejected claim is reopened; claim {r.ClaimId} is {r.Status}.");
        return ReviewDecision.Of(new ReviewReopened(verifier, reason.Trim(), now));
    }

    /// <summary>
    /// Whether <paramref name="verifier"/> may approve at all; what the approval does to the figure (and whether a
    /// second verifier must confirm it) is the figure's rules' to decide.
    /// </summary>
    public static ReviewDecision MayApprove(Review r, string verifier, Guid? verifierId, DateTimeOffset now)
    {
        if (!ReviewStatus.IsOpen(r.Status)) return Closed(r, "approved");
        if (r.PostedBy is { } poster && poster == verifierId)
            return ReviewDecision.Refused(ReviewOutcome.Forbidden,
                $"{verifier} posted the update this claim came from; another verifier must approve it.", OwnUpdateRule);
        var holder = r.AssigneeAt(now);
        if (holder is not null && holder != verifier) return HeldByOther(r, holder);
        return new ReviewDecision(ReviewOutcome.Applied, []);
    }

    private static ReviewDecision Closed(Review r, string verb) =>
        ReviewDecision.Refused(ReviewOutcome.Conflict, $"Claim {r.ClaimId} is already {r.Status}{(r.DecidedBy is null ? "" : $" by {r.DecidedBy}")}: it cannot be {verb}.");

    private static ReviewDecision HeldByOther(Review r, string holder) =>
        ReviewDecision.Refused(ReviewOutcome.Conflict, $"Claim {r.ClaimId} is assigned to {holder} until {r.AssignedUntil:HH:mm:ss} UTC.");
}
