using FactTracker.Extraction.Languages;
using FactTracker.Figures;

namespace FactTracker.Extraction.Tests.Rules;

/// <summary>A second language is data: the same engine reads German given German words and number conventions.</summary>
public sealed class LanguageTests
{
    private static readonly Language German = English.Language with
    {
        Name = "de",
        DecimalMark = ',',
        GroupSeparators = ".\u00A0",
        NumberWords = new Dictionary<string, int> { ["zwölf"] = 12, ["zwanzig"] = 20 },
        ScaleWords = new Dictionary<string, long> { ["tausend"] = 1_000, ["millionen"] = 1_000_000 },
        VagueTerms = new Dictionary<string, string> { ["dutzende"] = "dozens", ["hunderte"] = "hundreds" },
        Qualifiers = new Dictionary<string, string> { ["mindestens"] = ValueKinds.AtLeast, ["etwa"] = ValueKinds.Approximate },
        MetricPhrases =
        [
            new("getötet", Metrics.Killed), new("verletzt", Metrics.Injured), new("festgenommen", Metrics.Arrested),
            new("vertrieben", Metrics.Displaced),
        ],
        RightFillers = ["wurden", "sind", "waren"],
        Subjects = new Dictionary<string, string> { ["menschen"] = "people", ["polizisten"] = "police", ["demonstranten"] = "demonstrators" },
        AccordingTo = ["laut"],
        SpeechVerbs = ["sagte", "teilte mit"],
        SourceEnds = ["wurden", "sind", "waren", "am", "im"],
        SourceDroppedArticles = ["der", "die", "das", "dem", "den"],
    };

    [Theory]
    [InlineData("Mindestens 1.243 Menschen wurden getötet.", "killed", "people", "at_least", 1243L, null)]
    [InlineData("Etwa 2,5 Millionen Menschen wurden vertrieben.", "displaced", "people", "approximate", 2_500_000L, 2_500_000L)]
    [InlineData("Zwölf Polizisten wurden verletzt.", "injured", "police", "exact", 12L, 12L)]
    [InlineData("Dutzende Demonstranten wurden festgenommen.", "arrested", "demonstrators", "approximate", 24L, 99L)]
    public void German_as_data(string text, string metric, string subject, string kind, long? low, long? high)
    {
        var claim = Assert.Single(ClaimExtractor.Extract(text, null, German));
        Assert.Equal((metric, subject, kind, low, high), (claim.Metric, claim.Subject, claim.Value.Kind, claim.Value.Low, claim.Value.High));
    }

    [Fact]
    public void The_attribution_words_come_from_the_language_too()
    {
        var claim = Assert.Single(ClaimExtractor.Extract("Laut dem Innenministerium wurden 12 Menschen getötet.", "Redaktion", German));
        Assert.Equal("Innenministerium", claim.Source);
        Assert.Equal("Redaktion", Assert.Single(ClaimExtractor.Extract("12 Menschen wurden getötet.", "Redaktion", German)).Source);
    }

    [Fact]
    public void English_rules_do_not_leak_into_another_language()
    {
        Assert.Empty(ClaimExtractor.Extract("Twelve people were killed.", null, German));
        Assert.Single(ClaimExtractor.Extract("Twelve people were killed."));
    }
}
