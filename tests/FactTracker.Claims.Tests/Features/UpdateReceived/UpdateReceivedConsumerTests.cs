using System.Net.Http.Json;
using FactTracker.Claims.Claims;
using FactTracker.Contracts;
using FactTracker.Testing;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace FactTracker.Claims.Tests.Features.UpdateReceived;

public sealed class UpdateReceivedConsumerTests(ClaimsFixture fixture) : IClassFixture<ClaimsFixture>
{
    private static readonly ReportedFigure[] ThreeFigures =
    [
        new("killed", "security-forces", new FigureValue("exact", 18, 18, null), null, "18 members of the security forces were killed"),
        new("injured", "people", new FigureValue("at_least", 748, null, "at least 748"), "Ministry of Health", "at least 748 people were injured"),
        new("arrested", "demonstrators", new FigureValue("range", 3000, 4000, null), null, null),
    ];

    private Task<List<Claim>> ClaimsOf(Guid updateId) =>
        fixture.Client.GetFromJsonAsync<List<Claim>>($"/v1/updates/{updateId}/claims")!;

    private Task<List<Claim>> WaitForClaims(Guid updateId, int count) =>
        Eventually.UntilAsync(async () => await ClaimsOf(updateId) is { } claims && claims.Count >= count ? claims : null,
            $"{count} claim(s) of update {updateId}");

    [Fact]
    public async Task Each_figure_of_an_update_becomes_a_stored_claim_and_is_submitted_for_review()
    {
        // The text reports two of the figures too: each is still one claim, the one the newsroom attached.
        var update = ClaimsFixture.NewUpdate(ClaimsFixture.ReportText, ThreeFigures);

        await fixture.Messages.Bus.Publish(update);

        var claims = await WaitForClaims(update.UpdateId, 3);
        Assert.Collection(claims,
            c =>
            {
                Assert.Equal(("killed", "security-forces", $"{update.Story}/killed/security-forces"), (c.Metric, c.Subject, c.FigureId));
                Assert.Equal(new FigureValue("exact", 18, 18, null), c.Value);
                Assert.Equal("Local authorities", c.Source); // the figure names none: the update's source
                Assert.Equal("18 members of the security forces were killed", c.Quote);
                Assert.Equal("18 members of the security forces were killed", update.Text[c.QuoteStart!.Value..c.QuoteEnd!.Value]);
            },
            c =>
            {
                Assert.Equal(("injured", "people", $"{update.Story}/injured/people"), (c.Metric, c.Subject, c.FigureId));
                Assert.Equal(new FigureValue("at_least", 748, null, "at least 748"), c.Value);
                Assert.Equal("Ministry of Health", c.Source);
                Assert.Equal("at least 748 people were injured", c.Quote);
            },
            c =>
            {
                Assert.Equal(("arrested", "demonstrators", $"{update.Story}/arrested/demonstrators"), (c.Metric, c.Subject, c.FigureId));
                Assert.Equal(new FigureValue("range", 3000, 4000, null), c.Value);
                Assert.Equal("Local authorities", c.Source);
                Assert.Null(c.Quote);
            });
        Assert.All(claims, c =>
        {
            Assert.Equal(update.UpdateId, c.UpdateId);
            Assert.Equal(update.Story, c.Story);
            Assert.Equal(update.PublishedAt, c.ReportedAt);
            Assert.Equal(update.Url, c.UpdateUrl);
        });

        var submitted = await fixture.Messages.WaitForAsync<ClaimSubmitted>(m => m.UpdateId == update.UpdateId, 3);
        Assert.Equal(claims.Select(c => c.Id).Order(), submitted.Select(m => m.ClaimId).Order());
        foreach (var claim in claims)
        {
            var message = submitted.Single(m => m.ClaimId == claim.Id);
            Assert.Equal((claim.Story, claim.Metric, claim.Subject, claim.Value, claim.Source, claim.Quote, claim.UpdateUrl),
                (message.Story, message.Metric, message.Subject, message.Value, message.Source, message.Quote, message.UpdateUrl));
            Assert.Equal(claim.ReportedAt, message.ReportedAt);
            Assert.Equal(claim.SubmittedAt, message.SubmittedAt);
            Assert.Equal(ClaimFinder.Structured, message.Origin);
        }
    }

