using FactTracker.Claims.Claims;
using FactTracker.Contracts;

namespace FactTracker.Claims.Tests.Claims;

public sealed class ClaimFinderTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2022-01-06T05:00:00Z");

    private const string Report = "This Thursday, 18 members of the security forces were killed and 748 people were injured.";

    /// <summary>An update with only the figures given: its text reports none of its own.</summary>
    private static UpdateReceived Update(params ReportedFigure[] figures) => Update("Officials briefed reporters on Thursday.", figures);

    private static UpdateReceived Update(string text, params ReportedFigure[] figures) => new(
        Guid.Parse("0b0c4d4e-7a51-4f0e-9d0e-3d3f5a0c1b11"),
        "kazakhstan-unrest-2022",
        text,
        "Local authorities",
        DateTimeOffset.Parse("2022-01-06T10:15:00+06:00"),
        "https://example.org/live#kz-07",
        figures,
        DateTimeOffset.Parse("2022-01-06T04:16:00Z"));

    private static ReportedFigure Figure(string metric = "killed", string subject = "people", string? source = null, string? quote = null) =>
        new(metric, subject, new FigureValue("exact", 18, 18, null), source, quote);

    [Fact]
    public void An_update_without_figures_makes_no_claims()
    {
        Assert.Empty(ClaimFinder.Find(Update(), Now));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(6)]
    public void Each_figure_makes_one_claim_in_the_order_reported(int count)
    {
        var figures = Enumerable.Range(0, count).Select(i => Figure(subject: $"group-{i}")).ToArray();

        var claims = ClaimFinder.Find(Update(figures), Now);

        Assert.Equal(count, claims.Count);
        Assert.Equal(Enumerable.Range(0, count), claims.Select(c => c.Index));
        Assert.Equal(figures.Select(f => f.Subject), claims.Select(c => c.Subject));
        Assert.Equal(count, claims.Select(c => c.Id).Distinct().Count());
    }

    [Theory]
    [InlineData("killed", "security-forces", "kazakhstan-unrest-2022/killed/security-forces")]
    [InlineData("injured", "people", "kazakhstan-unrest-2022/injured/people")]
    [InlineData("arrested", "demonstrators", "kazakhstan-unrest-2022/arrested/demonstrators")]
    public void A_claim_names_its_figure_by_story_metric_and_subject(string metric, string subject, string figureId)
    {
        var claim = ClaimFinder.Find(Update(Figure(metric, subject)), Now).Single();

        Assert.Equal((metric, subject, figureId), (claim.Metric, claim.Subject, claim.FigureId));
    }

    [Theory]
    [InlineData(null, "Local authorities")]
    [InlineData("Ministry of Health", "Ministry of Health")]
    public void A_figure_without_its_own_source_takes_the_updates(string? figureSource, string expected)
    {
        var claim = ClaimFinder.Find(Update(Figure(source: figureSource)), Now).Single();

        Assert.Equal(expected, claim.Source);
    }

    [Fact]
    public void A_claim_carries_what_the_reviewer_needs_from_its_update()
    {
        var update = Update(Figure(quote: "18 members of the security forces were killed") with
        {
            Value = new FigureValue("at_least", 748, null, "at least 748"),
        });

        var claim = ClaimFinder.Find(update, Now).Single();

        Assert.Equal(update.UpdateId, claim.UpdateId);
        Assert.Equal(update.Story, claim.Story);
        Assert.Equal(new FigureValue("at_least", 748, null, "at least 748"), claim.Value);
        Assert.Equal("18 members of the security forces were killed", claim.Quote);
        Assert.Equal(update.Url, claim.UpdateUrl);
        Assert.Equal(update.PublishedAt, claim.ReportedAt);
        Assert.Equal(Now, claim.SubmittedAt);
        Assert.Equal(ClaimFinder.Structured, claim.Origin);
    }

    [Fact]
    public void The_same_update_found_twice_gives_the_same_claim_ids()
    {
        var update = Update(Figure("killed"), Figure("injured"));

        var first = ClaimFinder.Find(update, Now);
        var again = ClaimFinder.Find(update, Now.AddMinutes(5));

        Assert.Equal(first.Select(c => c.Id), again.Select(c => c.Id));
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(0, 7)]
    [InlineData(3, 4)]
    public void Claim_ids_differ_by_position(int a, int b)
    {
        var update = Guid.NewGuid();
        Assert.NotEqual(ClaimFinder.ClaimId(update, ClaimFinder.Structured, a), ClaimFinder.ClaimId(update, ClaimFinder.Structured, b));
    }

    [Fact]
    public void Claim_ids_differ_by_update()
    {
        Assert.NotEqual(ClaimFinder.ClaimId(Guid.NewGuid(), ClaimFinder.Structured, 0), ClaimFinder.ClaimId(Guid.NewGuid(), ClaimFinder.Structured, 0));
    }

    [Fact]
    public void Figures_in_the_text_become_claims_with_their_quote_offsets_and_rule()
    {
        var update = Update(Report);

        var claims = ClaimFinder.Find(update, Now);

        Assert.Collection(claims,
            c => Assert.Equal(("killed", "security-forces", 18L, "18 members of the security forces were killed"), (c.Metric, c.Subject, c.Value.Low!.Value, update.Text[c.QuoteStart!.Value..c.QuoteEnd!.Value])),
            c => Assert.Equal(("injured", "people", 748L), (c.Metric, c.Subject, c.Value.Low!.Value)));
        Assert.All(claims, c =>
        {
            Assert.Equal(ClaimFinder.Text, c.Origin);
            Assert.False(string.IsNullOrEmpty(c.Rule));
            Assert.Equal("Local authorities", c.Source);
            Assert.Equal(c.Quote, update.Text[c.QuoteStart!.Value..c.QuoteEnd!.Value]);
        });
    }

    [Fact]
    public void A_figure_both_attached_and_in_the_text_is_one_claim_and_one_the_newsroom_did_not_attach_is_added()
    {
        var attached = new ReportedFigure("injured", "people", new FigureValue("exact", 748, 748, null), "Ministry of Health", "748 people were injured");

        var claims = ClaimFinder.Find(Update(Report, attached), Now);

        Assert.Equal(2, claims.Count);
        Assert.Equal((ClaimFinder.Structured, "injured", "Ministry of Health"), (claims[0].Origin, claims[0].Metric, claims[0].Source));
        Assert.Equal((ClaimFinder.Text, "killed", "security-forces"), (claims[1].Origin, claims[1].Metric, claims[1].Subject));
    }

    [Theory]
    [InlineData("Local authorities", 748L, true)]
    [InlineData("  local   AUTHORITIES ", 748L, true)]
    [InlineData("Ministry of Health", 748L, false)]
    [InlineData("Local authorities", 749L, false)]
    public void A_repeat_is_the_same_figure_value_and_source(string laterSource, long laterValue, bool repeat)
    {
        var earlier = ClaimFinder.Find(Update(new ReportedFigure("injured", "people", new FigureValue("exact", 748, 748, null), null, null)), Now).Single();
        var later = ClaimFinder.Find(Update(new ReportedFigure("injured", "people", new FigureValue("exact", laterValue, laterValue, null), laterSource, null)), Now).Single();

        Assert.Equal(repeat, ClaimFinder.IsRepeatOf(later, earlier));
    }
}
