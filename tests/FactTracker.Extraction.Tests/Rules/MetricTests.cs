namespace FactTracker.Extraction.Tests.Rules;

/// <summary>Metric words and phrases, before and after the number.</summary>
public sealed class MetricTests
{
    [Theory]
    [InlineData("12 people were killed.", "killed")]
    [InlineData("12 people are dead.", "killed")]
    [InlineData("12 people died.", "killed")]
    [InlineData("The death toll is 12.", "killed")]
    [InlineData("The toll stands at 12.", "killed")]
    [InlineData("12 people lost their lives.", "killed")]
    [InlineData("There were 12 fatalities.", "killed")]
    [InlineData("12 bodies were recovered.", "killed")]
    [InlineData("Rescuers recovered the bodies of 12 people.", "killed")]
    [InlineData("12 people were injured.", "injured")]
    [InlineData("12 people were wounded.", "injured")]
    [InlineData("12 people were hurt.", "injured")]
    [InlineData("12 people were hospitalized.", "hospitalized")]
    [InlineData("12 people were hospitalised.", "hospitalized")]
    [InlineData("12 people were admitted to hospital.", "hospitalized")]
    [InlineData("12 people are in intensive care.", "hospitalized")]
    [InlineData("12 people are in critical condition.", "hospitalized")]
    [InlineData("12 people were arrested.", "arrested")]
    [InlineData("12 people were detained.", "arrested")]
    [InlineData("12 people were taken into custody.", "arrested")]
    [InlineData("12 people are missing.", "missing")]
    [InlineData("12 people are unaccounted for.", "missing")]
    [InlineData("12 people were displaced.", "displaced")]
    [InlineData("12 people were evacuated.", "displaced")]
    [InlineData("12 people fled their homes.", "displaced")]
    [InlineData("12 people were forced to flee.", "displaced")]
    [InlineData("300,000 people have fled.", "displaced")]
    [InlineData("1,500 demonstrators were held overnight.", "arrested")]
    [InlineData("12 people drowned.", "killed")]
    [InlineData("12 people were treated for injuries.", "injured")]
    [InlineData("12 people with gunshot wounds were admitted.", "injured")]
    [InlineData("12 people are living in emergency shelters.", "displaced")]
    public void Metric_words_and_phrases(string text, string metric) => Assert.Equal(metric, Extracted.Single(text).Metric);

    [Theory]
    [InlineData("The blast killed 12.", "killed")]
    [InlineData("The storm killed 12 people.", "killed")]
    [InlineData("Police detained 84 demonstrators.", "arrested")]
    [InlineData("The fighting has displaced 5,000 people.", "displaced")]
    [InlineData("The attack wounded 37 people.", "injured")]
    [InlineData("Police arrested 12 people.", "arrested")]
    [InlineData("The death toll from the floods has risen to 45.", "killed")]
    [InlineData("The number of injured stands at 748.", "injured")]
    [InlineData("The number of people killed rose to 50.", "killed")]
    [InlineData("Death toll: 45", "killed")]
    [InlineData("The injury toll rose sharply to 1,300.", "injured")]
    [InlineData("The crash killed all 157 people on board.", "killed")]
    [InlineData("The number of people hospitalized with injuries rose to 1,020.", "hospitalized")]
    public void A_metric_before_the_number(string text, string metric) => Assert.Equal(metric, Extracted.Single(text).Metric);

    [Fact]
    public void Killing_dozens_and_injuring_hundreds_is_two_claims()
    {
        var claims = ClaimExtractor.Extract("The strike hit the market, killing dozens and injuring hundreds.");
        Assert.Equal([("killed", 24L, 99L), ("injured", 200L, 999L)], claims.Select(c => (c.Metric, c.Value.Low!.Value, c.Value.High!.Value)));
        Assert.Equal(["killing dozens", "injuring hundreds"], claims.Select(c => c.Quote));
    }

    [Fact]
    public void Left_31_dead_and_more_than_60_injured_is_two_claims()
    {
        var claims = ClaimExtractor.Extract("The attack left 31 dead and more than 60 injured.");
        Assert.Equal([("killed", "exact", 31L), ("injured", "at_least", 60L)], claims.Select(c => (c.Metric, c.Value.Kind, c.Value.Low!.Value)));
    }

    [Theory]
    [InlineData("Eight police officers and two soldiers were killed.", "killed", 2)]
    [InlineData("Four people were killed and 30 injured.", "killed", 2)]
    [InlineData("1,678 people detained, 17 officers killed, 1,300 injured.", "arrested", 3)]
    [InlineData("Twelve people were killed, including three children.", "killed", 2)]
    public void Several_figures_in_one_sentence(string text, string firstMetric, int count)
    {
        var claims = ClaimExtractor.Extract(text);
        Assert.Equal(count, claims.Count);
        Assert.Equal(firstMetric, claims[0].Metric);
    }

    [Theory]
    [InlineData("Officials fear the death toll could rise to 1,000.")]
    [InlineData("Up to 10,000 people could be displaced if the dam fails.")]
    [InlineData("40 of those arrested were released.")]
    [InlineData("The clinic has 12 beds for the injured.")]
    [InlineData("The 12 were later released.")]
    [InlineData("Some 300 people held a vigil for the dead.")]
    [InlineData("Three gunmen fled the scene.")]
    [InlineData("The driver killed the engine and waited 20 minutes.")]
    public void No_claim_without_a_reported_metric(string text) => Extracted.Nothing(text);
}
