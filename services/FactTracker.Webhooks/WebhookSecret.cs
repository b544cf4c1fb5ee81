using System.Security.Cryptography;

namespace FactTracker.Webhooks;

/// <summary>
/// A subscription's signing secret as Standard Webhooks serialises it: <c>whsec_</c> + base64 of the key bytes.
/// </summary>
public static class WebhookSecret
{
    public const string Prefix = "whsec_";
    public const int KeyBytes = 32;
    // The specification allows 24 to 64 bytes for HMAC-SHA256 keys.
    private const int MinKeyBytes = 24;
    private const int MaxKeyBytes = 64;

    /// <summary>A new secret from 32 cryptographically random bytes.</summary>
    public static string Generate() => Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(KeyBytes));

    /// <summary>The key bytes of a secret, with or without its <c>whsec_</c> prefix; null when it is not one.</summary>
    public static byte[]? TryDecode(string? secret)
    {
        if (string.IsNullOrWhiteSpace(secret)) return null;
        var text = secret.Trim();
        if (text.StartsWith(Prefix, StringComparison.Ordinal)) text = text[Prefix.Length..];
        // Some libraries print secrets without base64 padding; accept both.
        text = text.PadRight(text.Length + (4 - text.Length % 4) % 4, '=');
        try
        {
            var key = Convert.FromBase64String(text);
            return key.Length is >= MinKeyBytes and <= MaxKeyBytes ? key : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    public static byte[] Decode(string secret) =>
        TryDecode(secret) ?? throw new FormatException($"A webhook secret is '{Prefix}' followed by base64 of {MinKeyBytes} to {MaxKeyBytes} bytes.");
}
