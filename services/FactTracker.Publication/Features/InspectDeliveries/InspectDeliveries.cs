using FactTracker.Publication.Features.ManageSubscriptions;
using FactTracker.Publication.Subscriptions;
using FactTracker.ServiceDefaults;
using Marten;

namespace FactTracker.Publication.Features.InspectDeliveries;

public sealed record RecoverRequest(DateTimeOffset? Since, DateTimeOffset? Until);

public sealed record RecoverResult(int Recovered, DateTimeOffset Since, DateTimeOffset Until);

/// <summary>What was sent to a subscriber and how it went; sending again one delivery, or everything in a window, with the original webhook-ids.</summary>
public static class InspectDeliveries
{
    public const int DefaultLimit = 200;
    public const int MaxLimit = 1_000;
    public const int MaxRecovered = 10_000;

    public static void Map(IEndpointRouteBuilder root)
    {
        var app = root.MapGroup("").RequireAuthorization(Policies.Subscriber);
        var subscriptions = app.MapGroup("").AddEndpointFilter(SubscriptionOwnership.OwnedSubscription);
        var deliveries = app.MapGroup("").AddEndpointFilter(SubscriptionOwnership.OwnedDelivery);
        subscriptions.MapGet("/v1/subscriptions/{id:guid}/deliveries", async (Guid id, IQuerySession session, CancellationToken ct,
                string? status = null, int limit = DefaultLimit) =>
            {
                var v = new Validation();
                if (status is not null && !DeliveryStatus.All.Contains(status)) v.Add("status", $"status must be one of {string.Join(", ", DeliveryStatus.All)}");
                if (limit is < 1 or > MaxLimit) v.Add("limit", $"limit must be between 1 and {MaxLimit}");
                if (!v.IsValid) return v.Problem();
                if (await session.LoadAsync<Subscription>(id, ct) is null) return ManageSubscriptions.ManageSubscriptions.NotFound(id);
                var query = session.Query<Delivery>().Where(d => d.SubscriptionId == id);
                if (status is not null) query = query.Where(d => d.Status == status);
                var deliveries = await query.OrderByDescending(d => d.CreatedAt).ThenByDescending(d => d.Position).Take(limit).ToListAsync(ct);
                return Results.Ok(deliveries.Select(DeliverySummary.From));
            })
            .WithTags("Deliveries")
            .WithName("ListDeliveries")
            .WithSummary("The subscription's most recent deliveries, newest first; status=failed lists the dead letters.")
            .Produces<IReadOnlyList<DeliverySummary>>()
            .ProducesValidationProblem()
            .ProducesProblem(404);

        deliveries.MapGet("/v1/deliveries/{id:guid}", async (Guid id, IQuerySession session, CancellationToken ct) =>
                await session.LoadAsync<Delivery>(id, ct) is { } d ? Results.Ok(DeliveryDetail.From(d)) : NotFound(id))
            .WithTags("Deliveries")
            .WithName("GetDelivery")
            .WithSummary("One delivery: the exact body it sends and every attempt.")
            .Produces<DeliveryDetail>()
            .ProducesProblem(404);

        deliveries.MapPost("/v1/deliveries/{id:guid}/redeliver", async (Guid id, IDocumentStore store, TimeProvider clock, CancellationToken ct) =>
                await ConflictRetry.RunAsync(store, async session =>
                {
                    if (await session.LoadAsync<Delivery>(id, ct) is not { } d) return NotFound(id);
                    var s = await session.LoadAsync<Subscription>(d.SubscriptionId, ct);
                    if (s is null)
                        return Results.Problem(statusCode: 409, title: "The subscription was deleted.", detail: $"Subscription {d.SubscriptionId} no longer exists.");
                    if (s.Status == SubscriptionStatus.Disabled) return ManageSubscriptions.ManageSubscriptions.Disabled(s);
                    var now = clock.GetUtcNow();
                    if (d.Status == DeliveryStatus.Pending && d.LeaseUntil > now)
                        return Results.Problem(statusCode: 409, title: "The delivery is being sent right now.", detail: "Look at it again in a moment.");
                    if (d.Status == DeliveryStatus.Pending)
                    {
                        // Waiting for a retry: try now instead, within the same round.
                        d.NextAttemptAt = now;
                        d.NextTrigger = AttemptTrigger.Redeliver;
                    }
                    else d.Requeue(AttemptTrigger.Redeliver, now);
                    session.Store(d);
                    return Results.Accepted($"/v1/deliveries/{d.Id}", DeliverySummary.From(d));
                }, ct))
            .WithTags("Deliveries")
            .WithName("Redeliver")
            .WithSummary("Send the delivery again now, with its original webhook-id, and retry it on the usual schedule.")
            .Produces<DeliverySummary>(StatusCodes.Status202Accepted)
            .ProducesProblem(404)
            .ProducesProblem(409);

        subscriptions.MapPost("/v1/subscriptions/{id:guid}/recover", async (Guid id, RecoverRequest request, IDocumentStore store, TimeProvider clock,
                CancellationToken ct) =>
            {
                var now = clock.GetUtcNow();
                var v = new Validation();
                if (request.Since is null) v.Add("since", "since is required");
                else if (request.Since > now) v.Add("since", "since must not be in the future");
                if (request.Until is { } until && request.Since is { } since && until <= since) v.Add("until", "until must be after since");
                if (!v.IsValid) return v.Problem();
                var window = (Since: request.Since!.Value, Until: request.Until ?? now);
                return await ConflictRetry.RunAsync(store, async session =>
                {
                    if (await session.LoadAsync<Subscription>(id, ct) is not { } s) return ManageSubscriptions.ManageSubscriptions.NotFound(id);
                    if (s.Status == SubscriptionStatus.Disabled) return ManageSubscriptions.ManageSubscriptions.Disabled(s);
                    var deliveries = await session.Query<Delivery>()
                        .Where(d => d.SubscriptionId == id && d.CreatedAt >= window.Since && d.CreatedAt < window.Until
                            && (d.Status == DeliveryStatus.Delivered || d.Status == DeliveryStatus.Failed) && !d.SingleAttempt)
                        .OrderBy(d => d.CreatedAt).Take(MaxRecovered + 1).ToListAsync(ct);
                    if (deliveries.Count > MaxRecovered)
                        return new Validation().Add("until", $"the window holds more than {MaxRecovered} deliveries: recover a shorter one at a time").Problem();
                    foreach (var d in deliveries)
                    {
                        d.Requeue(AttemptTrigger.Recover, now);
                        session.Store(d);
                    }
                    return Results.Accepted($"/v1/subscriptions/{id}/deliveries?status=pending", new RecoverResult(deliveries.Count, window.Since, window.Until));
                }, ct);
            })
            .WithTags("Deliveries")
            .WithName("Recover")
            .WithSummary("Send again every delivery made in [since, until) (until: now), delivered or failed, with the original webhook-ids, in order.")
            .Produces<RecoverResult>(StatusCodes.Status202Accepted)
            .ProducesValidationProblem()
            .ProducesProblem(404)
            .ProducesProblem(409);
    }

    private static IResult NotFound(Guid id) =>
        Results.Problem(statusCode: 404, title: "No such delivery.", detail: $"No delivery has id {id}.");
}
