using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using FactTracker.Publication.Subscriptions;

namespace FactTracker.Publication.Tests.Features.ManageSubscriptions;

internal static class SubscriptionAssertions
{
    /// <summary>POSTs <paramref name="body"/> (MARK replaced by a fresh guid) and asserts a 400 naming url, and that nothing was stored.</summary>
    public static async Task AssertRefusedAsync(HttpClient client, string body, string field = "url")
    {
        var mark = Guid.NewGuid().ToString("N");
        var response = await client.PostAsync("/v1/subscriptions",
            new StringContent(body.Replace("MARK", mark), Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _),
            $"expected the problem to name '{field}', got {problem.GetProperty("errors")}");

        var stored = (await client.GetFromJsonAsync<List<SubscriptionView>>("/v1/subscriptions"))!;
        Assert.DoesNotContain(stored, s => s.Url.Contains(mark) || (s.Description ?? "").Contains(mark));
    }
}
