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
    // The instance that commits a message publishes it from memory; the other instances' relays leave young rows alone.
    [Fact]
    public async Task Three_relays_on_one_outbox_publish_each_committed_message_once()
    {
        var store = f.Claims.Services.GetRequiredService<IDocumentStore>();
        var claims = Enumerable.Range(0, 300).Select(_ => Messages.Claim()).ToList();
        await using (var session = store.LightweightSession())
        {
            foreach (var claim in claims) session.PublishAfterCommit(claim);
            await session.SaveChangesAsync(); // hands them to the service's own relay
        }

        await AssertPublishedOnceAsync(store, claims, OtherInstancesAsync(store));
    }

    // Rows an instance left behind (it died before publishing them) are shared by the relays that read the outbox.
    [Fact]
    public async Task Three_relays_share_the_rows_a_dead_instance_left_and_publish_each_once()
    {
        var store = f.Claims.Services.GetRequiredService<IDocumentStore>();
        var claims = Enumerable.Range(0, 300).Select(_ => Messages.Claim()).ToList();
        var written = DateTimeOffset.UtcNow - OutboxRelay.Abandoned - TimeSpan.FromMinutes(1);
        await using (var session = store.LightweightSession())
        {
            // As a dead instance left them: written a while ago, and nobody holds them in memory.
            var i = 0;
            foreach (var claim in claims)
                session.Insert(new OutboxMessage
                {
                    Id = OutboxMessage.IdAt(written.AddMilliseconds(i++)),
                    MessageType = typeof(ClaimSubmitted).FullName!,
                    Body = System.Text.Json.JsonSerializer.Serialize(claim, new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web)),
                    CreatedAt = written,
                });
            await session.SaveChangesAsync(); // tells the service's own relay to read the outbox
        }

        await AssertPublishedOnceAsync(store, claims, OtherInstancesAsync(store));
    }

    /// <summary>Two more relays, as a second and third instance of the service would run, reading the outbox until it is empty.</summary>
    private Task OtherInstancesAsync(IDocumentStore store) =>
        Task.WhenAll(Enumerable.Range(0, 2).Select(async _ =>
        {
            var relay = new OutboxRelay(store, f.Claims.Services.GetRequiredService<IBus>(), new OutboxSignal(), NullLogger<OutboxRelay>.Instance);
            while (await relay.RelayBatchAsync(CancellationToken.None) > 0) { }
        }));

    private async Task AssertPublishedOnceAsync(IDocumentStore store, List<ClaimSubmitted> claims, Task others)
    {
        await others;
        await Eventually.UntilAsync(async () => await OutboxRelay.OldestWaitingAsync(store, CancellationToken.None) is null, "an empty outbox");
        var ids = claims.Select(c => c.ClaimId).ToHashSet();
        await Eventually.UntilAsync(() => Task.FromResult(f.ClaimsBus.Published<ClaimSubmitted>().Select(c => c.ClaimId).Where(ids.Contains).Distinct().Count() == claims.Count),
            "every message published");
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
