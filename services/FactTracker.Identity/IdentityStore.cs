using JasperFx;
using Marten;
using Weasel.Core;

namespace FactTracker.Identity;

/// <summary>The identity documents, in their own schema "identity" of the shared database, apart from every service's own.</summary>
public sealed class IdentityStore : IAsyncDisposable
{
    public const string Schema = "identity";

    public IdentityStore(string connectionString)
    {
        Documents = DocumentStore.For(opts =>
        {
            opts.Connection(connectionString);
            opts.DatabaseSchemaName = Schema;
            opts.UseSystemTextJsonForSerialization(EnumStorage.AsString, Casing.CamelCase);
            opts.AutoCreateSchemaObjects = AutoCreate.CreateOrUpdate;
            opts.Schema.For<Principal>().UniqueIndex(p => p.Name);
            opts.Schema.For<ApiKey>().Index(k => k.PrincipalId);
        });
    }

    public DocumentStore Documents { get; }

    /// <summary>Creates the schema's tables now rather than on first use (several processes may start at once).</summary>
    public Task ApplySchemaAsync(CancellationToken ct = default) => Documents.Storage.ApplyAllConfiguredChangesToDatabaseAsync();

    public ValueTask DisposeAsync()
    {
        Documents.Dispose();
        return ValueTask.CompletedTask;
    }
}

public sealed record CreatedKey(Guid KeyId, Guid PrincipalId, string PrincipalName, string Role, string Name, string Key, DateTimeOffset CreatedAt);

public sealed record KeyView(Guid Id, string Name, Guid PrincipalId, string Principal, IReadOnlyList<string> Roles,
    DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt);

/// <summary>Principal and key operations shared by the admin API, the CLI's bootstrap and the test fixtures.</summary>
public static class IdentityCommands
{
    /// <summary>
    /// A new key for the principal called <paramref name="principalName"/>, created with <paramref name="role"/> if it does not
    /// exist; an existing principal gains the role (a desk editor may post updates and verify, yet never approve their own).
    /// </summary>
    public static async Task<CreatedKey> CreateKeyAsync(IDocumentStore store, string principalName, string role, string? keyName,
        DateTimeOffset now, CancellationToken ct = default)
    {
        if (!Roles.IsKnown(role)) throw new ArgumentOutOfRangeException(nameof(role), role, $"one of {string.Join(", ", Roles.All)}");
        await using var session = store.LightweightSession();
        var principal = await session.Query<Principal>().FirstOrDefaultAsync(p => p.Name == principalName, ct);
        if (principal is null)
        {
            principal = new Principal { Id = Guid.NewGuid(), Name = principalName, Roles = [role], CreatedAt = now };
            session.Insert(principal);
        }
        else if (!principal.Roles.Contains(role))
        {
            principal.Roles.Add(role);
            session.Store(principal);
        }

        var (id, key) = ApiKeys.Generate();
        var name = string.IsNullOrWhiteSpace(keyName) ? $"{principalName}-{now:yyyyMMddHHmmss}" : keyName.Trim();
        session.Insert(new ApiKey { Id = id, PrincipalId = principal.Id, Name = name, Hash = ApiKeys.Hash(key), CreatedAt = now });
        await session.SaveChangesAsync(ct);
        return new CreatedKey(id, principal.Id, principal.Name, role, name, key, now);
    }

    public static async Task<bool> AnyAdminAsync(IDocumentStore store, CancellationToken ct = default)
    {
        await using var session = store.QuerySession();
        var principals = await session.Query<Principal>().ToListAsync(ct);
        var admins = principals.Where(p => p.Roles.Contains(Roles.Admin)).Select(p => p.Id).ToHashSet();
        if (admins.Count == 0) return false;
        var keys = await session.Query<ApiKey>().Where(k => k.RevokedAt == null).ToListAsync(ct);
        return keys.Any(k => admins.Contains(k.PrincipalId));
    }

    public static async Task<IReadOnlyList<KeyView>> ListKeysAsync(IQuerySession session, CancellationToken ct = default)
    {
        var principals = (await session.Query<Principal>().ToListAsync(ct)).ToDictionary(p => p.Id);
        var keys = await session.Query<ApiKey>().OrderBy(k => k.CreatedAt).ToListAsync(ct);
        return keys.Select(k => principals.TryGetValue(k.PrincipalId, out var p)
                ? new KeyView(k.Id, k.Name, k.PrincipalId, p.Name, p.Roles, k.CreatedAt, k.LastUsedAt, k.RevokedAt)
                : new KeyView(k.Id, k.Name, k.PrincipalId, "(deleted)", [], k.CreatedAt, k.LastUsedAt, k.RevokedAt))
            .ToList();
    }
}
