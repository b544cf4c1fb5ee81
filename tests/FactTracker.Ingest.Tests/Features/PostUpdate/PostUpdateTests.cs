using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using FactTracker.Contracts;
using FactTracker.Ingest.Features.PostUpdate;
using FactTracker.Ingest.Updates;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace FactTracker.Ingest.Tests.Features.PostUpdate;

public sealed class PostUpdateTests(IngestFixture fixture) : IClassFixture<IngestFixture>
{
    private static string NewStory() => $"story-{Guid.NewGuid():N}"[..20];

    private static object Body(string story, string text = "This Thursday, 18 members of the security forces were killed and 748 people were injured.") => new
    {
        story,
        text,
        source = "Local authorities",
        publishedAt = "2022-01-06T10:15:00+06:00",
        url = "https://example.org/live#kz-07",
        figures = new object[]
        {
            new { metric = "killed", subject = "security-forces", value = 18, quote = "18 members of the security forces were killed" },
            new { metric = "injured", subject = "people", value = new { kind = "exact", low = 748 }, quote = "748 people were injured" },
        },
    };

    private async Task<int> StoredUpdates(string story)
    {
        await using var session = fixture.Service.Services.GetRequiredService<IDocumentStore>().QuerySession();
        return await session.Query<Update>().CountAsync(u => u.Story == story);
    }

    [Fact]
    public async Task An_accepted_update_is_stored_and_announced_with_its_figures()
    {
        var story = NewStory();
        var response = await fixture.Client.PostAsJsonAsync("/v1/updates", Body(story));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var accepted = (await response.Content.ReadFromJsonAsync<UpdateAccepted>())!;
        Assert.False(accepted.Duplicate);
        Assert.Equal($"/v1/updates/{accepted.Id}", response.Headers.Location!.OriginalString);

        var stored = await fixture.Client.GetFromJsonAsync<Update>($"/v1/updates/{accepted.Id}");
        Assert.Equal(story, stored!.Story);
        Assert.Equal(2, stored.Figures.Count);

        var announced = (await fixture.Messages.WaitForAsync<UpdateReceived>(m => m.UpdateId == accepted.Id)).Single();
        Assert.Equal("Local authorities", announced.Source);
        Assert.Collection(announced.Figures,
            f => Assert.Equal(("killed", "security-forces", new FigureValue("exact", 18, 18, null)), (f.Metric, f.Subject, f.Value)),
            f => Assert.Equal(("injured", "people", new FigureValue("exact", 748, 748, null)), (f.Metric, f.Subject, f.Value)));
    }

    [Fact]
    public async Task The_same_idempotency_key_twice_returns_the_same_update_and_stores_nothing_new()
    {
        var story = NewStory();
        var key = Guid.NewGuid().ToString();
        async Task<UpdateAccepted> Post()
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/updates") { Content = JsonContent.Create(Body(story)) };
            request.Headers.Add("Idempotency-Key", key);
            var response = await fixture.Client.SendAsync(request);
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            return (await response.Content.ReadFromJsonAsync<UpdateAccepted>())!;
        }

        var first = await Post();
        var second = await Post();

