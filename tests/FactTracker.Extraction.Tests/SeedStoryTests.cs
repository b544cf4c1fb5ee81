using FactTracker.Testing;
using System.Text.RegularExpressions;

namespace FactTracker.Extraction.Tests;

/// <summary>The seed story gives exactly the claims issue 4 lists, in order, and nothing from its dates, times, handles or link.</summary>
public sealed class SeedStoryTests
{
    private const string DeskSource = "Almaty live desk";
    private static readonly string Text = File.ReadAllText(RepositoryRoot.File("seeds", "kazakhstan-unrest-2022-01-06.txt"));

    [Fact]
    public void The_seed_story_gives_exactly_the_listed_claims_in_order()
    {
        var claims = ClaimExtractor.Extract(Text, DeskSource);

        var expected = new (string Metric, string Subject, string Kind, long? Low, long? High, string? Source)[]
        {
            ("killed", "people", "approximate", 24, 99, "a count made this week"),
            ("injured", "people", "approximate", 200, 999, "a count made this week"),
            ("injured", "people", "at_least", 700, null, DeskSource),
            ("killed", "security-forces", "exact", 18, 18, "local authorities"),
            ("injured", "people", "exact", 748, 748, "local authorities"),
            ("injured", "people", "at_least", 1000, null, "Ministry of Health"),
            ("hospitalized", "people", "exact", 62, 62, "Ministry of Health"),
            ("killed", "demonstrators", "approximate", 24, 99, "police spokesman Saltanat Azirbek"),
        };
        Assert.Equal(expected, claims.Select(c => (c.Metric, c.Subject, c.Value.Kind, c.Value.Low, c.Value.High, c.Source)).ToArray());
    }

    [Fact]
    public void Each_quote_is_the_text_at_its_offsets_and_names_the_figure()
    {
        var claims = ClaimExtractor.Extract(Text, DeskSource);

        Assert.Equal(
            [
                "killing dozens", "injuring hundreds", "More than 700 injured", "18 members of the security forces were killed",
                "748 people were injured", "more than a thousand injured", "62 people placed in intensive care", "“dozens” of demonstrators killed",
            ],
            claims.Select(c => c.Quote));
        Assert.All(claims, c => Assert.Equal(c.Quote, Text[c.Start..c.End]));
    }

    [Fact]
    public void Nothing_comes_from_dates_times_handles_or_the_link()
    {
        var claims = ClaimExtractor.Extract(Text, DeskSource);

        // Every number in the story that is not one of the figures: January 2, 6 and 5, 2022, and the 74 inside the link.
        foreach (Match m in Regex.Matches(Text, @"\d+"))
        {
            var inClaim = claims.Any(c => c.Start <= m.Index && m.Index + m.Length <= c.End);
            var isFigure = m.Value is "700" or "18" or "748" or "62";
            Assert.True(inClaim == isFigure, $"'{m.Value}' at {m.Index} is {(inClaim ? "" : "not ")}in a claim");
        }
        Assert.DoesNotContain(claims, c => c.Quote.Contains('@') || c.Quote.Contains('#') || c.Quote.Contains("twitter"));
    }

    [Fact]
    public void Every_claim_says_which_rules_fired()
    {
        var claims = ClaimExtractor.Extract(Text, DeskSource);

        Assert.StartsWith("metric before the number ('killing')", claims[0].Rule);
        Assert.Contains("source: 'according to'", claims[0].Rule);
        Assert.Contains("source: the update's own", claims[2].Rule);
        Assert.Contains("source: 'added'", claims[7].Rule);
    }
}
