using System.Net.Http.Json;
using FactTracker.Publication.Features.FigureRevised;
using FactTracker.Publication.Features.ReadFigures;
using FactTracker.Publication.Subscriptions;
using FactTracker.Testing;
using static FactTracker.Publication.Tests.PublicationFixture;

namespace FactTracker.Publication.Tests.Features.FigureRevised;

public sealed class FigureRevisedTests(PublicationFixture fixture) : IClassFixture<PublicationFixture>
{
    [Fact]
    public async Task A_revision_becomes_the_published_figure()
    {
        var story = NewStory();
        var revised = Revision(story, Exact(18), metric: "killed", subject: "security-forces", source: "Interior Ministry");

        await fixture.PublishAsync(revised);

        var view = await Eventually.UntilAsync(async () =>
        {
            using var response = await fixture.Client.GetAsync($"/v1/figures/{story}/killed/security-forces");
            return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<FigureView>() : null;
        }, "the figure to be published");
        Assert.Equal($"{story}/killed/security-forces", view.Id);
        Assert.Equal((story, "killed", "security-forces"), (view.Story, view.Metric, view.Subject));
        Assert.Equal(1, view.Revision);
        Assert.Equal(Exact(18), view.Headline);
        Assert.Equal(("Interior Ministry", 1, false, false), (view.HeadlineSource, view.HeadlineRevision, view.HeadlinePinned, view.Contested));
        Assert.Equal("18", view.Display);
        var source = Assert.Single(view.Sources);
        Assert.Equal(("Interior Ministry", Exact(18), "18", 1, revised.ReportedAt), (source.Source, source.Value, source.Display, source.Revision, source.ReportedAt));
        Assert.Null(view.AsOf);
        Assert.Null(view.ReportedAsOf);
        Assert.Equal($"/v1/figures/{story}/killed/security-forces", view.Links.Self);
        Assert.Equal($"/v1/figures/{story}/killed/security-forces/history", view.Links.History);
    }

    [Fact]
    public async Task Each_revision_joins_the_history_oldest_first_with_its_provenance()
    {
        var story = NewStory();
        var figure = new FigureTimeline(story);
        var revisions = new[]
        {
            figure.Approve(Exact(8), source: "Local hospital"),
            figure.Approve(new("at_least", 12, null, "at least a dozen"), source: "Police spokesman"),
            figure.Approve(Exact(31), source: "Ministry of Health", verifiedBy: ["desk-editor", "night-editor"]),
        };
        foreach (var r in revisions) await fixture.PublishAsync(r);

        var history = await fixture.WaitForHistoryAsync(revisions[0].FigureId, h => h.Revisions.Count >= 3);

        Assert.Equal(revisions[0].FigureId, history.FigureId);
        Assert.Equal([1, 2, 3], history.Revisions.Select(r => r.Revision));
        foreach (var (sent, shown) in revisions.Zip(history.Revisions))
        {
            Assert.Equal(sent.Value, shown.Value);
            Assert.Equal(sent.PreviousHeadline, shown.PreviousHeadline);
            Assert.Equal(sent.State.Headline, shown.Headline);
            Assert.Equal(sent.State.Contested, shown.Contested);
            Assert.Equal(("approved", (int?)null, (string?)null), (shown.Change, shown.TargetRevision, shown.SupersededBy));
            Assert.Equal(sent.Source, shown.Source);
            Assert.Equal(sent.Quote, shown.Quote);
            Assert.Equal(sent.UpdateUrl, shown.UpdateUrl);
            Assert.Equal(sent.VerifiedBy, shown.VerifiedBy);
            Assert.Equal((sent.ClaimId, sent.UpdateId), (shown.ClaimId, shown.UpdateId));
            Assert.Equal(sent.ReportedAt, shown.ReportedAt);
            Assert.Equal(sent.RecordedAt, shown.RecordedAt);
        }
        Assert.Equal(["8", "at least 12 (at least a dozen)", "31"], history.Revisions.Select(r => r.Display));

        var current = await fixture.Client.GetFromJsonAsync<FigureView>($"/v1/figures/{revisions[0].FigureId}");
        Assert.Equal(3, current!.Revision);
        Assert.Equal(Exact(31), current.Headline);
        Assert.Equal(["Local hospital", "Ministry of Health", "Police spokesman"], current.Sources.Select(s => s.Source));
        Assert.True(current.Contested); // 8 cannot be "at least a dozen"
    }

