using System.Text.RegularExpressions;

namespace FactTracker.Figures;

/// <summary>Readable, stable identifiers: stories, subjects and places are lower-case kebab slugs.</summary>
public static partial class Slug
{
    public const int MaxLength = 80;

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex Pattern();

    public static bool IsValid(string? value) =>
        value is { Length: > 0 and <= MaxLength } && Pattern().IsMatch(value);

    /// <summary>"Security Forces" becomes "security-forces"; anything that cannot be a slug becomes null.</summary>
    public static string? Normalize(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        var chars = value.Trim().ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray();
        var slug = string.Join('-', new string(chars).Split('-', StringSplitOptions.RemoveEmptyEntries));
        return IsValid(slug) ? slug : null;
    }
}
