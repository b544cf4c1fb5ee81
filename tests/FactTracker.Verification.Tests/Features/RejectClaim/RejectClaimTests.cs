using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using FactTracker.Contracts;
using FactTracker.Verification.Features.RejectClaim;
using FactTracker.Verification.Features.ReviewQueue;
using JasperFx.Events;
using Marten;

namespace FactTracker.Verification.Tests.Features.RejectClaim;

public sealed class RejectClaimTests(VerificationFixture fixture) : IClassFixture<VerificationFixture>
{
    private Task<HttpResponseMessage> Reject(Guid claimId, object body) => fixture.PostAsync($"/v1/claims/{claimId}/reject", body);

    private async Task<ReviewQueuePage> Queue(string query) =>
        (await fixture.Client.GetFromJsonAsync<ReviewQueuePage>($"/v1/review-queue?{query}"))!;

    private static async Task AssertProblem(HttpResponseMessage response, HttpStatusCode status, string? field = null)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        if (field is not null)
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"expected the problem to name '{field}', got {problem}");
    }

    [Theory]
    [InlineData("wrong_figure", null)]
    [InlineData("misattributed", null)]
    [InlineData("duplicate", "same as the 10:15 update")]
    [InlineData("not_a_claim", null)]
    [InlineData("other", "the quote is from a different country")]
    public async Task Rejecting_a_claim_takes_it_out_of_the_pending_queue_and_announces_it(string reason, string? note)
    {
        var story = VerificationFixture.NewStory();
        var claim = VerificationFixture.NewClaim(story);
        await fixture.SubmitAsync(claim);

        var response = await Reject(claim.ClaimId, new { verifier = " bob ", reason, note });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(new ClaimRejectedResponse(claim.ClaimId, "rejected", reason), await response.Content.ReadFromJsonAsync<ClaimRejectedResponse>());

        var rejected = Assert.Single(await fixture.Messages.WaitForAsync<ClaimRejected>(m => m.ClaimId == claim.ClaimId));
        Assert.Equal((claim.UpdateId, story, reason, note, "bob"), (rejected.UpdateId, rejected.Story, rejected.Reason, rejected.Note, rejected.RejectedBy));

        Assert.Equal(0, (await Queue($"story={story}")).Total);
        var item = Assert.Single((await Queue($"story={story}&status=rejected")).Items);
        Assert.Equal((claim.ClaimId, "rejected", "bob", reason, note), (item.ClaimId, item.Status, item.DecidedBy, item.Reason, item.Note));
        Assert.Null(item.Revision);
    }

    [Fact]
    public async Task Rejecting_a_claim_changes_no_figure()
    {
        var story = VerificationFixture.NewStory();
        var claim = VerificationFixture.NewClaim(story, "killed", "people");
        await fixture.SubmitAsync(claim);

        Assert.Equal(HttpStatusCode.OK, (await Reject(claim.ClaimId, new { verifier = "bob", reason = "misattributed" })).StatusCode);

        await using var session = fixture.Store.QuerySession();
        Assert.Null(await session.Events.FetchStreamStateAsync($"{story}/killed/people"));
        Assert.DoesNotContain(fixture.Messages.Received<FigureRevised>(), m => m.Story == story);
    }

    public static TheoryData<string, string> BadRequests => new()
    {
        // body, the field the problem must name
        { """{"verifier":"bob","reason":"fake"}""", "reason" },
        { """{"verifier":"bob","reason":"WRONG_FIGURE"}""", "reason" },
        { """{"verifier":"bob"}""", "reason" },
        { """{"verifier":"bob","reason":"other"}""", "note" },
        { """{"verifier":"bob","reason":"other","note":"  "}""", "note" },
        { """{"verifier":"VERIFIER","reason":"duplicate"}""", "verifier" },
        { """{"verifier":" ","reason":"duplicate"}""", "verifier" },
        { """{"verifier":"bob","reason":"duplicate","note":"NOTE"}""", "note" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task A_bad_rejection_is_a_400_problem_naming_the_field_and_decides_nothing(string body, string field)
    {
        var story = VerificationFixture.NewStory();
        var claim = VerificationFixture.NewClaim(story);
        await fixture.SubmitAsync(claim);

        var response = await fixture.PostRawAsync($"/v1/claims/{claim.ClaimId}/reject", body.Replace("NOTE", new string('n', 2_001)).Replace("VERIFIER", new string('v', 101)));

        await AssertProblem(response, HttpStatusCode.BadRequest, field);
        Assert.Equal(claim.ClaimId, Assert.Single((await Queue($"story={story}")).Items).ClaimId);
    }

    [Fact]
    public async Task Rejecting_an_unknown_claim_is_a_404_problem()
    {
        await AssertProblem(await Reject(Guid.NewGuid(), new { verifier = "bob", reason = "duplicate" }), HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("""{"verifier":"bob","reason":"duplicate" """)]
    [InlineData("""{"verifier":"bob","reason":["duplicate"]}""")]
    [InlineData("not json")]
    public async Task A_malformed_body_is_a_400_problem(string body)
    {
        var story = VerificationFixture.NewStory();
        var claim = VerificationFixture.NewClaim(story);
        await fixture.SubmitAsync(claim);

        var response = await fixture.PostRawAsync($"/v1/claims/{claim.ClaimId}/reject", body);

        await AssertProblem(response, HttpStatusCode.BadRequest);
        Assert.Equal(1, (await Queue($"story={story}")).Total);
    }

    // Two verifiers deciding one claim at the same moment: one decision stands, the other is told it lost.
    [Fact]
    public async Task A_claim_approved_and_rejected_at_once_gets_exactly_one_decision()
    {
        var story = VerificationFixture.NewStory();
        var claims = Enumerable.Range(0, 5).Select(i => VerificationFixture.NewClaim(story, subject: $"group-{i}")).ToArray();
        await fixture.SubmitAsync(claims);

        foreach (var claim in claims)
        {
            var approve = fixture.PostAsync($"/v1/claims/{claim.ClaimId}/approve", new { verifier = "alice" });
            var reject = Reject(claim.ClaimId, new { verifier = "bob", reason = "wrong_figure" });
            var (approved, rejected) = (await approve, await reject);

            var statuses = new[] { approved.StatusCode, rejected.StatusCode };
            Assert.Single(statuses, HttpStatusCode.OK);
            Assert.Single(statuses, HttpStatusCode.Conflict);
            await using var session = fixture.Store.QuerySession();
            var item = await session.LoadAsync<Verification.Reviews.Review>(claim.ClaimId.ToString());
            var stream = await session.Events.FetchStreamStateAsync($"{story}/injured/group-{Array.IndexOf(claims, claim)}");
            if (approved.StatusCode == HttpStatusCode.OK)
                Assert.Equal(("approved", 2L), (item!.Status, stream!.Version));
            else
                Assert.Equal(("rejected", (StreamState?)null), (item!.Status, stream));
        }
    }

    [Fact]
    public async Task Rejecting_a_rejected_claim_again_or_approving_it_is_a_409_problem()
    {
        var claim = VerificationFixture.NewClaim(VerificationFixture.NewStory());
        await fixture.SubmitAsync(claim);
        Assert.Equal(HttpStatusCode.OK, (await Reject(claim.ClaimId, new { verifier = "bob", reason = "duplicate" })).StatusCode);

        await AssertProblem(await Reject(claim.ClaimId, new { verifier = "carol", reason = "not_a_claim" }), HttpStatusCode.Conflict);
        await AssertProblem(await fixture.PostAsync($"/v1/claims/{claim.ClaimId}/approve", new { verifier = "carol" }), HttpStatusCode.Conflict);
        await fixture.Messages.WaitForAsync<ClaimRejected>(m => m.ClaimId == claim.ClaimId);
        Assert.Single(fixture.Messages.Received<ClaimRejected>(), m => m.ClaimId == claim.ClaimId);
    }
}
