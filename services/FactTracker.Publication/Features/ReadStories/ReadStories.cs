using System.Globalization;
using System.Text;
using FactTracker.Figures;
using FactTracker.Publication.Features.ReadFigures;
using FactTracker.Publication.Figures;
using FactTracker.ServiceDefaults;
using Marten;

namespace FactTracker.Publication.Features.ReadStories;

public sealed record StoryView(string Story, IReadOnlyList<FigureView> Figures);

/// <summary>All of a story's figures at once: JSON, or CSV with HXL hashtags for humanitarian data desks.</summary>
public static class ReadStories
{
    private static readonly string[] Header =
        ["figure_id", "story", "metric", "subject", "kind", "low", "high", "words", "headline", "source", "revision", "contested", "reported_at"];

    // Humanitarian Exchange Language tags, one per column, so HXL tools read the table without a mapping.
    private static readonly string[] Hxl =
        ["#meta+id", "#event+id", "#indicator+metric", "#affected+type", "#indicator+kind", "#affected+num+min", "#affected+num+max",
         "#description+words", "#description+headline", "#meta+source", "#meta+revision", "#status+contested", "#date+reported"];

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/v1/stories/{story}", async (string story, HttpContext http, IQuerySession session, CancellationToken ct, string? format = null) =>
            {
                var v = new Validation();
                if (!Slug.IsValid(story)) v.Add("story", "story must be a story slug");
                if (format is not (null or "json" or "csv")) v.Add("format", "format must be json or csv");
                if (!v.IsValid) return v.Problem();
                var figures = await session.Query<PublishedFigure>().Where(f => f.Story == story).OrderBy(f => f.Id).ToListAsync(ct);
                if (figures.Count == 0)
                    return Results.Problem(statusCode: 404, title: "No such story.", detail: $"FactTracker has published no figure of story {story}.");
                var csv = format == "csv" || (format is null && http.Request.Headers.Accept.ToString().Contains("text/csv", StringComparison.OrdinalIgnoreCase));
                return csv
                    ? Results.Text(Csv(figures), "text/csv; charset=utf-8", Encoding.UTF8)
                    : Results.Ok(new StoryView(story, figures.Select(FigureView.From).ToList()));
            })
            .WithName("GetStory")
            .WithTags("Figures")
            .WithSummary("A story's figures: JSON, or CSV with HXL hashtags (format=csv or Accept: text/csv).")
            .Produces<StoryView>()
            .Produces<string>(StatusCodes.Status200OK, "text/csv")
            .ProducesProblem(404);

    public static string Csv(IEnumerable<PublishedFigure> figures)
    {
        var csv = new StringBuilder();
        csv.AppendJoin(',', Header).Append("\r\n").AppendJoin(',', Hxl).Append("\r\n");
        foreach (var f in figures)
        {
            var h = f.State.Headline;
            var reported = f.State.Sources.FirstOrDefault(s => s.Revision == f.State.HeadlineRevision)?.ReportedAt;
            string?[] row =
            [
                f.Id, f.Story, f.Metric, f.Subject, h?.Kind, h?.Low?.ToString(CultureInfo.InvariantCulture),
                h?.High?.ToString(CultureInfo.InvariantCulture), h?.Words, h is null ? null : FigureValues.Describe(h),
                f.State.HeadlineSource, f.Revision.ToString(CultureInfo.InvariantCulture), f.State.Contested ? "true" : "false",
                reported?.ToString("O", CultureInfo.InvariantCulture),
            ];
            csv.AppendJoin(',', row.Select(Escape)).Append("\r\n");
        }
        return csv.ToString();
    }

    private static string Escape(string? value)
    {
        if (string.IsNullOrEmpty(value)) return "";
        // A leading =, +, - or @ would run as a formula in a spreadsheet.
        if (value[0] is '=' or '+' or '-' or '@') value = "'" + value;
        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? $"\"{value.Replace("\"", "\"\"")}\"" : value;
    }
}
