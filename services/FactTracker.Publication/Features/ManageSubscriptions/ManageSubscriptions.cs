using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Nodes;
using FactTracker.Contracts;
using FactTracker.Figures;
using FactTracker.Publication.Features.FigureRevised;
using FactTracker.Publication.Figures;
using FactTracker.Publication.Subscriptions;
using FactTracker.ServiceDefaults;
using FactTracker.Webhooks;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace FactTracker.Publication.Features.ManageSubscriptions;

public sealed record CreateSubscriptionRequest(string? Url, string? Description, SubscriptionFilter? Filter);

/// <summary>Fields left out (or null) stay as they are; a filter given replaces the whole filter.</summary>
public sealed record UpdateSubscriptionRequest(string? Url, string? Description, SubscriptionFilter? Filter);

public sealed record TestEventRequest(string? EventType);

public static class ManageSubscriptions
{
    public const int MaxDescriptionLength = 500;
    public const int MaxFilterEntries = 100;

    public static void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/subscriptions").WithTags("Subscriptions")
            .RequireAuthorization(Policies.Subscriber)
            .AddEndpointFilter(SubscriptionOwnership.OwnedSubscription);

        group.MapPost("", async (CreateSubscriptionRequest request, IDocumentSession session, EndpointRules rules, TimeProvider clock, ClaimsPrincipal user,
                CancellationToken ct) =>
            {
                var v = new Validation().MaxLength("description", request.Description, MaxDescriptionLength);
                if (await rules.CheckUrlAsync(request.Url, ct) is { } problem) v.Add("url", problem);
                CheckFilter(v, request.Filter);
                if (!v.IsValid) return v.Problem();
                var now = clock.GetUtcNow();
                var subscription = new Subscription
                {
                    Id = Guid.CreateVersion7(now),
                    Url = request.Url!,
                    Description = request.Description,
                    Filter = Normalize(request.Filter),
                    Secret = WebhookSecret.Generate(),
                    CreatedAt = now,
                    OwnerId = user.PrincipalId(),
                    UpdatedAt = now,
                };
                session.Insert(subscription);
                await session.SaveChangesAsync(ct);
                return Results.Created($"/v1/subscriptions/{subscription.Id}", SubscriptionView.From(subscription, withSecret: true));
            })
            .WithName("CreateSubscription")
            .WithSummary("Register a webhook endpoint; the answer holds its signing secret, shown only this once.")
            .Produces<SubscriptionView>(StatusCodes.Status201Created)
            .ProducesValidationProblem();

        group.MapGet("", async (IQuerySession session, ClaimsPrincipal user, CancellationToken ct) =>
                Results.Ok((await session.Query<Subscription>().OrderBy(s => s.CreatedAt).ToListAsync(ct))
                    .Where(s => SubscriptionOwnership.Owns(user, s)).Select(s => SubscriptionView.From(s))))
            .WithName("ListSubscriptions")
            .Produces<IReadOnlyList<SubscriptionView>>();

        group.MapGet("/{id:guid}", async (Guid id, IQuerySession session, CancellationToken ct) =>
                await session.LoadAsync<Subscription>(id, ct) is { } s ? Results.Ok(SubscriptionView.From(s)) : NotFound(id))
            .WithName("GetSubscription")
            .Produces<SubscriptionView>()
            .ProducesProblem(404);

        group.MapPatch("/{id:guid}", async (Guid id, UpdateSubscriptionRequest request, IDocumentStore store, EndpointRules rules,
                TimeProvider clock, CancellationToken ct) =>
            {
                var v = new Validation().MaxLength("description", request.Description, MaxDescriptionLength);
                if (request.Url is not null && await rules.CheckUrlAsync(request.Url, ct) is { } problem) v.Add("url", problem);
                CheckFilter(v, request.Filter);
                if (!v.IsValid) return v.Problem();
                return await ConflictRetry.RunAsync(store, async session =>
                {
                    if (await session.LoadAsync<Subscription>(id, ct) is not { } s) return NotFound(id);
                    if (request.Url is not null) s.Url = request.Url;
                    if (request.Description is not null) s.Description = request.Description.Length == 0 ? null : request.Description;
                    if (request.Filter is not null) s.Filter = Normalize(request.Filter);
                    s.UpdatedAt = clock.GetUtcNow();
                    session.Store(s);
                    return Results.Ok(SubscriptionView.From(s));
                }, ct);
            })
            .WithName("UpdateSubscription")
            .WithSummary("Change the url, description or filter (an empty description clears it).")
            .Produces<SubscriptionView>()
            .ProducesValidationProblem()
            .ProducesProblem(404);

