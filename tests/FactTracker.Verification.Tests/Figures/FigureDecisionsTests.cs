using FactTracker.Contracts;
using FactTracker.Figures;
using FactTracker.Verification.Figures;

namespace FactTracker.Verification.Tests.Figures;

/// <summary>Every rule of the figure decider, without a database.</summary>
public sealed class FigureDecisionsTests
{
    private const string FigureId = "kazakhstan-unrest-2022/injured/people";
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2022-01-06T20:00:00Z");
    private static readonly DateTimeOffset LocalReport = DateTimeOffset.Parse("2022-01-06T10:15:00+06:00");
    private static readonly DateTimeOffset MinistryReport = DateTimeOffset.Parse("2022-01-06T13:40:00+06:00");
    private static FigureValue Exact(long n) => FigureValues.Exact(n);
    private static readonly FigureValue MoreThanAThousand = new("at_least", 1000, null, "more than a thousand");

    private static ApproveClaimRevision Approve(FigureValue value, string source = "Local authorities", string verifier = "alice",
        DateTimeOffset? reportedAt = null, string? reason = null, Guid? claim = null) => new(
        FigureId, "kazakhstan-unrest-2022", "injured", "people", claim ?? Guid.NewGuid(), Guid.NewGuid(), value, value, source,
        "748 people were injured", "https://example.org/live#kz-07", reportedAt ?? LocalReport, verifier, reason, null, Now);

    /// <summary>Applies a decision's events to a figure, as Marten's snapshot does.</summary>
    private static Figure Fold(Figure? figure, Decision decision) => decision.Events.Aggregate(figure, (f, e) => e switch
    {
        FigureOpened o => Figure.Create(o),
        RevisionApproved a => f!.Apply(a),
        RevisionCorrected c => f!.Apply(c),
        RevisionRetracted r => f!.Apply(r),
        HeadlinePinned p => f!.Apply(p),
        ChangeHeld h => f!.Apply(h),
        _ => throw new InvalidOperationException(e.GetType().Name),
    })!;

    private static (Figure Figure, List<object> History) Approved(params ApproveClaimRevision[] approvals)
    {
        Figure? figure = null;
        var history = new List<object>();
        foreach (var a in approvals)
        {
            var d = FigureDecisions.Decide(figure, a);
            Assert.Equal(Outcome.Applied, d.Outcome);
            history.AddRange(d.Events);
            figure = Fold(figure, d);
        }
        return (figure!, history);
    }

    private static ChangeRevision Change(List<object> history, string action, int target, FigureValue? value = null,
        string verifier = "alice", string? reason = "the ministry withdrew it")
    {
        var (ledger, pinned) = FigureLedgerHistory.From(history);
        return new ChangeRevision(action, target, value, ledger, pinned, verifier, reason, Now);
    }

    [Fact]
    public void The_first_approval_opens_the_figure_then_approves_revision_1_with_the_state_it_leaves()
    {
        var command = Approve(Exact(748));

        var decision = FigureDecisions.Decide(null, command);

        Assert.Equal(Outcome.Applied, decision.Outcome);
        Assert.Equal(new FigureOpened(FigureId, "kazakhstan-unrest-2022", "injured", "people"), decision.Events[0]);
        var approved = Assert.IsType<RevisionApproved>(decision.Events[1]);
        Assert.Equal(1, approved.Revision);
        Assert.Equal(["alice"], approved.Verifiers);
        Assert.Equal(Exact(748), approved.State.Headline);
        Assert.Equal("Local authorities", approved.State.HeadlineSource);
        Assert.False(approved.State.Contested);
    }

    [Fact]
    public void Each_approval_is_the_next_revision_and_a_contradiction_between_sources_is_contested()
    {
        var (figure, _) = Approved(Approve(Exact(748)), Approve(MoreThanAThousand, "Ministry of Health", reportedAt: MinistryReport));

        Assert.Equal(2, figure.Revision);
        Assert.True(figure.State.Contested);
        Assert.Equal(MoreThanAThousand, figure.State.Headline);
        Assert.Equal(2, figure.State.Sources.Count);
    }

    [Fact]
    public void A_vague_value_is_approved_with_its_bounds()
    {
        var approved = FigureDecisions.Decide(null, Approve(new FigureValue("approximate", null, null, "dozens"))).Events.OfType<RevisionApproved>().Single();
        Assert.Equal(new FigureValue("approximate", 24, 99, "dozens"), approved.Value);
    }

    [Fact]
    public void An_invalid_value_is_refused()
    {
        Assert.Throws<ArgumentException>(() => FigureDecisions.Decide(null, Approve(new FigureValue("range", 9, 3, null))));
    }

