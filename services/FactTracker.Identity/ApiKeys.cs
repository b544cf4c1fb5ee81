using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace FactTracker.Identity;

/// <summary>
/// Keys look like <c>ft_{key id, 32 hex}_{secret, 43 base64url}</c>: the id finds the stored hash, the secret is
/// 32 random bytes. A key that strong needs no slow hash: SHA-256, compared in constant time.
/// </summary>
public static class ApiKeys
{
    private const string Prefix = "ft_";
    public const int SecretBytes = 32;

    public static (Guid Id, string Key) Generate()
    {
        var id = Guid.NewGuid();
        var secret = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(SecretBytes));
        return (id, $"{Prefix}{id:N}_{secret}");
    }

    /// <summary>The key id a presented key claims to be, if it has the right shape.</summary>
    public static bool TryParse(string? key, out Guid id)
    {
        id = Guid.Empty;
        if (key is null || key.Length < Prefix.Length + 33 || !key.StartsWith(Prefix, StringComparison.Ordinal) || key[Prefix.Length + 32] != '_')
            return false;
        return Guid.TryParseExact(key.AsSpan(Prefix.Length, 32), "N", out id);
    }

    public static string Hash(string key) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>Whether <paramref name="key"/> is the one whose hash was stored, in time independent of where they differ.</summary>
    public static bool Matches(string key, string storedHash) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(key)), Encoding.ASCII.GetBytes(storedHash));
}