        group.MapDelete("/{id:guid}", async (Guid id, IDocumentStore store, TimeProvider clock, CancellationToken ct) =>
                await ConflictRetry.RunAsync(store, async session =>
                {
                    if (await session.LoadAsync<Subscription>(id, ct) is null) return NotFound(id);
                    // What it was still owed is cancelled, visibly, rather than left pending forever.
                    foreach (var delivery in await session.Query<Delivery>()
                                 .Where(d => d.SubscriptionId == id && d.Status == DeliveryStatus.Pending).ToListAsync(ct))
                    {
                        delivery.Status = DeliveryStatus.Cancelled;
                        delivery.NextAttemptAt = null;
                        delivery.LastError = "The subscription was deleted.";
                        session.Store(delivery);
                    }
                    session.Delete<Subscription>(id);
                    return Results.NoContent();
                }, ct))
            .WithName("DeleteSubscription")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(404);

        group.MapPost("/{id:guid}/pause", (Guid id, IDocumentStore store, TimeProvider clock, CancellationToken ct) =>
                Change(store, id, ct, s =>
                {
                    if (s.Status == SubscriptionStatus.Disabled) return Disabled(s);
                    s.Status = SubscriptionStatus.Paused;
                    s.UpdatedAt = clock.GetUtcNow();
                    return null;
                }))
            .WithName("PauseSubscription")
            .WithSummary("Hold deliveries: events are still owed, and go out in order on resume.")
            .Produces<SubscriptionView>()
            .ProducesProblem(404)
            .ProducesProblem(409);

        group.MapPost("/{id:guid}/resume", (Guid id, IDocumentStore store, TimeProvider clock, CancellationToken ct) =>
                Change(store, id, ct, s =>
                {
                    s.Status = SubscriptionStatus.Active;
                    s.FailingSince = null;
                    s.DisabledAt = null;
                    s.DisabledReason = null;
                    s.UpdatedAt = clock.GetUtcNow();
                    return null;
                }))
            .WithName("ResumeSubscription")
            .WithSummary("Deliver again to a paused or disabled subscription (recover what a disabled one missed).")
            .Produces<SubscriptionView>()
            .ProducesProblem(404);

        group.MapPost("/{id:guid}/rotate-secret", (Guid id, IDocumentStore store, TimeProvider clock, IOptions<WebhookOptions> options,
                CancellationToken ct) =>
                Change(store, id, ct, s =>
                {
                    var now = clock.GetUtcNow();
                    s.PreviousSecret = s.Secret;
                    s.PreviousSecretExpiresAt = now + options.Value.PreviousSecretLifetime;
                    s.Secret = WebhookSecret.Generate();
                    s.UpdatedAt = now;
                    return null;
                }, withSecret: true))
            .WithName("RotateSubscriptionSecret")
            .WithSummary("A new signing secret, shown only in this answer; the old one keeps signing beside it for 24 hours.")
            .Produces<SubscriptionView>()
            .ProducesProblem(404);

