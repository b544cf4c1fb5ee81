namespace FactTracker.Extraction.Tests.Rules;

/// <summary>A total takes the metric named before it; a revision's claim is the value it arrived at.</summary>
public sealed class TotalsAndRevisionsTests
{
    [Theory]
    [InlineData("Three more deaths were confirmed, bringing the total to 230.", "killed", 230)]
    [InlineData("Another 12 people were detained, bringing the total to 312.", "arrested", 312)]
    [InlineData("Two more people died overnight. That takes the total to 47.", "killed", 47)]
    [InlineData("A further 1,900 people were arrested, taking the total to 9,900.", "arrested", 9900)]
    [InlineData("A second blast killed 8 more people, raising the death toll to 29.", "killed", 29)]
    public void A_total_is_the_figure_and_the_addition_is_not(string text, string metric, long n) =>
        Assert.Equal((metric, "exact", (long?)n, (long?)n), Extracted.Value(text));

    [Theory]
    [InlineData("The number of injured was revised down to 640 from 748.", "injured", 640)]
    [InlineData("The death toll was revised up from 27 to 35.", "killed", 35)]
    [InlineData("The toll rose from 30 to 45 on Monday.", "killed", 45)]
    [InlineData("The death toll rose to 45, up from 30 on Monday.", "killed", 45)]
    [InlineData("The death toll stood at 12, down from an earlier estimate of 15.", "killed", 12)]
    [InlineData("Officials lowered the toll to 640 from 748.", "killed", 640)]
    [InlineData("The toll rose by 12 to 45.", "killed", 45)]
    public void A_revision_is_the_value_now(string text, string metric, long n) =>
        Assert.Equal((metric, "exact", (long?)n, (long?)n), Extracted.Value(text));

    [Fact]
    public void The_revision_quote_shows_the_value_it_replaced()
    {
        var claim = Extracted.Single("The health ministry revised the number of injured down to 640 from 748.");
        Assert.Equal("number of injured down to 640 from 748", claim.Quote);
        Assert.Contains("revision", claim.Rule);
    }
}
