namespace FactTracker.Figures;

public static class ValueKinds
{
    public const string Exact = "exact";
    public const string AtLeast = "at_least";
    public const string AtMost = "at_most";
    public const string Range = "range";
    public const string Approximate = "approximate";

    public static readonly IReadOnlyList<string> All = [Exact, AtLeast, AtMost, Range, Approximate];
}

/// <summary>Vague quantities and the bounds FactTracker gives them.</summary>
public static class VagueTerms
{
    public static readonly IReadOnlyDictionary<string, (long Low, long High)> Bounds =
        new Dictionary<string, (long, long)>(StringComparer.OrdinalIgnoreCase)
        {
            ["a dozen"] = (12, 12),
            ["dozens"] = (24, 99),
            ["scores"] = (40, 99),
            ["hundreds"] = (200, 999),
            ["thousands"] = (2_000, 9_999),
            ["tens of thousands"] = (20_000, 99_999),
            ["hundreds of thousands"] = (200_000, 999_999),
            ["millions"] = (2_000_000, 9_999_999),
        };

    public static bool TryGet(string? words, out (long Low, long High) bounds)
    {
        bounds = default;
        if (string.IsNullOrWhiteSpace(words)) return false;
        var key = words.Trim().Trim('"', '\u201c', '\u201d', '\'');
        return Bounds.TryGetValue(key, out bounds);
    }
}
