using System.Data;
using System.Text;
using System.Text.Json;
using FactTracker.Figures;
using FactTracker.Publication.Figures;
using FactTracker.Publication.Subscriptions;
using FactTracker.ServiceDefaults;
using Marten;

namespace FactTracker.Publication.Features.FigureRevised;

/// <summary>
/// Records a revision in Publication's own history and owes every subscription a delivery of it.
/// Safe to run twice: a revision already recorded is skipped; one that arrives before its predecessor waits for it a
/// while (<see cref="RevisionTurns"/>), then is retried.
/// </summary>
public static class RevisionRecorder
{
    public const string Revised = EventType.FigureRevised;
    public const string CorrectedType = EventType.FigureCorrected;
    public const string ContestedType = EventType.FigureContested;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task RecordAsync(IDocumentStore store, GroupCommits commits, RevisionTurns turns, RevisionPublished revision, string eventType,
        ILogger logger, CancellationToken ct)
    {
        IReadOnlyList<Subscription> owed;
        long? version;
        var waitUntil = DateTimeOffset.UtcNow + RevisionTurns.MaxWait;
        Task? turn = null;
        while (true)
        {
            var (published, current, subscriptions) = await ReadAsync(store, revision.FigureId, ct);
            if (revision.Revision <= published)
            {
                logger.LogInformation("Revision {Revision} of {FigureId} is already published", revision.Revision, revision.FigureId);
                return;
            }
            if (revision.Revision == published + 1)
            {
                owed = subscriptions;
                version = current;
                break;
            }
            // Early: watch for the figure's next record, then read it again, so one made in between is not missed.
            if (turn is null)
            {
                turn = turns.NextRecorded(revision.FigureId);
                continue;
            }
            var left = waitUntil - DateTimeOffset.UtcNow;
            if (left <= TimeSpan.Zero)
                throw new RevisionOutOfOrderException($"Revision {revision.Revision} of {revision.FigureId} arrived before revision {published + 1}");
            try { await turn.WaitAsync(left, ct); }
            catch (TimeoutException) { } // read again before refusing it
            turn = null;
        }

        var delivery = WebhookEvent.ForFigure(eventType, revision.FigureId, revision.Revision, Payload(eventType, revision));
        try
        {
            // Committed with the revisions consumed at the same moment; the stream must still be as read.
            await commits.CommitAsync(s =>
            {
                if (version is { } v) s.Events.Append(revision.FigureId, v + 1, revision);
                else s.Events.StartStream<PublishedFigure>(revision.FigureId, revision);
                Fanout.Owe(s, delivery, revision.PublishedAt, owed);
            }, ct);
            turns.Recorded(revision.FigureId);
        }
        catch (Exception e) when (Conflicts.IsConcurrencyConflict(e))
        {
            // Another delivery of this message (or of the next revision) got there first: look again.
            throw new RevisionOutOfOrderException($"Figure {revision.FigureId} changed while revision {revision.Revision} was being published");
        }
    }

    /// <summary>
    /// The figure's published revision and stream version, and the subscriptions it may owe, in one batch and one
    /// snapshot: read apart (as a batch does under read committed), a revision committed in between makes them disagree,
    /// and the append then loses a race it never ran. Ending the read's transaction costs a second round trip, and it
    /// ends before any wait for a turn.
    /// </summary>
    private static async Task<(int Published, long? Version, IReadOnlyList<Subscription> Owed)> ReadAsync(
        IDocumentStore store, string figureId, CancellationToken ct)
    {
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var snapshot = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
        await using var session = store.LightweightSession(Marten.Services.SessionOptions.ForTransaction(snapshot));
        var batch = session.CreateBatchQuery();
        var fetching = batch.Events.FetchForWriting<PublishedFigure>(figureId);
        var owing = Fanout.OwedSubscriptions(batch);
        await batch.Execute(ct);
        var stream = await fetching;
        return (stream.Aggregate?.Revision ?? 0, stream.CurrentVersion, await owing);
    }

    /// <summary>
    /// The webhook body: {type, timestamp, data} with everything a subscriber needs to show the change. Long texts
    /// are cut (and data.truncated set) so the body stays under <see cref="Fanout.MaxBodyBytes"/>; the link has them whole.
    /// </summary>
    public static string Payload(string eventType, RevisionPublished r)
    {
        var full = Payload(eventType, r, 4_000, out var cut);
        return Encoding.UTF8.GetByteCount(full) <= Fanout.MaxBodyBytes ? full : Payload(eventType, r, 500, out cut);
    }

    private static string Payload(string eventType, RevisionPublished r, int maxText, out bool truncated)
    {
        var cut = r.VerifiedBy.Count > 20;
        var headlineSource = Fanout.Cut(r.State.HeadlineSource, maxText, ref cut);
        var source = Fanout.Cut(r.Source, maxText, ref cut);
        var quote = Fanout.Cut(r.Quote, maxText, ref cut);
        var updateUrl = Fanout.Cut(r.UpdateUrl, maxText, ref cut);
        var reason = Fanout.Cut(r.Reason, maxText, ref cut);
        var verifiedBy = new List<string?>();
        foreach (var verifier in r.VerifiedBy.Take(20)) verifiedBy.Add(Fanout.Cut(verifier, 200, ref cut));
        truncated = cut;
        return JsonSerializer.Serialize(new
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
                headlineSource,
                contested = r.State.Contested,
                source,
                quote,
                updateUrl,
                verifiedBy,
                reason,
                reportedAt = r.ReportedAt,
                recordedAt = r.RecordedAt,
                truncated = cut,
            },
        }, Json);
    }
}

/// <summary>Thrown so MassTransit retries the message once the earlier revision has been recorded.</summary>
public sealed class RevisionOutOfOrderException(string message) : Exception(message);
