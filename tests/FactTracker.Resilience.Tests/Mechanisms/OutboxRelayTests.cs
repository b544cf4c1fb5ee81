using FactTracker.Contracts;
using FactTracker.ServiceDefaults;
using FactTracker.Testing;
using Marten;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace FactTracker.Resilience.Tests.Mechanisms;

/// <summary>Relays of several instances share one outbox: together they publish every message, and none twice.</summary>
[Collection(MessagingCollection.Name)]
public sealed class OutboxRelayTests(MessagingFixture f)
{
    [Fact]
    public async Task Three_relays_on_one_outbox_publish_each_message_once()
    {
        var store = f.Claims.Services.GetRequiredService<IDocumentStore>();
        var claims = Enumerable.Range(0, 300).Select(_ => Messages.Claim()).ToList();
        await using (var session = store.LightweightSession())
        {
            foreach (var claim in claims) session.PublishAfterCommit(claim);
            await session.SaveChangesAsync(); // wakes the service's own relay too
        }

        // Two more relays, as a second and third instance of the service would run.
        var relays = Enumerable.Range(0, 2).Select(_ => new OutboxRelay(store, f.Claims.Services.GetRequiredService<IBus>(),
            new OutboxSignal(), NullLogger<OutboxRelay>.Instance)).ToList();
        await Task.WhenAll(relays.Select(async relay =>
        {
            while (await relay.RelayBatchAsync(CancellationToken.None) > 0) { }
        }));
        await Eventually.UntilAsync(async () => await OutboxRelay.OldestWaitingAsync(store, CancellationToken.None) is null, "an empty outbox");

        var ids = claims.Select(c => c.ClaimId).ToHashSet();
        var published = f.ClaimsBus.Published<ClaimSubmitted>().Where(c => ids.Contains(c.ClaimId)).GroupBy(c => c.ClaimId).ToList();
        Assert.Equal(claims.Count, published.Count);
        Assert.All(published, g => Assert.Single(g));
    }

    [Fact]
    public async Task One_figures_revisions_reach_the_broker_in_the_order_they_were_written()
    {
        var first = Messages.Revision();
        const int Count = 100;
        var observer = new MessageObserver(f.Scope, typeof(FigureRevised)) { OneAtATime = true };
        await observer.InitializeAsync();
        try
        {
            var store = f.Claims.Services.GetRequiredService<IDocumentStore>();
            await using (var session = store.LightweightSession())
            {
                // Other figures' messages between them go out beside them, in any order.
                for (var i = 1; i <= Count; i++)
                {
                    session.PublishAfterCommit(first with { Revision = i, PreviousRevision = i - 1 });
                    session.PublishAfterCommit(Messages.Revision());
                }
                await session.SaveChangesAsync();
            }

            var received = await observer.WaitForAsync<FigureRevised>(r => r.FigureId == first.FigureId, Count, TimeSpan.FromSeconds(60));
            Assert.Equal(Enumerable.Range(1, Count), received.Select(r => r.Revision));
        }
        finally
        {
            await observer.DisposeAsync();
        }
    }
}
