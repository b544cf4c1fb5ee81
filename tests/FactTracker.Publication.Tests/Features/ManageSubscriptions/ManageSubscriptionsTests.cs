using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FactTracker.Publication.Subscriptions;

namespace FactTracker.Publication.Tests.Features.ManageSubscriptions;

public sealed class ManageSubscriptionsTests(PublicationFixture fixture) : IClassFixture<PublicationFixture>
{
    private async Task AssertNotFoundAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(404, problem.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task A_subscription_is_created_listed_read_and_deleted()
    {
        var url = $"https://news.example.org/hooks/{Guid.NewGuid():N}";
        var before = DateTimeOffset.UtcNow;

        var response = await fixture.Client.PostAsJsonAsync("/v1/subscriptions", new { url, description = "Newsroom live blog" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var id = json.GetProperty("id").GetGuid();
        Assert.NotEqual(Guid.Empty, id);
        Assert.Equal(url, json.GetProperty("url").GetString());
        Assert.Equal("Newsroom live blog", json.GetProperty("description").GetString());
        Assert.InRange(json.GetProperty("createdAt").GetDateTimeOffset(), before.AddSeconds(-5), DateTimeOffset.UtcNow.AddSeconds(5));
        Assert.Equal($"/v1/subscriptions/{id}", response.Headers.Location!.OriginalString);

        var read = await fixture.Client.GetFromJsonAsync<SubscriptionView>($"/v1/subscriptions/{id}");
        Assert.Equal((id, url, "Newsroom live blog"), (read!.Id, read.Url, read.Description));
        Assert.Contains(await fixture.Client.GetFromJsonAsync<List<SubscriptionView>>("/v1/subscriptions") ?? [], s => s.Id == id && s.Url == url);
        Assert.Empty(await fixture.DeliveriesAsync(id));

        Assert.Equal(HttpStatusCode.NoContent, (await fixture.Client.DeleteAsync($"/v1/subscriptions/{id}")).StatusCode);

        await AssertNotFoundAsync(await fixture.Client.GetAsync($"/v1/subscriptions/{id}"));
        Assert.DoesNotContain(await fixture.Client.GetFromJsonAsync<List<SubscriptionView>>("/v1/subscriptions") ?? [], s => s.Id == id);
        await AssertNotFoundAsync(await fixture.Client.DeleteAsync($"/v1/subscriptions/{id}"));
    }

    [Theory]
    [InlineData("GET", "/v1/subscriptions/{id}")]
    [InlineData("DELETE", "/v1/subscriptions/{id}")]
    [InlineData("GET", "/v1/subscriptions/{id}/deliveries")]
    public async Task An_unknown_subscription_is_a_404_problem(string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path.Replace("{id}", Guid.NewGuid().ToString()));

        await AssertNotFoundAsync(await fixture.Client.SendAsync(request));
    }

    [Fact]
    public async Task A_plain_http_loopback_receiver_is_accepted_when_the_operator_allows_it()
    {
        var url = $"http://127.0.0.1:8080/hooks/{Guid.NewGuid():N}";

        var response = await fixture.Client.PostAsJsonAsync("/v1/subscriptions", new { url });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = (await response.Content.ReadFromJsonAsync<SubscriptionView>())!;
        await fixture.UnsubscribeAsync(created.Id);
    }

    public static TheoryData<string, string> BadBodies => new()
    {
        // body (MARK is replaced by a fresh guid, to look for it afterwards), field the problem must name
        { """{"description":"MARK"}""", "url" },
        { """{"url":null,"description":"MARK"}""", "url" },
        { """{"url":"","description":"MARK"}""", "url" },
        { """{"url":"   ","description":"MARK"}""", "url" },
        { """{"url":"/hooks/MARK"}""", "url" },
        { """{"url":"hooks/MARK"}""", "url" },
        { """{"url":"news.example.org/hooks/MARK"}""", "url" },
        { """{"url":"ftp://news.example.org/hooks/MARK"}""", "url" },
        { """{"url":"file:///etc/MARK"}""", "url" },
        { """{"url":"http://news.example.org/hooks/MARK"}""", "url" },
        { """{"url":"https://editor:secret@news.example.org/hooks/MARK"}""", "url" },
        { """{"url":"https://token@news.example.org/hooks/MARK"}""", "url" },
        { """{"url":"https://news.example.org/hooks/MARK?pad=""" + new string('x', 2_100) + "\"}", "url" },
        { """{"url":42,"description":"MARK"}""", "url" },
        { """{"url":"https://news.example.org/hooks/MARK","description":""" + "\"" + new string('x', 501) + "\"}", "description" },
        { """{"url":"https://news.example.org/hooks/MARK","callback":"x"}""", "callback" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task A_bad_subscription_gets_a_problem_naming_the_field_and_stores_nothing(string body, string field) =>
        await SubscriptionAssertions.AssertRefusedAsync(fixture.Client, body, field);
}