    // Knowing that the duplicate was handled: its claims are the ones already there, so nothing observable changes.
    // Publishing another update after it and waiting for that one's claims would rely on the endpoint handling
    // messages in order, which it does not promise (MassTransit consumes several messages concurrently). Instead the
    // probe on the service's own bus reports when the consumer has completed the second copy; by then anything it
    // wrote is committed, and once the outbox has drained, every ClaimSubmitted it could cause has been published.
    [Fact]
    public async Task The_same_update_delivered_again_later_makes_no_new_claims_or_submissions()
    {
        var update = ClaimsFixture.NewUpdate(ThreeFigures);

        await fixture.Messages.Bus.Publish(update);
        var first = await WaitForClaims(update.UpdateId, 3);
        await fixture.Messages.WaitForAsync<ClaimSubmitted>(m => m.UpdateId == update.UpdateId, 3);

        await fixture.Messages.Bus.Publish(update);
        await fixture.Probe.WaitForConsumedAsync<Contracts.UpdateReceived>(m => m.UpdateId == update.UpdateId, count: 2);
        await fixture.OutboxDrainedAsync();

        var after = await ClaimsOf(update.UpdateId);
        Assert.Equal(first.Select(c => (c.Id, c.SubmittedAt)), after.Select(c => (c.Id, c.SubmittedAt)));
        Assert.Equal(3, fixture.Probe.Published<ClaimSubmitted>().Count(m => m.UpdateId == update.UpdateId));
        Assert.Equal(3, fixture.Messages.Received<ClaimSubmitted>().Count(m => m.UpdateId == update.UpdateId));
    }

    // Two copies in flight at once (e.g. a relay that published twice) may be consumed concurrently:
    // the stable claim ids must still let only one of them store claims and submit them.
    [Fact]
    public async Task The_same_update_delivered_twice_at_once_makes_its_claims_once()
    {
        var update = ClaimsFixture.NewUpdate(ThreeFigures);

        await Task.WhenAll(fixture.Messages.Bus.Publish(update), fixture.Messages.Bus.Publish(update));
        await fixture.Probe.WaitForConsumedAsync<Contracts.UpdateReceived>(m => m.UpdateId == update.UpdateId, count: 2);
        await fixture.OutboxDrainedAsync();

        Assert.Equal(3, (await ClaimsOf(update.UpdateId)).Count);
        Assert.Equal(3, fixture.Probe.Published<ClaimSubmitted>().Count(m => m.UpdateId == update.UpdateId));
        await fixture.Messages.WaitForAsync<ClaimSubmitted>(m => m.UpdateId == update.UpdateId, 3);
        Assert.Equal(3, fixture.Messages.Received<ClaimSubmitted>().Count(m => m.UpdateId == update.UpdateId));
    }

    [Fact]
    public async Task An_update_without_figures_makes_no_claims()
    {
        var update = ClaimsFixture.NewUpdate();

        await fixture.Messages.Bus.Publish(update);
        await fixture.Probe.WaitForConsumedAsync<Contracts.UpdateReceived>(m => m.UpdateId == update.UpdateId);
        await fixture.OutboxDrainedAsync();

        Assert.Empty(await ClaimsOf(update.UpdateId));
        Assert.DoesNotContain(fixture.Probe.Published<ClaimSubmitted>(), m => m.UpdateId == update.UpdateId);
        // Nothing to remember either: an update without claims costs no write.
        await using var session = fixture.Service.Services.GetRequiredService<IDocumentStore>().QuerySession();
        Assert.Null(await session.LoadAsync<ProcessedUpdate>(update.UpdateId));
    }

