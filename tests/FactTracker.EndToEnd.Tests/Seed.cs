using FactTracker.Testing;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace FactTracker.EndToEnd.Tests;

/// <summary>The seed story's timeline, replayed into Ingest as up.sh does, under a story id of the test's own.</summary>
public static class Seed
{
    /// <summary>Posts every update with its Idempotency-Key; returns how many figures the timeline attaches.</summary>
    public static async Task<int> ReplayAsync(HttpClient ingest, string story)
    {
        var timeline = JsonDocument.Parse(await File.ReadAllTextAsync(RepositoryRoot.File("seeds", "kazakhstan-unrest-2022-01-06.timeline.json"))).RootElement;
        var updates = timeline.GetProperty("updates").EnumerateArray().ToList();
        foreach (var u in updates)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/updates")
            {
                Content = JsonContent.Create(new
                {
                    story,
                    text = u.GetProperty("text").GetString(),
                    source = u.GetProperty("source").GetString(),
                    publishedAt = u.GetProperty("publishedAt").GetString(),
                    url = u.TryGetProperty("url", out var url) ? url.GetString() : null,
                    figures = u.GetProperty("figures"),
                }),
            };
            request.Headers.Add("Idempotency-Key", $"{story}/{u.GetProperty("key").GetString()}");
            var response = await ingest.SendAsync(request);
            if (response.StatusCode != HttpStatusCode.Accepted)
                throw new InvalidOperationException($"Ingest refused seed update {u.GetProperty("key")}: {await response.Content.ReadAsStringAsync()}");
        }
        return updates.Sum(u => u.GetProperty("figures").GetArrayLength());
    }
}
