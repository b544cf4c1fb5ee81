using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FactTracker.Verification.Features.ReviewQueue;

namespace FactTracker.Verification.Tests.Features.ReviewQueue;

public sealed class ReviewQueueTests(VerificationFixture fixture) : IClassFixture<VerificationFixture>
{
    private async Task<ReviewQueuePage> Queue(string query) =>
        (await fixture.Client.GetFromJsonAsync<ReviewQueuePage>($"/v1/review-queue?{query}"))!;

    [Fact]
    public async Task The_oldest_submission_comes_first_whatever_the_offsets_and_arrival_order()
    {
        var story = VerificationFixture.NewStory();
        // 03:00Z, 04:00Z and 05:00Z written with offsets that sort the other way as text.
        var early = VerificationFixture.NewClaim(story, subject: "early", submittedAt: DateTimeOffset.Parse("2022-01-05T22:00:00-05:00"));
        var middle = VerificationFixture.NewClaim(story, subject: "middle", submittedAt: DateTimeOffset.Parse("2022-01-06T10:00:00+06:00"));
        var late = VerificationFixture.NewClaim(story, subject: "late", submittedAt: DateTimeOffset.Parse("2022-01-06T05:00:00+00:00"));

        await fixture.SubmitAsync(late, early, middle);

        var page = await Queue($"story={story}");
        Assert.Equal(["early", "middle", "late"], page.Items.Select(i => i.Subject));
    }

    [Fact]
    public async Task The_queue_is_filtered_by_story_and_metric()
    {
        var story = VerificationFixture.NewStory();
        var other = VerificationFixture.NewStory();
        var killed = VerificationFixture.NewClaim(story, "killed");
        var injured = VerificationFixture.NewClaim(story, "injured");
        var elsewhere = VerificationFixture.NewClaim(other, "killed");
        await fixture.SubmitAsync(killed, injured, elsewhere);

        Assert.Equal([killed.ClaimId], (await Queue($"story={story}&metric=killed")).Items.Select(i => i.ClaimId));
        Assert.Equal([injured.ClaimId], (await Queue($"story={story}&metric=injured")).Items.Select(i => i.ClaimId));
        Assert.Equal([elsewhere.ClaimId], (await Queue($"story={other}")).Items.Select(i => i.ClaimId));
        Assert.Equal(2, (await Queue($"story={story}")).Total);
        Assert.Contains((await Queue("metric=killed&pageSize=200")).Items, i => i.ClaimId == elsewhere.ClaimId);
    }

    [Fact]
    public async Task The_queue_shows_pending_claims_unless_another_status_is_asked_for()
    {
        var story = VerificationFixture.NewStory();
        var pending = VerificationFixture.NewClaim(story, subject: "pending");
        var approved = VerificationFixture.NewClaim(story, subject: "approved");
        var rejected = VerificationFixture.NewClaim(story, subject: "rejected");
        await fixture.SubmitAsync(pending, approved, rejected);
        (await fixture.PostAsync($"/v1/claims/{approved.ClaimId}/approve", new { verifier = "alice" })).EnsureSuccessStatusCode();
        (await fixture.PostAsync($"/v1/claims/{rejected.ClaimId}/reject", new { verifier = "bob", reason = "wrong_figure" })).EnsureSuccessStatusCode();

        Assert.Equal([pending.ClaimId], (await Queue($"story={story}")).Items.Select(i => i.ClaimId));
        Assert.Equal([pending.ClaimId], (await Queue($"story={story}&status=pending")).Items.Select(i => i.ClaimId));
        var approvedItem = Assert.Single((await Queue($"story={story}&status=approved")).Items);
        Assert.Equal((approved.ClaimId, "approved", "alice", 1), (approvedItem.ClaimId, approvedItem.Status, approvedItem.DecidedBy, approvedItem.Revision));
        var rejectedItem = Assert.Single((await Queue($"story={story}&status=rejected")).Items);
        Assert.Equal((rejected.ClaimId, "rejected", "bob", "wrong_figure"), (rejectedItem.ClaimId, rejectedItem.Status, rejectedItem.DecidedBy, rejectedItem.Reason));
    }

    [Fact]
    public async Task The_queue_is_paged_with_the_total_on_every_page()
    {
        var story = VerificationFixture.NewStory();
        var start = DateTimeOffset.Parse("2022-01-06T04:00:00Z");
        var claims = Enumerable.Range(0, 5).Select(i => VerificationFixture.NewClaim(story, subject: $"group-{i}", submittedAt: start.AddMinutes(i))).ToArray();
        await fixture.SubmitAsync(claims);

        var pages = new[] { await Queue($"story={story}&pageSize=2&page=1"), await Queue($"story={story}&pageSize=2&page=2"), await Queue($"story={story}&pageSize=2&page=3") };
        Assert.All(pages, p => Assert.Equal((5L, 2), (p.Total, p.PageSize)));
        Assert.Equal([1, 2, 3], pages.Select(p => p.Page));
        Assert.Equal(claims.Select(c => c.ClaimId), pages.SelectMany(p => p.Items).Select(i => i.ClaimId));
        Assert.Equal([2, 2, 1], pages.Select(p => p.Items.Count));

        var beyond = await Queue($"story={story}&pageSize=2&page=4");
        Assert.Empty(beyond.Items);
        Assert.Equal(5, beyond.Total);
    }

    [Fact]
    public async Task The_queue_has_a_default_page_size_of_50()
    {
        var page = await Queue($"story={VerificationFixture.NewStory()}");

        Assert.Equal((1, 50, 0L), (page.Page, page.PageSize, page.Total));
        Assert.Empty(page.Items);
    }

    [Theory]
    [InlineData("story=Not_A_Slug", "story")]
    [InlineData("story=", "story")]
    [InlineData("metric=eaten", "metric")]
    [InlineData("metric=Killed", "metric")]
    [InlineData("status=done", "status")]
    [InlineData("page=0", "page")]
    [InlineData("page=-1", "page")]
    [InlineData("pageSize=0", "pageSize")]
    [InlineData("pageSize=201", "pageSize")]
    public async Task A_bad_filter_is_a_400_problem_naming_it(string query, string field)
    {
        var response = await fixture.Client.GetAsync($"/v1/review-queue?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _),
            $"expected the problem to name '{field}', got {problem.GetProperty("errors")}");
    }

    // Binding fails before the endpoint runs: the shared exception handler names the parameter.
    [Theory]
    [InlineData("page=abc", "page")]
    [InlineData("pageSize=lots", "pageSize")]
    public async Task A_paging_value_that_is_not_a_number_is_a_400_problem_naming_it(string query, string field)
    {
        var response = await fixture.Client.GetAsync($"/v1/review-queue?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _),
            $"expected the problem to name '{field}', got {problem}");
    }
}
