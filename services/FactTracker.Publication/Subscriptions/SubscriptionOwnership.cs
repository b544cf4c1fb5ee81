using System.Security.Claims;
using FactTracker.Identity;
using FactTracker.ServiceDefaults;
using Marten;

namespace FactTracker.Publication.Subscriptions;

/// <summary>
/// An admin manages any subscription; a subscriber only its own. Another's subscription or delivery answers 404,
/// as if absent, so ids cannot be probed.
/// </summary>
public static class SubscriptionOwnership
{
    public static bool Owns(ClaimsPrincipal user, Subscription s) =>
        user.IsInRole(Roles.Admin) || (s.OwnerId is { } owner && owner == user.PrincipalId());

    /// <summary>Checks the subscription named by the route's {id} before the endpoint runs.</summary>
    public static async ValueTask<object?> OwnedSubscription(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (context.HttpContext.GetRouteValue("id") is string raw && Guid.TryParse(raw, out var id))
        {
            var session = context.HttpContext.RequestServices.GetRequiredService<IQuerySession>();
            var subscription = await session.LoadAsync<Subscription>(id, context.HttpContext.RequestAborted);
            if (subscription is not null && !Owns(context.HttpContext.User, subscription))
                return Features.ManageSubscriptions.ManageSubscriptions.NotFound(id);
        }
        return await next(context);
    }

    /// <summary>Checks the subscription of the delivery named by the route's {id} before the endpoint runs.</summary>
    public static async ValueTask<object?> OwnedDelivery(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (context.HttpContext.GetRouteValue("id") is string raw && Guid.TryParse(raw, out var id))
        {
            var session = context.HttpContext.RequestServices.GetRequiredService<IQuerySession>();
            var ct = context.HttpContext.RequestAborted;
            if (await session.LoadAsync<Delivery>(id, ct) is { } delivery
                && await session.LoadAsync<Subscription>(delivery.SubscriptionId, ct) is { } subscription
                && !Owns(context.HttpContext.User, subscription))
                return Results.Problem(statusCode: 404, title: "No such delivery.", detail: $"No delivery has id {id}.");
        }
        return await next(context);
    }
}