    [Fact]
    public void An_older_report_approved_late_is_a_revision_but_does_not_take_the_headline()
    {
        var (figure, _) = Approved(Approve(MoreThanAThousand, "Ministry of Health", reportedAt: MinistryReport),
            Approve(Exact(748), reportedAt: LocalReport));

        Assert.Equal(2, figure.Revision);
        Assert.Equal(MoreThanAThousand, figure.State.Headline);
    }

    [Fact]
    public void Lowering_the_headline_without_a_reason_is_refused_and_changes_nothing()
    {
        var (figure, _) = Approved(Approve(Exact(164)));

        var decision = FigureDecisions.Decide(figure, Approve(Exact(0), reportedAt: MinistryReport));

        Assert.Equal(Outcome.ReasonRequired, decision.Outcome);
        Assert.Equal(FigureDecisions.HeadlineDecreaseRule, decision.Rule);
        Assert.Empty(decision.Events);
    }

    [Fact]
    public void Lowering_the_headline_is_held_for_a_second_verifier_and_says_which_rule_held_it()
    {
        var (figure, _) = Approved(Approve(Exact(11_300)));
        var claim = Guid.NewGuid();
        var lower = Approve(new FigureValue("at_least", 3958, null, "at least 3,958"), "Ministry of Health", "alice", MinistryReport, "the ministry recounted", claim);

        var first = FigureDecisions.Decide(figure, lower);
        Assert.Equal(Outcome.Held, first.Outcome);
        var held = Assert.IsType<ChangeHeld>(Assert.Single(first.Events));
        Assert.Equal((FigureDecisions.HeadlineDecreaseRule, "alice", "the ministry recounted"), (held.Rule, held.ProposedBy, held.Reason));
        Assert.Contains("11300", held.Explanation);
        figure = Fold(figure, first);
        Assert.Equal(1, figure.Revision);

        var again = FigureDecisions.Decide(figure, lower);
        Assert.Equal(Outcome.SameVerifier, again.Outcome);
        Assert.Empty(again.Events);

        var second = FigureDecisions.Decide(figure, lower with { Verifier = "bob", Reason = null });
        Assert.Equal(Outcome.Applied, second.Outcome);
        var approved = Assert.IsType<RevisionApproved>(Assert.Single(second.Events));
        Assert.Equal(2, approved.Revision);
        Assert.Equal(["alice", "bob"], approved.Verifiers);
        Assert.Equal("the ministry recounted", approved.Reason);
        figure = Fold(figure, second);
        Assert.Empty(figure.Held);
        Assert.Equal(3958, figure.State.Headline!.Low);
    }

    [Fact]
    public void A_raise_needs_no_second_verifier()
    {
        var (figure, _) = Approved(Approve(Exact(748)));
        Assert.Equal(Outcome.Applied, FigureDecisions.Decide(figure, Approve(MoreThanAThousand, "Ministry of Health", reportedAt: MinistryReport)).Outcome);
    }

    [Fact]
    public void Correcting_a_revision_needs_a_reason_a_standing_revision_and_a_different_value()
    {
        var (figure, history) = Approved(Approve(Exact(748)));

        Assert.Equal(Outcome.ReasonRequired, FigureDecisions.Decide(figure, Change(history, FigureDecisions.Corrected, 1, Exact(749), reason: " ")).Outcome);
        Assert.Equal(Outcome.NotFound, FigureDecisions.Decide(figure, Change(history, FigureDecisions.Corrected, 7, Exact(749))).Outcome);
        Assert.Equal(Outcome.Conflict, FigureDecisions.Decide(figure, Change(history, FigureDecisions.Corrected, 1, Exact(748))).Outcome);
    }

    [Fact]
    public void A_correction_upward_applies_at_once_as_a_new_revision_that_names_the_one_it_corrects()
    {
        var (figure, history) = Approved(Approve(Exact(748)));

        var decision = FigureDecisions.Decide(figure, Change(history, FigureDecisions.Corrected, 1, Exact(784), reason: "transposed digits"));

        var corrected = Assert.IsType<RevisionCorrected>(Assert.Single(decision.Events));
        Assert.Equal((2, 1, Exact(784), Exact(748)), (corrected.Revision, corrected.CorrectedRevision, corrected.Value, corrected.PreviousValue));
        Assert.Equal(Exact(784), corrected.State.Headline);
    }

