using System.Text.Json;
using FactTracker.Contracts;

namespace FactTracker.Figures.Tests;

public sealed class FigureValueJsonTests
{
    private static string? Read(string json, out FigureValue value) =>
        FigureValueJson.TryRead(JsonDocument.Parse(json).RootElement, out value);

    [Fact]
    public void A_bare_number_is_an_exact_count()
    {
        Assert.Null(Read("748", out var value));
        Assert.Equal(new FigureValue("exact", 748, 748, null), value);
    }

    [Fact]
    public void An_object_gives_kind_bounds_and_words()
    {
        Assert.Null(Read("""{"kind":"at_least","low":1000,"words":"more than a thousand"}""", out var value));
        Assert.Equal(new FigureValue("at_least", 1000, null, "more than a thousand"), value);
    }

    [Theory]
    [InlineData("\"many\"", "must be a number or an object")]
    [InlineData("2.5", "whole number")]
    [InlineData("-3", "negative")]
    [InlineData("""{"low":3}""", "kind is required")]
    [InlineData("""{"kind":"exact","low":"3"}""", "low must be a whole number")]
    [InlineData("""{"kind":"exact","low":3,"colour":"red"}""", "unknown field 'colour'")]
    [InlineData("""{"kind":7,"low":3}""", "kind must be a string")]
    public void Malformed_values_say_what_is_wrong(string json, string reason)
    {
        var problem = Read(json, out _);
        Assert.NotNull(problem);
        Assert.Contains(reason, problem);
    }
}
