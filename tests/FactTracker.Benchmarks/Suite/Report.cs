using System.Text.Json;

namespace FactTracker.Benchmarks.Suite;

/// <summary>Median of at least three runs, with the fastest and slowest beside it.</summary>
public sealed record Sample(double Median, double Min, double Max, int Runs)
{
    public static Sample Of(IEnumerable<double> runs)
    {
        var sorted = runs.Order().ToList();
        if (sorted.Count == 0) throw new InvalidOperationException("no runs to summarise");
        var median = sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
        return new Sample(median, sorted[0], sorted[^1], sorted.Count);
    }
}

/// <summary>
/// How a figure is judged: at least <see cref="Factor"/> times the baseline (higher is better), at most Factor times it
/// (lower is better), or against a fixed number when there is no baseline.
/// </summary>
public sealed record Goal(string Text, bool HigherIsBetter, double Factor, bool Absolute = false)
{
    public static Goal AtLeastOf(double fraction, string baseline) => new($">= {fraction:0.##} x {baseline}", true, fraction);
    public static Goal AtMostTimes(double times, string baseline) => new($"<= {times:0.##} x {baseline}", false, times);
    public static Goal AtLeast(double value, string unit) => new($">= {value:N0} {unit}", true, value, Absolute: true);
    public static Goal AtMost(double value, string unit) => new($"< {value:N0} {unit}", false, value, Absolute: true);
    public static readonly Goal None = new("(reported)", true, 0, Absolute: true);
}

public sealed record Row(string Section, string Figure, string Unit, Sample Value, string? BaselineName, Sample? Baseline, Goal Goal, string? Note = null)
{
    public double? Ratio => Baseline is { Median: > 0 } b ? Value.Median / b.Median : null;

    public bool? Met => Goal == Goal.None ? null
        : Goal.Absolute ? (Goal.HigherIsBetter ? Value.Median >= Goal.Factor : Value.Median < Goal.Factor)
        : Ratio is not { } r ? null
        : Goal.HigherIsBetter ? r >= Goal.Factor : r <= Goal.Factor;
}

/// <summary>Collects every row of a run, prints one table and writes the same as JSON.</summary>
public sealed class Report
{
    private readonly List<Row> _rows = [];
    private readonly List<string> _notes = [];

    public IReadOnlyList<Row> Rows => _rows;

    public void Add(Row row)
    {
        _rows.Add(row);
        var baseline = row.Baseline is { } b ? $"  vs {row.BaselineName} {Format(b.Median)}" : "";
        Console.WriteLine($"    {row.Figure}: {Format(row.Value.Median)} {row.Unit} (min {Format(row.Value.Min)}, max {Format(row.Value.Max)}){baseline}");
    }

    public void Note(string note)
    {
        _notes.Add(note);
        Console.WriteLine($"    note: {note}");
    }

    public void Print(TextWriter w)
    {
        const string header = "| figure | median | min | max | unit | baseline (same run) | ratio | goal | met |";
        w.WriteLine();
        w.WriteLine(header);
        w.WriteLine("| --- | ---: | ---: | ---: | --- | --- | ---: | --- | --- |");
        string? section = null;
        // Grouped by section in the order sections first appeared; rows keep their order within a section.
        var order = _rows.Select(r => r.Section).Distinct().ToList();
        foreach (var r in _rows.OrderBy(r => order.IndexOf(r.Section)))
        {
            if (r.Section != section)
            {
                section = r.Section;
                w.WriteLine($"| **{section}** | | | | | | | | |");
            }
            var baseline = r.Baseline is { } b ? $"{r.BaselineName} {Format(b.Median)}" : "";
            var ratio = r.Ratio is { } x ? $"{x:0.00}" : "";
            var met = r.Met switch { true => "met", false => "MISSED", null => "" };
            var name = r.Note is null ? r.Figure : $"{r.Figure} ({r.Note})";
            w.WriteLine($"| {name} | {Format(r.Value.Median)} | {Format(r.Value.Min)} | {Format(r.Value.Max)} | {r.Unit} | {baseline} | {ratio} | {r.Goal.Text} | {met} |");
        }
        foreach (var note in _notes) w.WriteLine($"- {note}");
    }

    public string WriteJson(string directory, DateTimeOffset startedAt, TimeSpan elapsed)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, $"bench-{startedAt:yyyyMMdd-HHmmss}.json");
        var document = new
        {
            startedAt,
            elapsedSeconds = Math.Round(elapsed.TotalSeconds, 1),
            machine = new { Environment.ProcessorCount, os = System.Runtime.InteropServices.RuntimeInformation.OSDescription, runtime = Environment.Version.ToString() },
            rows = _rows.Select(r => new
            {
                section = r.Section, figure = r.Figure, unit = r.Unit, median = r.Value.Median, min = r.Value.Min, max = r.Value.Max, runs = r.Value.Runs,
                baseline = r.BaselineName, baselineMedian = r.Baseline?.Median, baselineMin = r.Baseline?.Min, baselineMax = r.Baseline?.Max,
                ratio = r.Ratio, goal = r.Goal.Text, met = r.Met, note = r.Note,
            }),
            notes = _notes,
        };
        File.WriteAllText(path, JsonSerializer.Serialize(document, new JsonSerializerOptions { WriteIndented = true }));
        return path;
    }

    public static string Format(double v) => Math.Abs(v) switch
    {
        >= 10_000 => v.ToString("N0"),
        >= 100 => v.ToString("0"),
        >= 10 => v.ToString("0.0"),
        >= 1 => v.ToString("0.00"),
        _ => v.ToString("0.000"),
    };
}
