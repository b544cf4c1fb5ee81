using FactTracker.Contracts;
using FactTracker.Verification.Reviews;

namespace FactTracker.Verification.Tests.Reviews;

/// <summary>Every rule of a claim's review, as a pure function of its state.</summary>
public sealed class ReviewDecisionsTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2022-01-06T12:00:00Z");
    private static readonly Guid Newsroom = Guid.NewGuid();
    private static readonly Guid AliceId = Guid.NewGuid();

    private static Review Submitted() => Review.Create(new ReviewSubmitted(Guid.NewGuid(), Guid.NewGuid(), "story", "killed", "people",
        "story/killed/people", new FigureValue("exact", 18, 18, null), "Ministry", "18 people were killed", 0, 21, null, null,
        "18 people were killed.", Newsroom, Now.AddHours(-2), Now.AddHours(-1), "structured", null));

    private static Review Fold(Review r, ReviewDecision d)
    {
        Assert.Equal(ReviewOutcome.Applied, d.Outcome);
        foreach (var e in d.Events)
            r = e switch
            {
                ReviewAssigned a => r.Apply(a),
                ReviewReleased x => r.Apply(x),
                ReviewNoted n => r.Apply(n),
                ReviewDisputed x => r.Apply(x),
                ReviewRejected x => r.Apply(x),
                ReviewReopened x => r.Apply(x),
                _ => throw new InvalidOperationException(e.GetType().Name),
            };
        return r;
    }

    [Fact]
    public void Taking_a_claim_holds_it_for_fifteen_minutes()
    {
        var d = ReviewDecisions.Assign(Submitted(), "alice", Now);
        var e = Assert.IsType<ReviewAssigned>(Assert.Single(d.Events));
        Assert.Equal(("alice", Now + TimeSpan.FromMinutes(15), (string?)null), (e.Verifier, e.Until, e.Previous));
    }

    [Fact]
    public void Another_verifier_cannot_take_or_decide_a_claim_someone_holds()
    {
        var held = Fold(Submitted(), ReviewDecisions.Assign(Submitted(), "alice", Now));
        Assert.Equal(ReviewOutcome.Conflict, ReviewDecisions.Assign(held, "bob", Now.AddMinutes(5)).Outcome);
        Assert.Equal(ReviewOutcome.Conflict, ReviewDecisions.MayApprove(held, "bob", null, Now.AddMinutes(5)).Outcome);
        Assert.Equal(ReviewOutcome.Conflict, ReviewDecisions.Reject(held, "bob", "duplicate", null, Now.AddMinutes(5)).Outcome);
        Assert.Equal(ReviewOutcome.Conflict, ReviewDecisions.Dispute(held, "bob", "needs a second source", Now.AddMinutes(5)).Outcome);
        Assert.Equal(ReviewOutcome.Applied, ReviewDecisions.MayApprove(held, "alice", AliceId, Now.AddMinutes(5)).Outcome);
    }

    [Fact]
    public void Taking_it_again_is_a_retake_recorded_with_the_same_holder()
    {
        var held = Fold(Submitted(), ReviewDecisions.Assign(Submitted(), "alice", Now));
        var again = Assert.IsType<ReviewAssigned>(Assert.Single(ReviewDecisions.Assign(held, "alice", Now.AddMinutes(10)).Events));
        Assert.Equal(("alice", Now.AddMinutes(25)), (again.Previous, again.Until));
    }

    [Fact]
    public void After_fifteen_minutes_another_verifier_may_take_it_over()
    {
        var held = Fold(Submitted(), ReviewDecisions.Assign(Submitted(), "alice", Now));
        var taken = Assert.IsType<ReviewAssigned>(Assert.Single(ReviewDecisions.Assign(held, "bob", Now.AddMinutes(16)).Events));
        Assert.Equal(("bob", "alice"), (taken.Verifier, taken.Previous));
    }

    [Fact]
    public void Only_the_holder_releases_a_claim()
    {
        var held = Fold(Submitted(), ReviewDecisions.Assign(Submitted(), "alice", Now));
        Assert.Equal(ReviewOutcome.Conflict, ReviewDecisions.Release(held, "bob", Now).Outcome);
        Assert.Equal(ReviewOutcome.Conflict, ReviewDecisions.Release(Submitted(), "alice", Now).Outcome);
        var released = Fold(held, ReviewDecisions.Release(held, "alice", Now.AddMinutes(1)));
        Assert.Null(released.AssigneeAt(Now.AddMinutes(1)));
    }

    [Fact]
    public void A_principal_never_approves_a_claim_from_an_update_it_posted()
    {
        var d = ReviewDecisions.MayApprove(Submitted(), "desk-editor", Newsroom, Now);
        Assert.Equal((ReviewOutcome.Forbidden, ReviewDecisions.OwnUpdateRule), (d.Outcome, d.Rule));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void A_note_or_a_dispute_needs_text(string? text)
    {
        Assert.Equal(ReviewOutcome.Invalid, ReviewDecisions.Note(Submitted(), "alice", text, Now).Outcome);
        Assert.Equal(ReviewOutcome.Invalid, ReviewDecisions.Dispute(Submitted(), "alice", text, Now).Outcome);
    }

    [Fact]
    public void A_disputed_claim_stays_open_and_flagged_and_is_not_disputed_twice()
    {
        var disputed = Fold(Submitted(), ReviewDecisions.Dispute(Submitted(), "alice", "only one source", Now));
        Assert.Equal((ReviewStatus.Pending, true), (disputed.Status, disputed.Disputed));
        Assert.Equal(ReviewOutcome.Conflict, ReviewDecisions.Dispute(disputed, "bob", "again", Now).Outcome);
        Assert.Equal(ReviewOutcome.Applied, ReviewDecisions.MayApprove(disputed, "bob", null, Now).Outcome);
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("fake", null)]
    [InlineData("other", null)]
    [InlineData("other", " ")]
    public void A_rejection_needs_a_listed_reason_and_text_for_other(string? reason, string? text) =>
        Assert.Equal(ReviewOutcome.Invalid, ReviewDecisions.Reject(Submitted(), "alice", reason, text, Now).Outcome);

    [Fact]
    public void A_rejected_claim_is_not_decided_again_until_it_is_reopened_with_a_reason()
    {
        var rejected = Fold(Submitted(), ReviewDecisions.Reject(Submitted(), "alice", "duplicate", null, Now));
        Assert.Equal(ReviewOutcome.Conflict, ReviewDecisions.Reject(rejected, "bob", "duplicate", null, Now).Outcome);
        Assert.Equal(ReviewOutcome.Conflict, ReviewDecisions.MayApprove(rejected, "bob", null, Now).Outcome);
        Assert.Equal(ReviewOutcome.Conflict, ReviewDecisions.Assign(rejected, "bob", Now).Outcome);
        Assert.Equal(ReviewOutcome.Invalid, ReviewDecisions.Reopen(rejected, "bob", " ", Now).Outcome);

        var reopened = Fold(rejected, ReviewDecisions.Reopen(rejected, "bob", "a second source confirmed it", Now));
        Assert.Equal((ReviewStatus.Pending, (string?)null), (reopened.Status, reopened.DecidedBy));
        Assert.Equal(ReviewOutcome.Applied, ReviewDecisions.MayApprove(reopened, "bob", null, Now).Outcome);
    }

    [Fact]
    public void Only_a_rejected_claim_is_reopened() =>
        Assert.Equal(ReviewOutcome.Conflict, ReviewDecisions.Reopen(Submitted(), "alice", "why not", Now).Outcome);

    [Fact]
    public void An_approved_claim_is_closed_to_every_decision()
    {
        var approved = Submitted().Apply(new ReviewApproved(["alice"], new FigureValue("exact", 18, 18, null), new FigureValue("exact", 18, 18, null),
            "people", "people", "story/killed/people", 1, null, null, Now));
        Assert.Equal(ReviewOutcome.Conflict, ReviewDecisions.MayApprove(approved, "bob", null, Now).Outcome);
        Assert.Equal(ReviewOutcome.Conflict, ReviewDecisions.Reject(approved, "bob", "duplicate", null, Now).Outcome);
        Assert.Equal(ReviewOutcome.Conflict, ReviewDecisions.Dispute(approved, "bob", "hmm", Now).Outcome);
        Assert.Equal(ReviewOutcome.Conflict, ReviewDecisions.Reopen(approved, "bob", "hmm", Now).Outcome);
        Assert.Equal(ReviewOutcome.Applied, ReviewDecisions.Note(approved, "bob", "a note after the fact", Now).Outcome);
    }

    [Fact]
    public void An_approval_with_a_corrected_value_records_both_values()
    {
        var claimed = new FigureValue("exact", 18, 18, null);
        var corrected = new FigureValue("exact", 81, 81, null);
        var approved = Submitted().Apply(new ReviewApproved(["alice", "bob"], claimed, corrected, "people", "security-forces", "story/killed/security-forces", 1, "transposed", null, Now));
        Assert.Equal((claimed, corrected, "security-forces", "alice, bob"), (approved.Value, approved.ApprovedValue, approved.ApprovedSubject, approved.DecidedBy));
    }
}
