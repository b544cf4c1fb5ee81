using FactTracker.Testing;
using System.Diagnostics;
using System.Reflection;
using System.Text;

namespace FactTracker.Extraction.Tests;

/// <summary>
/// Run by hand to see the extractor's speed:
/// <c>dotnet test tests/FactTracker.Extraction.Tests -c Release --filter Throughput --logger "console;verbosity=detailed"</c>
/// prints MB/s on the seed story repeated to about 6 MB. What it asserts is correctness at that size, never a time.
/// </summary>
public sealed class ThroughputTests(ITestOutputHelper output)
{
    private const int Copies = 1900; // the seed is about 3.3 KB: about 6 MB of text

    [Fact]
    public void Throughput_on_the_seed_story_repeated_to_megabytes_finds_every_claim_of_every_copy()
    {
        var seed = File.ReadAllText(RepositoryRoot.File("seeds", "kazakhstan-unrest-2022-01-06.txt"));
        var perCopy = ClaimExtractor.Extract(seed).Count;
        var text = new StringBuilder(seed.Length * Copies + Copies * 2);
        for (var i = 0; i < Copies; i++) text.Append(seed).Append("\n\n");
        var big = text.ToString();
        var megabytes = Encoding.UTF8.GetByteCount(big) / 1_000_000.0;

        // Warm-up: the lexicon is built once per language, and the JIT settles on optimised code.
        ClaimExtractor.Extract(big);
        var best = double.MaxValue;
        var count = 0;
        for (var run = 0; run < 2; run++)
        {
            var clock = Stopwatch.StartNew();
            count = ClaimExtractor.Extract(big).Count;
            best = Math.Min(best, clock.Elapsed.TotalSeconds);
        }

        var optimised = typeof(ClaimExtractor).Assembly.GetCustomAttribute<DebuggableAttribute>()?.IsJITOptimizerDisabled != true;
        var build = optimised ? "Release build" : "Debug build, run with -c Release for the real figure";
        var report = $"Extraction throughput: {megabytes:0.0} MB (UTF-8) of seed-like text in {best * 1000:0} ms, " +
                     $"{megabytes / best:0.0} MB/s on one core ({build}), {count:N0} claims";
        output.WriteLine(report);
        Console.WriteLine(report);
        Assert.Equal(perCopy * Copies, count);
    }
}
