using FactTracker.Claims.Claims;
using Marten;

namespace FactTracker.Claims.Features.GetClaims;

public static class GetClaims
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/updates/{updateId:guid}/claims", async (Guid updateId, IQuerySession session, CancellationToken ct) =>
                Results.Ok(await session.Query<Claim>().Where(c => c.UpdateId == updateId).OrderBy(c => c.Index).ToListAsync(ct)))
            .WithName("GetUpdateClaims")
            .WithTags("Claims")
            .WithSummary("The claims an update made, in the order they appear.")
            .Produces<IReadOnlyList<Claim>>();

        app.MapGet("/v1/claims/{id:guid}", async (Guid id, IQuerySession session, CancellationToken ct) =>
                await session.LoadAsync<Claim>(id, ct) is { } claim
                    ? Results.Ok(claim)
                    : Results.Problem(statusCode: 404, title: "No such claim.", detail: $"No claim has id {id}."))
            .WithName("GetClaim")
            .WithTags("Claims")
            .Produces<Claim>()
            .ProducesProblem(404);
    }
}
