using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FactTracker.Testing;

namespace FactTracker.EndToEnd.Tests;

/// <summary>Steps 1–4 through HTTP only: newsroom update, claims, approval, publication and webhook.</summary>
public sealed class PipelineTests(PipelineFixture fixture) : IClassFixture<PipelineFixture>
{
    [Fact]
    public async Task An_update_becomes_claims_and_an_approval_reaches_the_subscriber_on_the_same_trace()
    {
        var story = $"e2e-{Guid.NewGuid():N}"[..16];
        var ingest = fixture.Ingest.CreateClient(fixture.Scope.Principals.Newsroom);
        var verification = fixture.Verification.CreateClient(fixture.Scope.Principals.Alice);
        var publication = fixture.Publication.CreateClient(fixture.Scope.Principals.Subscriber);

        var hookPath = $"/hooks/{Guid.NewGuid():N}";
        var subscribed = await publication.PostAsJsonAsync("/v1/subscriptions", new { url = new Uri(fixture.Receiver.BaseAddress, hookPath).ToString() });
        Assert.Equal(HttpStatusCode.Created, subscribed.StatusCode);

        // The newsroom's own trace: every hop after it must continue it.
        var traceId = ActivityTraceId.CreateRandom();
        using var post = new HttpRequestMessage(HttpMethod.Post, "/v1/updates")
        {
            Content = JsonContent.Create(new
            {
                story,
                text = "This Thursday, according to local authorities, 18 members of the security forces were killed and 748 people were injured.",
                source = "Local authorities",
                publishedAt = "2022-01-06T10:15:00+06:00",
                url = "https://example.org/live#kz-07",
                figures = new object[]
                {
                    new { metric = "killed", subject = "security-forces", value = 18, quote = "18 members of the security forces were killed" },
                    new { metric = "injured", subject = "people", value = 748, quote = "748 people were injured" },
                },
            }),
        };
        post.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");
        post.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        Assert.Equal(HttpStatusCode.Accepted, (await ingest.SendAsync(post)).StatusCode);

        await Eventually.UntilAsync(async () =>
            (await verification.GetFromJsonAsync<JsonElement>($"/v1/review-queue?story={story}")).GetProperty("total").GetInt64() == 2,
            "both claims in the review queue");
        var queue = await verification.GetFromJsonAsync<JsonElement>($"/v1/review-queue?story={story}");
        var claims = queue.GetProperty("items").EnumerateArray().ToList();
        var injured = claims.Single(c => c.GetProperty("metric").GetString() == "injured");
        Assert.Equal("Local authorities", injured.GetProperty("source").GetString());
        Assert.Equal(748, injured.GetProperty("value").GetProperty("low").GetInt64());

        var approved = await verification.PostAsJsonAsync($"/v1/claims/{injured.GetProperty("id").GetGuid()}/approve", new { });
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);

        var hook = await Eventually.UntilAsync(() => Task.FromResult(fixture.Receiver.Received.FirstOrDefault(h => h.Path == hookPath)),
            "the subscriber's webhook");
        var body = JsonDocument.Parse(hook.Body).RootElement;
        Assert.Equal("figure.revised", body.GetProperty("type").GetString());
        var data = body.GetProperty("data");
        Assert.Equal($"{story}/injured/people", data.GetProperty("figureId").GetString());
        Assert.Equal(1, data.GetProperty("revision").GetInt32());
        Assert.Equal("exact", data.GetProperty("value").GetProperty("kind").GetString());
        Assert.Equal(748, data.GetProperty("value").GetProperty("low").GetInt64());
        Assert.Equal("Local authorities", data.GetProperty("source").GetString());
        Assert.Equal(["alice"], data.GetProperty("verifiedBy").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal(traceId.ToString(), hook.Headers["traceparent"].Split('-')[1]);

        var figure = await publication.GetFromJsonAsync<JsonElement>($"/v1/figures/{story}/injured/people");
        Assert.Equal(1, figure.GetProperty("revision").GetInt32());
        Assert.Equal("748", figure.GetProperty("display").GetString());
        Assert.Single(fixture.Receiver.Received, h => h.Path == hookPath);
    }

    [Fact]
    public async Task The_seed_story_flows_into_the_review_queue_once_however_often_it_is_replayed()
    {
        // Its own story id, so the other test's claims cannot be counted here.
        var story = $"seed-{Guid.NewGuid():N}"[..16];
        var ingest = fixture.Ingest.CreateClient(fixture.Scope.Principals.Newsroom);
        var figures = await Seed.ReplayAsync(ingest, story);
        Assert.Equal(figures, await Seed.ReplayAsync(ingest, story));
        Assert.True(figures >= 7, "the seed story attaches at least seven figures");

        var verification = fixture.Verification.CreateClient(fixture.Scope.Principals.Alice);
        await Eventually.UntilAsync(async () =>
            (await verification.GetFromJsonAsync<JsonElement>($"/v1/review-queue?story={story}")).GetProperty("total").GetInt64() == figures,
            $"{figures} claims in the review queue");
        var page = await verification.GetFromJsonAsync<JsonElement>($"/v1/review-queue?story={story}&pageSize=200");
        var items = page.GetProperty("items").EnumerateArray().ToList();
        Assert.Contains(items, c => c.GetProperty("metric").GetString() == "injured" && c.GetProperty("source").GetString() == "Ministry of Health"
            && c.GetProperty("value").GetProperty("kind").GetString() == "at_least");
        Assert.Contains(items, c => c.GetProperty("metric").GetString() == "hospitalized" && c.GetProperty("value").GetProperty("low").GetInt64() == 62);
        Assert.Contains(items, c => c.GetProperty("subject").GetString() == "security-forces" && c.GetProperty("value").GetProperty("low").GetInt64() == 18);
    }

    [Fact]
    public async Task Prose_without_attached_figures_still_reaches_the_review_queue_as_claims_from_its_text()
    {
        var story = $"prose-{Guid.NewGuid():N}"[..16];
        var text = "Police spokesman Saltanat Azirbek added \"dozens\" of demonstrators killed, while the Ministry of Health reported 62 people placed in intensive care.";
        var posted = await fixture.Ingest.CreateClient(fixture.Scope.Principals.Newsroom).PostAsJsonAsync("/v1/updates",
            new { story, text, source = "Almaty live desk", publishedAt = "2022-01-06T14:05:00+06:00" });
        Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);

        var verification = fixture.Verification.CreateClient(fixture.Scope.Principals.Alice);
        await Eventually.UntilAsync(async () =>
            (await verification.GetFromJsonAsync<JsonElement>($"/v1/review-queue?story={story}")).GetProperty("total").GetInt64() == 2,
            "the text's two claims in the review queue");
        var items = (await verification.GetFromJsonAsync<JsonElement>($"/v1/review-queue?story={story}")).GetProperty("items").EnumerateArray().ToList();

        var killed = items.Single(c => c.GetProperty("metric").GetString() == "killed");
        Assert.Equal(("demonstrators", 24, 99), (killed.GetProperty("subject").GetString(),
            killed.GetProperty("value").GetProperty("low").GetInt32(), killed.GetProperty("value").GetProperty("high").GetInt32()));
        var hospitalized = items.Single(c => c.GetProperty("metric").GetString() == "hospitalized");
        Assert.Equal("Ministry of Health", hospitalized.GetProperty("source").GetString());
        Assert.All(items, c =>
        {
            Assert.Equal("text", c.GetProperty("origin").GetString());
            Assert.Equal(c.GetProperty("quote").GetString(), text[c.GetProperty("quoteStart").GetInt32()..c.GetProperty("quoteEnd").GetInt32()]);
        });
    }
}
