using System.Diagnostics;

namespace FactTracker.Benchmarks;

public sealed record Figure(string Name, double Median, double Min, double Max, string Unit);

/// <summary>Runs an operation in rounds and reports the median round with the fastest and slowest beside it.</summary>
public static class Measure
{
    /// <summary>Mean latency per call of each round, in milliseconds; at least three rounds after a warm-up.</summary>
    public static async Task<Figure> LatencyAsync(string name, Func<Task> call, int warmup = 30, int rounds = 5, int callsPerRound = 100)
    {
        for (var i = 0; i < warmup; i++) await call();
        var results = new List<double>();
        for (var r = 0; r < rounds; r++)
        {
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < callsPerRound; i++) await call();
            results.Add(clock.Elapsed.TotalMilliseconds / callsPerRound);
        }
        results.Sort();
        return new Figure(name, results[results.Count / 2], results[0], results[^1], "ms/read");
    }

    public static void Print(string title, IReadOnlyList<Figure> figures, Figure baseline)
    {
        Console.WriteLine();
        Console.WriteLine(title);
        Console.WriteLine($"{"figure",-52} {"median",10} {"min",10} {"max",10}  {"vs baseline",12}");
        foreach (var f in figures)
            Console.WriteLine($"{f.Name,-52} {f.Median,10:0.000} {f.Min,10:0.000} {f.Max,10:0.000}  {f.Median / baseline.Median,11:0.00}x  ({f.Unit}; baseline: {baseline.Name})");
    }
}
