using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FactTracker.Contracts;
using FactTracker.Testing;

namespace FactTracker.Verification.Tests.Features.ReviewClaim;

/// <summary>The review's steps over HTTP: take, release, note, dispute, reject, reopen, the claim view and its audit trail.</summary>
public sealed class ReviewClaimTests(VerificationFixture fixture) : IClassFixture<VerificationFixture>
{
    private async Task<Contracts.ClaimSubmitted> SubmittedAsync(Guid? postedBy = null)
    {
        var claim = VerificationFixture.NewClaim(VerificationFixture.NewStory()) with
        {
            PostedBy = postedBy,
            UpdateText = "This Thursday, 748 people were injured, the ministry said.",
            QuoteStart = 15,
            QuoteEnd = 38,
        };
        await fixture.SubmitAsync(claim);
        return claim;
    }

    private async Task<HttpResponseMessage> Step(string verifier, Guid claim, string step, object? body = null) =>
        await (await fixture.As(verifier)).PostAsJsonAsync($"/v1/claims/{claim}/{step}", body ?? new { });

    [Fact]
    public async Task A_taken_claim_is_refused_to_others_with_409_until_released_and_the_queue_filters_by_assignee()
    {
        var claim = (await SubmittedAsync()).ClaimId;
        var taken = await Step("alice", claim, "assign");
        Assert.Equal(HttpStatusCode.OK, taken.StatusCode);
        Assert.Equal("alice", (await taken.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("assignedTo").GetString());

        var problem = await (await Step("bob", claim, "approve")).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("assigned to alice", problem.GetProperty("detail").GetString());
        await (await Step("bob", claim, "assign")).AssertProblemAsync(HttpStatusCode.Conflict);
        await (await Step("bob", claim, "release")).AssertProblemAsync(HttpStatusCode.Conflict);
        var mine = await fixture.Client.GetFromJsonAsync<JsonElement>("/v1/review-queue?assignee=alice&pageSize=200");
        Assert.Contains(mine.GetProperty("items").EnumerateArray(), i => i.GetProperty("claimId").GetGuid() == claim);

        Assert.Equal(HttpStatusCode.OK, (await Step("alice", claim, "release")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Step("bob", claim, "approve")).StatusCode);
    }

    [Fact]
    public async Task A_newsroom_editor_who_is_also_a_verifier_never_approves_a_claim_from_their_own_update()
    {
        var key = await fixture.Scope.CreateKeyAsync(fixture.Scope.Principals.Newsroom.Name, Identity.Roles.Verifier);
        var editor = fixture.Service.CreateClient().WithKey(key);
        var claim = (await SubmittedAsync(fixture.Scope.Principals.Newsroom.Id)).ClaimId;

        var problem = await (await editor.PostAsJsonAsync($"/v1/claims/{claim}/approve", new { })).AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal("never-approve-own-update", problem.GetProperty("rule").GetString());
        Assert.Equal(HttpStatusCode.OK, (await Step("bob", claim, "approve")).StatusCode);
    }

    [Fact]
    public async Task A_disputed_claim_stays_in_the_queue_flagged()
    {
        var claim = (await SubmittedAsync()).ClaimId;
        await (await Step("alice", claim, "dispute", new { text = "" })).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(HttpStatusCode.OK, (await Step("alice", claim, "dispute", new { text = "only one source so far" })).StatusCode);
        await (await Step("bob", claim, "dispute", new { text = "again" })).AssertProblemAsync(HttpStatusCode.Conflict);

        var disputed = await fixture.Client.GetFromJsonAsync<JsonElement>("/v1/review-queue?status=pending&disputed=true&pageSize=200");
        var item = disputed.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("claimId").GetGuid() == claim);
        Assert.True(item.GetProperty("disputed").GetBoolean());
    }

    [Fact]
    public async Task A_rejected_claim_is_reopened_with_a_reason_and_then_approved()
    {
        var claim = (await SubmittedAsync()).ClaimId;
        Assert.Equal(HttpStatusCode.OK, (await Step("alice", claim, "reject", new { reason = "misattributed" })).StatusCode);
        await (await Step("bob", claim, "approve")).AssertProblemAsync(HttpStatusCode.Conflict);
        var noReason = await (await Step("bob", claim, "reopen", new { reason = " " })).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(noReason.GetProperty("errors").TryGetProperty("reason", out _));
        Assert.Equal(HttpStatusCode.OK, (await Step("bob", claim, "reopen", new { reason = "the ministry confirmed it was theirs" })).StatusCode);
        await (await Step("bob", claim, "reopen", new { reason = "again" })).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(HttpStatusCode.OK, (await Step("bob", claim, "approve")).StatusCode);
    }

