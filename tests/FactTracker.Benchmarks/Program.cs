using System.Diagnostics;
using BenchmarkDotNet.Running;
using FactTracker.Benchmarks;
using FactTracker.Benchmarks.Suite;
using FactTracker.Testing;

// dotnet run -c Release --project tests/FactTracker.Benchmarks -- [suite|pipeline|figure-reads|extraction|micro|all]
//   suite   everything deploy/bench.sh runs: baselines, the pipeline as processes, figure reads, BenchmarkDotNet; one table + JSON
//   pipeline the suite's pipeline section and its baselines only
//   micro   the BenchmarkDotNet entry point alone (extraction, signing); extra arguments go to BenchmarkSwitcher
// WebApplicationFactory looks for its content-root manifest in the current directory.
Directory.SetCurrentDirectory(AppContext.BaseDirectory);

var which = args.Length > 0 ? args[0] : "figure-reads";
var root = RepositoryRoot.Path;
var results = Environment.GetEnvironmentVariable("FT_BENCH_RESULTS") ?? Path.Combine(root, "bench-results");
switch (which)
{
    case "figure-reads":
        await FigureReads.RunAsync();
        return 0;
    case "extraction":
        Extraction.Run();
        return 0;
    case "micro":
        BenchmarkSwitcher.FromTypes([typeof(ExtractionBenchmark), typeof(SigningBenchmark)])
            .Run(args.Length > 1 ? args[1..] : ["--filter", "*"], Micro.Config(Path.Combine(results, "BenchmarkDotNet")));
        return 0;
    case "all":
        Extraction.Run();
        await FigureReads.RunAsync();
        return 0;
    case "suite":
        return await RunSuiteAsync();
    case "pipeline":
        return await RunSuiteAsync(pipelineOnly: true);
    default:
        Console.Error.WriteLine($"unknown benchmark '{which}'; known: suite, pipeline, figure-reads, extraction, micro, all");
        return 2;
}

async Task<int> RunSuiteAsync(bool pipelineOnly = false)
{
    var startedAt = DateTimeOffset.Now;
    var clock = Stopwatch.StartNew();
    var settings = Settings.FromEnvironment();
    var logs = Path.Combine(results, "logs", startedAt.ToString("yyyyMMdd-HHmmss"));
    Directory.CreateDirectory(logs);
    var report = new Report();
    Console.WriteLine($"FactTracker bench: {Environment.ProcessorCount} cores, {settings}");

    Console.WriteLine("==> Pipeline and its baselines (own database and virtual host; service logs in " + logs + ")");
    var scope = new InfrastructureScope();
    await scope.InitializeAsync();
    try
    {
        await new Pipeline(report, settings, root, logs).RunAsync(scope);
        Console.WriteLine("==> B-broker throughput");
        var brokerCpu = new List<CpuCost>();
        var broker = await Baselines.BrokerThroughputAsync(scope, settings.Rounds, 20_000, CpuMeter.Available ? new CpuMeter([]) : null, brokerCpu);
        report.Add(new Row("Baselines", "B-broker: RabbitMQ.Client 7, confirms <= 100 in flight, manual acks, quorum queue, 1 kB", "msgs/s", broker, null, null, Goal.None));
        if (CpuCost.Row("per B-broker message, published, confirmed, consumed and acked", brokerCpu) is { } brokerCpuRow) report.Add(brokerCpuRow);
    }
    finally
    {
        // A failure here must not hide the one that ended the run.
        try { await scope.DisposeAsync(); }
        catch (Exception e) { Console.Error.WriteLine($"The bench's database and virtual host could not be removed: {e.Message}"); }
    }

    if (pipelineOnly)
    {
        report.Print(Console.Out);
        return 0;
    }

    Console.WriteLine("==> Figure reads");
    await FigureReads.RunAsync(report);

    Console.WriteLine("==> BenchmarkDotNet: extraction and signing");
    Micro.Run(report, Path.Combine(results, "BenchmarkDotNet"));

    report.Note($"{Environment.ProcessorCount}-core machine shared with whatever else runs on it: throughput and latency figures move by 10-30% between runs; read ratios to the same-run baselines, not absolute numbers.");
    report.Print(Console.Out);
    var json = report.WriteJson(results, startedAt, clock.Elapsed);
    Console.WriteLine();
    Console.WriteLine($"Took {clock.Elapsed.TotalMinutes:0.0} min. JSON: {json}");
    return 0;
}
