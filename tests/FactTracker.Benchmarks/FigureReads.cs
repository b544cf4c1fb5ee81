using FactTracker.Contracts;
using FactTracker.Figures;
using FactTracker.Publication.Figures;
using FactTracker.Testing;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace FactTracker.Benchmarks;

/// <summary>
/// What a figure costs to read as its history grows: the current value, asOf and reportedAsOf on a figure with
/// 10 revisions and one with 10,000, through Publication's HTTP API on a throwaway database.
/// </summary>
public static class FigureReads
{
    private const string Story = "bench-story";
    private static readonly DateTimeOffset FirstReport = new(2022, 1, 6, 0, 0, 0, TimeSpan.FromHours(6));

    public static async Task RunAsync() => await RunAsync(null);

    /// <summary>Prints the figures; with a report, also adds them as rows judged against the goals.</summary>
    public static async Task RunAsync(Suite.Report? report)
    {
        var scope = new InfrastructureScope();
        await scope.InitializeAsync();
        try
        {
            await using var publication = new ServiceFactory<FactTracker.Publication.Program>(scope);
            var http = publication.CreateClient();
            var store = publication.Services.GetRequiredService<IDocumentStore>();

            var small = FigureId.For(Story, Metrics.Killed, "people");
            var large = FigureId.For(Story, Metrics.Injured, "people");
            await PublishAsync(store, small, 10);
            var middle = await PublishAsync(store, large, 10_000);
            var reportedMiddle = Uri.EscapeDataString(FirstReport.AddMinutes(5_000).ToString("O"));
            var publishedMiddle = Uri.EscapeDataString(middle.ToString("O"));

            async Task Get(string url)
            {
                using var response = await http.GetAsync(url);
                response.EnsureSuccessStatusCode();
                await response.Content.ReadAsByteArrayAsync();
            }

            var baseline = await Measure.LatencyAsync("current value, 10 revisions", () => Get($"/v1/figures/{small}"));
            var figures = new List<Figure>
            {
                baseline,
                await Measure.LatencyAsync("current value, 10,000 revisions", () => Get($"/v1/figures/{large}")),
                await Measure.LatencyAsync("asOf (mid-history), 10,000 revisions", () => Get($"/v1/figures/{large}?asOf={publishedMiddle}")),
                await Measure.LatencyAsync("reportedAsOf (mid-history), 10,000 revisions", () => Get($"/v1/figures/{large}?reportedAsOf={reportedMiddle}"), warmup: 5, callsPerRound: 10),
                await Measure.LatencyAsync("history page 1 (100), 10,000 revisions", () => Get($"/v1/figures/{large}/history")),
            };
            Measure.Print("Figure reads (Publication, in-process HTTP, real PostgreSQL)", figures, baseline);
            if (report is not null) AddRows(report, figures);
        }
        finally
        {
            await scope.DisposeAsync();
        }
    }

    private static void AddRows(Suite.Report report, IReadOnlyList<Figure> f)
    {
        const string section = "Figure reads (Publication in process, real PostgreSQL)";
        static Suite.Sample S(Figure x) => new(x.Median, x.Min, x.Max, 5);
        report.Add(new Suite.Row(section, f[0].Name, f[0].Unit, S(f[0]), null, null, Suite.Goal.None));
        report.Add(new Suite.Row(section, f[1].Name, f[1].Unit, S(f[1]), "10 revisions", S(f[0]), Suite.Goal.AtMostTimes(1.5, "10-revision read")));
        report.Add(new Suite.Row(section, f[2].Name, f[2].Unit, S(f[2]), "current value", S(f[1]), Suite.Goal.AtMostTimes(3, "current-value read")));
        report.Add(new Suite.Row(section, f[3].Name, f[3].Unit, S(f[3]), "current value", S(f[1]), Suite.Goal.AtMostTimes(3, "current-value read")));
        report.Add(new Suite.Row(section, f[4].Name, f[4].Unit, S(f[4]), "current value", S(f[1]), Suite.Goal.None));
    }

    /// <summary>Appends revisions as Publication records them, in commits of 500; returns a publish time from the middle.</summary>
    private static async Task<DateTimeOffset> PublishAsync(IDocumentStore store, string figureId, int revisions)
    {
        FigureId.TryParse(figureId, out var parts);
        var state = FigureLedger.Empty;
        var middle = DateTimeOffset.MinValue;
        string[] sources = ["Local authorities", "Ministry of Health", "Police"];
        for (var start = 1; start <= revisions; start += 500)
        {
            await using var session = store.LightweightSession();
            var events = new List<object>();
            for (var r = start; r < start + 500 && r <= revisions; r++)
            {
                var value = FigureValues.Exact(100 + r);
                var reportedAt = FirstReport.AddMinutes(r);
                var previous = state.Headline;
                state = FigureLedger.Approve(state, new SourceValue(sources[r % sources.Length], value, r, reportedAt));
                events.Add(new RevisionPublished(figureId, parts.Story, parts.Metric, parts.Subject, r, r - 1, Changes.Approved, null, value,
                    previous, sources[r % sources.Length], Guid.NewGuid(), Guid.NewGuid(), $"{100 + r} people", null, ["bench"], null,
                    reportedAt, reportedAt, state, DateTimeOffset.UtcNow));
            }
            if (start == 1) session.Events.StartStream<PublishedFigure>(figureId, events);
            else session.Events.Append(figureId, events);
            await session.SaveChangesAsync();
            if (start <= revisions / 2) middle = DateTimeOffset.UtcNow;
        }
        return middle;
    }
}
