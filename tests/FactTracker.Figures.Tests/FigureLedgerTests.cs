using FactTracker.Contracts;

namespace FactTracker.Figures.Tests;

public sealed class FigureLedgerTests
{
    private static readonly DateTimeOffset Morning = new(2022, 1, 6, 10, 15, 0, TimeSpan.FromHours(6));
    private static FigureValue Exact(long n) => FigureValues.Exact(n);
    private static readonly FigureValue MoreThanAThousand = new("at_least", 1000, null, "more than a thousand");
    private static readonly FigureValue Hundreds = new("approximate", 200, 999, "hundreds");

    [Fact]
    public void Local_authorities_748_against_the_ministrys_more_than_a_thousand_is_contested()
    {
        var state = FigureLedger.Fold([
            new LedgerEntry(1, "Local authorities", Exact(748), Morning),
            new LedgerEntry(2, "Ministry of Health", MoreThanAThousand, Morning.AddHours(3)),
        ]);

        Assert.True(state.Contested);
        Assert.Equal(MoreThanAThousand, state.Headline);
        Assert.Equal("Ministry of Health", state.HeadlineSource);
        Assert.Equal(2, state.HeadlineRevision);
        Assert.Equal(["Local authorities", "Ministry of Health"], state.Sources.Select(s => s.Source));
    }

    [Fact]
    public void The_headline_is_the_most_recently_reported_value_not_the_last_approved()
    {
        var state = FigureLedger.Fold([
            new LedgerEntry(1, "Local authorities", Exact(748), Morning),
            new LedgerEntry(2, "Live desk", Hundreds, Morning.AddHours(-8)),
        ]);

        Assert.Equal(Exact(748), state.Headline);
        Assert.False(state.Contested); // 748 lies within "hundreds"
    }

    [Fact]
    public void A_source_keeps_its_latest_report_and_a_retracted_revision_no_longer_stands()
    {
        var entries = new List<LedgerEntry>
        {
            new(1, "Police", Exact(100), Morning),
            new(2, "Police", Exact(164), Morning.AddHours(1)),
        };
        Assert.Equal(Exact(164), FigureLedger.Fold(entries).Headline);

        entries[1] = entries[1] with { Retracted = true };
        var after = FigureLedger.Fold(entries);
        Assert.Equal(Exact(100), after.Headline);
        Assert.Equal(1, after.HeadlineRevision);
        Assert.Null(FigureLedger.Fold([entries[1]]).Headline);
        Assert.Empty(FigureLedger.Fold([entries[1]]).Sources);
    }

    [Fact]
    public void A_pinned_revision_stays_the_headline_while_newer_reports_arrive()
    {
        var entries = new[]
        {
            new LedgerEntry(1, "Local authorities", Exact(748), Morning),
            new LedgerEntry(2, "Ministry of Health", MoreThanAThousand, Morning.AddHours(3)),
        };
        var pinned = FigureLedger.Fold(entries, pinnedRevision: 1);
        Assert.True(pinned.HeadlinePinned);
        Assert.Equal(Exact(748), pinned.Headline);

        var later = FigureLedger.Approve(pinned, new SourceValue("Hospital", Exact(1100), 3, Morning.AddHours(5)));
        Assert.Equal(Exact(748), later.Headline);
        Assert.Equal(3, later.Sources.Count);
    }

    [Fact]
    public void Approving_incrementally_gives_the_same_state_as_folding_the_history()
    {
        var entries = new[]
        {
            new LedgerEntry(1, "Live desk", Hundreds, Morning.AddHours(-8)),
            new LedgerEntry(2, "Local authorities", Exact(748), Morning),
            new LedgerEntry(3, "Local authorities", Exact(640), Morning.AddHours(-1)), // an older report approved late
            new LedgerEntry(4, "Ministry of Health", MoreThanAThousand, Morning.AddHours(3)),
        };
        var incremental = entries.Aggregate(FigureLedger.Empty,
            (state, e) => FigureLedger.Approve(state, new SourceValue(e.Source, e.Value, e.Revision, e.ReportedAt)));

        var folded = FigureLedger.Fold(entries);
        Assert.Equal(folded with { Sources = [] }, incremental with { Sources = [] });
        Assert.Equal(folded.Sources, incremental.Sources);
        Assert.Equal(Exact(748), incremental.Sources.Single(s => s.Source == "Local authorities").Value);
    }

    [Theory]
    [InlineData("exact", 164L, 164L, "exact", 0L, 0L, true)]
    [InlineData("exact", 11300L, 11300L, "at_least", 3958L, null, true)]
    [InlineData("exact", 748L, 748L, "at_least", 1000L, null, false)]
    [InlineData("approximate", 200L, 999L, "exact", 748L, 748L, false)]
    [InlineData("exact", 748L, 748L, "approximate", 200L, 999L, true)]
    [InlineData("exact", 18L, 18L, "exact", 18L, 18L, false)]
    [InlineData("at_most", null, 50L, "exact", 40L, 40L, true)]
    public void A_headline_going_down_is_a_correction(string k1, long? l1, long? h1, string k2, long? l2, long? h2, bool lowers) =>
        Assert.Equal(lowers, FigureLedger.Lowers(new FigureValue(k1, l1, h1, null), new FigureValue(k2, l2, h2, null)));

    [Fact]
    public void A_figure_retracted_to_nothing_goes_down_and_a_first_value_does_not()
    {
        Assert.True(FigureLedger.Lowers(Exact(164), null));
        Assert.False(FigureLedger.Lowers(null, Exact(3)));
    }
}
