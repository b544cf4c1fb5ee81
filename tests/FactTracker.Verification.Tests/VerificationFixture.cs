using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using FactTracker.Contracts;
using FactTracker.Testing;
using Marten;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace FactTracker.Verification.Tests;

/// <summary>
/// Verification on its own database and virtual host; the observer submits claims into it and records the
/// decisions it announces, and the probe on the service's own bus tells when a submission has been handled.
/// </summary>
public sealed class VerificationFixture : IAsyncLifetime
{
    public InfrastructureScope Scope { get; } = new();
    public ServiceFactory<Program> Service { get; private set; } = default!;
    public MessageObserver Messages { get; private set; } = default!;
    public BusProbe Probe { get; private set; } = default!;
    public HttpClient Client { get; private set; } = default!;
    public IDocumentStore Store => Service.Services.GetRequiredService<IDocumentStore>();

    public async Task InitializeAsync()
    {
        await Scope.InitializeAsync();
        Messages = new MessageObserver(Scope, typeof(FigureRevised), typeof(FigureCorrected), typeof(FigureContested), typeof(ClaimRejected));
        await Messages.InitializeAsync();
        Service = new ServiceFactory<Program>(Scope);
        // Starting the host declares the service's queue and bindings before any test publishes.
        Client = Service.CreateClient(Scope.Principals.Alice);
        Probe = new BusProbe(Service.Services.GetRequiredService<IBus>());
    }

    public static string NewStory() => $"story-{Guid.NewGuid():N}"[..20];

    public static ClaimSubmitted NewClaim(string story, string metric = "injured", string subject = "people",
        FigureValue? value = null, DateTimeOffset? submittedAt = null, string source = "Ministry of Health") => new(
        Guid.NewGuid(),
        Guid.NewGuid(),
        story,
        metric,
        subject,
        value ?? new FigureValue("exact", 748, 748, null),
        source,
        "748 people were injured",
        "https://example.org/live#kz-07",
        DateTimeOffset.Parse("2022-01-06T10:15:00+06:00"),
        submittedAt ?? DateTimeOffset.UtcNow,
        "structured");

    public Task<HttpResponseMessage> ApproveAsync(Guid claimId, string verifier = "alice", string? reason = null) =>
        PostAsync($"/v1/claims/{claimId}/approve", new { verifier, reason });

    private readonly ConcurrentDictionary<string, Lazy<Task<HttpClient>>> _verifiers = new();

    /// <summary>A client with a key of the verifier called <paramref name="name"/> (created on first use).</summary>
    public Task<HttpClient> As(string name) => _verifiers.GetOrAdd(name, n => new Lazy<Task<HttpClient>>(async () =>
        Service.CreateClient().WithKey(await Scope.CreateKeyAsync(n, Identity.Roles.Verifier)))).Value;

    /// <summary>
    /// Posts <paramref name="body"/> as the verifier it names: decisions are the caller's, so a "verifier" member becomes
    /// whose key sends it (alice when there is none). A blank or overlong one is left in the body, which the service refuses.
    /// </summary>
    public Task<HttpResponseMessage> PostAsync(string url, object body) => PostRawAsync(url, JsonSerializer.Serialize(body, JsonSerializerOptions.Web));

    public async Task<HttpResponseMessage> PostRawAsync(string url, string body)
    {
        var client = Client;
        try
        {
            if (JsonNode.Parse(body) is JsonObject json && json["verifier"] is JsonValue named && named.TryGetValue<string>(out var name)
                && name.Trim() is { Length: > 0 and <= 100 } verifier)
            {
                json.Remove("verifier");
                client = await As(verifier);
                body = json.ToJsonString();
            }
        }
        catch (JsonException)
        {
            // Malformed on purpose: send it as it is.
        }
        return await client.PostAsync(url, new StringContent(body, Encoding.UTF8, "application/json"));
    }

    /// <summary>Submits the claims and approves each in turn; they must not lower the headline.</summary>
    public async Task ApproveAllAsync(params ClaimSubmitted[] claims)
    {
        await SubmitAsync(claims);
        foreach (var claim in claims)
        {
            var response = await ApproveAsync(claim.ClaimId);
            Assert.True(response.StatusCode == System.Net.HttpStatusCode.OK, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    /// <summary>The figure's stream as Verification serves it: GET .../events.</summary>
    public async Task<IReadOnlyList<System.Text.Json.JsonElement>> EventsAsync(string figureId)
    {
        using var response = await Client.GetAsync($"/v1/figures/{figureId}/events");
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<List<System.Text.Json.JsonElement>>())!;
    }

    /// <summary>Publishes claims the way Claims does and waits until Verification has handled each of them.</summary>
    public async Task SubmitAsync(params ClaimSubmitted[] claims)
    {
        foreach (var claim in claims) await Messages.Bus.Publish(claim);
        var ids = claims.Select(c => c.ClaimId).ToHashSet();
        await Probe.WaitForConsumedAsync<ClaimSubmitted>(m => ids.Contains(m.ClaimId), claims.Length);
    }

    public async Task DisposeAsync()
    {
        Probe?.Dispose();
        await Service.DisposeAsync();
        await Messages.DisposeAsync();
        await Scope.DisposeAsync();
    }
}
