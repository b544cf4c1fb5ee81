using FactTracker.Contracts;

namespace FactTracker.Figures.Tests;

public sealed class FigureValuesTests
{
    [Theory]
    [InlineData("exact", 748L, null, null, 748L, 748L)]
    [InlineData("exact", null, 18L, null, 18L, 18L)]
    [InlineData("at_least", 1000L, null, "more than a thousand", 1000L, null)]
    [InlineData("at_most", null, 50L, "up to 50", null, 50L)]
    [InlineData("range", 40L, 60L, "between 40 and 60", 40L, 60L)]
    [InlineData("approximate", 300L, null, "about 300", 300L, 300L)]
    [InlineData("approximate", null, null, "dozens", 24L, 99L)]
    [InlineData("approximate", null, null, "a dozen", 12L, 12L)]
    [InlineData("approximate", null, null, "Hundreds", 200L, 999L)]
    [InlineData("approximate", null, null, "tens of thousands", 20_000L, 99_999L)]
    [InlineData("approximate", null, null, "millions", 2_000_000L, 9_999_999L)]
    public void Valid_values_are_normalised(string kind, long? low, long? high, string? words, long? expectedLow, long? expectedHigh)
    {
        Assert.Null(FigureValues.TryNormalize(new FigureValue(kind, low, high, words), out var value));
        Assert.Equal((kind, expectedLow, expectedHigh, words), (value.Kind, value.Low, value.High, value.Words));
    }

    [Theory]
    [InlineData("exact", -1L, null, null, "negative")]
    [InlineData("exact", null, null, null, "needs low")]
    [InlineData("exact", 3L, 4L, null, "low equal to high")]
    [InlineData("at_least", null, null, null, "needs low")]
    [InlineData("at_least", 3L, 9L, null, "no high")]
    [InlineData("at_most", null, null, null, "needs high")]
    [InlineData("at_most", 1L, 9L, null, "no low")]
    [InlineData("range", 9L, 3L, null, "greater than high")]
    [InlineData("range", 9L, null, null, "needs low and high")]
    [InlineData("approximate", null, null, "a great many", "vague quantity")]
    [InlineData("approximate", 9L, 3L, null, "greater than high")]
    [InlineData("lots", 1L, 1L, null, "kind must be one of")]
    public void Invalid_values_are_refused_with_the_reason(string kind, long? low, long? high, string? words, string reason)
    {
        var problem = FigureValues.TryNormalize(new FigureValue(kind, low, high, words), out _);
        Assert.NotNull(problem);
        Assert.Contains(reason, problem);
    }

    [Theory]
    // 748 exact against "more than a thousand": contested.
    [InlineData("exact", 748L, 748L, "at_least", 1000L, null, false)]
    [InlineData("exact", 1200L, 1200L, "at_least", 1000L, null, true)]
    [InlineData("at_most", null, 50L, "exact", 0L, 0L, true)]
    [InlineData("at_most", null, 50L, "exact", 51L, 51L, false)]
    [InlineData("range", 10L, 20L, "range", 20L, 30L, true)]
    [InlineData("range", 10L, 19L, "range", 20L, 30L, false)]
    // An approximate point counts plus or minus ten per cent.
    [InlineData("approximate", 300L, 300L, "exact", 330L, 330L, true)]
    [InlineData("approximate", 300L, 300L, "exact", 331L, 331L, false)]
    [InlineData("approximate", 24L, 99L, "exact", 18L, 18L, false)]
    public void Overlap_follows_the_intervals(string k1, long? l1, long? h1, string k2, long? l2, long? h2, bool overlap)
    {
        var a = new FigureValue(k1, l1, h1, null);
        var b = new FigureValue(k2, l2, h2, null);
        Assert.Equal(overlap, FigureValues.Overlap(a, b));
        Assert.Equal(overlap, FigureValues.Overlap(b, a));
    }

    [Theory]
    [InlineData("exact", 748L, 748L, null, "748")]
    [InlineData("at_least", 1000L, null, "more than a thousand", "at least 1000 (more than a thousand)")]
    [InlineData("at_most", null, 5L, null, "at most 5")]
    [InlineData("range", 3L, 5L, null, "3–5")]
    [InlineData("approximate", 24L, 99L, "dozens", "about 24–99 (dozens)")]
    [InlineData("approximate", 300L, 300L, null, "about 300")]
    public void Values_read_as_plain_words(string kind, long? low, long? high, string? words, string expected) =>
        Assert.Equal(expected, FigureValues.Describe(new FigureValue(kind, low, high, words)));
}
