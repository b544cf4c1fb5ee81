using System.Text.Json;
using FactTracker.Contracts;
using FactTracker.Figures;
using FactTracker.Publication.Figures;
using FactTracker.Publication.Subscriptions;
using FactTracker.ServiceDefaults;
using JasperFx;
using Marten;
using MassTransit;

namespace FactTracker.Publication.Features.FigureRevised;

/// <summary>
/// Records a revision in Publication's own history and owes every subscription a delivery of it.
/// Safe to run twice: a revision already recorded is skipped; one that arrives before its predecessor is retried.
/// </summary>
public sealed class FigureRevisedConsumer(IDocumentStore store, TimeProvider clock, ILogger<FigureRevisedConsumer> logger)
    : IConsumer<Contracts.FigureRevised>
{
    public const string EventType = "figure.revised";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task Consume(ConsumeContext<Contracts.FigureRevised> context)
    {
        var m = context.Message;
        var ct = context.CancellationToken;
        await using var session = store.LightweightSession();
        var stream = await session.Events.FetchForWriting<PublishedFigure>(m.FigureId, ct);
        var published = stream.Aggregate?.Revision ?? 0;
        if (m.Revision <= published)
        {
            logger.LogInformation("Revision {Revision} of {FigureId} is already published", m.Revision, m.FigureId);
            return;
        }
        if (m.Revision != published + 1)
            throw new RevisionOutOfOrderException($"Revision {m.Revision} of {m.FigureId} arrived before revision {published + 1}");

        var now = clock.GetUtcNow();
        stream.AppendOne(RevisionPublished.From(m, now));

        var payload = JsonSerializer.Serialize(new { type = EventType, timestamp = now, data = m }, Json);
        var subscriptions = await session.Query<Subscription>().ToListAsync(ct);
        foreach (var subscription in subscriptions)
        {
            var delivery = new Delivery
            {
                Id = DeliveryId(subscription.Id, m.FigureId, m.Revision),
                SubscriptionId = subscription.Id,
                EventType = EventType,
                FigureId = m.FigureId,
                Revision = m.Revision,
                Payload = payload,
                CreatedAt = now,
            };
            session.Insert(delivery);
            session.PublishAfterCommit(new DeliveryRequested(delivery.Id, subscription.Id));
        }

        try
        {
            await session.SaveChangesAsync(ct);
        }
        catch (Exception e) when (Conflicts.IsConcurrencyConflict(e))
        {
            // Another delivery of this message (or of the next revision) got there first: look again.
            throw new RevisionOutOfOrderException($"Figure {m.FigureId} changed while revision {m.Revision} was being published");
        }
    }

    /// <summary>Stable per subscription and revision, so a redelivered revision cannot owe a second webhook.</summary>
    public static Guid DeliveryId(Guid subscriptionId, string figureId, int revision) =>
        StableId.From($"delivery/{subscriptionId:N}/{figureId}/{revision}");
}

/// <summary>Thrown so MassTransit retries the message once the earlier revision has been recorded.</summary>
public sealed class RevisionOutOfOrderException(string message) : Exception(message);