        group.MapPost("/{id:guid}/test", async (Guid id, [FromBody] TestEventRequest? request, IDocumentSession session,
                TimeProvider clock, CancellationToken ct) =>
            {
                var type = request?.EventType ?? EventType.FigureRevised;
                if (type is not (EventType.FigureRevised or EventType.FigureCorrected or EventType.FigureContested))
                    return new Validation().Add("eventType", $"eventType must be one of {EventType.FigureRevised}, {EventType.FigureCorrected}, {EventType.FigureContested}").Problem();
                if (await session.LoadAsync<Subscription>(id, ct) is not { } s) return NotFound(id);
                if (s.Status != SubscriptionStatus.Active) return NotActive(s);
                var now = clock.GetUtcNow();
                var delivery = Fanout.New(s.Id, WebhookEvent.Operational(type, ExamplePayload(type, now)), now, singleAttempt: true);
                (delivery.FigureId, delivery.Revision) = (ExampleFigure.FigureId, ExampleFigure.Revision);
                session.Insert(delivery);
                await session.SaveChangesAsync(ct);
                return Results.Accepted($"/v1/deliveries/{delivery.Id}", DeliverySummary.From(delivery));
            })
            .WithName("SendTestEvent")
            .WithSummary("Send a signed example event (data.example is true) once, to check the endpoint; follow it at the Location.")
            .Produces<DeliverySummary>(StatusCodes.Status202Accepted)
            .ProducesValidationProblem()
            .ProducesProblem(404)
            .ProducesProblem(409);
    }

    private static async Task<IResult> Change(IDocumentStore store, Guid id, CancellationToken ct, Func<Subscription, IResult?> change,
        bool withSecret = false) =>
        await ConflictRetry.RunAsync(store, async session =>
        {
            if (await session.LoadAsync<Subscription>(id, ct) is not { } s) return NotFound(id);
            if (change(s) is { } refused) return refused;
            session.Store(s);
            return Results.Ok(SubscriptionView.From(s, withSecret));
        }, ct);

    internal static IResult NotFound(Guid id) =>
        Results.Problem(statusCode: 404, title: "No such subscription.", detail: $"No subscription has id {id}.");

    internal static IResult Disabled(Subscription s) => Results.Problem(statusCode: 409, title: "The subscription is disabled.",
        detail: $"{s.DisabledReason} Resume it first.");

    internal static IResult NotActive(Subscription s) => s.Status == SubscriptionStatus.Disabled
        ? Disabled(s)
        : Results.Problem(statusCode: 409, title: $"The subscription is {s.Status}.", detail: "Resume it first.");

    private static void CheckFilter(Validation v, SubscriptionFilter? filter)
    {
        if (filter is null) return;
        Check(v, "filter.stories", filter.Stories, Slug.IsValid, "a story slug such as kazakhstan-unrest-2022");
        Check(v, "filter.figures", filter.Figures, f => FigureId.TryParse(f, out _), "a figure id such as kazakhstan-unrest-2022/injured/people");
        Check(v, "filter.metrics", filter.Metrics, FactTracker.Figures.Metrics.IsKnown, $"one of {string.Join(", ", FactTracker.Figures.Metrics.All)}");
        Check(v, "filter.eventTypes", filter.EventTypes, t => t is not null && EventType.All.Contains(t), $"one of {string.Join(", ", EventType.All)}");
    }

    private static void Check(Validation v, string field, IReadOnlyList<string>? values, Func<string?, bool> valid, string expected)
    {
        if (values is null) return;
        if (values.Count > MaxFilterEntries) v.Add(field, $"{field} may list at most {MaxFilterEntries} entries");
        for (var i = 0; i < values.Count && i < MaxFilterEntries; i++)
            if (!valid(values[i])) v.Add($"{field}[{i}]", $"{field}[{i}] must be {expected}");
    }

    private static SubscriptionFilter Normalize(SubscriptionFilter? filter) => filter is null
        ? new SubscriptionFilter()
        : new SubscriptionFilter(Distinct(filter.Stories), Distinct(filter.Figures), Distinct(filter.Metrics), Distinct(filter.EventTypes));

    private static IReadOnlyList<string>? Distinct(IReadOnlyList<string>? values) => values is { Count: > 0 } ? values.Distinct().ToList() : null;

    private static readonly Contracts.FigureRevised ExampleFigure = new("example-story/killed/people", "example-story", "killed", "people",
        Revision: 2, PreviousRevision: 1, new FigureValue("exact", 18, 18, null), new FigureValue("at_least", 12, null, "at least a dozen"),
        "Ministry of Health", Guid.Empty, Guid.Empty, "18 people were killed, the Ministry of Health said", "https://example.org/live#update-2",
        ["example-verifier"], null, new DateTimeOffset(2022, 1, 6, 12, 0, 0, TimeSpan.FromHours(6)), new DateTimeOffset(2022, 1, 6, 6, 5, 0, TimeSpan.Zero),
        new FigureState(new FigureValue("exact", 18, 18, null), "Ministry of Health", 2, false, false,
            [new SourceValue("Ministry of Health", new FigureValue("exact", 18, 18, null), 2, new DateTimeOffset(2022, 1, 6, 12, 0, 0, TimeSpan.FromHours(6)))]));

    /// <summary>An example body of the given type about a made-up figure, marked data.example = true so no receiver takes it for news.</summary>
    private static string ExamplePayload(string type, DateTimeOffset now)
    {
        var body = type == EventType.FigureContested
            ? FigureContestedConsumer.Payload(new FigureContested(ExampleFigure.FigureId, ExampleFigure.Story, ExampleFigure.Metric,
                ExampleFigure.Subject, ExampleFigure.Revision, false, ExampleFigure.RecordedAt, ExampleFigure.State), now)
            : RevisionRecorder.Payload(type, RevisionPublished.From(ExampleFigure, now));
        var json = JsonNode.Parse(body)!;
        json["data"]!["example"] = true;
        return json.ToJsonString(new JsonSerializerOptions(JsonSerializerDefaults.Web));
    }
}
