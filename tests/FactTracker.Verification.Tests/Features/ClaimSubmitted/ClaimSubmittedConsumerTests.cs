using System.Net.Http.Json;
using FactTracker.Contracts;
using FactTracker.Verification.Features.ReviewQueue;

namespace FactTracker.Verification.Tests.Features.ClaimSubmitted;

public sealed class ClaimSubmittedConsumerTests(VerificationFixture fixture) : IClassFixture<VerificationFixture>
{
    private async Task<ReviewQueuePage> Queue(string story) =>
        (await fixture.Client.GetFromJsonAsync<ReviewQueuePage>($"/v1/review-queue?story={story}"))!;

    [Fact]
    public async Task A_submitted_claim_waits_in_the_review_queue()
    {
        var story = VerificationFixture.NewStory();
        var claim = VerificationFixture.NewClaim(story, "killed", "security-forces", new FigureValue("at_least", 18, null, "at least 18"),
            source: "Local authorities");

        await fixture.SubmitAsync(claim);

        var page = await Queue(story);
        Assert.Equal(1, page.Total);
        var item = Assert.Single(page.Items);
        Assert.Equal((claim.ClaimId, claim.UpdateId, story, "killed", "security-forces", $"{story}/killed/security-forces"),
            (item.ClaimId, item.UpdateId, item.Story, item.Metric, item.Subject, item.FigureId));
        Assert.Equal((claim.Value, claim.Source, claim.Quote, claim.UpdateUrl), (item.Value, item.Source, item.Quote, item.UpdateUrl));
        Assert.Equal(claim.ReportedAt, item.ReportedAt);
        Assert.Equal(claim.SubmittedAt, item.SubmittedAt);
        Assert.Equal("pending", item.Status);
        Assert.Null(item.DecidedBy);
    }

    // The probe reports when the consumer has completed each copy, so the assertion runs after the duplicate was
    // handled, not merely after the first copy made the item appear.
    [Fact]
    public async Task A_claim_submitted_twice_is_queued_once()
    {
        var story = VerificationFixture.NewStory();
        var claim = VerificationFixture.NewClaim(story);

        await fixture.SubmitAsync(claim);
        await fixture.SubmitAsync(claim);

        var page = await Queue(story);
        Assert.Equal(1, page.Total);
        Assert.Equal(claim.ClaimId, Assert.Single(page.Items).ClaimId);
    }

    [Fact]
    public async Task A_claim_submitted_twice_at_once_is_queued_once()
    {
        var story = VerificationFixture.NewStory();
        var claim = VerificationFixture.NewClaim(story);

        await Task.WhenAll(fixture.Messages.Bus.Publish(claim), fixture.Messages.Bus.Publish(claim));
        await fixture.Probe.WaitForConsumedAsync<Contracts.ClaimSubmitted>(m => m.ClaimId == claim.ClaimId, count: 2);

        var page = await Queue(story);
        Assert.Equal(1, page.Total);
        Assert.Equal(claim.ClaimId, Assert.Single(page.Items).ClaimId);
    }

    [Fact]
    public async Task A_claim_submitted_again_after_a_decision_keeps_the_decision()
    {
        var story = VerificationFixture.NewStory();
        var claim = VerificationFixture.NewClaim(story);
        await fixture.SubmitAsync(claim);
        (await fixture.PostAsync($"/v1/claims/{claim.ClaimId}/reject", new { verifier = "bob", reason = "duplicate" })).EnsureSuccessStatusCode();

        await fixture.SubmitAsync(claim);

        var rejected = (await fixture.Client.GetFromJsonAsync<ReviewQueuePage>($"/v1/review-queue?story={story}&status=rejected"))!;
        Assert.Equal(claim.ClaimId, Assert.Single(rejected.Items).ClaimId);
        Assert.Equal(0, (await Queue(story)).Total);
    }
}
