using System.Net;
using System.Net.Http.Json;
using FactTracker.Publication.Subscriptions;
using FactTracker.Testing;

namespace FactTracker.Publication.Tests.Features.Authentication;

/// <summary>Figures are public; subscriptions belong to a subscriber (an admin manages any).</summary>
public sealed class AuthenticationTests(PublicationFixture fixture) : IClassFixture<PublicationFixture>
{
    [Fact]
    public async Task Figures_and_health_are_read_without_a_key()
    {
        var anonymous = fixture.Service.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/v1/figures")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health/live")).StatusCode);
        await (await anonymous.GetAsync("/v1/figures/no-story/killed/people")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Subscriptions_need_a_subscriber_or_admin_key()
    {
        var body = new { url = new Uri(fixture.Receiver.BaseAddress, "/hook/x").ToString() };
        await (await fixture.Service.CreateClient().PostAsJsonAsync("/v1/subscriptions", body)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await fixture.Service.CreateClient().GetAsync("/v1/subscriptions")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await fixture.Service.CreateClient(fixture.Scope.Principals.Newsroom).PostAsJsonAsync("/v1/subscriptions", body)).AssertProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_subscriber_sees_and_deletes_only_its_own_subscriptions_while_an_admin_sees_any()
    {
        var (id, _) = await fixture.SubscribeAsync();
        var other = fixture.Service.CreateClient(fixture.Scope.Principals.OtherSubscriber);
        var admin = fixture.Service.CreateClient(fixture.Scope.Principals.Admin);

        Assert.DoesNotContain((await other.GetFromJsonAsync<List<Subscription>>("/v1/subscriptions"))!, s => s.Id == id);
        await (await other.GetAsync($"/v1/subscriptions/{id}")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await other.GetAsync($"/v1/subscriptions/{id}/deliveries")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await other.DeleteAsync($"/v1/subscriptions/{id}")).AssertProblemAsync(HttpStatusCode.NotFound);

        Assert.Contains((await fixture.Client.GetFromJsonAsync<List<Subscription>>("/v1/subscriptions"))!, s => s.Id == id);
        Assert.Contains((await admin.GetFromJsonAsync<List<Subscription>>("/v1/subscriptions"))!, s => s.Id == id);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/v1/subscriptions/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/v1/subscriptions/{id}")).StatusCode);
    }
}
