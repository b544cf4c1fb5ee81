using System.Collections.Concurrent;
using System.Text.Json;
using FactTracker.Publication.Subscriptions;
using FactTracker.Testing;
using static FactTracker.Publication.Tests.PublicationFixture;

namespace FactTracker.Publication.Tests.Features.DeliverWebhook;

/// <summary>Per subscription, one figure's revisions go out in order; nothing else waits for them, nor for a slow endpoint.</summary>
public sealed class OrderingTests(PublicationFixture fixture) : IClassFixture<PublicationFixture>
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(30);

    private static (string FigureId, int Revision) Of(ReceivedWebhook hook)
    {
        var data = JsonDocument.Parse(hook.Body).RootElement.GetProperty("data");
        return (data.GetProperty("figureId").GetString()!, data.GetProperty("revision").GetInt32());
    }

    [Fact]
    public async Task A_later_revision_waits_while_an_earlier_one_is_retried()
    {
        var failuresOfRevision1 = 0;
        var (subscriptionId, path) = await fixture.SubscribeAsync(hook =>
            Of(hook).Revision == 1 && Interlocked.Increment(ref failuresOfRevision1) <= 3 ? 500 : 200);
        try
        {
            var figure = new FigureTimeline(NewStory());
            for (var i = 1; i <= 3; i++) await fixture.PublishAsync(figure.Approve(Exact(10 * i)));

            await fixture.WaitForDeliveryAsync(subscriptionId, figure.FigureId, DeliveryStatus.Delivered, Long, revision: 3);

            // Three failures of revision 1, then 1, 2, 3 once each: nothing of 2 or 3 before 1 went through.
            Assert.Equal([1, 1, 1, 1, 2, 3], fixture.ReceivedAt(path).Select(h => Of(h).Revision));
        }
        finally
        {
            await fixture.UnsubscribeAsync(subscriptionId);
        }
    }

    [Fact]
    public async Task Another_figure_is_delivered_while_one_figure_is_being_retried()
    {
        var stuck = new FigureTimeline(NewStory());
        var release = false;
        var (subscriptionId, path) = await fixture.SubscribeAsync(hook => Of(hook).FigureId == stuck.FigureId && !Volatile.Read(ref release) ? 503 : 200);
        try
        {
            await fixture.PublishAsync(stuck.Approve(Exact(1)));
            await Eventually.UntilAsync(() => fixture.ReceivedAt(path).Count >= 1, "the first attempt at the stuck figure");
            var other = Revision(NewStory(), Exact(2));
            await fixture.PublishAsync(other);

            await fixture.WaitForDeliveryAsync(subscriptionId, other.FigureId, DeliveryStatus.Delivered, Long);
            var stuckDelivery = (await fixture.DeliveriesAsync(subscriptionId)).Single(d => d.FigureId == stuck.FigureId);
            Assert.Equal(DeliveryStatus.Pending, stuckDelivery.Status);

            Volatile.Write(ref release, true);
            await fixture.WaitForDeliveryAsync(subscriptionId, stuck.FigureId, DeliveryStatus.Delivered, Long);
        }
        finally
        {
            await fixture.UnsubscribeAsync(subscriptionId);
        }
    }

    [Fact]
    public async Task A_figure_whose_retry_comes_due_is_found_behind_another_figures_deep_lane()
    {
        // The stuck figure's first revision is told to come back in an hour; its later revisions, due long before the
        // other figure's retry, wait behind it: more of them than the scheduler reads of one subscription at a look.
        var stuck = new FigureTimeline(NewStory());
        var other = Revision(NewStory(), Exact(2));
        var otherAttempts = 0;
        var (subscriptionId, path) = await fixture.SubscribeAsync(hook =>
            Of(hook).FigureId == stuck.FigureId ? new WebhookAnswer(503, Headers: new Dictionary<string, string> { ["Retry-After"] = "3600" })
            : Interlocked.Increment(ref otherAttempts) == 1 ? 500 : 200);
        try
        {
            await fixture.PublishAsync(stuck.Approve(Exact(1)));
            await Eventually.UntilAsync(() => fixture.ReceivedAt(path).Count >= 1, "the first attempt at the stuck figure");
            const int Behind = 100;
            // One after another, as Verification announces them.
            for (var i = 2; i <= Behind + 1; i++)
            {
                await fixture.PublishAsync(stuck.Approve(Exact(i)));
                await fixture.WaitForFigureAsync(stuck.FigureId, i);
            }

            // Its first attempt is handed over at once and fails; the retry is found only by looking.
            await fixture.PublishAsync(other);
            await fixture.WaitForDeliveryAsync(subscriptionId, other.FigureId, DeliveryStatus.Delivered, Long);

            Assert.Equal(2, Volatile.Read(ref otherAttempts));
            Assert.Equal([1], fixture.ReceivedAt(path).Select(Of).Where(h => h.FigureId == stuck.FigureId).Select(h => h.Revision));
        }
        finally
        {
            await fixture.UnsubscribeAsync(subscriptionId);
        }
    }

    [Fact]
    public async Task A_slow_endpoint_gets_a_few_requests_at_a_time_and_does_not_slow_a_fast_one()
    {
        var inFlight = 0;
        var mostAtOnce = 0;
        var slowDone = new ConcurrentBag<DateTimeOffset>();
        var (slowId, slowPath) = await fixture.SubscribeAsync(hook =>
        {
            var now = Interlocked.Increment(ref inFlight);
            InterlockedMax(ref mostAtOnce, now);
            // The receiver waits before answering; count the request finished when that wait is over.
            _ = Task.Delay(TimeSpan.FromMilliseconds(1_200)).ContinueWith(t => { Interlocked.Decrement(ref inFlight); slowDone.Add(DateTimeOffset.UtcNow); });
            return new WebhookAnswer(200, Delay: TimeSpan.FromMilliseconds(1_200));
        });
        var (fastId, fastPath) = await fixture.SubscribeAsync();
        try
        {
            var figures = Enumerable.Range(0, 8).Select(_ => Revision(NewStory(), Exact(7))).ToList();
            var started = DateTimeOffset.UtcNow;
            foreach (var figure in figures) await fixture.PublishAsync(figure);

            await Eventually.UntilAsync(async () => (await fixture.DeliveriesAsync(fastId)).Count(d => d.Status == DeliveryStatus.Delivered) == figures.Count,
                "every fast delivery", Long);
            var fastFinished = fixture.ReceivedAt(fastPath).Max(h => h.ReceivedAt);
            // Eight slow requests four at a time need two rounds of 1.2 s; the fast endpoint had everything long before.
            Assert.True(slowDone.Count < figures.Count, $"the fast endpoint waited for the slow one ({slowDone.Count} slow answers first)");
            Assert.True(fastFinished - started < TimeSpan.FromSeconds(2.4), $"fast deliveries took {(fastFinished - started).TotalMilliseconds} ms");

            await Eventually.UntilAsync(async () => (await fixture.DeliveriesAsync(slowId)).Count(d => d.Status == DeliveryStatus.Delivered) == figures.Count,
                "every slow delivery", Long);
            Assert.InRange(mostAtOnce, 1, 4); // Webhooks:MaxConcurrencyPerEndpoint, as the fixture sets it
        }
        finally
        {
            await fixture.UnsubscribeAsync(slowId);
            await fixture.UnsubscribeAsync(fastId);
        }
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen) { }
    }
}
