using System.Security.Cryptography;
using System.Text;

namespace FactTracker.Webhooks;

/// <summary>The three headers Standard Webhooks defines, lower-case as sent.</summary>
public static class WebhookHeaders
{
    public const string Id = "webhook-id";
    public const string Timestamp = "webhook-timestamp";
    public const string Signature = "webhook-signature";
}

public sealed record VerificationResult(bool IsValid, string? Failure)
{
    public static readonly VerificationResult Valid = new(true, null);
    public static VerificationResult Invalid(string why) => new(false, why);
}

/// <summary>
/// Standard Webhooks symmetric signatures: <c>v1,</c> + base64(HMAC-SHA256(key, "{id}.{timestamp}.{body}")),
/// where the key is the base64-decoded secret. Several signatures are separated by single spaces.
/// </summary>
public static class WebhookSignature
{
    public const string Version = "v1";
    public static readonly TimeSpan DefaultTolerance = TimeSpan.FromMinutes(5);

    public static string Sign(string id, long timestamp, ReadOnlySpan<byte> body, byte[] key)
    {
        var prefix = Encoding.UTF8.GetBytes($"{id}.{timestamp}.");
        var content = new byte[prefix.Length + body.Length];
        prefix.CopyTo(content, 0);
        body.CopyTo(content.AsSpan(prefix.Length));
        return $"{Version},{Convert.ToBase64String(HMACSHA256.HashData(key, content))}";
    }

    public static string Sign(string id, long timestamp, string body, string secret) =>
        Sign(id, timestamp, Encoding.UTF8.GetBytes(body), WebhookSecret.Decode(secret));

    /// <summary>The <c>webhook-signature</c> header: one signature per secret, in the order given.</summary>
    public static string Header(string id, long timestamp, ReadOnlySpan<byte> body, IEnumerable<string> secrets)
    {
        var signatures = new List<string>();
        foreach (var secret in secrets) signatures.Add(Sign(id, timestamp, body, WebhookSecret.Decode(secret)));
        return string.Join(' ', signatures);
    }

    /// <summary>
    /// Checks a received webhook as a subscriber should: the id, timestamp and signature headers are present, the timestamp is
    /// within <paramref name="tolerance"/> of <paramref name="now"/>, and one <c>v1</c> signature matches (compared in constant time).
    /// </summary>
    public static VerificationResult Verify(string? id, string? timestamp, string? signatures, ReadOnlySpan<byte> body, string secret,
        DateTimeOffset now, TimeSpan? tolerance = null)
    {
        if (string.IsNullOrEmpty(id)) return VerificationResult.Invalid($"no {WebhookHeaders.Id} header");
        if (string.IsNullOrEmpty(timestamp)) return VerificationResult.Invalid($"no {WebhookHeaders.Timestamp} header");
        if (string.IsNullOrEmpty(signatures)) return VerificationResult.Invalid($"no {WebhookHeaders.Signature} header");
        if (!long.TryParse(timestamp, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seconds))
            return VerificationResult.Invalid($"{WebhookHeaders.Timestamp} is not a Unix time in seconds");
        var age = now - DateTimeOffset.FromUnixTimeSeconds(seconds);
        var allowed = tolerance ?? DefaultTolerance;
        if (age > allowed) return VerificationResult.Invalid($"{WebhookHeaders.Timestamp} is {age.TotalSeconds:0} s old, more than {allowed.TotalSeconds:0} s");
        if (-age > allowed) return VerificationResult.Invalid($"{WebhookHeaders.Timestamp} is {-age.TotalSeconds:0} s in the future");
        var key = WebhookSecret.TryDecode(secret);
        if (key is null) return VerificationResult.Invalid("the secret is not a whsec_ secret");

        var expected = Encoding.ASCII.GetBytes(Sign(id, seconds, body, key)[(Version.Length + 1)..]);
        foreach (var signature in signatures.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var comma = signature.IndexOf(',');
            if (comma < 0 || signature[..comma] != Version) continue;
            if (CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(signature[(comma + 1)..])))
                return VerificationResult.Valid;
        }
        return VerificationResult.Invalid("no signature matches");
    }
}
