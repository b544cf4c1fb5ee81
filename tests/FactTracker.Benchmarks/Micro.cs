using FactTracker.Testing;
using System.Text;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using FactTracker.Benchmarks.Suite;
using FactTracker.Extraction;
using FactTracker.Webhooks;

namespace FactTracker.Benchmarks;

/// <summary>Claim extraction over the seed story, paragraph by paragraph as updates arrive; one operation is one pass.</summary>
[MemoryDiagnoser]
public class ExtractionBenchmark
{
    public static readonly string[] Paragraphs = File.ReadAllText(RepositoryRoot.File("seeds", "kazakhstan-unrest-2022-01-06.txt"))
        .Split('\n', StringSplitOptions.RemoveEmptyEntries);
    public static readonly long BytesPerPass = Paragraphs.Sum(p => (long)Encoding.UTF8.GetByteCount(p));

    [Benchmark]
    public int ExtractSeedStory()
    {
        var claims = 0;
        foreach (var p in Paragraphs) claims += ClaimExtractor.Extract(p, "Almaty live desk").Count;
        return claims;
    }
}

/// <summary>One Standard Webhooks signature over a typical figure.revised body (about 1 kB).</summary>
[MemoryDiagnoser]
public class SigningBenchmark
{
    private readonly byte[] _body = Encoding.UTF8.GetBytes("{\"type\":\"figure.revised\",\"data\":{" + new string('x', 1000) + "}}");
    private readonly byte[] _key = WebhookSecret.Decode(WebhookSecret.Generate());
    private readonly string _id = $"msg_{Guid.NewGuid():N}";

    [Benchmark]
    public string Sign() => WebhookSignature.Sign(_id, 1_700_000_000, _body, _key);
}

/// <summary>BenchmarkDotNet in process with a short job, so both finish in a minute or two.</summary>
public static class Micro
{
    public static IConfig Config(string artifacts) => ManualConfig.CreateEmpty()
        .AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance).WithId("short-inprocess"))
        .AddColumnProvider(DefaultColumnProviders.Instance)
        .AddLogger(ConsoleLogger.Default)
        .AddExporter(MarkdownExporter.GitHub)
        .WithArtifactsPath(artifacts)
        .WithOptions(ConfigOptions.DisableLogFile);

    public static void Run(Report report, string artifacts)
    {
        var summaries = BenchmarkRunner.Run([typeof(ExtractionBenchmark), typeof(SigningBenchmark)], Config(artifacts));
        const string section = "Hot paths (BenchmarkDotNet, one core, short in-process job)";
        foreach (var summary in summaries)
            foreach (var r in summary.Reports)
            {
                if (r.ResultStatistics is not { } s) throw new InvalidOperationException($"{r.BenchmarkCase.DisplayInfo} produced no result");
                // Nanoseconds per operation to a rate: the slowest iteration gives the minimum rate.
                if (r.BenchmarkCase.Descriptor.Type == typeof(ExtractionBenchmark))
                {
                    double Rate(double ns) => ExtractionBenchmark.BytesPerPass / (1024.0 * 1024) / (ns / 1e9);
                    report.Add(new Row(section, "claim extraction", "MB/s", new Sample(Rate(s.Median), Rate(s.Max), Rate(s.Min), s.N), null, null, Goal.AtLeast(5, "MB/s"),
                        $"{r.GcStats.GetBytesAllocatedPerOperation(r.BenchmarkCase) / 1024.0:0} KB allocated per {ExtractionBenchmark.BytesPerPass / 1024.0:0} KB pass"));
                }
                else
                {
                    double Rate(double ns) => 1e9 / ns;
                    report.Add(new Row(section, "Standard Webhooks signatures (1 kB body)", "signatures/s", new Sample(Rate(s.Median), Rate(s.Max), Rate(s.Min), s.N), null, null,
                        Goal.AtLeast(200_000, "/s"), $"{r.GcStats.GetBytesAllocatedPerOperation(r.BenchmarkCase)} B allocated per signature"));
                }
            }
    }
}

