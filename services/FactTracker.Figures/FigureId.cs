namespace FactTracker.Figures;

/// <summary>A figure is story + metric + subject (+ place): <c>kazakhstan-unrest-2022/injured/people</c>.</summary>
public static class FigureId
{
    public static string For(string story, string metric, string subject, string? place = null) =>
        place is null ? $"{story}/{metric}/{subject}" : $"{story}/{metric}/{subject}/{place}";

    public static bool TryParse(string? id, out (string Story, string Metric, string Subject, string? Place) parts)
    {
        parts = default;
        if (string.IsNullOrEmpty(id)) return false;
        var p = id.Split('/');
        if (p.Length is < 3 or > 4) return false;
        if (!Slug.IsValid(p[0]) || !Metrics.IsKnown(p[1]) || !Slug.IsValid(p[2])) return false;
        if (p.Length == 4 && !Slug.IsValid(p[3])) return false;
        parts = (p[0], p[1], p[2], p.Length == 4 ? p[3] : null);
        return true;
    }
}