    [Fact]
    public async Task The_same_revision_twice_is_recorded_and_delivered_once()
    {
        var (subscriptionId, path) = await fixture.SubscribeAsync();
        try
        {
            var story = NewStory();
            var revised = Revision(story, Exact(5));

            var first = await fixture.PublishAsync(revised);
            await fixture.Consumed.WaitForAsync(first, c => c.Fault is null, "the first copy to be consumed");
            var second = await fixture.PublishAsync(revised);
            await fixture.Consumed.WaitForAsync(second, c => c.Fault is null, "the second copy to be consumed");

            var history = await fixture.WaitForHistoryAsync(revised.FigureId, _ => true);
            Assert.Equal([1], history.Revisions.Select(r => r.Revision));

            var delivered = await Eventually.UntilAsync(async () =>
                (await fixture.DeliveriesAsync(subscriptionId)).Where(d => d.FigureId == revised.FigureId).ToList() is { Count: > 0 } d
                && d.All(x => x.Status == DeliveryStatus.Delivered) ? d : null, "the delivery to be made");
            Assert.Single(delivered);
            Assert.Single(fixture.ReceivedAt(path), h => h.Body.Contains(revised.FigureId));
        }
        finally
        {
            await fixture.UnsubscribeAsync(subscriptionId);
        }
    }

    [Fact]
    public async Task Two_copies_of_a_revision_at_once_are_recorded_and_delivered_once()
    {
        var (subscriptionId, path) = await fixture.SubscribeAsync();
        try
        {
            var revised = Revision(NewStory(), Exact(9));

            // Redelivery can hand both copies to consumers at the same time: one wins, the other finds it recorded.
            var copies = await Task.WhenAll(fixture.PublishAsync(revised), fixture.PublishAsync(revised));
            foreach (var copy in copies)
                await fixture.Consumed.WaitForAsync(copy, c => c.Fault is null, "each copy to be consumed");

            var history = await fixture.WaitForHistoryAsync(revised.FigureId, _ => true);
            Assert.Equal([1], history.Revisions.Select(r => r.Revision));
            await Eventually.UntilAsync(async () => (await fixture.DeliveriesAsync(subscriptionId))
                .Any(d => d.FigureId == revised.FigureId && d.Status == DeliveryStatus.Delivered), "the delivery to be made");
            Assert.Single(await fixture.DeliveriesAsync(subscriptionId), d => d.FigureId == revised.FigureId);
            Assert.Single(fixture.ReceivedAt(path), h => h.Body.Contains(revised.FigureId));
        }
        finally
        {
            await fixture.UnsubscribeAsync(subscriptionId);
        }
    }

    [Fact]
    public async Task A_revision_that_arrives_just_before_its_predecessor_waits_for_it_instead_of_being_refused()
    {
        var figure = new FigureTimeline(NewStory());
        var first = figure.Approve(Exact(40));
        var second = figure.Approve(Exact(64));

        var early = await fixture.PublishAsync(second);
        await fixture.PublishAsync(first);

        var history = await fixture.WaitForHistoryAsync(first.FigureId, h => h.Revisions.Count >= 2);
        Assert.Equal([1, 2], history.Revisions.Select(r => r.Revision));
        await fixture.Consumed.WaitForAsync(early, c => c.Fault is null, "revision 2 to be consumed");
        Assert.DoesNotContain(fixture.Consumed.Of(early), c => c.Fault is RevisionOutOfOrderException);
    }

    [Fact]
    public async Task A_revision_whose_predecessor_does_not_come_is_refused_and_retried_until_it_follows_it()
    {
        var story = NewStory();
        var figure = new FigureTimeline(story);
        var first = figure.Approve(Exact(40));
        var second = figure.Approve(Exact(64));

        var early = await fixture.PublishAsync(second);
        // Revision 2 waits a while for revision 1, then is refused (and retried) while it is missing.
        await fixture.Consumed.WaitForAsync(early, c => c.Fault is RevisionOutOfOrderException, "revision 2 to be refused");
        await fixture.PublishAsync(first);

        var history = await fixture.WaitForHistoryAsync(first.FigureId, h => h.Revisions.Count >= 2);
        Assert.Equal([1, 2], history.Revisions.Select(r => r.Revision));
        Assert.Equal([Exact(40), Exact(64)], history.Revisions.Select(r => r.Value));
        var current = await fixture.Client.GetFromJsonAsync<FigureView>($"/v1/figures/{first.FigureId}");
        Assert.Equal((2, Exact(64)), (current!.Revision, current.Headline));
    }

    [Fact]
    public async Task A_burst_of_revisions_of_one_figure_is_recorded_in_order()
    {
        // A desk approving one figure's claims in quick succession: each revision arrives while the one before it is
        // still being recorded. None may be refused for arriving early and retried until it gives up.
        var figure = new FigureTimeline(NewStory());
        const int Burst = 60;
        var messages = new List<Guid>();
        for (var i = 1; i <= Burst; i++) messages.Add(await fixture.PublishAsync(figure.Approve(Exact(100 + i))));

        var history = await fixture.WaitForHistoryAsync(figure.FigureId, h => h.Total >= Burst, TimeSpan.FromSeconds(60));
        Assert.Equal(Enumerable.Range(1, Burst), history.Revisions.Select(r => r.Revision));
        Assert.DoesNotContain(messages.SelectMany(fixture.Consumed.Of), c => c.Fault is RevisionOutOfOrderException);
    }
}
