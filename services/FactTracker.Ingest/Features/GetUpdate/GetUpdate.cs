using System.Security.Claims;
using FactTracker.Identity;
using FactTracker.Ingest.Updates;
using FactTracker.ServiceDefaults;
using Marten;

namespace FactTracker.Ingest.Features.GetUpdate;

public static class GetUpdate
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/v1/updates/{id:guid}", async (Guid id, IQuerySession session, ClaimsPrincipal user, CancellationToken ct) =>
                // A newsroom sees only its own updates; another's is as absent as one that does not exist.
                await session.LoadAsync<Update>(id, ct) is { } update && (user.IsInRole(Roles.Admin) || update.PostedBy == user.PrincipalId())
                    ? Results.Ok(update)
                    : Results.Problem(statusCode: 404, title: "No such update.", detail: $"No update has id {id}."))
            .WithName("GetUpdate")
            .WithTags("Updates")
            .RequireAuthorization(Policies.Newsroom)
            .Produces<Update>()
            .ProducesProblem(404);
}
