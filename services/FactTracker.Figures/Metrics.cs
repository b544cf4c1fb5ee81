namespace FactTracker.Figures;

/// <summary>What a figure counts. All are cumulative counts of people.</summary>
public static class Metrics
{
    public const string Killed = "killed";
    public const string Injured = "injured";
    public const string Hospitalized = "hospitalized";
    public const string Arrested = "arrested";
    public const string Missing = "missing";
    public const string Displaced = "displaced";

    public static readonly IReadOnlyList<string> All = [Killed, Injured, Hospitalized, Arrested, Missing, Displaced];

    public static bool IsKnown(string? metric) => metric is not null && All.Contains(metric);
}
