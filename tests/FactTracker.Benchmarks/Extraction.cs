using FactTracker.Testing;
using System.Diagnostics;
using System.Text;
using FactTracker.Extraction;

namespace FactTracker.Benchmarks;

/// <summary>Claim extraction throughput on one core: MB of news text per second, over the seed story repeated to 8 MB.</summary>
public static class Extraction
{
    public static void Run()
    {
        var seed = File.ReadAllText(RepositoryRoot.File("seeds", "kazakhstan-unrest-2022-01-06.txt"));
        // Paragraph by paragraph, as updates arrive: each call is one update's text.
        var paragraphs = seed.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var bytesPerPass = paragraphs.Sum(p => Encoding.UTF8.GetByteCount(p));
        var passes = (int)Math.Ceiling(8.0 * 1024 * 1024 / bytesPerPass);

        double Once()
        {
            var claims = 0;
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < passes; i++)
                foreach (var p in paragraphs)
                    claims += ClaimExtractor.Extract(p, "Almaty live desk").Count;
            var seconds = clock.Elapsed.TotalSeconds;
            if (claims == 0) throw new InvalidOperationException("the seed story yielded no claims");
            return bytesPerPass * (double)passes / (1024 * 1024) / seconds;
        }

        Once(); // warm-up: JIT and tiered compilation
        var runs = Enumerable.Range(0, 5).Select(_ => Once()).Order().ToList();
        // Same-run baseline: one pass of the text through a plain character scan (what any reader costs).
        var baseline = Enumerable.Range(0, 5).Select(_ =>
        {
            var clock = Stopwatch.StartNew();
            long digits = 0;
            for (var i = 0; i < passes; i++)
                foreach (var p in paragraphs)
                    foreach (var c in p) if (char.IsDigit(c)) digits++;
            GC.KeepAlive(digits);
            return bytesPerPass * (double)passes / (1024 * 1024) / clock.Elapsed.TotalSeconds;
        }).Order().ToList();
        Console.WriteLine();
        Console.WriteLine($"Claim extraction, one thread, {passes * paragraphs.Length:N0} paragraphs ({bytesPerPass * (double)passes / (1024 * 1024):0.0} MB) per run");
        Console.WriteLine($"{"figure",-44} {"median",10} {"min",10} {"max",10}");
        Console.WriteLine($"{"extraction MB/s (goal: at least 5)",-44} {runs[2],10:0.0} {runs[0],10:0.0} {runs[^1],10:0.0}");
        Console.WriteLine($"{"baseline: character scan MB/s",-44} {baseline[2],10:0.0} {baseline[0],10:0.0} {baseline[^1],10:0.0}");
    }

}
