using FactTracker.Contracts;
using FactTracker.Verification.Figures;

namespace FactTracker.Verification.Tests.Figures;

public sealed class FigureDecisionsTests
{
    private const string FigureId = "kazakhstan-unrest-2022/injured/people";
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2022-01-06T08:00:00Z");

    private static ApproveRevision Approve(FigureValue? value = null, string source = "Ministry of Health", string verifiedBy = "alice") => new(
        FigureId, "kazakhstan-unrest-2022", "injured", "people",
        value ?? new FigureValue("exact", 748, 748, null),
        source,
        Guid.Parse("6f1c2b9e-0d5a-4c1e-8f00-000000000001"),
        Guid.Parse("6f1c2b9e-0d5a-4c1e-8f00-000000000002"),
        "748 people were injured",
        "https://example.org/live#kz-07",
        verifiedBy,
        "checked with the ministry",
        DateTimeOffset.Parse("2022-01-06T10:15:00+06:00"),
        Now);

    private static Figure Opened(int revision, FigureValue? headline = null) =>
        new(FigureId, "kazakhstan-unrest-2022", "injured", "people", revision, headline ?? new FigureValue("exact", 700, 700, null), "Police");

    [Fact]
    public void The_first_approval_opens_the_figure_then_approves_revision_1()
    {
        var command = Approve();

        var events = FigureDecisions.Decide(null, command);

        Assert.Collection(events,
            e => Assert.Equal(new FigureOpened(FigureId, "kazakhstan-unrest-2022", "injured", "people"), e),
            e => Assert.Equal(new RevisionApproved(1, command.Value, command.Source, command.ClaimId, command.UpdateId, command.Quote,
                command.UpdateUrl, command.VerifiedBy, command.Note, command.ReportedAt, Now), e));
    }

    [Theory]
    [InlineData(0, 1)] // opened, never approved: still no reopening
    [InlineData(1, 2)]
    [InlineData(2, 3)]
    [InlineData(41, 42)]
    public void A_later_approval_is_the_next_revision_and_does_not_reopen_the_figure(int current, int next)
    {
        var events = FigureDecisions.Decide(Opened(current), Approve());

        var approved = Assert.IsType<RevisionApproved>(Assert.Single(events));
        Assert.Equal(next, approved.Revision);
    }

    public static TheoryData<FigureValue, FigureValue> ValuesAndTheirNormalForm => new()
    {
        { new FigureValue("exact", 748, 748, null), new FigureValue("exact", 748, 748, null) },
        { new FigureValue("exact", null, 18, null), new FigureValue("exact", 18, 18, null) },
        { new FigureValue("at_least", 1000, null, "more than a thousand"), new FigureValue("at_least", 1000, null, "more than a thousand") },
        { new FigureValue("at_most", null, 50, null), new FigureValue("at_most", null, 50, null) },
        { new FigureValue("range", 3000, 4000, null), new FigureValue("range", 3000, 4000, null) },
        { new FigureValue("approximate", null, null, "dozens"), new FigureValue("approximate", 24, 99, "dozens") },
        { new FigureValue("approximate", 200, null, "about 200"), new FigureValue("approximate", 200, 200, "about 200") },
    };

    [Theory]
    [MemberData(nameof(ValuesAndTheirNormalForm))]
    public void The_approved_revision_carries_the_value_normalised(FigureValue reported, FigureValue approved)
    {
        var revision = FigureDecisions.Decide(Opened(1), Approve(reported)).OfType<RevisionApproved>().Single();

        Assert.Equal(approved, revision.Value);
    }

    public static TheoryData<FigureValue> InvalidValues => new()
    {
        new FigureValue("exact", null, null, null),
        new FigureValue("exact", 3, 4, null),
        new FigureValue("exact", -1, -1, null),
        new FigureValue("at_least", null, null, null),
        new FigureValue("at_least", 10, 20, null),
        new FigureValue("at_most", 5, 10, null),
        new FigureValue("range", 9, 3, null),
        new FigureValue("range", 9, null, null),
        new FigureValue("approximate", null, null, "a lot"),
        new FigureValue("many", 3, 3, null),
        new FigureValue("exact", 3, 3, new string('x', 201)),
    };

    [Theory]
    [MemberData(nameof(InvalidValues))]
    public void An_invalid_value_is_refused_for_a_new_figure(FigureValue value)
    {
        var e = Assert.Throws<ArgumentException>(() => FigureDecisions.Decide(null, Approve(value)));
        Assert.Contains("cannot be approved", e.Message);
    }

    [Theory]
    [MemberData(nameof(InvalidValues))]
    public void An_invalid_value_is_refused_for_an_open_figure(FigureValue value)
    {
        Assert.Throws<ArgumentException>(() => FigureDecisions.Decide(Opened(3), Approve(value)));
    }

    [Fact]
    public void Deciding_does_not_change_the_figure_it_was_given()
    {
        var figure = Opened(2);
        var before = figure with { };

        FigureDecisions.Decide(figure, Approve(new FigureValue("exact", 800, 800, null)));

        Assert.Equal(before, figure);
    }

    [Fact]
    public void The_events_fold_into_the_figure_the_next_decision_sees()
    {
        var first = FigureDecisions.Decide(null, Approve(new FigureValue("exact", 748, 748, null), "Ministry of Health"));
        var figure = Figure.Create((FigureOpened)first[0]).Apply((RevisionApproved)first[1]);
        Assert.Equal((1, new FigureValue("exact", 748, 748, null), "Ministry of Health"), (figure.Revision, figure.Headline, figure.HeadlineSource));

        var second = FigureDecisions.Decide(figure, Approve(new FigureValue("at_least", 1300, null, null), "Police"));
        figure = figure.Apply((RevisionApproved)second.Single());

        Assert.Equal((2, new FigureValue("at_least", 1300, null, null), "Police"), (figure.Revision, figure.Headline, figure.HeadlineSource));
        Assert.Equal((FigureId, "kazakhstan-unrest-2022", "injured", "people"), (figure.Id, figure.Story, figure.Metric, figure.Subject));
    }
}
