using System.Collections.Concurrent;
using System.Security.Claims;
using System.Text.Encodings.Web;
using FactTracker.Identity;
using Marten;
using Marten.Patching;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FactTracker.ServiceDefaults;

public static class ApiKeyDefaults
{
    public const string Scheme = "ApiKey";
    public const string KeyIdClaim = "ft:key";
    public const string PrincipalIdClaim = ClaimTypes.NameIdentifier;
}

/// <summary>Who is calling: read from the authenticated request.</summary>
public static class CallerExtensions
{
    public static Guid? PrincipalId(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(ApiKeyDefaults.PrincipalIdClaim), out var id) ? id : null;

    /// <summary>The principal's unique name (what decisions record), e.g. "alice".</summary>
    public static string Name(this ClaimsPrincipal user) => user.Identity?.Name ?? "";

    public static string? KeyId(this ClaimsPrincipal user) => user.FindFirstValue(ApiKeyDefaults.KeyIdClaim);
}

/// <summary>
/// Finds the principal of a presented API key. A successful lookup is cached for <see cref="CacheFor"/>, so a
/// request costs no database round trip; a revocation therefore takes effect in other processes at most that
/// late (at once in the process that revoked it, through <see cref="Forget"/>). Last use is written at most once a minute per key.
/// </summary>
public sealed class ApiKeyAuthenticator(IdentityStore identity, TimeProvider clock, ILogger<ApiKeyAuthenticator> logger)
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    private sealed record Entry(ApiKey Key, Principal Principal, DateTimeOffset LoadedAt);

    private readonly ConcurrentDictionary<Guid, Entry> _cache = new();
    private readonly ConcurrentDictionary<Guid, DateTimeOffset> _lastUsedWritten = new();

    public void Forget(Guid keyId) => _cache.TryRemove(keyId, out _);

    /// <summary>
    /// The caller as every scheme sees it: the principal's id and name, the key's id and the principal's roles. The API
    /// scheme builds it per request; the verifier console's cookie keeps it after signing in with the same key.
    /// </summary>
    public static ClaimsPrincipal PrincipalFor(ApiKey key, Principal principal, string authenticationType)
    {
        List<Claim> claims =
        [
            new(ApiKeyDefaults.PrincipalIdClaim, principal.Id.ToString()),
            new(ClaimTypes.Name, principal.Name),
            new(ApiKeyDefaults.KeyIdClaim, key.Id.ToString()),
            .. principal.Roles.Select(r => new Claim(ClaimTypes.Role, r)),
        ];
        return new ClaimsPrincipal(new ClaimsIdentity(claims, authenticationType, ClaimTypes.Name, ClaimTypes.Role));
    }

    /// <summary>
    /// Whether the key <paramref name="keyId"/> still stands (exists, not revoked), through the same cache as
    /// <see cref="AuthenticateAsync"/>: for a session that proved the key once and keeps only its id (the console's cookie).
    /// </summary>
    public async Task<bool> IsActiveAsync(Guid keyId, CancellationToken ct)
    {
        var entry = await EntryAsync(keyId, clock.GetUtcNow(), ct);
        return entry is not null && entry.Key.RevokedAt is null;
    }

    private async Task<Entry?> EntryAsync(Guid keyId, DateTimeOffset now, CancellationToken ct)
    {
        if (_cache.TryGetValue(keyId, out var entry) && now - entry.LoadedAt <= CacheFor) return entry;
        await using var session = identity.Documents.QuerySession();
        var key = await session.LoadAsync<ApiKey>(keyId, ct);
        var principal = key is null ? null : await session.LoadAsync<Principal>(key.PrincipalId, ct);
        if (key is null || principal is null)
        {
            _cache.TryRemove(keyId, out _);
            return null;
        }
        entry = new Entry(key, principal, now);
        _cache[keyId] = entry;
        return entry;
    }

    public async Task<(ApiKey Key, Principal Principal)?> AuthenticateAsync(string presented, CancellationToken ct)
    {
        if (!ApiKeys.TryParse(presented, out var keyId)) return null;
        var now = clock.GetUtcNow();
        if (await EntryAsync(keyId, now, ct) is not { } entry) return null;
        if (entry.Key.RevokedAt is not null || !ApiKeys.Matches(presented, entry.Key.Hash)) return null;

        var written = _lastUsedWritten.GetValueOrDefault(keyId, entry.Key.LastUsedAt ?? DateTimeOffset.MinValue);
        if (now - written >= LastUsedResolution)
        {
            _lastUsedWritten[keyId] = now;
            try
            {
                await using var session = identity.Documents.LightweightSession();
                session.Patch<ApiKey>(keyId).Set(k => k.LastUsedAt, now);
                await session.SaveChangesAsync(ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Last use is informational: never fail a request for it.
                logger.LogWarning(e, "Could not record the last use of key {KeyId}", keyId);
            }
        }
        return (entry.Key, entry.Principal);
    }
}

/// <summary><c>Authorization: Bearer &lt;key&gt;</c>. A missing, unknown or revoked key is 401, the wrong role 403, both as problem details.</summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyAuthenticator authenticator,
    IProblemDetailsService problems)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    private const string FailureItem = "ft:auth-failure";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header)) return AuthenticateResult.NoResult();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return Fail("The Authorization header must be 'Bearer <key>'.");
        var found = await authenticator.AuthenticateAsync(header["Bearer ".Length..].Trim(), Context.RequestAborted);
        if (found is not var (key, principal)) return Fail("The API key is unknown or was revoked.");

        return AuthenticateResult.Success(new AuthenticationTicket(ApiKeyAuthenticator.PrincipalFor(key, principal, ApiKeyDefaults.Scheme), Scheme.Name));
    }

    private AuthenticateResult Fail(string message)
    {
        Context.Items[FailureItem] = message;
        return AuthenticateResult.Fail(message);
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "Bearer";
        return WriteAsync(StatusCodes.Status401Unauthorized, "Authentication required.",
            Context.Items[FailureItem] as string ?? "Send 'Authorization: Bearer <key>' with an API key.");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        WriteAsync(StatusCodes.Status403Forbidden, "This key's role may not do this.",
            $"{Context.User.Name()} ({string.Join(", ", Context.User.FindAll(ClaimTypes.Role).Select(c => c.Value))}) is not allowed to {Request.Method} {Request.Path}.");

    private async Task WriteAsync(int status, string title, string detail)
    {
        Response.StatusCode = status;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail },
        });
    }
}

/// <summary>Authorization policies by role; an admin may do what each role may, except act as a verifier.</summary>
public static class Policies
{
    /// <summary>Post and read updates.</summary>
    public const string Newsroom = "newsroom";
    /// <summary>Read claims: newsrooms (their own), verifiers, admins.</summary>
    public const string ClaimReader = "claim-reader";
    /// <summary>Decide on claims and figures.</summary>
    public const string Verifier = "verifier";
    /// <summary>Read the review queue and the ledger.</summary>
    public const string ReviewReader = "review-reader";
    public const string Admin = "admin";
    /// <summary>Manage subscriptions: a subscriber its own, an admin any.</summary>
    public const string Subscriber = "subscriber";
    /// <summary>Any valid key.</summary>
    public const string Authenticated = "authenticated";
}
