using System.Text;
using FactTracker.Figures;
using FactTracker.ServiceDefaults;
using Marten;
using Marten.Services.BatchQuerying;

namespace FactTracker.Publication.Subscriptions;

/// <summary>Owes an event to every subscription that wants it: one <see cref="Delivery"/> each, written in the caller's session.</summary>
public static class Fanout
{
    /// <summary>Standard Webhooks recommends bodies under 20 kB; payload builders trim to stay below.</summary>
    public const int MaxBodyBytes = 20_000;

    /// <returns>How many subscriptions are owed the event.</returns>
    public static async Task<int> OweAsync(IDocumentSession session, WebhookEvent e, DateTimeOffset now, CancellationToken ct, Guid? except = null) =>
        Owe(session, e, now, await session.Query<Subscription>().Where(s => s.Status != SubscriptionStatus.Disabled).ToListAsync(ct), except);

    /// <summary>The subscriptions that may be owed an event: paused ones too (their deliveries wait for resume), not disabled ones.</summary>
    public static Task<IReadOnlyList<Subscription>> OwedSubscriptions(IBatchedQuery batch) =>
        batch.Query<Subscription>().Where(s => s.Status != SubscriptionStatus.Disabled).ToList();

    /// <param name="subscriptions">Every subscription that is not disabled, read in the caller's transaction or batch.</param>
    public static int Owe(IDocumentSession session, WebhookEvent e, DateTimeOffset now, IEnumerable<Subscription> subscriptions, Guid? except = null)
    {
        if (Encoding.UTF8.GetByteCount(e.Payload) > MaxBodyBytes)
            throw new InvalidOperationException($"A {e.Type} body of {Encoding.UTF8.GetByteCount(e.Payload)} bytes is over {MaxBodyBytes}");
        var owed = 0;
        foreach (var subscription in subscriptions)
        {
            if (subscription.Id == except || !subscription.Filter.Matches(e)) continue;
            session.Insert(New(subscription.Id, e, now));
            owed++;
        }
        return owed;
    }

    public static Delivery New(Guid subscriptionId, WebhookEvent e, DateTimeOffset now, bool singleAttempt = false) => new()
    {
        Id = e.FigureId is null ? Guid.CreateVersion7(now) : DeliveryId(subscriptionId, e.FigureId, e.Revision, e.Type),
        SubscriptionId = subscriptionId,
        EventType = e.Type,
        FigureId = e.FigureId ?? "",
        Revision = e.Revision,
        Lane = e.FigureId,
        Position = e.Position,
        Payload = e.Payload,
        CreatedAt = now,
        NextAttemptAt = now,
        SingleAttempt = singleAttempt,
        NextTrigger = singleAttempt ? AttemptTrigger.Test : AttemptTrigger.Scheduled,
        TraceParent = Telemetry.CurrentTraceParent(),
    };

    /// <summary>Stable per subscription, figure, revision and event type, so an event handled twice is owed once.</summary>
    public static Guid DeliveryId(Guid subscriptionId, string figureId, int revision, string eventType) =>
        StableId.From($"delivery/{subscriptionId:N}/{figureId}/{revision}/{eventType}");

    /// <summary>At most <paramref name="max"/> characters, and whether it was cut.</summary>
    public static string? Cut(string? text, int max, ref bool cut)
    {
        if (text is null || text.Length <= max) return text;
        cut = true;
        return string.Concat(text.AsSpan(0, max - 1), "…");
    }
}
