using System.CommandLine;
using System.Net.Http.Json;
using System.Text.Json;
using FactTracker.Contracts;
using FactTracker.Figures;

namespace FactTracker.Cli.Approve;

/// <summary>
/// Approves every pending claim of a story, oldest report first, as one verifier: for demonstrations and
/// for replaying a story entered after the fact. A desk reviews claims one by one instead.
/// </summary>
public static class ApproveCommand
{
    private sealed record QueueItem(Guid Id, string Metric, string Subject, FigureValue Value, string Source, DateTimeOffset ReportedAt);

    private sealed record QueuePage(IReadOnlyList<QueueItem> Items, long Total);

    private sealed record Approved(string FigureId, string Status, int? Revision, string? Rule, string? Message);

    public static Command Create()
    {
        var verification = ServiceCalls.UrlOption("--verification", "http://127.0.0.1:5103", "Base URL of the Verification service");
        var story = new Option<string>("--story") { Description = "The story whose pending claims to approve", Required = true };
        story.Validators.Add(r =>
        {
            if (!Slug.IsValid(r.GetValueOrDefault<string>())) r.AddError("--story must be a story slug, e.g. kazakhstan-unrest-2022");
        });
        var command = new Command("approve", "Approve every pending claim of a story, oldest report first (demonstrations and replays).")
        {
            verification, story,
        };
        command.SetAction((result, ct) => RunAsync(ServiceCalls.ParseBaseUrl(result.GetValue(verification))!, result.GetValue(story)!, ct));
        return command;
    }

    /// <summary>Approves as the principal of --key (FACTTRACKER_KEY), which must be a verifier.</summary>
    private static async Task<int> RunAsync(Uri verification, string story, CancellationToken ct)
    {
        var url = new Uri(verification, $"v1/review-queue?status=pending&pageSize=200&story={Uri.EscapeDataString(story)}");
        using var response = await ServiceCalls.SendAsync(() => new HttpRequestMessage(HttpMethod.Get, url), ct);
        if (!response.IsSuccessStatusCode)
        {
            Console.Error.WriteLine($"{url}: {await ServiceCalls.DescribeFailureAsync(response, ct)}");
            return 1;
        }
        var page = await response.Content.ReadFromJsonAsync<QueuePage>(JsonSerializerOptions.Web, ct);
        var failed = 0;
        foreach (var claim in (page?.Items ?? []).OrderBy(c => c.ReportedAt))
        {
            var approve = new Uri(verification, $"v1/claims/{claim.Id}/approve");
            using var answer = await ServiceCalls.SendAsync(() => new HttpRequestMessage(HttpMethod.Post, approve)
            {
                Content = JsonContent.Create(new { }),
            }, ct);
            var what = $"{claim.Metric} {claim.Subject} {FigureValues.Describe(claim.Value)} ({claim.Source})";
            if (!answer.IsSuccessStatusCode)
            {
                failed++;
                Console.WriteLine($"not approved  {what}: {await ServiceCalls.DescribeFailureAsync(answer, ct)}");
                continue;
            }
            var result = await answer.Content.ReadFromJsonAsync<Approved>(JsonSerializerOptions.Web, ct);
            Console.WriteLine(result?.Status == "held"
                ? $"held          {what}: {result.Message}"
                : $"approved      {what} -> {result?.FigureId} revision {result?.Revision}");
        }
        Console.WriteLine($"{(page?.Items.Count ?? 0) - failed} of {page?.Items.Count ?? 0} pending claims approved");
        return failed == 0 ? 0 : 1;
    }
}
