using System.Net;
using System.Net.Http.Json;
using FactTracker.Publication.Subscriptions;
using FactTracker.Testing;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using static FactTracker.Publication.Tests.PublicationFixture;

namespace FactTracker.Publication.Tests.Features.ManageSubscriptions;

/// <summary>
/// With the production default (Webhooks:AllowedHosts unset), nothing may subscribe this machine or a private network:
/// refused at registration, and again at connect time for a name that resolves inside.
/// </summary>
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

    [Theory]
    [InlineData("https://10.0.0.5/hooks/MARK")]
    [InlineData("https://172.16.3.4/hooks/MARK")]
    [InlineData("https://172.31.255.255/hooks/MARK")]
    [InlineData("https://192.168.1.1/hooks/MARK")]
    [InlineData("https://100.64.0.1/hooks/MARK")]
    [InlineData("https://100.100.100.200/latest/MARK")]
    [InlineData("https://169.254.169.254/latest/meta-data/MARK")]
    [InlineData("https://169.254.10.1/hooks/MARK")]
    [InlineData("https://0.0.0.0/hooks/MARK")]
    [InlineData("https://[::]/hooks/MARK")]
    [InlineData("https://[fd00:ec2::254]/hooks/MARK")]
    [InlineData("https://[fc00::1]/hooks/MARK")]
    [InlineData("https://[fe80::1]/hooks/MARK")]
    [InlineData("https://[::ffff:127.0.0.1]/hooks/MARK")]
    [InlineData("https://[::ffff:8.8.8.8]/hooks/MARK")]
    [InlineData("http://93.184.215.14/hooks/MARK")]
    [InlineData("http://news.example.org/hooks/MARK")]
    public async Task A_private_link_local_metadata_or_plain_http_url_is_refused(string url) =>
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

    [Fact]
    public async Task A_name_that_resolves_to_loopback_is_refused_at_connect_time()
    {
        // As if registered before the rule existed, or while the name pointed elsewhere: only the connect-time check stands in the way.
        var path = $"/hook/{Guid.NewGuid():N}";
        var subscription = new Subscription
        {
            Id = Guid.NewGuid(),
            Url = $"https://localhost:{fixture.Receiver.BaseAddress.Port}{path}",
            Secret = FactTracker.Webhooks.WebhookSecret.Generate(),
            CreatedAt = DateTimeOffset.UtcNow,
            UpdatedAt = DateTimeOffset.UtcNow,
            OwnerId = fixture.Scope.Principals.Subscriber.Id,
        };
        await using (var session = fixture.Service.Services.GetRequiredService<IDocumentStore>().LightweightSession())
        {
            session.Insert(subscription);
            await session.SaveChangesAsync();
        }
        try
        {
            var revised = Revision(NewStory(), Exact(3));
            await fixture.PublishAsync(revised);

            var attempted = await Eventually.UntilAsync(async () => (await fixture.DeliveriesAsync(subscription.Id))
                .SingleOrDefault(d => d.FigureId == revised.FigureId && d.AttemptCount >= 1), "an attempt at localhost");
            Assert.Contains("refused to connect: localhost resolves to 127.0.0.1, a loopback address", attempted.LastError);
            Assert.Null(attempted.LastStatusCode);
            Assert.Empty(fixture.ReceivedAt(path));
        }
        finally
        {
            await fixture.UnsubscribeAsync(subscription.Id);
        }
    }

    [Fact]
    public async Task A_name_rebound_to_loopback_after_registration_is_refused_at_connect_time()
    {
        var path = $"/hook/{Guid.NewGuid():N}";
        var response = await fixture.Client.PostAsJsonAsync("/v1/subscriptions",
            new { url = $"https://{RebindingResolver.Host}:{fixture.Receiver.BaseAddress.Port}{path}" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode); // it resolved to a public address then
        var subscription = (await response.Content.ReadFromJsonAsync<SubscriptionView>())!;
        try
        {
            var revised = Revision(NewStory(), Exact(4));
            await fixture.PublishAsync(revised);

            var attempted = await Eventually.UntilAsync(async () => (await fixture.DeliveriesAsync(subscription.Id))
                .SingleOrDefault(d => d.FigureId == revised.FigureId && d.AttemptCount >= 1), "an attempt at the rebound name");
            Assert.Contains($"refused to connect: {RebindingResolver.Host} resolves to 127.0.0.1, a loopback address", attempted.LastError);
            Assert.Empty(fixture.ReceivedAt(path));
        }
        finally
        {
            await fixture.UnsubscribeAsync(subscription.Id);
        }
    }
}
