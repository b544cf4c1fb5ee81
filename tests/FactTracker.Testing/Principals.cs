using System.Net.Http.Headers;
using FactTracker.Identity;
using Microsoft.AspNetCore.Mvc.Testing;

namespace FactTracker.Testing;

/// <summary>A principal seeded for a test scope, with its one API key.</summary>
public sealed record TestPrincipal(Guid Id, string Name, string Role, Guid KeyId, string Key);

/// <summary>
/// The principals every scope starts with, written straight into its identity schema: two newsrooms, two verifiers
/// (alice and bob), an admin and two subscribers. Each has its own key.
/// </summary>
public sealed class TestPrincipals
{
    public TestPrincipal Admin { get; private init; } = default!;
    public TestPrincipal Newsroom { get; private init; } = default!;
    public TestPrincipal OtherNewsroom { get; private init; } = default!;
    public TestPrincipal Alice { get; private init; } = default!;
    public TestPrincipal Bob { get; private init; } = default!;
    public TestPrincipal Carol { get; private init; } = default!;
    public TestPrincipal Subscriber { get; private init; } = default!;
    public TestPrincipal OtherSubscriber { get; private init; } = default!;

    public static async Task<TestPrincipals> SeedAsync(string connectionString)
    {
        await using var identity = new IdentityStore(connectionString);
        await identity.ApplySchemaAsync();
        async Task<TestPrincipal> Create(string name, string role)
        {
            var created = await IdentityCommands.CreateKeyAsync(identity.Documents, name, role, $"{name}-test", DateTimeOffset.UtcNow);
            return new TestPrincipal(created.PrincipalId, name, role, created.KeyId, created.Key);
        }
        return new TestPrincipals
        {
            Admin = await Create("test-admin", Roles.Admin),
            Newsroom = await Create("almaty-desk", Roles.Newsroom),
            OtherNewsroom = await Create("astana-desk", Roles.Newsroom),
            Alice = await Create("alice", Roles.Verifier),
            Bob = await Create("bob", Roles.Verifier),
            Carol = await Create("carol", Roles.Verifier),
            Subscriber = await Create("subscriber-one", Roles.Subscriber),
            OtherSubscriber = await Create("subscriber-two", Roles.Subscriber),
        };
    }
}

public static class AuthenticatedClients
{
    /// <summary>A new key for the principal called <paramref name="name"/> in the scope (created with the role if new).</summary>
    public static async Task<string> CreateKeyAsync(this InfrastructureScope scope, string name, string role)
    {
        await using var identity = new IdentityStore(scope.PostgresConnectionString);
        return (await IdentityCommands.CreateKeyAsync(identity.Documents, name, role, $"{name}-test", DateTimeOffset.UtcNow)).Key;
    }

    /// <summary>A client of the service under test that sends <paramref name="principal"/>'s key on every request.</summary>
    public static HttpClient CreateClient<T>(this WebApplicationFactory<T> factory, TestPrincipal principal) where T : class =>
        factory.CreateClient().WithKey(principal.Key);

    public static HttpClient WithKey(this HttpClient client, string key)
    {
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }
}