    [Fact]
    public async Task A_later_update_repeating_a_claim_is_another_appearance_of_it_not_a_second_review_item()
    {
        var first = ClaimsFixture.NewUpdate(ClaimsFixture.ReportText);
        await fixture.Messages.Bus.Publish(first);
        var original = await WaitForClaims(first.UpdateId, 2);

        // The same story hours later: the same two figures from the same source, and one new figure.
        var later = ClaimsFixture.NewUpdate(ClaimsFixture.ReportText + " Police said 40 demonstrators had been arrested.") with
        {
            Story = first.Story,
            PublishedAt = first.PublishedAt.AddHours(3),
        };
        await fixture.Messages.Bus.Publish(later);
        await fixture.Messages.Bus.Publish(later); // and delivered twice
        await fixture.Probe.WaitForConsumedAsync<Contracts.UpdateReceived>(m => m.UpdateId == later.UpdateId, count: 2);
        await fixture.OutboxDrainedAsync();

        var own = await ClaimsOf(later.UpdateId);
        Assert.Equal("arrested", Assert.Single(own).Metric);
        Assert.Single(fixture.Probe.Published<ClaimSubmitted>(), m => m.UpdateId == later.UpdateId);
        foreach (var claim in original)
        {
            var now = await fixture.Client.GetFromJsonAsync<Claim>($"/v1/claims/{claim.Id}");
            var appearance = Assert.Single(now!.Appearances);
            Assert.Equal((later.UpdateId, later.PublishedAt), (appearance.UpdateId, appearance.ReportedAt));
            Assert.Equal(appearance.Quote, later.Text[appearance.QuoteStart!.Value..appearance.QuoteEnd!.Value]);
        }
    }

    [Fact]
    public async Task A_repeat_is_found_among_many_values_of_its_figure()
    {
        // One figure reported twelve times with a different value each time: exact values, and "at most" ones (no low).
        static FigureValue ValueOf(int i) => i % 2 == 0 ? new FigureValue("exact", i, i, null) : new FigureValue("at_most", null, i, null);
        var story = ClaimsFixture.NewUpdate().Story;
        var originals = new Dictionary<int, Claim>();
        for (var i = 1; i <= 12; i++)
        {
            var update = ClaimsFixture.NewUpdate(new ReportedFigure("killed", "people", ValueOf(i), null, null)) with { Story = story };
            await fixture.Messages.Bus.Publish(update);
            originals[i] = Assert.Single(await WaitForClaims(update.UpdateId, 1));
        }

        // Later updates repeat two of them, and bring one value not seen before.
        var later = ClaimsFixture.NewUpdate(
            new ReportedFigure("killed", "people", ValueOf(7), null, null),
            new ReportedFigure("killed", "people", ValueOf(8), null, null),
            new ReportedFigure("killed", "people", new FigureValue("exact", 13, 13, null), null, null)) with { Story = story };
        await fixture.Messages.Bus.Publish(later);
        var own = await WaitForClaims(later.UpdateId, 1);
        await fixture.OutboxDrainedAsync();

        Assert.Equal(13, Assert.Single(own).Value.Low);
        foreach (var (i, claim) in originals)
        {
            var now = await fixture.Client.GetFromJsonAsync<Claim>($"/v1/claims/{claim.Id}");
            Assert.Equal(i is 7 or 8 ? [later.UpdateId] : [], now!.Appearances.Select(a => a.UpdateId));
        }
    }

    [Fact]
    public async Task The_same_figure_and_value_from_another_source_is_a_claim_of_its_own()
    {
        var first = ClaimsFixture.NewUpdate(ClaimsFixture.ReportText);
        await fixture.Messages.Bus.Publish(first);
        await WaitForClaims(first.UpdateId, 2);

        var other = ClaimsFixture.NewUpdate(ClaimsFixture.ReportText) with { Story = first.Story, Source = "Ministry of Health" };
        await fixture.Messages.Bus.Publish(other);

        var claims = await WaitForClaims(other.UpdateId, 2);
        Assert.All(claims, c => Assert.Equal("Ministry of Health", c.Source));
    }
}
