using System.Net;
using System.Net.Http.Json;
using FactTracker.Testing;

namespace FactTracker.Ingest.Tests.Features.Authentication;

/// <summary>Who may post and read updates: newsrooms (each its own) and admins; every other key is refused.</summary>
public sealed class AuthenticationTests(IngestFixture fixture) : IClassFixture<IngestFixture>
{
    private static object Body() => new
    {
        story = $"story-{Guid.NewGuid():N}"[..20],
        text = "Officials briefed reporters in Almaty on Thursday evening.",
        source = "Local authorities",
        publishedAt = "2022-01-06T10:15:00+06:00",
    };

    [Fact]
    public async Task Posting_without_a_key_is_401_problem_details_with_a_bearer_challenge()
    {
        var response = await fixture.Service.CreateClient().PostAsJsonAsync("/v1/updates", Body());
        await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Theory]
    [InlineData("not-a-key")]
    [InlineData("ft_00000000000000000000000000000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task An_unknown_key_is_401(string key)
    {
        var response = await fixture.Service.CreateClient().WithKey(key).PostAsJsonAsync("/v1/updates", Body());
        var problem = await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Contains("unknown or was revoked", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_known_key_id_with_the_wrong_secret_is_401()
    {
        var real = fixture.Scope.Principals.Newsroom.Key;
        var forged = real[..^4] + (real.EndsWith("AAAA") ? "BBBB" : "AAAA");
        var response = await fixture.Service.CreateClient().WithKey(forged).PostAsJsonAsync("/v1/updates", Body());
        await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_verifier_or_a_subscriber_may_not_post_updates()
    {
        foreach (var principal in new[] { fixture.Scope.Principals.Alice, fixture.Scope.Principals.Subscriber })
        {
            var response = await fixture.Service.CreateClient(principal).PostAsJsonAsync("/v1/updates", Body());
            var problem = await response.AssertProblemAsync(HttpStatusCode.Forbidden);
            Assert.Contains(principal.Name, problem.GetProperty("detail").GetString());
        }
    }

    [Fact]
    public async Task A_newsroom_reads_its_own_updates_and_not_another_newsrooms_while_an_admin_reads_any()
    {
        var posted = await fixture.Client.PostAsJsonAsync("/v1/updates", Body());
        Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
        var location = posted.Headers.Location!.ToString();

        Assert.Equal(HttpStatusCode.OK, (await fixture.Client.GetAsync(location)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await fixture.Service.CreateClient(fixture.Scope.Principals.Admin).GetAsync(location)).StatusCode);
        await (await fixture.Service.CreateClient(fixture.Scope.Principals.OtherNewsroom).GetAsync(location)).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_update_records_the_newsroom_that_posted_it()
    {
        var posted = await fixture.Client.PostAsJsonAsync("/v1/updates", Body());
        var id = (await posted.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetGuid();
        var message = await fixture.Messages.WaitForAsync<Contracts.UpdateReceived>(m => m.UpdateId == id);
        Assert.Equal(fixture.Scope.Principals.Newsroom.Id, message.Single().PostedBy);
    }

    [Fact]
    public async Task The_same_idempotency_key_from_two_newsrooms_makes_two_updates()
    {
        var key = Guid.NewGuid().ToString();
        async Task<Guid> Post(TestPrincipal newsroom)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/updates") { Content = JsonContent.Create(Body()) };
            request.Headers.Add("Idempotency-Key", key);
            var response = await fixture.Service.CreateClient(newsroom).SendAsync(request);
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            return (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetGuid();
        }
        Assert.NotEqual(await Post(fixture.Scope.Principals.Newsroom), await Post(fixture.Scope.Principals.OtherNewsroom));
    }
}

/// <summary>A key's writes are limited per window; the limit is lowered here so a test can reach it.</summary>
public sealed class RateLimitTests : IAsyncLifetime
{
    private readonly InfrastructureScope _scope = new();
    private ServiceFactory<Program> _service = default!;

    public async Task InitializeAsync()
    {
        await _scope.InitializeAsync();
        _service = new ServiceFactory<Program>(_scope, new Dictionary<string, string?>
        {
            ["RateLimits:WritesPerWindow"] = "2",
            ["RateLimits:WindowSeconds"] = "60",
        });
    }

    public async Task DisposeAsync()
    {
        await _service.DisposeAsync();
        await _scope.DisposeAsync();
    }

    [Fact]
    public async Task Past_its_limit_a_key_gets_429_with_retry_after_while_another_key_and_reads_go_on()
    {
        var newsroom = _service.CreateClient(_scope.Principals.Newsroom);
        object Body() => new { story = "rate-story", text = "Nothing reported.", source = "Desk", publishedAt = "2022-01-06T10:15:00+06:00" };
        Assert.Equal(HttpStatusCode.Accepted, (await newsroom.PostAsJsonAsync("/v1/updates", Body())).StatusCode);
        var second = await newsroom.PostAsJsonAsync("/v1/updates", Body());
        Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);

        var third = await newsroom.PostAsJsonAsync("/v1/updates", Body());
        var problem = await third.AssertProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.Contains("retry after", problem.GetProperty("detail").GetString());
        Assert.True(third.Headers.RetryAfter?.Delta > TimeSpan.Zero, "Retry-After in seconds");

        Assert.Equal(HttpStatusCode.OK, (await newsroom.GetAsync(second.Headers.Location)).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await _service.CreateClient(_scope.Principals.OtherNewsroom).PostAsJsonAsync("/v1/updates", Body())).StatusCode);
    }
}
