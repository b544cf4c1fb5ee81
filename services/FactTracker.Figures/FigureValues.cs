using FactTracker.Contracts;

namespace FactTracker.Figures;

/// <summary>Validation, normalisation and comparison of <see cref="FigureValue"/>s.</summary>
public static class FigureValues
{
    public const int MaxWordsLength = 200;

    public static FigureValue Exact(long n, string? words = null) => new(ValueKinds.Exact, n, n, words);

    /// <summary>
    /// Checks a value and fills in what its kind implies (exact: high = low; approximate vague term: its bounds).
    /// Returns the problem with the value, or null with the normalised value.
    /// </summary>
    public static string? TryNormalize(FigureValue value, out FigureValue normalized)
    {
        normalized = value;
        var (kind, low, high, words) = (value.Kind, value.Low, value.High, value.Words);
        if (words is { Length: > MaxWordsLength }) return $"words must be at most {MaxWordsLength} characters";
        if (low < 0 || high < 0) return "bounds must not be negative";
        switch (kind)
        {
            case ValueKinds.Exact:
                if (low is null && high is null) return "an exact value needs low (or high)";
                if (low is not null && high is not null && low != high) return "an exact value has low equal to high";
                var n = low ?? high!.Value;
                normalized = value with { Low = n, High = n };
                return null;
            case ValueKinds.AtLeast:
                if (low is null) return "an at_least value needs low";
                if (high is not null) return "an at_least value has no high";
                return null;
            case ValueKinds.AtMost:
                if (high is null) return "an at_most value needs high";
                if (low is not null) return "an at_most value has no low";
                return null;
            case ValueKinds.Range:
                if (low is null || high is null) return "a range needs low and high";
                if (low > high) return "low must not be greater than high";
                return null;
            case ValueKinds.Approximate:
                if (low is null && high is null)
                {
                    if (!VagueTerms.TryGet(words, out var b))
                        return "an approximate value needs low and high, or words that name a vague quantity such as \"dozens\"";
                    normalized = value with { Low = b.Low, High = b.High };
                    return null;
                }
                if (low is null || high is null)
                {
                    var point = low ?? high!.Value;
                    normalized = value with { Low = point, High = point };
                    return null;
                }
                if (low > high) return "low must not be greater than high";
                return null;
            default:
                return $"kind must be one of {string.Join(", ", ValueKinds.All)}";
        }
    }

    /// <summary>The interval a value stands for: at_least is open above, at_most starts at 0, an approximate point counts ±10%.</summary>
    public static (long Low, long High) Interval(FigureValue v) => v.Kind switch
    {
        ValueKinds.AtLeast => (v.Low ?? 0, long.MaxValue),
        ValueKinds.AtMost => (0, v.High ?? long.MaxValue),
        ValueKinds.Approximate when v.Low == v.High && v.Low is { } p => (p - p / 10, p + p / 10),
        _ => (v.Low ?? 0, v.High ?? long.MaxValue),
    };

    /// <summary>The same kind and bounds, whatever the words.</summary>
    public static bool SameValue(FigureValue a, FigureValue b) => (a.Kind, a.Low, a.High) == (b.Kind, b.Low, b.High);

    public static bool Overlap(FigureValue a, FigureValue b)
    {
        var (al, ah) = Interval(a);
        var (bl, bh) = Interval(b);
        return al <= bh && bl <= ah;
    }

    /// <summary>Short human text: "748", "at least 1000", "24–99 (dozens)".</summary>
    public static string Describe(FigureValue v)
    {
        var core = v.Kind switch
        {
            ValueKinds.Exact => $"{v.Low}",
            ValueKinds.AtLeast => $"at least {v.Low}",
            ValueKinds.AtMost => $"at most {v.High}",
            ValueKinds.Range => $"{v.Low}–{v.High}",
            _ when v.Low == v.High => $"about {v.Low}",
            _ => $"about {v.Low}–{v.High}",
        };
        return string.IsNullOrEmpty(v.Words) ? core : $"{core} ({v.Words})";
    }
}
