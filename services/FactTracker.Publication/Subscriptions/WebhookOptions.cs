using System.Globalization;

namespace FactTracker.Publication.Subscriptions;

/// <summary>The <c>Webhooks</c> configuration section.</summary>
public sealed class WebhookOptions
{
    /// <summary>
    /// Hosts an operator trusts, separated by commas or spaces: names (<c>localhost</c>), IP addresses (<c>127.0.0.1</c>,
    /// <c>::1</c>) or ranges (<c>10.1.0.0/16</c>). A URL whose host is one of them may use plain http and reach any address;
    /// every other URL must be https to a public address. Empty by default.
    /// </summary>
    public string? AllowedHosts { get; set; }

    /// <summary>The waits between attempts after the first, which is immediate (Svix's schedule); e.g. "5s,5m,30m,2h".</summary>
    public string RetrySchedule { get; set; } = "5s,5m,30m,2h,5h,10h,10h";

    /// <summary>Each wait is moved by up to this fraction either way, so failed endpoints are not hit in lockstep.</summary>
    public double Jitter { get; set; } = 0.1;

    /// <summary>A 2xx must arrive within this time.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>A subscription whose every attempt has failed for this long is disabled.</summary>
    public TimeSpan DisableAfter { get; set; } = TimeSpan.FromDays(5);

    /// <summary>How long the previous secret keeps signing after a rotation.</summary>
    public TimeSpan PreviousSecretLifetime { get; set; } = TimeSpan.FromHours(24);

    /// <summary>The longest Retry-After honoured; a longer one waits this long.</summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How often the scheduler looks for due attempts when nothing wakes it.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Requests in flight at once, over all endpoints (the outbound pool).</summary>
    public int MaxConcurrentDeliveries { get; set; } = 256;

    /// <summary>Requests in flight at once to one subscription's endpoint.</summary>
    public int MaxConcurrencyPerEndpoint { get; set; } = 16;

    /// <summary>How long an endpoint's circuit stays open once most of its recent requests failed.</summary>
    public TimeSpan CircuitBreakDuration { get; set; } = TimeSpan.FromSeconds(30);

    public IReadOnlyList<TimeSpan> Schedule() => ParseSchedule(RetrySchedule) ?? throw new InvalidOperationException("Webhooks:RetrySchedule is invalid");

    /// <summary>Every attempt of a round: the immediate one and one per wait.</summary>
    public int MaxAttempts => Schedule().Count + 1;

    /// <summary>"5s, 5m, 2h" or "00:00:05,00:05:00"; also "250ms" and "1d". Null when any part is not a duration.</summary>
    public static IReadOnlyList<TimeSpan>? ParseSchedule(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return [];
        var waits = new List<TimeSpan>();
        foreach (var part in text.Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries))
        {
            if (ParseDuration(part) is not { } wait || wait < TimeSpan.Zero) return null;
            waits.Add(wait);
        }
        return waits;
    }

    public static TimeSpan? ParseDuration(string text)
    {
        text = text.Trim();
        (string Suffix, double Seconds)[] units = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600), ("d", 86400)];
        foreach (var (suffix, seconds) in units)
            if (text.EndsWith(suffix, StringComparison.Ordinal)
                && double.TryParse(text[..^suffix.Length], NumberStyles.Float, CultureInfo.InvariantCulture, out var n)
                && !(suffix == "m" && text.EndsWith("ms", StringComparison.Ordinal)))
                return TimeSpan.FromSeconds(n * seconds);
        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span) ? span : null;
    }

    public string? Problem()
    {
        if (ParseSchedule(RetrySchedule) is null) return $"Webhooks:RetrySchedule '{RetrySchedule}' is not a list of durations such as 5s,5m,2h";
        if (EndpointAllowList.TryParse(AllowedHosts, out _) is { } bad) return $"Webhooks:AllowedHosts: {bad}";
        if (Timeout <= TimeSpan.Zero) return "Webhooks:Timeout must be positive";
        if (Jitter is < 0 or >= 1) return "Webhooks:Jitter must be at least 0 and below 1";
        if (MaxConcurrentDeliveries < 1 || MaxConcurrencyPerEndpoint < 1) return "Webhooks concurrency limits must be at least 1";
        return null;
    }
}
