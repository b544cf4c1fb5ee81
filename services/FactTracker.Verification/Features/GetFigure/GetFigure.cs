using FactTracker.Figures;
using FactTracker.Verification.Figures;
using FactTracker.ServiceDefaults;
using Marten;

namespace FactTracker.Verification.Features.GetFigure;

public sealed record FigureEventView(long Version, string Type, DateTimeOffset Timestamp, object Data);

/// <summary>The verifiers' view of a figure: its state, the changes held for a second verifier, and its stream.</summary>
public static class GetFigure
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/figures/{story}/{metric}/{subject}", async (string story, string metric, string subject, IQuerySession session, CancellationToken ct) =>
                await session.LoadAsync<Figure>(FigureId.For(story, metric, subject), ct) is { } figure
                    ? Results.Ok(figure)
                    : Results.Problem(statusCode: 404, title: "No such figure.", detail: $"No revision of {FigureId.For(story, metric, subject)} has been approved."))
            .WithName("GetReviewedFigure").WithTags("Figures").RequireAuthorization(Policies.ReviewReader).Produces<Figure>().ProducesProblem(404);

        app.MapGet("/v1/figures/{story}/{metric}/{subject}/events", async (string story, string metric, string subject, IQuerySession session, CancellationToken ct) =>
            {
                var events = await session.Events.FetchStreamAsync(FigureId.For(story, metric, subject), token: ct);
                return events.Count == 0
                    ? Results.Problem(statusCode: 404, title: "No such figure.")
                    : Results.Ok(events.Select(e => new FigureEventView(e.Version, e.EventTypeName, e.Timestamp, e.Data)).ToList());
            })
            .WithName("GetFigureEvents").WithTags("Figures").RequireAuthorization(Policies.ReviewReader)
            .WithSummary("Every event of the figure's stream, in order, including changes held back and the rule that held them.")
            .Produces<IReadOnlyList<FigureEventView>>().ProducesProblem(404);
    }
}
