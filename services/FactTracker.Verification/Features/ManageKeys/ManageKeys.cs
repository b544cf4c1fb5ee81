using FactTracker.Figures;
using FactTracker.Identity;
using FactTracker.ServiceDefaults;
using Marten;
using Marten.Patching;

namespace FactTracker.Verification.Features.ManageKeys;

/// <param name="Name">The principal's unique name (a verifier's is what their decisions record), e.g. alice.</param>
public sealed record CreateKeyRequest(string? Name, string? Role, string? KeyName);

/// <summary>Principals and their API keys; an admin's work. A key is shown once, when it is created.</summary>
public static class ManageKeys
{
    public const int MaxNameLength = 100;

    public static void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/keys").WithTags("Keys").RequireAuthorization(Policies.Admin);

        group.MapPost("", async (CreateKeyRequest request, IdentityStore identity, TimeProvider clock, CancellationToken ct) =>
            {
                var v = new Validation().Require("name", request.Name, MaxNameLength).MaxLength("keyName", request.KeyName, MaxNameLength);
                if (request.Name is not null && Slug.Normalize(request.Name) != request.Name)
                    v.Add("name", "name must be a lower-case slug, e.g. alice or almaty-desk");
                if (!Roles.IsKnown(request.Role)) v.Add("role", $"role must be one of {string.Join(", ", Roles.All)}");
                if (!v.IsValid) return v.Problem();
                var created = await IdentityCommands.CreateKeyAsync(identity.Documents, request.Name!, request.Role!, request.KeyName, clock.GetUtcNow(), ct);
                return Results.Created($"/v1/keys/{created.KeyId}", created);
            })
            .WithName("CreateKey")
            .WithSummary("Create a key for a principal (created with the role if new, or given it); the key is in this answer only.")
            .Produces<CreatedKey>(StatusCodes.Status201Created)
            .ProducesValidationProblem();

        group.MapGet("", async (IdentityStore identity, CancellationToken ct) =>
            {
                await using var session = identity.Documents.QuerySession();
                return Results.Ok(await IdentityCommands.ListKeysAsync(session, ct));
            })
            .WithName("ListKeys")
            .WithSummary("Every key with its principal, roles, creation, last use and revocation; never the key itself.")
            .Produces<IReadOnlyList<KeyView>>();

        group.MapPost("/{id:guid}/revoke", async (Guid id, IdentityStore identity, ApiKeyAuthenticator authenticator, TimeProvider clock, CancellationToken ct) =>
            {
                await using var session = identity.Documents.LightweightSession();
                var key = await session.LoadAsync<ApiKey>(id, ct);
                if (key is null) return Results.Problem(statusCode: 404, title: "No such key.", detail: $"No key has id {id}.");
                if (key.RevokedAt is null)
                {
                    key.RevokedAt = clock.GetUtcNow();
                    session.Patch<ApiKey>(id).Set(k => k.RevokedAt, key.RevokedAt);
                    await session.SaveChangesAsync(ct);
                }
                // At once here; other services stop accepting it within ApiKeyAuthenticator.CacheFor.
                authenticator.Forget(id);
                return Results.Ok(new { id, key.Name, key.RevokedAt });
            })
            .WithName("RevokeKey")
            .WithSummary("Revoke a key: refused at once by this service, and by the others within 30 seconds.")
            .ProducesProblem(404);
    }
}
