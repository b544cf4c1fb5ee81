namespace FactTracker.Identity;

public static class Roles
{
    /// <summary>Posts updates and sees its own updates' claims.</summary>
    public const string Newsroom = "newsroom";
    /// <summary>Reviews claims.</summary>
    public const string Verifier = "verifier";
    /// <summary>Manages principals and keys, and any subscription.</summary>
    public const string Admin = "admin";
    /// <summary>Manages its own subscriptions.</summary>
    public const string Subscriber = "subscriber";

    public static readonly IReadOnlyList<string> All = [Newsroom, Verifier, Admin, Subscriber];

    public static bool IsKnown(string? role) => role is not null && All.Contains(role);
}

/// <summary>Someone or something that calls FactTracker: a newsroom, a verifier, an administrator, a subscriber.</summary>
public sealed class Principal
{
    public Guid Id { get; set; }
    /// <summary>Unique; what verifiers' decisions record (e.g. "alice").</summary>
    public string Name { get; set; } = "";
    public List<string> Roles { get; set; } = [];
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>An API key: only its SHA-256 hash is stored; the key itself is shown once, at creation.</summary>
public sealed class ApiKey
{
    public Guid Id { get; set; }
    public Guid PrincipalId { get; set; }
    public string Name { get; set; } = "";
    /// <summary>SHA-256 of the whole key, hex.</summary>
    public string Hash { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? LastUsedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
}
