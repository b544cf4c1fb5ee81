using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FactTracker.Identity;
using FactTracker.Testing;

namespace FactTracker.Verification.Tests.Features.ManageKeys;

public sealed class ManageKeysTests(VerificationFixture fixture) : IClassFixture<VerificationFixture>
{
    private HttpClient Admin => fixture.Service.CreateClient(fixture.Scope.Principals.Admin);

    [Fact]
    public async Task An_admin_creates_a_key_shown_once_that_then_works_for_its_role()
    {
        var name = $"carol-{Guid.NewGuid():N}"[..14];
        var created = await Admin.PostAsJsonAsync("/v1/keys", new { name, role = "verifier" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.Content.ReadFromJsonAsync<JsonElement>();
        var key = body.GetProperty("key").GetString()!;
        Assert.StartsWith("ft_", key);
        Assert.True(key.Length >= 3 + 32 + 1 + 43, "32 random bytes of secret");

        var carol = fixture.Service.CreateClient().WithKey(key);
        Assert.Equal(HttpStatusCode.OK, (await carol.GetAsync("/v1/review-queue")).StatusCode);

        var listed = (await Admin.GetFromJsonAsync<List<JsonElement>>("/v1/keys"))!
            .Single(k => k.GetProperty("id").GetGuid() == body.GetProperty("keyId").GetGuid());
        Assert.Equal(name, listed.GetProperty("principal").GetString());
        Assert.False(listed.TryGetProperty("key", out _), "a listed key never shows the key");
        Assert.False(listed.TryGetProperty("hash", out _));
        Assert.True(listed.TryGetProperty("lastUsedAt", out var used) && used.GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(-1));
    }

    [Fact]
    public async Task A_revoked_key_is_refused_at_once_by_the_service_that_revoked_it()
    {
        var created = await (await Admin.PostAsJsonAsync("/v1/keys", new { name = $"dave-{Guid.NewGuid():N}"[..13], role = "verifier" }))
            .Content.ReadFromJsonAsync<JsonElement>();
        var dave = fixture.Service.CreateClient().WithKey(created.GetProperty("key").GetString()!);
        Assert.Equal(HttpStatusCode.OK, (await dave.GetAsync("/v1/review-queue")).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await Admin.PostAsync($"/v1/keys/{created.GetProperty("keyId").GetGuid()}/revoke", null)).StatusCode);

        await (await dave.GetAsync("/v1/review-queue")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        var listed = (await Admin.GetFromJsonAsync<List<JsonElement>>("/v1/keys"))!.Single(k => k.GetProperty("id").GetGuid() == created.GetProperty("keyId").GetGuid());
        Assert.Equal(JsonValueKind.String, listed.GetProperty("revokedAt").ValueKind);
    }

    [Fact]
    public async Task Only_an_admin_manages_keys()
    {
        await (await fixture.Service.CreateClient().GetAsync("/v1/keys")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await fixture.Client.GetAsync("/v1/keys")).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await fixture.PostAsync("/v1/keys", new { name = "mallory", role = "admin" })).AssertProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_key_request_names_its_invalid_fields()
    {
        var problem = await (await Admin.PostAsJsonAsync("/v1/keys", new { name = "Not A Slug", role = "editor" })).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("name", out _));
        Assert.True(problem.GetProperty("errors").TryGetProperty("role", out _));
    }

    [Fact]
    public async Task The_review_queue_needs_a_verifier_or_admin_and_decisions_a_verifier()
    {
        var claim = Guid.NewGuid();
        await (await fixture.Service.CreateClient().GetAsync("/v1/review-queue")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await fixture.Service.CreateClient(fixture.Scope.Principals.Newsroom).GetAsync("/v1/review-queue")).AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.OK, (await Admin.GetAsync("/v1/review-queue")).StatusCode);
        await (await Admin.PostAsJsonAsync($"/v1/claims/{claim}/approve", new { verifier = "x" })).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await fixture.Service.CreateClient(fixture.Scope.Principals.Subscriber).PostAsJsonAsync($"/v1/claims/{claim}/reject", new { verifier = "x", reason = "duplicate" }))
            .AssertProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Keys_are_stored_only_as_hashes()
    {
        var created = await (await Admin.PostAsJsonAsync("/v1/keys", new { name = $"erin-{Guid.NewGuid():N}"[..13], role = "newsroom" }))
            .Content.ReadFromJsonAsync<JsonElement>();
        await using var identity = new IdentityStore(fixture.Scope.PostgresConnectionString);
        await using var session = identity.Documents.QuerySession();
        var stored = await session.LoadAsync<ApiKey>(created.GetProperty("keyId").GetGuid());
        var key = created.GetProperty("key").GetString()!;
        Assert.NotNull(stored);
        Assert.DoesNotContain(key, JsonSerializer.Serialize(stored));
        Assert.True(ApiKeys.Matches(key, stored!.Hash));
    }
}
