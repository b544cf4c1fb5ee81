using FactTracker.Benchmarks;

// dotnet run -c Release --project tests/FactTracker.Benchmarks -- [figure-reads|extraction|all]
// WebApplicationFactory looks for its content-root manifest in the current directory.
Directory.SetCurrentDirectory(AppContext.BaseDirectory);

var which = args.Length > 0 ? args[0] : "figure-reads";
switch (which)
{
    case "figure-reads":
        await FigureReads.RunAsync();
        return 0;
    case "extraction":
        Extraction.Run();
        return 0;
    case "all":
        Extraction.Run();
        await FigureReads.RunAsync();
        return 0;
    default:
        Console.Error.WriteLine($"unknown benchmark '{which}'; known: figure-reads, extraction, all");
        return 2;
}
