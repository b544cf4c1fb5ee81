using System.Text.Json;
using FactTracker.Contracts;
using FactTracker.Figures;
using FactTracker.Publication.Figures;
using FactTracker.Publication.Subscriptions;
using FactTracker.ServiceDefaults;
using Marten;

namespace FactTracker.Publication.Features.FigureRevised;

/// <summary>
/// Records a revision in Publication's own history and owes every subscription a delivery of it.
/// Safe to run twice: a revision already recorded is skipped; one that arrives before its predecessor is retried.
/// </summary>
public static class RevisionRecorder
{
    public const string Revised = "figure.revised";
    public const string CorrectedType = "figure.corrected";
    public const string ContestedType = "figure.contested";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task RecordAsync(IDocumentStore store, RevisionPublished revision, string eventType, ILogger logger, CancellationToken ct)
    {
        await using var session = store.LightweightSession();
        var stream = await session.Events.FetchForWriting<PublishedFigure>(revision.FigureId, ct);
        var published = stream.Aggregate?.Revision ?? 0;
        if (revision.Revision <= published)
        {
            logger.LogInformation("Revision {Revision} of {FigureId} is already published", revision.Revision, revision.FigureId);
            return;
        }
        if (revision.Revision != published + 1)
            throw new RevisionOutOfOrderException($"Revision {revision.Revision} of {revision.FigureId} arrived before revision {published + 1}");

        stream.AppendOne(revision);
        await OweDeliveriesAsync(session, revision.FigureId, revision.Revision, eventType, Payload(eventType, revision), ct);

        try
        {
            await session.SaveChangesAsync(ct);
        }
        catch (Exception e) when (Conflicts.IsConcurrencyConflict(e))
        {
            // Another delivery of this message (or of the next revision) got there first: look again.
            throw new RevisionOutOfOrderException($"Figure {revision.FigureId} changed while revision {revision.Revision} was being published");
        }
    }

    /// <summary>One delivery per subscription, with an id stable per subscription, figure, revision and event type.</summary>
    public static async Task OweDeliveriesAsync(IDocumentSession session, string figureId, int revision, string eventType, string payload, CancellationToken ct)
    {
        var now = DateTimeOffset.UtcNow;
        foreach (var subscription in await session.Query<Subscription>().ToListAsync(ct))
        {
            var delivery = new Delivery
            {
                Id = DeliveryId(subscription.Id, figureId, revision, eventType),
                SubscriptionId = subscription.Id,
                EventType = eventType,
                FigureId = figureId,
                Revision = revision,
                Payload = payload,
                CreatedAt = now,
            };
            session.Insert(delivery);
            session.PublishAfterCommit(new DeliveryRequested(delivery.Id, subscription.Id));
        }
    }

    public static Guid DeliveryId(Guid subscriptionId, string figureId, int revision, string eventType = Revised) =>
        StableId.From($"delivery/{subscriptionId:N}/{figureId}/{revision}/{eventType}");

    /// <summary>The webhook body: {type, timestamp, data} with everything a subscriber needs to show the change.</summary>
    public static string Payload(string eventType, RevisionPublished r) => JsonSerializer.Serialize(new
    {
        type = eventType,
        timestamp = r.PublishedAt,
        data = new
        {
            figureId = r.FigureId,
            link = $"/v1/figures/{r.FigureId}",
            story = r.Story,
            metric = r.Metric,
            subject = r.Subject,
            revision = r.Revision,
            previousRevision = r.PreviousRevision,
            change = r.Change,
            targetRevision = r.TargetRevision,
            value = r.Value,
            previousValue = r.PreviousHeadline,
            headline = r.State.Headline,
            headlineSource = r.State.HeadlineSource,
            contested = r.State.Contested,
            source = r.Source,
            quote = r.Quote,
            updateUrl = r.UpdateUrl,
            verifiedBy = r.VerifiedBy,
            reason = r.Reason,
            reportedAt = r.ReportedAt,
            recordedAt = r.RecordedAt,
        },
    }, Json);
}

/// <summary>Thrown so MassTransit retries the message once the earlier revision has been recorded.</summary>
public sealed class RevisionOutOfOrderException(string message) : Exception(message);
