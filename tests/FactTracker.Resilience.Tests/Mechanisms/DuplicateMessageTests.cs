using FactTracker.Contracts;
using FactTracker.Testing;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace FactTracker.Resilience.Tests.Mechanisms;

/// <summary>Every consumer handles the same message twice (redelivery, replay, a second instance) and changes nothing the second time.</summary>
[Collection(MessagingCollection.Name)]
public sealed class DuplicateMessageTests(MessagingFixture f)
{
    [Fact]
    public async Task The_same_update_twice_submits_its_claim_once()
    {
        var update = Messages.Update();
        await f.Observer.Bus.Publish(update);
        await f.Observer.Bus.Publish(update);

        await f.ClaimsBus.WaitForConsumedAsync<UpdateReceived>(m => m.UpdateId == update.UpdateId, count: 2);
        await Eventually.UntilAsync(() => f.ClaimsBus.Published<ClaimSubmitted>().Any(c => c.UpdateId == update.UpdateId), "the claim submitted");
        await Task.Delay(TimeSpan.FromSeconds(1)); // give a wrongly doubled outbox message the time to go out
        Assert.Single(f.ClaimsBus.Published<ClaimSubmitted>(), c => c.UpdateId == update.UpdateId);
    }

    [Fact]
    public async Task The_same_claim_twice_starts_one_review()
    {
        var claim = Messages.Claim();
        await f.Observer.Bus.Publish(claim);
        await f.Observer.Bus.Publish(claim);

        await f.VerificationBus.WaitForConsumedAsync<ClaimSubmitted>(m => m.ClaimId == claim.ClaimId, count: 2);
        await using var session = f.Verification.Services.GetRequiredService<IDocumentStore>().QuerySession();
        var events = await session.Events.FetchStreamAsync(claim.ClaimId.ToString());
        Assert.Single(events);
    }

    [Fact]
    public async Task The_same_revision_twice_is_published_once()
    {
        var revision = Messages.Revision();
        await f.Observer.Bus.Publish(revision);
        await f.Observer.Bus.Publish(revision);

        await f.PublicationBus.WaitForConsumedAsync<FigureRevised>(m => m.FigureId == revision.FigureId, count: 2);
        await using var session = f.Publication.Services.GetRequiredService<IDocumentStore>().QuerySession();
        var events = await session.Events.FetchStreamAsync(revision.FigureId);
        Assert.Single(events);
    }

    [Fact]
    public async Task The_same_contested_notice_twice_owes_one_delivery_per_subscription()
    {
        var revision = Messages.Revision();
        var notice = new FigureContested(revision.FigureId, revision.Story, revision.Metric, revision.Subject, 1, true, revision.RecordedAt, revision.State);
        await f.Observer.Bus.Publish(notice);
        await f.Observer.Bus.Publish(notice);

        await f.PublicationBus.WaitForConsumedAsync<FigureContested>(m => m.FigureId == notice.FigureId, count: 2);
        await using var session = f.Publication.Services.GetRequiredService<IDocumentStore>().QuerySession();
        var owed = await session.Query<Publication.Subscriptions.Delivery>().Where(d => d.FigureId == notice.FigureId).CountAsync();
        Assert.True(owed <= 1, $"{owed} deliveries owed for one notice");
    }
}
