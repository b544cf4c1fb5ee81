using System.Net;
using System.Security.Claims;
using FactTracker.Identity;
using FactTracker.Publication.Subscriptions;
using FactTracker.ServiceDefaults;
using Marten;
using Microsoft.Extensions.Options;

namespace FactTracker.Publication.Features.ManageSubscriptions;

public sealed record CreateSubscriptionRequest(string? Url, string? Description);

public sealed class WebhookOptions
{
    /// <summary>Lets subscriptions target plain-http loopback receivers (development and tests only).</summary>
    public bool AllowLoopback { get; set; }
}

public static class ManageSubscriptions
{
    public const int MaxUrlLength = 2_048;
    public const int MaxDescriptionLength = 500;

    public static void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/subscriptions").WithTags("Subscriptions").RequireAuthorization(Policies.Subscriber);

        group.MapPost("", async (CreateSubscriptionRequest request, IDocumentSession session, TimeProvider clock,
                IOptions<WebhookOptions> options, ClaimsPrincipal user, CancellationToken ct) =>
            {
                var v = new Validation().MaxLength("description", request.Description, MaxDescriptionLength);
                if (CheckUrl(request.Url, options.Value) is { } problem) v.Add("url", problem);
                if (!v.IsValid) return v.Problem();
                var subscription = new Subscription
                {
                    Id = Guid.CreateVersion7(),
                    Url = request.Url!,
                    Description = request.Description,
                    CreatedAt = clock.GetUtcNow(),
                    OwnerId = user.PrincipalId(),
                };
                session.Insert(subscription);
                await session.SaveChangesAsync(ct);
                return Results.Created($"/v1/subscriptions/{subscription.Id}", subscription);
            })
            .WithName("CreateSubscription")
            .WithSummary("Register a webhook endpoint that receives every figure revision.")
            .Produces<Subscription>(StatusCodes.Status201Created)
            .ProducesValidationProblem();

        group.MapGet("", async (IQuerySession session, ClaimsPrincipal user, CancellationToken ct) =>
                Results.Ok((await session.Query<Subscription>().OrderBy(s => s.CreatedAt).ToListAsync(ct)).Where(s => Owns(user, s)).ToList()))
            .WithName("ListSubscriptions")
            .Produces<IReadOnlyList<Subscription>>();

        group.MapGet("/{id:guid}", async (Guid id, IQuerySession session, ClaimsPrincipal user, CancellationToken ct) =>
                await session.LoadAsync<Subscription>(id, ct) is { } s && Owns(user, s) ? Results.Ok(s) : NotFound(id))
            .WithName("GetSubscription")
            .Produces<Subscription>()
            .ProducesProblem(404);

        group.MapDelete("/{id:guid}", async (Guid id, IDocumentSession session, ClaimsPrincipal user, CancellationToken ct) =>
            {
                if (await session.LoadAsync<Subscription>(id, ct) is not { } s || !Owns(user, s)) return NotFound(id);
                session.Delete<Subscription>(id);
                await session.SaveChangesAsync(ct);
                return Results.NoContent();
            })
            .WithName("DeleteSubscription")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(404);

        group.MapGet("/{id:guid}/deliveries", async (Guid id, IQuerySession session, ClaimsPrincipal user, CancellationToken ct, string? status = null) =>
            {
                if (await session.LoadAsync<Subscription>(id, ct) is not { } s || !Owns(user, s)) return NotFound(id);
                var query = session.Query<Delivery>().Where(d => d.SubscriptionId == id);
                if (status is not null) query = query.Where(d => d.Status == status);
                return Results.Ok(await query.OrderByDescending(d => d.CreatedAt).Take(200).ToListAsync(ct));
            })
            .WithName("ListDeliveries")
            .WithSummary("The subscription's most recent deliveries; status=failed lists the parked ones.")
            .Produces<IReadOnlyList<Delivery>>()
            .ProducesProblem(404);
    }

    /// <summary>An admin manages any subscription; a subscriber only its own (another's answers 404, as if absent).</summary>
    private static bool Owns(ClaimsPrincipal user, Subscription s) => user.IsInRole(Roles.Admin) || (s.OwnerId is { } owner && owner == user.PrincipalId());

    private static IResult NotFound(Guid id) =>
        Results.Problem(statusCode: 404, title: "No such subscription.", detail: $"No subscription has id {id}.");

    /// <summary>https only; plain http to a loopback receiver only when the operator allows it.</summary>
    internal static string? CheckUrl(string? url, WebhookOptions options)
    {
        if (string.IsNullOrWhiteSpace(url)) return "url is required";
        if (url.Length > MaxUrlLength) return $"url must be at most {MaxUrlLength} characters";
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            return "url must be an absolute https URL";
        if (!string.IsNullOrEmpty(uri.UserInfo)) return "url must not carry credentials";
        var loopback = uri.IsLoopback || (IPAddress.TryParse(uri.Host, out var ip) && IPAddress.IsLoopback(ip));
        if (loopback && !options.AllowLoopback) return "url must not point at this machine";
        if (uri.Scheme == "http" && !loopback) return "url must use https";
        return null;
    }
}
