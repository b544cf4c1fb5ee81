using ClaimsPrincipal = System.Security.Claims.ClaimsPrincipal;
using FactTracker.Claims.Claims;
using FactTracker.Identity;
using FactTracker.ServiceDefaults;
using Marten;

namespace FactTracker.Claims.Features.GetClaims;

public static class GetClaims
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/updates/{updateId:guid}/claims", async (Guid updateId, IQuerySession session, ClaimsPrincipal user, CancellationToken ct) =>
                Results.Ok((await session.Query<Claim>().Where(c => c.UpdateId == updateId).OrderBy(c => c.Index).ToListAsync(ct))
                    .Where(c => MaySee(user, c)).ToList()))
            .WithName("GetUpdateClaims")
            .WithTags("Claims")
            .WithSummary("The claims an update made, in the order they appear (a newsroom sees only its own updates').")
            .RequireAuthorization(Policies.ClaimReader)
            .Produces<IReadOnlyList<Claim>>();

        app.MapGet("/v1/claims/{id:guid}", async (Guid id, IQuerySession session, ClaimsPrincipal user, CancellationToken ct) =>
                await session.LoadAsync<Claim>(id, ct) is { } claim && MaySee(user, claim)
                    ? Results.Ok(claim)
                    : Results.Problem(statusCode: 404, title: "No such claim.", detail: $"No claim has id {id}."))
            .WithName("GetClaim")
            .WithTags("Claims")
            .RequireAuthorization(Policies.ClaimReader)
            .Produces<Claim>()
            .ProducesProblem(404);
    }

    /// <summary>Verifiers and admins see every claim; a newsroom only those of updates it posted.</summary>
    private static bool MaySee(ClaimsPrincipal user, Claim claim) =>
        user.IsInRole(Roles.Verifier) || user.IsInRole(Roles.Admin) || (claim.PostedBy is { } poster && poster == user.PrincipalId());
}