    [Fact]
    public void Retracting_the_headline_toll_lowers_it_so_two_verifiers_must_retract_it()
    {
        var (figure, history) = Approved(Approve(Exact(100)), Approve(Exact(164), reportedAt: MinistryReport));

        var first = FigureDecisions.Decide(figure, Change(history, FigureDecisions.Retracted, 2));
        Assert.Equal(Outcome.Held, first.Outcome);
        figure = Fold(figure, first);
        history.AddRange(first.Events);

        var second = FigureDecisions.Decide(figure, Change(history, FigureDecisions.Retracted, 2, verifier: "bob"));
        var retracted = Assert.IsType<RevisionRetracted>(Assert.Single(second.Events));
        Assert.Equal((3, 2), (retracted.Revision, retracted.RetractedRevision));
        Assert.Equal(["alice", "bob"], retracted.Verifiers);
        Assert.Equal(Exact(100), retracted.State.Headline);
        history.AddRange(second.Events);

        // The retracted revision no longer stands: it cannot be retracted or corrected again.
        Assert.Equal(Outcome.NotFound, FigureDecisions.Decide(Fold(figure, second), Change(history, FigureDecisions.Retracted, 2, verifier: "carol")).Outcome);
    }

    [Fact]
    public void Retracting_a_revision_that_is_not_the_headline_applies_with_one_verifier()
    {
        var (figure, history) = Approved(Approve(Exact(100)), Approve(Exact(164), reportedAt: MinistryReport));

        var decision = FigureDecisions.Decide(figure, Change(history, FigureDecisions.Retracted, 1));

        Assert.Equal(Outcome.Applied, decision.Outcome);
        Assert.Equal(Exact(164), Assert.IsType<RevisionRetracted>(Assert.Single(decision.Events)).State.Headline);
    }

    [Fact]
    public void Pinning_a_lower_revision_as_headline_is_a_correction_and_pinning_twice_changes_nothing()
    {
        var (figure, history) = Approved(Approve(Exact(748)), Approve(MoreThanAThousand, "Ministry of Health", reportedAt: MinistryReport));

        var first = FigureDecisions.Decide(figure, Change(history, FigureDecisions.Pinned, 1, reason: "the ministry's count includes other regions"));
        Assert.Equal(Outcome.Held, first.Outcome);
        figure = Fold(figure, first);
        var second = FigureDecisions.Decide(figure, Change(history, FigureDecisions.Pinned, 1, verifier: "bob"));
        var pinned = Assert.IsType<HeadlinePinned>(Assert.Single(second.Events));
        Assert.True(pinned.State.HeadlinePinned);
        Assert.Equal(Exact(748), pinned.State.Headline);
        figure = Fold(figure, second);
        history.AddRange(second.Events);

        Assert.Equal(Outcome.Conflict, FigureDecisions.Decide(figure, Change(history, FigureDecisions.Pinned, 1, verifier: "carol")).Outcome);
    }

    [Theory]
    [InlineData(748, 1200, true)]   // +60%
    [InlineData(748, 1100, false)]  // +47%
    [InlineData(100, 151, true)]
    [InlineData(100, 150, false)]
    public void A_correction_that_moves_the_headline_by_more_than_half_is_held_for_a_second_verifier(long before, long corrected, bool held)
    {
        var (figure, _) = Approved(Approve(Exact(before)));
        var correction = Approve(Exact(before), reportedAt: MinistryReport, reason: "the ministry's count") with { Value = Exact(corrected) };

        var first = FigureDecisions.Decide(figure, correction);

        Assert.Equal(held ? Outcome.Held : Outcome.Applied, first.Outcome);
        if (!held) return;
        Assert.Equal(FigureDecisions.LargeCorrectionRule, first.Rule);
        var after = Fold(figure, first);
        Assert.Equal(Outcome.SameVerifier, FigureDecisions.Decide(after, correction).Outcome);
        var second = FigureDecisions.Decide(after, correction with { Verifier = "bob" });
        Assert.Equal(["alice", "bob"], Assert.Single(second.Events.OfType<RevisionApproved>()).Verifiers);
    }

    [Fact]
    public void A_large_move_as_claimed_is_no_correction_and_needs_one_verifier()
    {
        var (figure, _) = Approved(Approve(Exact(100)));
        Assert.Equal(Outcome.Applied, FigureDecisions.Decide(figure, Approve(Exact(1000), reportedAt: MinistryReport)).Outcome);
    }

    [Fact]
    public void A_large_correction_of_a_figure_with_no_headline_yet_needs_one_verifier()
    {
        var first = Approve(Exact(18)) with { Value = Exact(81) };
        Assert.Equal(Outcome.Applied, FigureDecisions.Decide(null, first).Outcome);
    }
}
