using System.Net;
using System.Net.Http.Json;
using FactTracker.Publication.Subscriptions;

namespace FactTracker.Publication.Tests.Features.ManageSubscriptions;

/// <summary>With the production default (Webhooks:AllowLoopback unset), nothing may subscribe this machine.</summary>
public sealed class LoopbackRefusedTests(NoLoopbackPublicationFixture fixture) : IClassFixture<NoLoopbackPublicationFixture>
{
    [Theory]
    [InlineData("http://127.0.0.1:8080/hooks/MARK")]
    [InlineData("https://127.0.0.1/hooks/MARK")]
    [InlineData("https://127.0.0.2/hooks/MARK")]
    [InlineData("https://localhost/hooks/MARK")]
    [InlineData("http://localhost:5104/hooks/MARK")]
    [InlineData("https://[::1]/hooks/MARK")]
    public async Task A_loopback_url_is_refused(string url) =>
        await SubscriptionAssertions.AssertRefusedAsync(fixture.Client, $$"""{"url":"{{url}}"}""");

    [Fact]
    public async Task An_https_url_elsewhere_is_still_accepted()
    {
        var url = $"https://news.example.org/hooks/{Guid.NewGuid():N}";

        var response = await fixture.Client.PostAsJsonAsync("/v1/subscriptions", new { url });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = (await response.Content.ReadFromJsonAsync<SubscriptionView>())!;
        Assert.Equal(url, created.Url);
        await fixture.UnsubscribeAsync(created.Id);
    }
}
