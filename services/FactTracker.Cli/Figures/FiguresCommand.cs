using System.CommandLine;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FactTracker.Contracts;
using FactTracker.Figures;

namespace FactTracker.Cli.Figures;

/// <summary>A story's published figures, as the public reads them.</summary>
public static class FiguresCommand
{
    private sealed record Figure(string Id, int Revision, FigureValue? Headline, string? HeadlineSource, bool Contested, IReadOnlyList<SourceValue> Sources);

    public static Command Create()
    {
        var publication = ServiceCalls.UrlOption("--publication", "http://127.0.0.1:5104", "Base URL of the Publication service");
        var story = new Option<string>("--story") { Description = "The story", Required = true };
        story.Validators.Add(r =>
        {
            if (!Slug.IsValid(r.GetValueOrDefault<string>())) r.AddError("--story must be a story slug, e.g. kazakhstan-unrest-2022");
        });
        var waitFor = new Option<int>("--wait-for") { Description = "Poll until the story's figures have at least this many revisions in all", HelpName = "n" };
        var timeout = new Option<int>("--timeout") { Description = "Seconds --wait-for may take", DefaultValueFactory = _ => 60, HelpName = "seconds" };

        var command = new Command("figures", "Show a story's published figures: headline, source, revisions, contested.") { publication, story, waitFor, timeout };
        command.SetAction((result, ct) => RunAsync(ServiceCalls.ParseBaseUrl(result.GetValue(publication))!, result.GetValue(story)!,
            result.GetValue(waitFor), TimeSpan.FromSeconds(result.GetValue(timeout)), ct));
        return command;
    }

    private static async Task<int> RunAsync(Uri publication, string story, int waitFor, TimeSpan timeout, CancellationToken ct)
    {
        var url = new Uri(publication, $"v1/stories/{Uri.EscapeDataString(story)}");
        var clock = Stopwatch.StartNew();
        while (true)
        {
            using var response = await ServiceCalls.SendAsync(() => new HttpRequestMessage(HttpMethod.Get, url), ct);
            IReadOnlyList<Figure> figures = [];
            if (response.IsSuccessStatusCode)
                figures = (await response.Content.ReadFromJsonAsync<JsonElement>(JsonSerializerOptions.Web, ct))
                    .GetProperty("figures").Deserialize<List<Figure>>(JsonSerializerOptions.Web) ?? [];
            else if (response.StatusCode != HttpStatusCode.NotFound)
            {
                Console.Error.WriteLine($"{url}: {await ServiceCalls.DescribeFailureAsync(response, ct)}");
                return 1;
            }
            var revisions = figures.Sum(f => f.Revision);
            if (revisions >= waitFor && figures.Count > 0)
            {
                Print(figures);
                return 0;
            }
            if (clock.Elapsed >= timeout)
            {
                Console.Error.WriteLine($"timed out after {timeout.TotalSeconds:0} s: {revisions} revision(s) published, waiting for {waitFor}");
                return 1;
            }
            await Task.Delay(250, ct);
        }
    }

    private static void Print(IReadOnlyList<Figure> figures)
    {
        string[] header = ["FIGURE", "HEADLINE", "SOURCE", "REV", "CONTESTED"];
        var rows = figures.Select(f => new[]
        {
            f.Id,
            f.Headline is null ? "-" : FigureValues.Describe(f.Headline),
            ServiceCalls.Shorten(f.HeadlineSource ?? "", 36),
            f.Revision.ToString(),
            f.Contested ? $"yes: {string.Join(" / ", f.Sources.Select(s => $"{FigureValues.Describe(s.Value)} ({ServiceCalls.Shorten(s.Source, 24)})"))}" : "no",
        }).ToList();
        var widths = header.Select((h, i) => rows.Select(r => r[i].Length).Append(h.Length).Max()).ToArray();
        foreach (var row in rows.Prepend(header))
            Console.WriteLine(string.Join("  ", row.Select((cell, i) => i == row.Length - 1 ? cell : cell.PadRight(widths[i]))));
    }
}
