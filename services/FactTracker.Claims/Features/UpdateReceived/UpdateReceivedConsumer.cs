using FactTracker.Claims.Claims;
using FactTracker.Contracts;
using FactTracker.ServiceDefaults;
using JasperFx;
using Marten;
using MassTransit;

namespace FactTracker.Claims.Features.UpdateReceived;

/// <summary>Stores the claims an update makes and submits each for review. Safe to run twice.</summary>
public sealed class UpdateReceivedConsumer(IDocumentStore store, TimeProvider clock, ILogger<UpdateReceivedConsumer> logger)
    : IConsumer<Contracts.UpdateReceived>
{
    public async Task Consume(ConsumeContext<Contracts.UpdateReceived> context)
    {
        var update = context.Message;
        var claims = ClaimFinder.Find(update, clock.GetUtcNow());
        if (claims.Count == 0) return;

        await using var session = store.LightweightSession();
        var known = await session.Query<Claim>().Where(c => c.UpdateId == update.UpdateId).CountAsync(context.CancellationToken);
        if (known > 0)
        {
            logger.LogInformation("Update {UpdateId} already has its claims; nothing to do", update.UpdateId);
            return;
        }

        foreach (var claim in claims)
        {
            session.Insert(claim);
            session.PublishAfterCommit(new ClaimSubmitted(claim.Id, claim.UpdateId, claim.Story, claim.Metric, claim.Subject,
                claim.Value, claim.Source, claim.Quote, claim.UpdateUrl, claim.ReportedAt, claim.SubmittedAt, claim.Origin));
        }

        try
        {
            await session.SaveChangesAsync(context.CancellationToken);
            logger.LogInformation("Update {UpdateId} made {Count} claim(s)", update.UpdateId, claims.Count);
        }
        catch (DocumentAlreadyExistsException)
        {
            // Another delivery of the same message stored them first.
            logger.LogInformation("Update {UpdateId} claims were stored concurrently; nothing to do", update.UpdateId);
        }
    }
}
