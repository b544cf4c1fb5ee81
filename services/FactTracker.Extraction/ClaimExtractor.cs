using FactTracker.Extraction.Languages;

namespace FactTracker.Extraction;

/// <summary>
/// Finds every casualty-style figure in newsroom text: a deterministic rule engine whose every claim says
/// which rules produced it. Linear in the text; never throws; every quote is <c>text[Start..End]</c>.
/// </summary>
public static class ClaimExtractor
{
    /// <summary>The claims in <paramref name="text"/>, in the order they appear.</summary>
    /// <param name="defaultSource">The update's own source, for figures the text attributes to no one.</param>
    public static IReadOnlyList<ExtractedClaim> Extract(string text, string? defaultSource = null) =>
        Extract(text, defaultSource, English.Language);

    /// <summary>The claims in <paramref name="text"/>, read with the rules of <paramref name="language"/>.</summary>
    public static IReadOnlyList<ExtractedClaim> Extract(string text, string? defaultSource, Language language)
    {
        ArgumentNullException.ThrowIfNull(language);
        if (string.IsNullOrEmpty(text)) return [];
        return new Passage(text, Lexicon.For(language), defaultSource).Claims();
    }
}
