using System.Net.Http.Json;
using System.Text.Json;
using FactTracker.Contracts;
using FactTracker.Publication.Features.ReadFigures;
using FactTracker.Publication.Subscriptions;
using FactTracker.Testing;
using static FactTracker.Publication.Tests.PublicationFixture;

namespace FactTracker.Publication.Tests.Features.FigureRevised;

/// <summary>Corrections, retractions, pins and contradictions: recorded once each, and delivered to subscribers by type.</summary>
public sealed class FigureCorrectedTests(PublicationFixture fixture) : IClassFixture<PublicationFixture>
{
    private static readonly DateTimeOffset LocalReport = DateTimeOffset.Parse("2022-01-06T10:15:00+06:00");
    private static readonly DateTimeOffset MinistryReport = DateTimeOffset.Parse("2022-01-06T13:40:00+06:00");
    private static readonly FigureValue MoreThanAThousand = new("at_least", 1000, null, "more than a thousand");

    private async Task<DeliverySummary> WaitForDeliveryAsync(Guid subscriptionId, string figureId, string eventType) =>
        await Eventually.UntilAsync(async () => (await fixture.DeliveriesAsync(subscriptionId))
            .SingleOrDefault(d => d.FigureId == figureId && d.EventType == eventType && d.Status == DeliveryStatus.Delivered),
            $"the {eventType} delivery of {figureId}");

    private ReceivedWebhook Hook(string path, DeliverySummary delivery) =>
        Assert.Single(fixture.ReceivedAt(path), h => h.Headers["webhook-id"] == delivery.Id.ToString());

    [Fact]
    public async Task A_correction_is_delivered_as_a_figure_corrected_webhook()
    {
        var (subscriptionId, path) = await fixture.SubscribeAsync();
        try
        {
            var injured = new FigureTimeline(NewStory(), "injured", "people");
            await fixture.PublishAsync(injured.Approve(Exact(748), "Local authorities", LocalReport));
            var correction = injured.Correct(1, Exact(784), "transposed digits", ["alice"]);
            await fixture.PublishAsync(correction);

            var delivery = await WaitForDeliveryAsync(subscriptionId, injured.FigureId, "figure.corrected");

            Assert.Equal(2, delivery.Revision);
            var body = JsonDocument.Parse(Hook(path, delivery).Body).RootElement;
            Assert.Equal("figure.corrected", body.GetProperty("type").GetString());
            var data = body.GetProperty("data");
            Assert.Equal((injured.FigureId, 2, 1, "corrected", 1), (data.GetProperty("figureId").GetString(), data.GetProperty("revision").GetInt32(),
                data.GetProperty("previousRevision").GetInt32(), data.GetProperty("change").GetString(), data.GetProperty("targetRevision").GetInt32()));
            Assert.Equal((784L, 748L, 784L), (data.GetProperty("value").GetProperty("low").GetInt64(),
                data.GetProperty("previousValue").GetProperty("low").GetInt64(), data.GetProperty("headline").GetProperty("low").GetInt64()));
            Assert.Equal(("Local authorities", "transposed digits"), (data.GetProperty("source").GetString(), data.GetProperty("reason").GetString()));
            Assert.Equal(["alice"], data.GetProperty("verifiedBy").EnumerateArray().Select(v => v.GetString()));

            // Revision 1 went out as figure.revised: two deliveries, each with its own id.
            var revised = await WaitForDeliveryAsync(subscriptionId, injured.FigureId, "figure.revised");
            Assert.Equal(1, revised.Revision);
            Assert.NotEqual(revised.Id, delivery.Id);
        }
        finally
        {
            await fixture.UnsubscribeAsync(subscriptionId);
        }
    }

