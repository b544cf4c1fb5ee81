using System.CommandLine;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using FactTracker.Contracts;
using FactTracker.Figures;

namespace FactTracker.Cli.Queue;

/// <summary>One page of GET /v1/review-queue.</summary>
public sealed record ReviewQueuePage(IReadOnlyList<PendingClaim>? Items, int Page, int PageSize, int Total);

public sealed record PendingClaim(
    Guid ClaimId,
    string? Story,
    string? Metric,
    string? Subject,
    FigureValue? Value,
    string? Source,
    string? Quote,
    DateTimeOffset ReportedAt);

public static class QueueCommand
{
    private const int PageSize = 200;
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    public static Command Create()
    {
        var verification = ServiceCalls.UrlOption("--verification", "http://127.0.0.1:5103", "Base URL of the Verification service");
        var story = new Option<string?>("--story") { Description = "Only claims about this story, e.g. kazakhstan-unrest-2022" };
        story.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string?>() is { } s && !Slug.IsValid(s)) r.AddError("--story must be a story slug, e.g. kazakhstan-unrest-2022");
        });
        var waitFor = new Option<int>("--wait-for") { Description = "Poll until at least this many claims are pending", HelpName = "n" };
        waitFor.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 0) r.AddError("--wait-for must not be negative");
        });
        var timeout = new Option<int>("--timeout") { Description = "Seconds --wait-for may take", DefaultValueFactory = _ => 60, HelpName = "seconds" };
        timeout.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() <= 0) r.AddError("--timeout must be a positive number of seconds");
        });

        var command = new Command("queue", "Show the claims waiting for review.") { verification, story, waitFor, timeout };
        command.SetAction((result, ct) => RunAsync(
            ServiceCalls.ParseBaseUrl(result.GetValue(verification))!,
            result.GetValue(story),
            result.GetValue(waitFor),
            TimeSpan.FromSeconds(result.GetValue(timeout)),
            ct));
        return command;
    }

    private static async Task<int> RunAsync(Uri verification, string? story, int waitFor, TimeSpan timeout, CancellationToken ct)
    {
        try
        {
            return await ShowAsync(verification, story, waitFor, timeout, ct);
        }
        catch (JsonException e)
        {
            Console.Error.WriteLine($"Verification answered with JSON this tool cannot read: {e.Message}");
            return 1;
        }
    }

    private static async Task<int> ShowAsync(Uri verification, string? story, int waitFor, TimeSpan timeout, CancellationToken ct)
    {
        var query = $"v1/review-queue?status=pending&pageSize={PageSize}";
        if (story is not null) query += $"&story={Uri.EscapeDataString(story)}";
        var url = new Uri(verification, query);

        if (waitFor == 0)
        {
            try
            {
                using var response = await ServiceCalls.SendAsync(() => new HttpRequestMessage(HttpMethod.Get, url), ct);
                if (!response.IsSuccessStatusCode)
                {
                    Console.Error.WriteLine($"{url}: {await ServiceCalls.DescribeFailureAsync(response, ct)}");
                    return 1;
                }
                Print(await ReadAsync(response, ct));
                return 0;
            }
            catch (Exception e) when (ServiceCalls.IsUnreachable(e, ct))
            {
                Console.Error.WriteLine($"cannot reach {url}: {ServiceCalls.Describe(e)}");
                return 1;
            }
        }

        // Polling is its own retry: an unreachable or failing service counts as "not there yet" until the deadline.
        var clock = Stopwatch.StartNew();
        var seen = 0;
        string? lastError = null;
        while (true)
        {
            using var attempt = CancellationTokenSource.CreateLinkedTokenSource(ct);
            attempt.CancelAfter(Clamp(timeout - clock.Elapsed));
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, url);
                ServiceCalls.Authorize(request);
                using var response = await ServiceCalls.Client.SendAsync(request, attempt.Token);
                if (response.IsSuccessStatusCode)
                {
                    var page = await ReadAsync(response, attempt.Token);
                    seen = Pending(page);
                    lastError = null;
                    if (seen >= waitFor)
                    {
                        Print(page);
                        return 0;
                    }
                }
                else if ((int)response.StatusCode is >= 400 and < 500)
                {
                    // The request itself is wrong: waiting will not fix it.
                    Console.Error.WriteLine($"{url}: {await ServiceCalls.DescribeFailureAsync(response, ct)}");
                    return 1;
                }
                else lastError = $"{(int)response.StatusCode} {response.ReasonPhrase}";
            }
            catch (Exception e) when (ServiceCalls.IsUnreachable(e, ct))
            {
                lastError = ServiceCalls.Describe(e);
            }

            if (clock.Elapsed >= timeout)
            {
                var because = lastError is null ? "" : $" (last error: {lastError})";
                Console.Error.WriteLine(
                    $"timed out after {timeout.TotalSeconds:0} s: saw {seen} pending claim(s), waiting for {waitFor}{because}");
                return 1;
            }
            await Task.Delay(PollInterval, ct);
        }
    }

    private static async Task<ReviewQueuePage> ReadAsync(HttpResponseMessage response, CancellationToken ct) =>
        await response.Content.ReadFromJsonAsync<ReviewQueuePage>(JsonSerializerOptions.Web, ct)
        ?? new ReviewQueuePage([], 1, PageSize, 0);

    private static int Pending(ReviewQueuePage page) => Math.Max(page.Total, page.Items?.Count ?? 0);

    // A poll never outlives the deadline by more than a moment, nor waits long on a hung service.
    private static TimeSpan Clamp(TimeSpan remaining) =>
        remaining < TimeSpan.FromMilliseconds(100) ? TimeSpan.FromMilliseconds(100)
        : remaining > TimeSpan.FromSeconds(5) ? TimeSpan.FromSeconds(5)
        : remaining;

    private static void Print(ReviewQueuePage page)
    {
        var claims = page.Items ?? [];
        string[] header = ["METRIC", "SUBJECT", "VALUE", "SOURCE", "QUOTE"];
        var rows = claims.Select(c => new[]
        {
            c.Metric ?? "",
            c.Subject ?? "",
            c.Value is null ? "?" : FigureValues.Describe(c.Value),
            ServiceCalls.Shorten(c.Source ?? "", 36),
            ServiceCalls.Shorten(c.Quote ?? "", 48),
        }).ToList();
        var widths = header.Select((h, i) => rows.Select(r => r[i].Length).Append(h.Length).Max()).ToArray();
        foreach (var row in rows.Prepend(header))
            Console.WriteLine(string.Join("  ", row.Select((cell, i) => i == row.Length - 1 ? cell : cell.PadRight(widths[i]))));

        var total = Pending(page);
        Console.WriteLine(total > claims.Count
            ? $"{claims.Count} of {total} pending claims shown"
            : $"{claims.Count} pending claim{(claims.Count == 1 ? "" : "s")}");
    }
}