        Assert.Equal(first.Id, second.Id);
        Assert.True(second.Duplicate);
        Assert.Equal(1, await StoredUpdates(story));
        await fixture.Messages.WaitForAsync<UpdateReceived>(m => m.UpdateId == first.Id);
        Assert.Single(fixture.Messages.Received<UpdateReceived>(), m => m.Story == story);
    }

    [Fact]
    public async Task Reusing_an_idempotency_key_for_a_different_update_is_refused()
    {
        var story = NewStory();
        var key = Guid.NewGuid().ToString();
        async Task<HttpResponseMessage> Post(object body)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/updates") { Content = JsonContent.Create(body) };
            request.Headers.Add("Idempotency-Key", key);
            return await fixture.Client.SendAsync(request);
        }

        Assert.Equal(HttpStatusCode.Accepted, (await Post(Body(story))).StatusCode);
        var second = await Post(Body(story, "This Thursday, 18 members of the security forces were killed and 748 people were injured, officials said."));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, second.StatusCode);
        Assert.Equal("application/problem+json", second.Content.Headers.ContentType!.MediaType);
        Assert.Equal(1, await StoredUpdates(story));
    }

    [Fact]
    public async Task Updates_posted_at_once_each_get_their_own_answer_even_when_some_reuse_a_key()
    {
        // Concurrent updates are committed in groups; a reused key in a group must answer only its own request.
        var story = NewStory();
        var reusedKey = Guid.NewGuid().ToString();
        async Task<HttpResponseMessage> Post(object body, string key)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/updates") { Content = JsonContent.Create(body) };
            request.Headers.Add("Idempotency-Key", key);
            return await fixture.Client.SendAsync(request);
        }
        var original = await Post(Body(story), reusedKey);
        var originalId = (await original.Content.ReadFromJsonAsync<UpdateAccepted>())!.Id;

        var fresh = Enumerable.Range(0, 60).Select(_ => Post(Body(story), Guid.NewGuid().ToString())).ToList();
        var repeats = Enumerable.Range(0, 10).Select(_ => Post(Body(story), reusedKey)).ToList();
        var misuses = Enumerable.Range(0, 5).Select(i => Post(Body(story, $"Update {i}: this Thursday, 18 members of the security forces were killed and 748 people were injured."), reusedKey)).ToList();
        var freshAnswers = await Task.WhenAll(fresh);
        var repeatAnswers = await Task.WhenAll(repeats);
        var misuseAnswers = await Task.WhenAll(misuses);

        var freshIds = new List<Guid>();
        foreach (var r in freshAnswers)
        {
            Assert.Equal(HttpStatusCode.Accepted, r.StatusCode);
            var accepted = (await r.Content.ReadFromJsonAsync<UpdateAccepted>())!;
            Assert.False(accepted.Duplicate);
            freshIds.Add(accepted.Id);
        }
        Assert.Equal(60, freshIds.Distinct().Count());
        foreach (var r in repeatAnswers)
        {
            Assert.Equal(HttpStatusCode.Accepted, r.StatusCode);
            var accepted = (await r.Content.ReadFromJsonAsync<UpdateAccepted>())!;
            Assert.Equal((originalId, true), (accepted.Id, accepted.Duplicate));
        }
        Assert.All(misuseAnswers, r => Assert.Equal(HttpStatusCode.UnprocessableEntity, r.StatusCode));
        Assert.Equal(61, await StoredUpdates(story));
        foreach (var id in freshIds) await fixture.Messages.WaitForAsync<UpdateReceived>(m => m.UpdateId == id);
        Assert.Equal(61, fixture.Messages.Received<UpdateReceived>().Count(m => m.Story == story));
    }

    public static TheoryData<string, string> BadBodies => new()
    {
        // body (with STORY where the story goes), field the problem must name
        { """{"story":"STORY","text":"t","source":"s","publishedAt":"2022-01-06T10:00:00Z",""", "body" },
        { """{"text":"t","source":"s","publishedAt":"2022-01-06T10:00:00Z"}""", "story" },
        { """{"story":"Not A Slug!","text":"t","source":"s","publishedAt":"2022-01-06T10:00:00Z"}""", "story" },
        { """{"story":"STORY","source":"s","publishedAt":"2022-01-06T10:00:00Z"}""", "text" },
        { """{"story":"STORY","text":"t","publishedAt":"2022-01-06T10:00:00Z"}""", "source" },
        { """{"story":"STORY","text":"t","source":"s"}""", "publishedAt" },
        { """{"story":"STORY","text":"t","source":"s","publishedAt":"last Thursday"}""", "publishedAt" },
        { """{"story":"STORY","text":"t","source":"s","publishedAt":"2022-01-06T10:00:00Z","url":"ftp://example.org/x"}""", "url" },
        { """{"story":"STORY","text":"t","source":"s","publishedAt":"2022-01-06T10:00:00Z","stroy":"x"}""", "stroy" },
        { """{"story":"STORY","text":"t","source":"s","publishedAt":"2022-01-06T10:00:00Z","figures":[{"metric":"eaten","subject":"people","value":3}]}""", "figures[0].metric" },
        { """{"story":"STORY","text":"t","source":"s","publishedAt":"2022-01-06T10:00:00Z","figures":[{"metric":"killed","value":3}]}""", "figures[0].subject" },
        { """{"story":"STORY","text":"t","source":"s","publishedAt":"2022-01-06T10:00:00Z","figures":[{"metric":"killed","subject":"people"}]}""", "figures[0].value" },
        { """{"story":"STORY","text":"t","source":"s","publishedAt":"2022-01-06T10:00:00Z","figures":[{"metric":"killed","subject":"people","value":-4}]}""", "figures[0].value" },
        { """{"story":"STORY","text":"t","source":"s","publishedAt":"2022-01-06T10:00:00Z","figures":[{"metric":"killed","subject":"people","value":"many"}]}""", "figures[0].value" },
        { """{"story":"STORY","text":"t","source":"s","publishedAt":"2022-01-06T10:00:00Z","figures":[{"metric":"killed","subject":"people","value":2.5}]}""", "figures[0].value" },
        { """{"story":"STORY","text":"t","source":"s","publishedAt":"2022-01-06T10:00:00Z","figures":[{"metric":"killed","subject":"people","value":{"kind":"range","low":9,"high":3}}]}""", "figures[0].value" },
        { """{"story":"STORY","text":"t","source":"s","publishedAt":"2022-01-06T10:00:00Z","figures":[{"metric":"killed","subject":"people","value":{"kind":"approximate","words":"a lot"}}]}""", "figures[0].value" },
        { """{"story":"STORY","text":"t","source":"s","publishedAt":"2022-01-06T10:00:00Z","figures":[{"metric":"killed","subject":"people","value":3,"quote":"not in the text"}]}""", "figures[0].quote" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task Bad_input_gets_a_problem_naming_the_field_and_stores_nothing(string body, string field)
    {
        var story = NewStory();
        var response = await fixture.Client.PostAsync("/v1/updates",
            new StringContent(body.Replace("STORY", story), Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _),
            $"expected the problem to name '{field}', got {problem.GetProperty("errors")}");
        Assert.Equal(0, await StoredUpdates(story));
    }

    [Fact]
    public async Task An_oversized_body_is_refused_with_a_problem()
    {
        var story = NewStory();
        var text = new string('x', 300 * 1024);
        var body = JsonSerializer.Serialize(new { story, text, source = "s", publishedAt = "2022-01-06T10:00:00Z" });
        var response = await fixture.Client.PostAsync("/v1/updates", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(0, await StoredUpdates(story));
    }

    [Fact]
    public async Task A_vague_term_takes_its_bounds()
    {
        var story = NewStory();
        var response = await fixture.Client.PostAsJsonAsync("/v1/updates", new
        {
            story,
            text = "Police added dozens of demonstrators killed.",
            source = "Police spokesman",
            publishedAt = "2022-01-06T14:05:00+06:00",
            figures = new[] { new { metric = "killed", subject = "demonstrators", value = new { kind = "approximate", words = "dozens" }, quote = "dozens of demonstrators killed" } },
        });
        var accepted = (await response.Content.ReadFromJsonAsync<UpdateAccepted>())!;
        var stored = await fixture.Client.GetFromJsonAsync<Update>($"/v1/updates/{accepted.Id}");

        Assert.Equal(new FigureValue("approximate", 24, 99, "dozens"), stored!.Figures.Single().Value);
    }

    [Fact]
    public async Task An_unknown_update_is_a_404_problem()
    {
        var response = await fixture.Client.GetAsync($"/v1/updates/{Guid.NewGuid()}");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }
}
