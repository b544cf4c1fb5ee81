namespace FactTracker.Extraction.Tests.Rules;

/// <summary>Qualifiers give the kind: approximate, at_least, at_most; ranges give both bounds.</summary>
public sealed class ValueKindTests
{
    [Theory]
    [InlineData("About 300 people are missing.", 300)]
    [InlineData("Around 300 people are missing.", 300)]
    [InlineData("Some 300 people are missing.", 300)]
    [InlineData("Roughly 300 people are missing.", 300)]
    [InlineData("Nearly 300 people are missing.", 300)]
    [InlineData("Almost 300 people are missing.", 300)]
    [InlineData("Approximately 300 people are missing.", 300)]
    [InlineData("An estimated 300 people are missing.", 300)]
    [InlineData("Nearly a thousand people are missing.", 1000)]
    [InlineData("About a dozen people are missing.", 12)]
    public void Approximate(string text, long n) =>
        Assert.Equal(("missing", "approximate", (long?)n, (long?)n), Extracted.Value(text));

    [Theory]
    [InlineData("More than 700 injured", 700)]
    [InlineData("Over 700 people were injured.", 700)]
    [InlineData("At least 700 people were injured.", 700)]
    [InlineData("Upwards of 700 people were injured.", 700)]
    [InlineData("No fewer than 700 people were injured.", 700)]
    [InlineData("More than a thousand people were injured.", 1000)]
    [InlineData("More than a dozen people were injured.", 12)]
    [InlineData("The death toll has passed 700.", 700)]
    public void At_least(string text, long n)
    {
        var (_, kind, low, high) = Extracted.Value(text);
        Assert.Equal(("at_least", (long?)n, (long?)null), (kind, low, high));
    }

    [Theory]
    [InlineData("Up to 200 people were hurt.", 200)]
    [InlineData("Fewer than 200 people were hurt.", 200)]
    [InlineData("Less than 200 people were hurt.", 200)]
    [InlineData("No more than 200 people were hurt.", 200)]
    [InlineData("As many as 200 people were hurt.", 200)]
    public void At_most(string text, long n) =>
        Assert.Equal(("injured", "at_most", (long?)null, (long?)n), Extracted.Value(text));

    [Theory]
    [InlineData("Between 40 and 60 people were killed.", 40, 60)]
    [InlineData("40 to 60 people were killed.", 40, 60)]
    [InlineData("40-60 people were killed.", 40, 60)]
    [InlineData("40–60 people were killed.", 40, 60)]
    [InlineData("Two or three people were killed.", 2, 3)]
    [InlineData("Between 2 and 3 million people were displaced.", 2000000, 3000000)]
    [InlineData("From 20 to 30 people were arrested.", 20, 30)]
    public void Ranges(string text, long low, long high)
    {
        var (_, kind, l, h) = Extracted.Value(text);
        Assert.Equal(("range", (long?)low, (long?)high), (kind, l, h));
    }

    [Theory]
    [InlineData("The match ended 3-1 after 12 were injured.")]
    public void A_score_is_not_a_range(string text) => Assert.Equal(12, Extracted.Single(text).Value.Low);
}
