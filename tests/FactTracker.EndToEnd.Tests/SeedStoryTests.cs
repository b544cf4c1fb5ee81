using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FactTracker.Testing;

namespace FactTracker.EndToEnd.Tests;

/// <summary>The seed story worked through to published figures, as up.sh's demo does.</summary>
public sealed class SeedStoryTests(PipelineFixture fixture) : IClassFixture<PipelineFixture>
{
    [Fact]
    public async Task The_seed_story_approved_in_story_order_gives_its_figures_their_history_and_their_past()
    {
        var story = $"seed-{Guid.NewGuid():N}"[..16];
        var figures = await Seed.ReplayAsync(fixture.Ingest.CreateClient(fixture.Scope.Principals.Newsroom), story);
        // The demo verifier of up.sh's first runs, as a principal of its own.
        var verification = fixture.Verification.CreateClient().WithKey(await fixture.Scope.CreateKeyAsync("demo-verifier", Identity.Roles.Verifier));
        var publication = fixture.Publication.CreateClient(fixture.Scope.Principals.Subscriber);

        await Eventually.UntilAsync(async () =>
            (await verification.GetFromJsonAsync<JsonElement>($"/v1/review-queue?story={story}&pageSize=200")).GetProperty("total").GetInt64() == figures,
            $"{figures} claims in the review queue");
        var queue = (await verification.GetFromJsonAsync<JsonElement>($"/v1/review-queue?story={story}&pageSize=200"))
            .GetProperty("items").EnumerateArray().OrderBy(c => c.GetProperty("reportedAt").GetDateTimeOffset()).ToList();
        foreach (var claim in queue)
        {
            var approved = await verification.PostAsJsonAsync($"/v1/claims/{claim.GetProperty("id").GetGuid()}/approve", new { });
            Assert.True(approved.StatusCode == HttpStatusCode.OK, await approved.Content.ReadAsStringAsync());
        }

        string[] expected =
        [
            $"{story}/hospitalized/people", $"{story}/injured/people", $"{story}/killed/demonstrators",
            $"{story}/killed/people", $"{story}/killed/security-forces",
        ];
        await Eventually.UntilAsync(async () =>
        {
            var published = await publication.GetFromJsonAsync<JsonElement>($"/v1/figures?story={story}");
            return published.EnumerateArray().Sum(f => f.GetProperty("revision").GetInt32()) == figures;
        }, "every approval published");
        var storyView = await publication.GetFromJsonAsync<JsonElement>($"/v1/stories/{story}");
        Assert.Equal(expected, storyView.GetProperty("figures").EnumerateArray().Select(f => f.GetProperty("id").GetString()));

        // Injured: contested between the local authorities' 748 and the Ministry of Health's "more than a thousand".
        var injured = await publication.GetFromJsonAsync<JsonElement>($"/v1/figures/{story}/injured/people");
        Assert.True(injured.GetProperty("contested").GetBoolean());
        Assert.Equal("Ministry of Health", injured.GetProperty("headlineSource").GetString());
        Assert.Equal("at_least", injured.GetProperty("headline").GetProperty("kind").GetString());
        var sources = injured.GetProperty("sources").EnumerateArray().ToDictionary(s => s.GetProperty("source").GetString()!, s => s.GetProperty("value"));
        Assert.Equal(748, sources["Local authorities (local television)"].GetProperty("low").GetInt64());

        // Its revisions in story order, each with its provenance.
        var history = await publication.GetFromJsonAsync<JsonElement>($"/v1/figures/{story}/injured/people/history");
        var revisions = history.GetProperty("revisions").EnumerateArray().ToList();
        Assert.Equal(["about 200–999 (hundreds)", "748", "at least 1000 (more than a thousand)"], revisions.Select(r => r.GetProperty("display").GetString()));
        Assert.Equal([1, 2, 3], revisions.Select(r => r.GetProperty("revision").GetInt32()));
        Assert.All(revisions, r => Assert.Equal("demo-verifier", r.GetProperty("verifiedBy")[0].GetString()));
        Assert.Contains("748 people were injured", revisions[1].GetProperty("quote").GetString());

        // Between the local authorities' report and the Ministry of Health's: 748, not contested.
        var between = await publication.GetFromJsonAsync<JsonElement>(
            $"/v1/figures/{story}/injured/people?reportedAsOf={Uri.EscapeDataString("2022-01-06T12:00:00+06:00")}");
        Assert.Equal(748, between.GetProperty("headline").GetProperty("low").GetInt64());
        Assert.Equal("exact", between.GetProperty("headline").GetProperty("kind").GetString());
        Assert.False(between.GetProperty("contested").GetBoolean());

        Assert.Equal(18, (await publication.GetFromJsonAsync<JsonElement>($"/v1/figures/{story}/killed/security-forces"))
            .GetProperty("headline").GetProperty("low").GetInt64());
        Assert.Equal(62, (await publication.GetFromJsonAsync<JsonElement>($"/v1/figures/{story}/hospitalized/people"))
            .GetProperty("headline").GetProperty("low").GetInt64());
        var demonstrators = await publication.GetFromJsonAsync<JsonElement>($"/v1/figures/{story}/killed/demonstrators");
        Assert.Equal("Police spokesman Saltanat Azirbek", demonstrators.GetProperty("headlineSource").GetString());
        Assert.Equal((24, 99), (demonstrators.GetProperty("headline").GetProperty("low").GetInt64(), demonstrators.GetProperty("headline").GetProperty("high").GetInt64()));

        var csv = await publication.GetStringAsync($"/v1/stories/{story}?format=csv");
        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("#meta+id,", lines[1]);
        Assert.Equal(2 + expected.Length, lines.Length);
    }
}
