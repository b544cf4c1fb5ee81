using System.Text.Json;
using FactTracker.Publication.Subscriptions;
using FactTracker.Testing;
using static FactTracker.Publication.Tests.PublicationFixture;

namespace FactTracker.Publication.Tests.Features.DeliverWebhook;

/// <summary>Publication whose scheduler would look for due deliveries only every ten minutes.</summary>
public sealed class SlowPollFixture() : PublicationFixture(allowLoopback: true,
    new Dictionary<string, string?> { ["Webhooks:PollInterval"] = "00:10:00" });

/// <summary>
/// A delivery committed due now is handed to the scheduler at commit, without waiting for a look; one that must wait
/// behind an earlier delivery of its figure goes once that one is saved, still without the poll.
/// </summary>
public sealed class HandOverTests(SlowPollFixture fixture) : IClassFixture<SlowPollFixture>
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(30);

    private static int RevisionOf(ReceivedWebhook hook) =>
        JsonDocument.Parse(hook.Body).RootElement.GetProperty("data").GetProperty("revision").GetInt32();

    [Fact]
    public async Task A_new_revision_goes_out_without_waiting_for_the_poll()
    {
        var (subscriptionId, path) = await fixture.SubscribeAsync();
        try
        {
            var revised = Revision(NewStory(), Exact(7));
            await fixture.PublishAsync(revised);

            await fixture.WaitForDeliveryAsync(subscriptionId, revised.FigureId, DeliveryStatus.Delivered, Long);
            Assert.Equal([1], fixture.ReceivedAt(path).Select(RevisionOf));
        }
        finally
        {
            await fixture.UnsubscribeAsync(subscriptionId);
        }
    }

    [Fact]
    public async Task Revisions_waiting_behind_a_slow_first_one_go_out_in_order_each_once_without_the_poll()
    {
        // The endpoint holds revision 1 long enough for revisions 2 to 4 to be committed and handed over meanwhile: each
        // must wait for the one before it to be saved, and then go without a poll.
        var (subscriptionId, path) = await fixture.SubscribeAsync(hook =>
            RevisionOf(hook) == 1 ? new WebhookAnswer(200, Delay: TimeSpan.FromSeconds(1.5)) : 200);
        try
        {
            var figure = new FigureTimeline(NewStory());
            for (var i = 1; i <= 4; i++) await fixture.PublishAsync(figure.Approve(Exact(10 * i)));

            await fixture.WaitForDeliveryAsync(subscriptionId, figure.FigureId, DeliveryStatus.Delivered, Long, revision: 4);
            Assert.Equal([1, 2, 3, 4], fixture.ReceivedAt(path).Select(RevisionOf));
        }
        finally
        {
            await fixture.UnsubscribeAsync(subscriptionId);
        }
    }
}
