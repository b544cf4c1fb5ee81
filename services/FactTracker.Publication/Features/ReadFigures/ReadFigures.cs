using FactTracker.Contracts;
using FactTracker.Figures;
using FactTracker.Publication.Figures;
using FactTracker.ServiceDefaults;
using Marten;

namespace FactTracker.Publication.Features.ReadFigures;

public sealed record FigureLinks(string Self, string History);

public sealed record FigureView(PublishedFigure Figure, string Display, FigureLinks Links);

public sealed record RevisionView(
    int Revision,
    FigureValue Value,
    FigureValue? PreviousValue,
    string Display,
    string Source,
    string? Quote,
    string? UpdateUrl,
    Guid ClaimId,
    Guid UpdateId,
    string VerifiedBy,
    DateTimeOffset ReportedAt,
    DateTimeOffset RecordedAt,
    DateTimeOffset PublishedAt);

public sealed record FigureHistory(string FigureId, IReadOnlyList<RevisionView> Revisions);

/// <summary>Public, unauthenticated reads of what FactTracker published.</summary>
public static class ReadFigures
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/figures").WithTags("Figures");

        group.MapGet("", async (IQuerySession session, CancellationToken ct, string? story = null, string? metric = null) =>
            {
                var v = new Validation();
                if (story is not null && !Slug.IsValid(story)) v.Add("story", "story must be a story slug");
                if (metric is not null && !Metrics.IsKnown(metric)) v.Add("metric", $"metric must be one of {string.Join(", ", Metrics.All)}");
                if (!v.IsValid) return v.Problem();
                var query = session.Query<PublishedFigure>().AsQueryable();
                if (story is not null) query = query.Where(f => f.Story == story);
                if (metric is not null) query = query.Where(f => f.Metric == metric);
                var figures = await query.OrderBy(f => f.Id).Take(500).ToListAsync(ct);
                return Results.Ok(figures.Select(View).ToList());
            })
            .WithName("ListFigures")
            .Produces<IReadOnlyList<FigureView>>()
            .ProducesValidationProblem();

        group.MapGet("/{story}/{metric}/{subject}", async (string story, string metric, string subject, IQuerySession session, CancellationToken ct) =>
                await session.LoadAsync<PublishedFigure>(FigureId.For(story, metric, subject), ct) is { } figure
                    ? Results.Ok(View(figure))
                    : NotFound(story, metric, subject))
            .WithName("GetFigure")
            .WithSummary("A figure's current value and where it came from.")
            .Produces<FigureView>()
            .ProducesProblem(404);

        group.MapGet("/{story}/{metric}/{subject}/history", async (string story, string metric, string subject, IQuerySession session, CancellationToken ct) =>
            {
                var id = FigureId.For(story, metric, subject);
                var events = await session.Events.FetchStreamAsync(id, token: ct);
                if (events.Count == 0) return NotFound(story, metric, subject);
                var revisions = events.Select(e => e.Data).OfType<RevisionPublished>().Select(r => new RevisionView(
                    r.Revision, r.Value, r.PreviousValue, FigureValues.Describe(r.Value), r.Source, r.Quote, r.UpdateUrl,
                    r.ClaimId, r.UpdateId, r.VerifiedBy, r.ReportedAt, r.RecordedAt, r.PublishedAt)).ToList();
                return Results.Ok(new FigureHistory(id, revisions));
            })
            .WithName("GetFigureHistory")
            .WithSummary("Every revision of a figure, oldest first, with its provenance.")
            .Produces<FigureHistory>()
            .ProducesProblem(404);
    }

    private static FigureView View(PublishedFigure f) =>
        new(f, FigureValues.Describe(f.Value), new FigureLinks($"/v1/figures/{f.Id}", $"/v1/figures/{f.Id}/history"));

    private static IResult NotFound(string story, string metric, string subject) =>
        Results.Problem(statusCode: 404, title: "No such figure.",
            detail: $"FactTracker has published no figure {FigureId.For(story, metric, subject)}.");
}
