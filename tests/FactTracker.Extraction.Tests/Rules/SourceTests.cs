namespace FactTracker.Extraction.Tests.Rules;

/// <summary>Attribution: "according to X", "X said/reported/added/confirmed/told", "X put the figure at", else the update's source.</summary>
public sealed class SourceTests
{
    [Theory]
    [InlineData("12 people were killed, according to the health ministry.", "health ministry")]
    [InlineData("According to local officials, 12 people were killed.", "local officials")]
    [InlineData("According to a report put forward by local authorities on local television, 12 people were killed.", "local authorities")]
    [InlineData("12 people were killed, according to figures released on Tuesday by the interior ministry.", "interior ministry")]
    [InlineData("12 people were killed, according to a count made this week.", "a count made this week")]
    [InlineData("Police said 12 people were killed.", "Police")]
    [InlineData("12 people were killed, police said.", "police")]
    [InlineData("12 people were killed, said police spokesman Saltanat Azirbek.", "police spokesman Saltanat Azirbek")]
    [InlineData("The Ministry of Health has for its part reported 12 deaths.", "Ministry of Health")]
    [InlineData("On Thursday, police spokesman Saltanat Azirbek added 12 deaths to the toll.", "police spokesman Saltanat Azirbek")]
    [InlineData("The Red Crescent confirmed 12 deaths.", "Red Crescent")]
    [InlineData("Witnesses told AFP that 12 people were killed.", "Witnesses")]
    [InlineData("The regional governor put the figure at 12 dead.", "regional governor")]
    [InlineData("Police put the death toll at 12.", "Police")]
    [InlineData("“Twelve people died,” the governor said.", "governor")]
    [InlineData("State news channel Khabar-24 reported 12 deaths.", "State news channel Khabar-24")]
    [InlineData("Almaty's mayor, Bakytzhan Sagintayev, said 12 people had been killed.", "Bakytzhan Sagintayev")]
    [InlineData("The ministry, in a statement, said 12 people had been killed.", "ministry")]
    [InlineData("A statement from the Ministry of Defence said 3 soldiers were wounded.", "Ministry of Defence")]
    [InlineData("Two dead in Almaty shooting – police", "police")]
    [InlineData("Citing hospital sources, Interfax said 15 people had died.", "Interfax")]
    public void The_attributed_source(string text, string source) => Assert.Equal(source, Extracted.Single(text, "Desk").Source);

    [Theory]
    [InlineData("12 people were killed.")]
    [InlineData("12 people were killed, he said.")]
    [InlineData("12 people were reported missing.")]
    [InlineData("Police said on Monday. 12 people were killed on Tuesday.")]
    public void Otherwise_the_update_s_own_source(string text)
    {
        var claim = Extracted.Single(text, "Desk");
        Assert.Equal("Desk", claim.Source);
        Assert.Contains("source: the update's own", claim.Rule);
    }

    [Fact]
    public void No_source_at_all_is_null() => Assert.Null(Extracted.Single("12 people were killed.").Source);

    [Fact]
    public void Each_figure_takes_the_nearest_attribution_in_its_sentence()
    {
        var claims = ClaimExtractor.Extract("Officials put the death toll at 18 but local residents say at least 50 people died.");
        Assert.Equal(["Officials", "local residents"], claims.Select(c => c.Source));
    }
}