    [Fact]
    public async Task A_contradiction_is_delivered_as_a_figure_contested_webhook_beside_the_revision_that_caused_it()
    {
        var (subscriptionId, path) = await fixture.SubscribeAsync();
        try
        {
            var injured = new FigureTimeline(NewStory(), "injured", "people");
            await fixture.PublishAsync(injured.Approve(Exact(748), "Local authorities", LocalReport));
            await fixture.PublishAsync(injured.Approve(MoreThanAThousand, "Ministry of Health", MinistryReport));
            await fixture.PublishAsync(injured.Contested());

            var delivery = await WaitForDeliveryAsync(subscriptionId, injured.FigureId, "figure.contested");

            var body = JsonDocument.Parse(Hook(path, delivery).Body).RootElement;
            Assert.Equal("figure.contested", body.GetProperty("type").GetString());
            var data = body.GetProperty("data");
            Assert.Equal((injured.FigureId, 2, true), (data.GetProperty("figureId").GetString(), data.GetProperty("revision").GetInt32(),
                data.GetProperty("contested").GetBoolean()));
            Assert.Equal(["Local authorities", "Ministry of Health"],
                data.GetProperty("sources").EnumerateArray().Select(s => s.GetProperty("source").GetString()));
            Assert.Equal(1000, data.GetProperty("headline").GetProperty("low").GetInt64());

            // Revision 2 is owed both as figure.revised and as figure.contested, under different ids.
            var revised = await Eventually.UntilAsync(async () => (await fixture.DeliveriesAsync(subscriptionId))
                .SingleOrDefault(d => d.FigureId == injured.FigureId && d.Revision == 2 && d.EventType == "figure.revised"), "revision 2's figure.revised delivery");
            Assert.Equal(2, delivery.Revision);
            Assert.NotEqual(revised.Id, delivery.Id);
        }
        finally
        {
            await fixture.UnsubscribeAsync(subscriptionId);
        }
    }

    [Fact]
    public async Task The_same_contradiction_twice_is_delivered_once()
    {
        var (subscriptionId, path) = await fixture.SubscribeAsync();
        try
        {
            var injured = new FigureTimeline(NewStory(), "injured", "people");
            injured.Approve(Exact(748), "Local authorities", LocalReport);
            injured.Approve(MoreThanAThousand, "Ministry of Health", MinistryReport);
            var contested = injured.Contested();

            var first = await fixture.PublishAsync(contested);
            await fixture.Consumed.WaitForAsync(first, c => c.Fault is null, "the first copy to be consumed");
            var second = await fixture.PublishAsync(contested);
            await fixture.Consumed.WaitForAsync(second, c => c.Fault is null, "the second copy to be consumed");

            await WaitForDeliveryAsync(subscriptionId, injured.FigureId, "figure.contested");
            Assert.Single(await fixture.DeliveriesAsync(subscriptionId), d => d.FigureId == injured.FigureId);
            Assert.Single(fixture.ReceivedAt(path), h => h.Body.Contains(injured.FigureId));
        }
        finally
        {
            await fixture.UnsubscribeAsync(subscriptionId);
        }
    }

    [Fact]
    public async Task The_same_correction_twice_is_recorded_once()
    {
        var killed = new FigureTimeline(NewStory());
        await fixture.PublishAsync(killed.Approve(Exact(164), "Police"));
        var retraction = killed.Retract(1, "the police withdrew it", ["alice", "bob"]);

        var first = await fixture.PublishAsync(retraction);
        await fixture.Consumed.WaitForAsync(first, c => c.Fault is null, "the first copy to be consumed");
        var second = await fixture.PublishAsync(retraction);
        await fixture.Consumed.WaitForAsync(second, c => c.Fault is null, "the second copy to be consumed");

        var history = await fixture.WaitForHistoryAsync(killed.FigureId, h => h.Revisions.Count >= 2);
        Assert.Equal([(1, "approved"), (2, "retracted")], history.Revisions.Select(r => (r.Revision, r.Change)));
        var now = (await fixture.Client.GetFromJsonAsync<FigureView>($"/v1/figures/{killed.FigureId}"))!;
        Assert.Equal((2, (FigureValue?)null, 0), (now.Revision, now.Headline, now.Sources.Count));
    }
}
