using System.Net.Http.Headers;
using System.Text.Json;
using FactTracker.Publication.Subscriptions;
using FactTracker.Testing;
using static FactTracker.Publication.Tests.PublicationFixture;

namespace FactTracker.Publication.Tests.Features.DeliverWebhook;

/// <summary>
/// Each test subscribes the receiver at its own path, publishes a revision of its own figure, and deletes its
/// subscription afterwards, so what a test counts is what its own subscription received.
/// </summary>
public sealed class DeliverWebhookTests(PublicationFixture fixture) : IClassFixture<PublicationFixture>
{
    // Eight attempts on the fixture's shortened schedule take about two seconds; the margin is for a busy machine.
    private static readonly TimeSpan RetriesExhausted = TimeSpan.FromSeconds(60);

    private async Task<DeliverySummary> WaitForDeliveryAsync(Guid subscriptionId, string figureId, string status, TimeSpan? timeout = null) =>
        await Eventually.UntilAsync(async () =>
            (await fixture.DeliveriesAsync(subscriptionId)).SingleOrDefault(d => d.FigureId == figureId && d.Status == status),
            $"the delivery of {figureId} to be {status}", timeout);

    [Fact]
    public async Task A_revision_is_posted_once_to_the_subscriber_as_a_figure_revised_webhook()
    {
        var (subscriptionId, path) = await fixture.SubscribeAsync();
        try
        {
            var revised = Revision(NewStory(), Exact(748), metric: "injured", subject: "people", source: "Ministry of Health");
            await fixture.PublishAsync(revised);

            var delivery = await WaitForDeliveryAsync(subscriptionId, revised.FigureId, DeliveryStatus.Delivered);
            Assert.Equal(("figure.revised", 1), (delivery.EventType, delivery.Revision));

            var hook = Assert.Single(fixture.ReceivedAt(path));
            var body = JsonDocument.Parse(hook.Body).RootElement;
            Assert.Equal("figure.revised", body.GetProperty("type").GetString());
            Assert.InRange(body.GetProperty("timestamp").GetDateTimeOffset(), hook.ReceivedAt.AddMinutes(-1), hook.ReceivedAt);
            var data = body.GetProperty("data");
            Assert.Equal(revised.FigureId, data.GetProperty("figureId").GetString());
            Assert.Equal(revised.Story, data.GetProperty("story").GetString());
            Assert.Equal(1, data.GetProperty("revision").GetInt32());
            Assert.Equal("exact", data.GetProperty("value").GetProperty("kind").GetString());
            Assert.Equal(748, data.GetProperty("value").GetProperty("low").GetInt64());
            Assert.Equal(748, data.GetProperty("value").GetProperty("high").GetInt64());
            Assert.Equal("Ministry of Health", data.GetProperty("source").GetString());
            Assert.Equal(revised.Quote, data.GetProperty("quote").GetString());
            Assert.Equal(revised.UpdateUrl, data.GetProperty("updateUrl").GetString());
            Assert.Equal(revised.VerifiedBy, data.GetProperty("verifiedBy").EnumerateArray().Select(v => v.GetString()));
            Assert.Equal(("approved", 0), (data.GetProperty("change").GetString(), data.GetProperty("previousRevision").GetInt32()));
            Assert.Equal(748, data.GetProperty("headline").GetProperty("low").GetInt64());
            Assert.Equal("Ministry of Health", data.GetProperty("headlineSource").GetString());
            Assert.False(data.GetProperty("contested").GetBoolean());

            Assert.Equal(delivery.Id.ToString(), hook.Headers["webhook-id"]);
            var sentAt = DateTimeOffset.FromUnixTimeSeconds(long.Parse(hook.Headers["webhook-timestamp"]));
            Assert.InRange(sentAt, hook.ReceivedAt.AddSeconds(-10), hook.ReceivedAt.AddSeconds(1));
            Assert.Equal("application/json", MediaTypeHeaderValue.Parse(hook.Headers["content-type"]).MediaType);
            Assert.StartsWith("FactTracker-Webhooks/", hook.Headers["user-agent"]);

            Assert.Equal(200, delivery.LastStatusCode);
            Assert.NotNull(delivery.DeliveredAt);
            Assert.Null(delivery.LastError);
            Assert.Single(await fixture.DeliveriesAsync(subscriptionId), d => d.FigureId == revised.FigureId);
        }
        finally
        {
            await fixture.UnsubscribeAsync(subscriptionId);
        }
    }

    [Fact]
    public async Task A_subscriber_that_fails_twice_gets_the_same_webhook_on_the_third_attempt()
    {
        var attempts = 0;
        var (subscriptionId, path) = await fixture.SubscribeAsync(_ => Interlocked.Increment(ref attempts) <= 2 ? 500 : 200);
        try
        {
            var revised = Revision(NewStory(), Exact(12));
            await fixture.PublishAsync(revised);

            var delivery = await WaitForDeliveryAsync(subscriptionId, revised.FigureId, DeliveryStatus.Delivered, RetriesExhausted);

            var hooks = fixture.ReceivedAt(path);
            Assert.Equal(3, hooks.Count);
            Assert.All(hooks, h => Assert.Equal(delivery.Id.ToString(), h.Headers["webhook-id"]));
            Assert.All(hooks, h => Assert.Equal(hooks[0].Body, h.Body));
            Assert.Equal(revised.FigureId, JsonDocument.Parse(hooks[0].Body).RootElement.GetProperty("data").GetProperty("figureId").GetString());
            Assert.Equal(200, delivery.LastStatusCode);
        }
        finally
        {
            await fixture.UnsubscribeAsync(subscriptionId);
        }
    }

    [Fact]
    public async Task A_subscriber_that_always_fails_has_the_delivery_parked_as_failed()
    {
        var (subscriptionId, path) = await fixture.SubscribeAsync(_ => 500);
        try
        {
            var revised = Revision(NewStory(), Exact(3));
            await fixture.PublishAsync(revised);

            var failed = await WaitForDeliveryAsync(subscriptionId, revised.FigureId, DeliveryStatus.Failed, RetriesExhausted);

            Assert.Equal(500, failed.LastStatusCode);
            Assert.False(string.IsNullOrWhiteSpace(failed.LastError));
            Assert.NotNull(failed.LastAttemptAt);
            Assert.Null(failed.DeliveredAt);
            Assert.Contains(await fixture.DeliveriesAsync(subscriptionId, "failed"), d => d.Id == failed.Id);
            Assert.DoesNotContain(await fixture.DeliveriesAsync(subscriptionId, "delivered"), d => d.Id == failed.Id);

            var hooks = fixture.ReceivedAt(path);
            Assert.Equal(MaxAttempts, hooks.Count); // every attempt of the (shortened) Svix schedule
            Assert.All(hooks, h => Assert.Equal(failed.Id.ToString(), h.Headers["webhook-id"]));
        }
        finally
        {
            await fixture.UnsubscribeAsync(subscriptionId);
        }
    }
}
