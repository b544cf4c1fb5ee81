namespace FactTracker.Extraction.Tests.Rules;

/// <summary>Numbers as newsrooms write them: digits with separators, decimals with scale words, words.</summary>
public sealed class NumberTests
{
    [Theory]
    [InlineData("748 people were injured.", 748)]
    [InlineData("1,243 people were killed.", 1243)]
    [InlineData("12,500 people were displaced.", 12500)]
    [InlineData("1,200,000 people were displaced.", 1200000)]
    [InlineData("12\u00A0000 people were displaced.", 12000)]
    [InlineData("2.5 million people were displaced.", 2500000)]
    [InlineData("1.2 million people have fled their homes.", 1200000)]
    [InlineData("2.5m people were displaced.", 2500000)]
    [InlineData("3 thousand people were arrested.", 3000)]
    public void Digits_with_separators_and_scales(string text, long n) =>
        Assert.Equal(("exact", n, n), (Extracted.Single(text).Value.Kind, Extracted.Single(text).Value.Low, Extracted.Single(text).Value.High));

    [Theory]
    [InlineData("Eleven people were killed.", 11)]
    [InlineData("One person was killed.", 1)]
    [InlineData("Twenty-five people were injured.", 25)]
    [InlineData("Four hundred and twelve people were injured.", 412)]
    [InlineData("A hundred people were arrested.", 100)]
    [InlineData("A thousand people were arrested.", 1000)]
    [InlineData("Two thousand five hundred residents were evacuated.", 2500)]
    [InlineData("One hundred and twenty people were hurt.", 120)]
    [InlineData("Ninety-nine people are missing.", 99)]
    [InlineData("Three million people were displaced.", 3000000)]
    public void Number_words(string text, long n)
    {
        var claim = Extracted.Single(text);
        Assert.Equal(("exact", n, n), (claim.Value.Kind, claim.Value.Low, claim.Value.High));
        Assert.NotNull(claim.Value.Words);
    }

    [Theory]
    [InlineData("A dozen people were injured.", 12, 12)]
    [InlineData("Dozens of people were injured.", 24, 99)]
    [InlineData("Scores of people were injured.", 40, 99)]
    [InlineData("Hundreds of people were injured.", 200, 999)]
    [InlineData("Thousands of people were arrested.", 2000, 9999)]
    [InlineData("Tens of thousands of people were displaced.", 20000, 99999)]
    [InlineData("Hundreds of thousands of people were displaced.", 200000, 999999)]
    [InlineData("Millions of people were displaced.", 2000000, 9999999)]
    [InlineData("Several hundred people were detained.", 200, 999)]
    [InlineData("Two dozen people were injured.", 24, 24)]
    public void Vague_terms_take_the_bounds_fixed_in_Figures(string text, long low, long high)
    {
        var claim = Extracted.Single(text);
        Assert.Equal(("approximate", low, high), (claim.Value.Kind, claim.Value.Low, claim.Value.High));
    }

    [Fact]
    public void Plain_digits_carry_no_words_and_anything_else_carries_the_words_as_written()
    {
        Assert.Null(Extracted.Single("748 people were injured.").Value.Words);
        Assert.Equal("More than 700", Extracted.Single("More than 700 injured").Value.Words);
        Assert.Equal("dozens", Extracted.Single("killing dozens").Value.Words);
        Assert.Equal("four hundred and twelve", Extracted.Single("four hundred and twelve people were injured").Value.Words);
    }

    [Theory]
    [InlineData("The magnitude 6.4 quake was felt in the capital, killing no one.")]
    [InlineData("Hundred people were injured.")]
    [InlineData("A couple were injured.")]
    [InlineData("007 agents were injured.")]
    [InlineData("999999999999999999999999 people were killed.")]
    [InlineData("2 million million people were killed.")]
    public void Things_that_look_like_numbers_but_are_not_counts(string text) => Extracted.Nothing(text);
}
