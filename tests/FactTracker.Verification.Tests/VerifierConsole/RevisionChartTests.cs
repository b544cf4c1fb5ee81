using FactTracker.Contracts;
using FactTracker.Figures;
using FactTracker.Verification.Figures;
using FactTracker.Verification.VerifierConsole;

namespace FactTracker.Verification.Tests.VerifierConsole;

public sealed class RevisionChartTests
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.Parse("2022-01-06T10:00:00+06:00");

    private static RevisionApproved Approved(int revision, string source, FigureValue value, int hours) =>
        new(revision, value, value, source, Guid.NewGuid(), Guid.NewGuid(), null, null, ["alice"], null, null, T0.AddHours(hours), T0, FigureLedger.Empty);

    [Fact]
    public void Each_standing_report_is_a_step_in_its_sources_colour_with_a_band_for_bounds_and_markers_for_corrections_and_retractions()
    {
        object[] events =
        [
            new FigureOpened("s/injured/people", "s", "injured", "people"),
            Approved(1, "Local <TV>", FigureValues.Exact(748), 0),
            Approved(2, "Ministry of Health", new FigureValue("at_least", 1000, null, "more than a thousand"), 2),
            Approved(3, "Local <TV>", FigureValues.Exact(800), 3),
            new RevisionCorrected(4, 1, FigureValues.Exact(750), FigureValues.Exact(748), "Local <TV>", ["alice", "bob"], "typo", T0, FigureLedger.Empty),
            new RevisionRetracted(5, 3, "Local <TV>", ["alice", "bob"], "wrong", T0, FigureLedger.Empty),
        ];
        var timeline = RevisionChart.From(events);
        var svg = RevisionChart.Render(timeline, "s/injured/people <chart>");

        Assert.Contains("data-steps=\"2\"", svg);
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Matches(svg, "class=\"step\"").Count);
        Assert.Contains("class=\"marker correction\"", svg);
        Assert.Contains("class=\"marker retraction\"", svg);
        Assert.Contains("class=\"band\"", svg); // at least 1000: open above
        Assert.Contains(RevisionChart.Palette[0], svg);
        Assert.Contains(RevisionChart.Palette[1], svg);
        Assert.Contains("Local &lt;TV&gt;", svg);
        Assert.DoesNotContain("<TV>", svg);
        Assert.Contains("&lt;chart&gt;", svg);
        Assert.Contains("750", svg);
    }

    [Fact]
    public void A_figure_without_revisions_says_so()
    {
        var svg = RevisionChart.Render(RevisionChart.From([]), "empty");
        Assert.Contains("No approved revision yet.", svg);
        Assert.Contains("data-steps=\"0\"", svg);
    }
}
