using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using FactTracker.Figures;

namespace FactTracker.Resilience.Tests.Faults;

/// <param name="AcceptedAt">When the 202 came back.</param>
/// <param name="Replayed">The 202 came from a retry with the same Idempotency-Key after an earlier answer was lost.</param>
public sealed record AcceptedUpdate(int Index, Guid UpdateId, string FigureId, DateTimeOffset AcceptedAt, bool Replayed);

/// <param name="Confirmed">The approval's answer was lost; a retry found the claim approved (409) and reading it gave the revision.</param>
public sealed record AnsweredApproval(Guid ClaimId, string FigureId, int Revision, DateTimeOffset AnsweredAt, bool Confirmed);

/// <summary>
/// A newsroom and a verifier working through a fault: a paced stream of updates, each with one structured figure, and
/// approvals of every claim that reaches review. Errors and lost answers are retried: an update with the same
/// Idempotency-Key, an approval until the claim is seen approved. Only 202 counts as accepted and 200 as approved.
/// </summary>
public sealed class Traffic(string story, FaultSettings settings, IReadOnlyList<Uri> ingest, IReadOnlyList<Uri> verification,
    string newsroomKey, string verifierKey) : IDisposable
{
    /// <summary>How long one request may keep being retried before it is given up (and counted as unresolved).</summary>
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromMinutes(4);
    private const string Text = "Officials in the district gave a new count of casualties this evening, according to the regional desk.";

    private readonly HttpClient _http = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromSeconds(5) }) { Timeout = TimeSpan.FromSeconds(10) };
    private readonly ConcurrentDictionary<Guid, byte> _attempted = new();
    private readonly CancellationTokenSource _closed = new(); // a test that failed mid-run abandons its retries
    private readonly DateTimeOffset _reportedFrom = DateTimeOffset.UtcNow.AddHours(-2);
    private int _approvalsInFlight;

    public ConcurrentDictionary<int, AcceptedUpdate> Accepted { get; } = new();
    /// <summary>Successful answers (202, 200) by the instance that gave them.</summary>
    public ConcurrentDictionary<Uri, int> Served { get; } = new();
    public ConcurrentDictionary<Guid, AnsweredApproval> Approved { get; } = new();
    /// <summary>4xx answers that should never come (a bug in the test or the services).</summary>
    public ConcurrentQueue<string> Unexpected { get; } = new();
    public int PostsFailed; // 5xx, 409 in progress, or no answer: retried
    public int PostsUnresolved; // never answered 202 before giving up
    public int ApprovalsFailed;
    public int ApprovalsUnresolved;
    public int ApprovalsAttempted => _attempted.Count;
    public int ApprovalsInFlight => Volatile.Read(ref _approvalsInFlight);

    public static string FigureOf(string story, int figure) => FigureId.For(story, MetricOf(figure), $"district-{figure}");
    public static string MetricOf(int figure) => figure % 2 == 0 ? Metrics.Killed : Metrics.Injured;

    /// <summary>Any instance, at random: a retry after an error may go to another one (a round robin shared by interleaved calls could keep one instance idle).</summary>
    private static Uri Next(IReadOnlyList<Uri> instances) => instances[Random.Shared.Next(instances.Count)];

    /// <summary>Posts <see cref="FaultSettings.Updates"/> updates at <see cref="FaultSettings.UpdatesPerSecond"/>; returns when each has an answer or was given up.</summary>
    public async Task PostStreamAsync()
    {
        using var slots = new SemaphoreSlim(24);
        var started = DateTimeOffset.UtcNow;
        var posts = new List<Task>();
        for (var i = 0; i < settings.Updates && !_closed.IsCancellationRequested; i++)
        {
            var due = started + TimeSpan.FromSeconds(i / settings.UpdatesPerSecond);
            if (due > DateTimeOffset.UtcNow) await Task.Delay(due - DateTimeOffset.UtcNow); // the pace of the stream, not a wait for a result
            await slots.WaitAsync();
            var index = i;
            posts.Add(Task.Run(async () =>
            {
                try { await PostAsync(index); }
                finally { slots.Release(); }
            }));
        }
        await Task.WhenAll(posts);
    }

    private async Task PostAsync(int index)
    {
        var figure = index % settings.Figures;
        // Values and report times rise with the index, so no approval ever lowers a headline (which would wait for a second verifier).
        var body = JsonSerializer.Serialize(new
        {
            story,
            text = Text,
            source = "Regional desk",
            publishedAt = _reportedFrom.AddSeconds(index),
            figures = new[] { new { metric = MetricOf(figure), subject = $"district-{figure}", value = 100 + index } },
        });
        var key = $"{story}-update-{index}";
        var giveUp = DateTimeOffset.UtcNow + GiveUpAfter;
        var lostAnswers = 0;
        for (var attempt = 1; DateTimeOffset.UtcNow < giveUp && !_closed.IsCancellationRequested; attempt++)
        {
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Next(ingest), "/v1/updates"))
                {
                    Content = new StringContent(body, Encoding.UTF8, "application/json"),
                };
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", newsroomKey);
                request.Headers.Add("Idempotency-Key", key);
                using var response = await _http.SendAsync(request);
                if (response.StatusCode == HttpStatusCode.Accepted)
                {
                    Served.AddOrUpdate(new Uri(request.RequestUri!.GetLeftPart(UriPartial.Authority)), 1, (_, n) => n + 1);
                    using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                    var replayed = json.RootElement.GetProperty("duplicate").GetBoolean();
                    if (replayed && lostAnswers == 0) Unexpected.Enqueue($"update {index}: first answer already says duplicate");
                    Accepted[index] = new AcceptedUpdate(index, json.RootElement.GetProperty("id").GetGuid(), FigureOf(story, figure), DateTimeOffset.UtcNow, replayed);
                    return;
                }
                if (!Retryable(response.StatusCode))
                {
                    Unexpected.Enqueue($"update {index}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { }
            lostAnswers++;
            Interlocked.Increment(ref PostsFailed);
            await Task.Delay(Backoff(attempt));
        }
        Interlocked.Increment(ref PostsUnresolved);
    }

    /// <summary>Approves every claim of the story that reaches review, until <paramref name="stop"/> is cancelled.</summary>
    public async Task ApproveAsync(CancellationToken stop)
    {
        using var slots = new SemaphoreSlim(8);
        var approvals = new List<Task>();
        while (!stop.IsCancellationRequested && !_closed.IsCancellationRequested)
        {
            try
            {
                foreach (var (claim, figure) in await PendingAsync())
                {
                    if (!_attempted.TryAdd(claim, 0)) continue;
                    await slots.WaitAsync(CancellationToken.None);
                    Interlocked.Increment(ref _approvalsInFlight);
                    approvals.Add(Task.Run(async () =>
                    {
                        try { await ApproveAsync(claim, figure); }
                        finally
                        {
                            Interlocked.Decrement(ref _approvalsInFlight);
                            slots.Release();
                        }
                    }));
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException) { }
            try { await Task.Delay(250, stop); } // the queue's polling interval
            catch (OperationCanceledException) { }
        }
        await Task.WhenAll(approvals);
    }

    /// <summary>The oldest pending claims of the story, as the review queue lists them.</summary>
    public async Task<IReadOnlyList<(Guid Claim, string Figure)>> PendingAsync()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(Next(verification), $"/v1/review-queue?story={story}&status=pending&pageSize=200"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", verifierKey);
        using var response = await _http.SendAsync(request);
        if (!response.IsSuccessStatusCode) return [];
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("items").EnumerateArray()
            .Select(i => (i.GetProperty("claimId").GetGuid(), i.GetProperty("figureId").GetString()!)).ToList();
    }

    private async Task ApproveAsync(Guid claim, string figure)
    {
        var giveUp = DateTimeOffset.UtcNow + GiveUpAfter;
        var lostAnswers = 0;
        for (var attempt = 1; DateTimeOffset.UtcNow < giveUp && !_closed.IsCancellationRequested; attempt++)
        {
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Next(verification), $"/v1/claims/{claim}/approve"))
                {
                    Content = JsonContent.Create(new { note = "fault test" }),
                };
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", verifierKey);
                using var response = await _http.SendAsync(request);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    Served.AddOrUpdate(new Uri(request.RequestUri!.GetLeftPart(UriPartial.Authority)), 1, (_, n) => n + 1);
                    using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                    Approved[claim] = new AnsweredApproval(claim, figure, json.RootElement.GetProperty("revision").GetInt32(), DateTimeOffset.UtcNow, false);
                    return;
                }
                // Already approved: by an earlier attempt of this approval whose answer was lost (nobody else approves here).
                if (response.StatusCode == HttpStatusCode.Conflict && await ApprovedRevisionAsync(claim) is { } revision)
                {
                    if (lostAnswers == 0) Unexpected.Enqueue($"approval of {claim}: approved before it was first sent");
                    else Approved[claim] = new AnsweredApproval(claim, figure, revision, DateTimeOffset.UtcNow, true);
                    return;
                }
                if (!Retryable(response.StatusCode))
                {
                    Unexpected.Enqueue($"approval of {claim}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { }
            lostAnswers++;
            Interlocked.Increment(ref ApprovalsFailed);
            await Task.Delay(Backoff(attempt));
        }
        Interlocked.Increment(ref ApprovalsUnresolved);
    }

    private async Task<int?> ApprovedRevisionAsync(Guid claim)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(Next(verification), $"/v1/claims/{claim}"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", verifierKey);
        using var response = await _http.SendAsync(request);
        if (!response.IsSuccessStatusCode) return null;
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var review = json.RootElement.GetProperty("claim");
        return review.GetProperty("status").GetString() == "approved" && review.TryGetProperty("revision", out var r) ? r.GetInt32() : null;
    }

    /// <summary>What a client should try again: server errors, throttling, and 409 "a request with this key is in progress".</summary>
    private static bool Retryable(HttpStatusCode status) => (int)status >= 500 || status is HttpStatusCode.TooManyRequests or HttpStatusCode.Conflict;

    private static TimeSpan Backoff(int attempt) =>
        TimeSpan.FromMilliseconds(Math.Min(2_000, 100 * Math.Pow(2, Math.Min(attempt, 5))) * (0.5 + Random.Shared.NextDouble()));

    public void Dispose()
    {
        _closed.Cancel();
        _http.Dispose();
    }
}
