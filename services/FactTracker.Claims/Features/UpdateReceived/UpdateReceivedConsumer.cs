using FactTracker.Claims.Claims;
using FactTracker.Contracts;
using FactTracker.ServiceDefaults;
using JasperFx;
using Marten;
using MassTransit;

namespace FactTracker.Claims.Features.UpdateReceived;

/// <summary>
/// Stores the claims an update makes and submits each new one for review; a claim the story already has
/// (same figure, value and source) becomes another appearance of it instead. Safe to run twice.
/// </summary>
public sealed class UpdateReceivedConsumer(IDocumentStore store, GroupCommits commits, TimeProvider clock, ILogger<UpdateReceivedConsumer> logger)
    : IConsumer<Contracts.UpdateReceived>
{
    public async Task Consume(ConsumeContext<Contracts.UpdateReceived> context)
    {
        var update = context.Message;
        var ct = context.CancellationToken;
        var now = clock.GetUtcNow();
        var found = ClaimFinder.Find(update, now);
        if (found.Count == 0)
        {
            // Nothing to store, and extraction is deterministic, so a redelivery finds nothing either: no marker is needed.
            logger.LogInformation("Update {UpdateId} made no claims", update.UpdateId);
            return;
        }
        await using var session = store.QuerySession();
        var figures = found.Select(c => c.FigureId).Distinct().ToList();
        // Whether it was handled, and the story's claims of the same figures, in one round trip.
        var batch = session.CreateBatchQuery();
        var processed = batch.Load<ProcessedUpdate>(update.UpdateId);
        // By figure: a figure's id names its story, and one indexed look-up per figure stays the plan when the
        // statement is prepared (with the story too, a generic plan may scan the whole story). Only claims that may be
        // repeats (a value in common) come back: a much-revised figure's whole history would otherwise be read and
        // deserialized for every update about it.
        var known = batch.Query<Claim>().Where(c => c.FigureId.IsOneOf(figures) && c.UpdateId != update.UpdateId);
        if (found.All(c => c.Value.Low is not null || c.Value.High is not null))
        {
            var lows = found.Select(c => c.Value.Low).Where(v => v is not null).Distinct().ToArray();
            var highs = found.Select(c => c.Value.High).Where(v => v is not null).Distinct().ToArray();
            known = known.Where(c => c.Value.Low.IsOneOf(lows) || c.Value.High.IsOneOf(highs));
        }
        var knownClaims = known.OrderBy(c => c.ReportedAt).ToList();
        await batch.Execute(ct);
        if (await processed is not null)
        {
            logger.LogInformation("Update {UpdateId} was already handled; nothing to do", update.UpdateId);
            return;
        }
        var candidates = await knownClaims;

        var submitted = 0;
        var appearances = 0;
        var changes = new List<Action<IDocumentSession>>();
        foreach (var claim in found)
        {
            if (candidates.FirstOrDefault(k => ClaimFinder.IsRepeatOf(claim, k)) is { } original)
            {
                original.Appearances.Add(new ClaimAppearance(update.UpdateId, claim.Quote, claim.QuoteStart, claim.QuoteEnd, claim.UpdateUrl, claim.ReportedAt));
                changes.Add(s => s.Store(original));
                appearances++;
                continue;
            }
            var submission = new ClaimSubmitted(claim.Id, claim.UpdateId, claim.Story, claim.Metric, claim.Subject,
                claim.Value, claim.Source, claim.Quote, claim.UpdateUrl, claim.ReportedAt, claim.SubmittedAt, claim.Origin,
                claim.QuoteStart, claim.QuoteEnd, claim.Rule, claim.PostedBy, update.Text);
            changes.Add(s =>
            {
                s.Insert(claim);
                s.PublishAfterCommit(submission);
            });
            submitted++;
        }
        var marker = new ProcessedUpdate { Id = update.UpdateId, Claims = submitted, Appearances = appearances, ProcessedAt = now };
        changes.Add(s => s.Insert(marker));

        try
        {
            // Committed with the updates consumed at the same moment.
            await commits.CommitAsync(s => changes.ForEach(change => change(s)), ct);
            logger.LogInformation("Update {UpdateId} made {Claims} claim(s) and {Appearances} repeat(s) of known claims",
                update.UpdateId, submitted, appearances);
        }
        catch (DocumentAlreadyExistsException)
        {
            // Another delivery of the same message handled it first.
            logger.LogInformation("Update {UpdateId} was handled concurrently; nothing to do", update.UpdateId);
        }
    }
}