    [Fact]
    public async Task The_audit_trail_has_every_step_in_order_with_who_took_it()
    {
        var claim = (await SubmittedAsync()).ClaimId;
        await Step("alice", claim, "assign");
        await Step("alice", claim, "assign");
        await Step("alice", claim, "note", new { text = "called the ministry" });
        await Step("alice", claim, "release");
        await Step("bob", claim, "approve", new { value = 750, reason = "the ministry's own figure" });

        var audit = (await fixture.Client.GetFromJsonAsync<List<JsonElement>>($"/v1/claims/{claim}/audit"))!;
        Assert.Equal(["review_submitted", "review_assigned", "review_assigned", "review_noted", "review_released", "review_approved"],
            audit.Select(e => e.GetProperty("type").GetString()));
        Assert.Equal("alice", audit[2].GetProperty("data").GetProperty("previous").GetString());
        var approved = audit[5].GetProperty("data");
        Assert.Equal((748, 750), (approved.GetProperty("claimedValue").GetProperty("low").GetInt64(), approved.GetProperty("approvedValue").GetProperty("low").GetInt64()));
        Assert.Equal(["bob"], approved.GetProperty("verifiers").EnumerateArray().Select(v => v.GetString()));
        await (await fixture.Client.GetAsync($"/v1/claims/{Guid.NewGuid()}/audit")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_claim_shows_its_update_text_with_the_quote_and_what_approving_would_make_the_figure()
    {
        var submitted = await SubmittedAsync();
        var view = await fixture.Client.GetFromJsonAsync<JsonElement>($"/v1/claims/{submitted.ClaimId}");
        var text = view.GetProperty("updateText").GetString()!;
        Assert.Equal("748 people were injured", text[view.GetProperty("quoteStart").GetInt32()..view.GetProperty("quoteEnd").GetInt32()]);
        Assert.Equal(JsonValueKind.Null, view.TryGetProperty("current", out var current) ? current.ValueKind : JsonValueKind.Null);
        Assert.Equal(748, view.GetProperty("ifApproved").GetProperty("headline").GetProperty("low").GetInt64());
        await (await fixture.Client.GetAsync($"/v1/claims/{Guid.NewGuid()}")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await fixture.Service.CreateClient(fixture.Scope.Principals.Newsroom).GetAsync($"/v1/claims/{submitted.ClaimId}"))
            .AssertProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Bulk_decisions_are_taken_one_by_one_each_with_its_own_outcome()
    {
        var story = VerificationFixture.NewStory();
        var claims = Enumerable.Range(0, 3).Select(i => VerificationFixture.NewClaim(story, subject: $"group-{i}")).ToArray();
        await fixture.SubmitAsync(claims);
        Assert.Equal(HttpStatusCode.OK, (await Step("alice", claims[2].ClaimId, "reject", new { reason = "duplicate" })).StatusCode);

        var bob = await fixture.As("bob");
        var response = await bob.PostAsJsonAsync($"/v1/stories/{story}/claims/approve",
            new { claimIds = claims.Select(c => c.ClaimId).Append(Guid.NewGuid()), note = "matches the broadcast" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((2, 2), (body.GetProperty("succeeded").GetInt32(), body.GetProperty("refused").GetInt32()));
        Assert.Equal([200, 200, 409, 404], body.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("status").GetInt32()));
        foreach (var claim in claims[..2])
        {
            var audit = (await fixture.Client.GetFromJsonAsync<List<JsonElement>>($"/v1/claims/{claim.ClaimId}/audit"))!;
            Assert.Equal("review_approved", audit[^1].GetProperty("type").GetString());
        }

        var rejected = await bob.PostAsJsonAsync($"/v1/stories/{story}/claims/reject", new { claimIds = new[] { claims[0].ClaimId }, reason = "fake" });
        Assert.Equal(400, (await rejected.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("results")[0].GetProperty("status").GetInt32());
        await (await bob.PostAsJsonAsync($"/v1/stories/{story}/claims/approve", new { claimIds = Array.Empty<Guid>() })).AssertProblemAsync(HttpStatusCode.BadRequest);
    }
}
