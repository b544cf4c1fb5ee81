using System.Text.Json;
using FactTracker.Contracts;

namespace FactTracker.Figures;

/// <summary>
/// Reads a value as newsrooms write it: a bare number for an exact count, or
/// <c>{"kind": "at_least", "low": 1000, "words": "more than a thousand"}</c>.
/// </summary>
public static class FigureValueJson
{
    /// <summary>Returns the problem with the JSON, or null and the normalised value.</summary>
    public static string? TryRead(JsonElement json, out FigureValue value)
    {
        value = default!;
        switch (json.ValueKind)
        {
            case JsonValueKind.Number:
                if (!json.TryGetInt64(out var n)) return "must be a whole number";
                return FigureValues.TryNormalize(FigureValues.Exact(n), out value);
            case JsonValueKind.Object:
                string? kind = null, words = null;
                long? low = null, high = null;
                foreach (var p in json.EnumerateObject())
                {
                    switch (p.Name)
                    {
                        case "kind":
                            if (p.Value.ValueKind != JsonValueKind.String) return "kind must be a string";
                            kind = p.Value.GetString();
                            break;
                        case "words":
                            if (p.Value.ValueKind == JsonValueKind.Null) break;
                            if (p.Value.ValueKind != JsonValueKind.String) return "words must be a string";
                            words = p.Value.GetString();
                            break;
                        case "low" or "high":
                            long? bound = null;
                            if (p.Value.ValueKind != JsonValueKind.Null)
                            {
                                if (p.Value.ValueKind != JsonValueKind.Number || !p.Value.TryGetInt64(out var b))
                                    return $"{p.Name} must be a whole number";
                                bound = b;
                            }
                            if (p.Name == "low") low = bound; else high = bound;
                            break;
                        default:
                            return $"unknown field '{p.Name}' (expected kind, low, high, words)";
                    }
                }
                if (kind is null) return $"kind is required (one of {string.Join(", ", ValueKinds.All)})";
                return FigureValues.TryNormalize(new FigureValue(kind, low, high, words), out value);
            default:
                return "must be a number or an object {kind, low, high, words}";
        }
    }
}
