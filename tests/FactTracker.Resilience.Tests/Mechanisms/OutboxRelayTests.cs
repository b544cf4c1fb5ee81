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
}
