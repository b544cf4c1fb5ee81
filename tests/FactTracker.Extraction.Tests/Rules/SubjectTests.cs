using FactTracker.Figures;

namespace FactTracker.Extraction.Tests.Rules;

/// <summary>Who was counted, normalised to a short list of slugs; "people" when no group is named.</summary>
public sealed class SubjectTests
{
    [Theory]
    [InlineData("748 people were injured.", "people")]
    [InlineData("More than 700 injured", "people")]
    [InlineData("18 members of the security forces were killed.", "security-forces")]
    [InlineData("17 law enforcement officers were killed.", "security-forces")]
    [InlineData("12 police officers were injured.", "police")]
    [InlineData("12 policemen were injured.", "police")]
    [InlineData("12 soldiers were killed.", "soldiers")]
    [InlineData("12 troops were killed.", "soldiers")]
    [InlineData("“Dozens” of demonstrators were killed.", "demonstrators")]
    [InlineData("Scores of protesters were wounded.", "demonstrators")]
    [InlineData("12 civilians were killed.", "civilians")]
    [InlineData("Seven children were admitted to hospital.", "children")]
    [InlineData("A dozen journalists were detained.", "journalists")]
    [InlineData("Some 5,000 residents were evacuated.", "residents")]
    [InlineData("Two nurses were injured.", "health-workers")]
    [InlineData("Three aid workers were killed.", "aid-workers")]
    [InlineData("Police detained 84 demonstrators.", "demonstrators")]
    [InlineData("Police killed 12.", "people")]
    [InlineData("The number of demonstrators killed rose to 50.", "demonstrators")]
    [InlineData("1,244 people were injured, 86 of them police officers.", "people")]
    public void The_counted_group(string text, string subject)
    {
        var claim = ClaimExtractor.Extract(text)[0];
        Assert.Equal(subject, claim.Subject);
        Assert.True(Slug.IsValid(claim.Subject));
    }

    [Fact]
    public void A_named_group_within_a_count_is_a_figure_of_its_own()
    {
        var claims = ClaimExtractor.Extract("1,244 people were injured, 86 of them police officers.");
        Assert.Equal([("injured", "people", 1244L), ("injured", "police", 86L)], claims.Select(c => (c.Metric, c.Subject, c.Value.Low!.Value)));
    }
}
