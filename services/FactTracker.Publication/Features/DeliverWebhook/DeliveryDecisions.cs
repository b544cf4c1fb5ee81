using System.Net.Http.Headers;
using FactTracker.Publication.Subscriptions;

namespace FactTracker.Publication.Features.DeliverWebhook;

/// <summary>What one HTTP attempt came to, before it is recorded.</summary>
/// <param name="Counted">False when no request was made (the endpoint's circuit was open, or its concurrency limit full): the attempt is put off, not spent.</param>
/// <param name="Gone">The endpoint answered 410 Gone: it wants no more webhooks.</param>
public sealed record AttemptOutcome(
    DateTimeOffset StartedAt,
    bool Succeeded,
    bool Counted,
    int? StatusCode,
    double LatencyMs,
    string? Response,
    string? Error,
    TimeSpan? RetryAfter,
    bool Gone = false);

/// <summary>The rules of the retry schedule, pure so they can be tested without waiting.</summary>
public static class DeliveryDecisions
{
    /// <summary>When to try again after the <paramref name="attempts"/>th failed attempt of a round, or null when the round is over.</summary>
    /// <param name="random">A number in [0, 1) for the jitter.</param>
    public static DateTimeOffset? NextAttemptAt(DateTimeOffset now, int attempts, IReadOnlyList<TimeSpan> schedule, double jitter,
        TimeSpan? retryAfter, TimeSpan maxRetryAfter, double random)
    {
        if (attempts < 1 || attempts > schedule.Count) return null;
        var wait = schedule[attempts - 1] * (1 + jitter * (2 * random - 1));
        // Retry-After is honoured as a floor: never sooner than the endpoint asked, never later than the cap.
        if (retryAfter is { } asked && asked > wait) wait = asked < maxRetryAfter ? asked : maxRetryAfter;
        return now + wait;
    }

    /// <summary>A Retry-After header as a wait from <paramref name="now"/>: seconds, or an HTTP date.</summary>
    public static TimeSpan? RetryAfter(RetryConditionHeaderValue? header, DateTimeOffset now) => header switch
    {
        { Delta: { } delta } => delta < TimeSpan.Zero ? TimeSpan.Zero : delta,
        { Date: { } date } => date > now ? date - now : TimeSpan.Zero,
        _ => null,
    };

    /// <summary>How an answer counts: 2xx succeeds; redirects are not followed; 410 disables; 429 and 503 may say when to come back.</summary>
    public static AttemptOutcome Judge(DateTimeOffset startedAt, double latencyMs, int status, string? reason, Uri? location,
        TimeSpan? retryAfter, string? response)
    {
        if (status is >= 200 and <= 299)
            return new AttemptOutcome(startedAt, true, true, status, latencyMs, response, null, null);
        var error = status switch
        {
            >= 300 and <= 399 => $"The endpoint answered {status} {reason}, a redirect{(location is null ? "" : $" to {location}")}; redirects are not followed: update the subscription's url.",
            410 => "The endpoint answered 410 Gone: it wants no more webhooks, so the subscription is disabled.",
            _ => $"The endpoint answered {status} {reason}.",
        };
        return new AttemptOutcome(startedAt, false, true, status, latencyMs, response, error,
            status is 429 or 503 ? retryAfter : null, Gone: status == 410);
    }
}
