using FactTracker.Ingest.Updates;
using Marten;

namespace FactTracker.Ingest.Features.GetUpdate;

public static class GetUpdate
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/v1/updates/{id:guid}", async (Guid id, IQuerySession session, CancellationToken ct) =>
                await session.LoadAsync<Update>(id, ct) is { } update
                    ? Results.Ok(update)
                    : Results.Problem(statusCode: 404, title: "No such update.", detail: $"No update has id {id}."))
            .WithName("GetUpdate")
            .WithTags("Updates")
            .Produces<Update>()
            .ProducesProblem(404);
}
