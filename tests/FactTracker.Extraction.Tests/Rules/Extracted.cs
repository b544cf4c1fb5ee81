namespace FactTracker.Extraction.Tests.Rules;

/// <summary>Short assertions over what the extractor finds in one sentence.</summary>
internal static class Extracted
{
    public static ExtractedClaim Single(string text, string? source = null)
    {
        var claims = ClaimExtractor.Extract(text, source);
        Assert.True(claims.Count == 1, $"expected one claim in \"{text}\", found {claims.Count}: {string.Join(" | ", claims.Select(Describe))}");
        Assert.Equal(claims[0].Quote, text[claims[0].Start..claims[0].End]);
        return claims[0];
    }

    public static (string Metric, string Kind, long? Low, long? High) Value(string text) =>
        Single(text) is var c ? (c.Metric, c.Value.Kind, c.Value.Low, c.Value.High) : default;

    public static void Nothing(string text)
    {
        var claims = ClaimExtractor.Extract(text);
        Assert.True(claims.Count == 0, $"expected no claim in \"{text}\", found: {string.Join(" | ", claims.Select(Describe))}");
    }

    public static string Describe(ExtractedClaim c) =>
        $"{c.Metric} {c.Subject} {c.Value.Kind} {c.Value.Low}..{c.Value.High} \"{c.Quote}\" ({c.Rule})";
}
