using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FactTracker.Testing;

namespace FactTracker.EndToEnd.Tests;

/// <summary>
/// The walk-through over HTTP, each person with their own key: an admin makes two verifiers' keys, a newsroom posts
/// the seed story, the verifiers reject one claim, approve the rest, and correct a figure downwards, which needs both of them.
/// </summary>
public sealed class ReviewWorkflowTests(PipelineFixture fixture) : IClassFixture<PipelineFixture>
{
    private async Task<HttpClient> VerifierAsync(HttpClient admin, string name)
    {
        var created = await admin.PostAsJsonAsync("/v1/keys", new { name, role = "verifier" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var key = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;
        return fixture.Verification.CreateClient().WithKey(key);
    }

    [Fact]
    public async Task Two_verifiers_a_newsroom_and_an_admin_work_the_seed_story_through_to_published_figures()
    {
        var story = $"flow-{Guid.NewGuid():N}"[..16];
        var admin = fixture.Verification.CreateClient(fixture.Scope.Principals.Admin);
        var suffix = story[5..];
        var vera = await VerifierAsync(admin, $"vera-{suffix}");
        var victor = await VerifierAsync(admin, $"victor-{suffix}");
        var publication = fixture.Publication.CreateClient(fixture.Scope.Principals.Subscriber);

        // The newsroom posts the story; a newsroom's key may not review.
        var figures = await Seed.ReplayAsync(fixture.Ingest.CreateClient(fixture.Scope.Principals.Newsroom), story);
        Assert.Equal(HttpStatusCode.Forbidden, (await fixture.Verification.CreateClient(fixture.Scope.Principals.Newsroom)
            .GetAsync($"/v1/review-queue?story={story}")).StatusCode);
        await Eventually.UntilAsync(async () =>
            (await vera.GetFromJsonAsync<JsonElement>($"/v1/review-queue?story={story}&pageSize=200")).GetProperty("total").GetInt64() == figures,
            $"{figures} claims in the review queue");
        var queue = (await vera.GetFromJsonAsync<JsonElement>($"/v1/review-queue?story={story}&pageSize=200"))
            .GetProperty("items").EnumerateArray().OrderBy(c => c.GetProperty("reportedAt").GetDateTimeOffset()).ToList();

        // Vera rejects the first report of "dozens" killed: nobody is named as its source.
        var rejected = queue.First(c => c.GetProperty("metric").GetString() == "killed" && c.GetProperty("subject").GetString() == "people");
        var rejectedId = rejected.GetProperty("id").GetGuid();
        var rejection = await vera.PostAsJsonAsync($"/v1/claims/{rejectedId}/reject", new { reason = "misattributed", note = "no source named" });
        Assert.Equal(HttpStatusCode.OK, rejection.StatusCode);

        // The others are shared between the two verifiers, in story order; a decided claim is a 409 to the other.
        var i = 0;
        foreach (var claim in queue.Where(c => c.GetProperty("id").GetGuid() != rejectedId))
        {
            var (who, other) = i++ % 2 == 0 ? (vera, victor) : (victor, vera);
            var id = claim.GetProperty("id").GetGuid();
            var approved = await who.PostAsJsonAsync($"/v1/claims/{id}/approve", new { note = "checked against the broadcast" });
            Assert.True(approved.StatusCode == HttpStatusCode.OK, await approved.Content.ReadAsStringAsync());
            await (await other.PostAsJsonAsync($"/v1/claims/{id}/approve", new { })).AssertProblemAsync(HttpStatusCode.Conflict);
        }
        await (await victor.PostAsJsonAsync($"/v1/claims/{rejectedId}/approve", new { })).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(0, (await vera.GetFromJsonAsync<JsonElement>($"/v1/review-queue?story={story}")).GetProperty("total").GetInt64());

        // The security forces' 18 was 16: lowering a headline is held for a second verifier, refused to the first again.
        var correction = $"/v1/figures/{story}/killed/security-forces/revisions/1/correct";
        var held = await vera.PostAsJsonAsync(correction, new { reason = "the ministry's list names 16", value = 16 });
        Assert.Equal(HttpStatusCode.Accepted, held.StatusCode);
        Assert.Equal("held", (await held.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        await (await vera.PostAsJsonAsync(correction, new { reason = "again", value = 16 })).AssertProblemAsync(HttpStatusCode.Forbidden);
        var applied = await victor.PostAsJsonAsync(correction, new { reason = "confirmed with the ministry", value = 16 });
        Assert.True(applied.StatusCode == HttpStatusCode.OK, await applied.Content.ReadAsStringAsync());

        // Published: every approval and the correction; nothing from the rejected claim.
        await Eventually.UntilAsync(async () =>
        {
            var security = await publication.GetFromJsonAsync<JsonElement>($"/v1/figures/{story}/killed/security-forces");
            return security.GetProperty("revision").GetInt32() == 2;
        }, "the correction published");
        var securityForces = await publication.GetFromJsonAsync<JsonElement>($"/v1/figures/{story}/killed/security-forces");
        Assert.Equal(16, securityForces.GetProperty("headline").GetProperty("low").GetInt64());
        var history = (await publication.GetFromJsonAsync<JsonElement>($"/v1/figures/{story}/killed/security-forces/history"))
            .GetProperty("revisions").EnumerateArray().ToList();
        Assert.Equal([$"vera-{suffix}", $"victor-{suffix}"], history[^1].GetProperty("verifiedBy").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal("corrected by revision 2", history[0].GetProperty("supersededBy").GetString());

        await Eventually.UntilAsync(async () =>
        {
            var published = await publication.GetFromJsonAsync<JsonElement>($"/v1/figures?story={story}");
            return published.EnumerateArray().Sum(f => f.GetProperty("revision").GetInt32()) == figures - 1 + 1; // every claim but the rejected one, plus the correction
        }, "every approval published");
        var storyView = await publication.GetFromJsonAsync<JsonElement>($"/v1/stories/{story}");
        Assert.DoesNotContain($"{story}/killed/people", storyView.GetProperty("figures").EnumerateArray().Select(f => f.GetProperty("id").GetString()));

        // The audit trail says who decided what.
        var audit = await victor.GetFromJsonAsync<JsonElement>($"/v1/claims/{rejectedId}/audit");
        var last = audit.EnumerateArray().Last();
        Assert.Equal("review_rejected", last.GetProperty("type").GetString());
        Assert.Equal($"vera-{suffix}", last.GetProperty("data").GetProperty("verifier").GetString());
    }
}
