using System.CommandLine;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using FactTracker.Figures;

namespace FactTracker.Cli.Replay;

/// <summary>A story as the sequence of updates a newsroom published, e.g. seeds/*.timeline.json.</summary>
public sealed record Timeline(string Story, IReadOnlyList<TimelineUpdate> Updates, string? Title = null, string? Origin = null);

public sealed record TimelineUpdate(
    string Key,
    DateTimeOffset PublishedAt,
    string Source,
    string Text,
    string? Url = null,
    IReadOnlyList<TimelineFigure>? Figures = null);

/// <summary>The value stays raw JSON (a number, or {kind, low, high, words}) so Ingest receives it as written.</summary>
public sealed record TimelineFigure(string Metric, string Subject, JsonElement Value, string? Source = null, string? Quote = null);

public sealed record PostUpdateBody(
    string Story,
    string Text,
    string Source,
    DateTimeOffset PublishedAt,
    string? Url,
    IReadOnlyList<TimelineFigure> Figures);

public sealed record UpdateAccepted(string Id, string Story, DateTimeOffset ReceivedAt, bool Duplicate);

public static class ReplayCommand
{
    private const int MaxIdempotencyKeyLength = 255;

    // Strict for files people edit by hand: a missing field is an error, not a null.
    private static readonly JsonSerializerOptions FileJson = new(JsonSerializerDefaults.Web)
    {
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };

    private static readonly JsonSerializerOptions BodyJson = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static Command Create()
    {
        var file = new Argument<FileInfo>("timeline")
        {
            Description = "A timeline file, e.g. seeds/kazakhstan-unrest-2022-01-06.timeline.json",
        };
        var ingest = ServiceCalls.UrlOption("--ingest", "http://127.0.0.1:5101", "Base URL of the Ingest service");
        var command = new Command("replay", "Post a story's updates to Ingest in order; replaying again stores nothing new.")
        {
            file,
            ingest,
        };
        command.SetAction((result, ct) =>
            RunAsync(result.GetRequiredValue(file), ServiceCalls.ParseBaseUrl(result.GetValue(ingest))!, ct));
        return command;
    }

    private static async Task<int> RunAsync(FileInfo file, Uri ingest, CancellationToken ct)
    {
        Timeline timeline;
        try
        {
            await using var stream = file.OpenRead();
            timeline = await JsonSerializer.DeserializeAsync<Timeline>(stream, FileJson, ct)
                ?? throw new JsonException("the file holds null");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            Console.Error.WriteLine($"cannot read {file}: {e.Message}");
            return 1;
        }

        var problems = Check(timeline);
        if (problems.Count > 0)
        {
            Console.Error.WriteLine($"{file} is not a valid timeline; nothing was posted:");
            foreach (var problem in problems) Console.Error.WriteLine($"  {problem}");
            return 1;
        }

        var endpoint = new Uri(ingest, "v1/updates");
        var keyWidth = timeline.Updates.Max(u => u.Key.Length);
        int stored = 0, figures = 0;
        foreach (var update in timeline.Updates)
        {
            var body = new PostUpdateBody(timeline.Story, update.Text, update.Source, update.PublishedAt, update.Url, update.Figures ?? []);
            // Serialized once: every retry sends the same bytes, with a Content-Length.
            var json = JsonSerializer.SerializeToUtf8Bytes(body, BodyJson);
            UpdateAccepted? accepted;
            try
            {
                // The key makes a replay safe to repeat: Ingest answers a known key with the update it already stored.
                using var response = await ServiceCalls.SendAsync(() => new HttpRequestMessage(HttpMethod.Post, endpoint)
                {
                    Headers = { { "Idempotency-Key", $"{timeline.Story}/{update.Key}" } },
                    Content = new ByteArrayContent(json) { Headers = { ContentType = new("application/json") { CharSet = "utf-8" } } },
                }, ct);
                if (!response.IsSuccessStatusCode)
                {
                    Console.Error.WriteLine($"{update.Key}: {await ServiceCalls.DescribeFailureAsync(response, ct)}");
                    return 1;
                }
                accepted = await response.Content.ReadFromJsonAsync<UpdateAccepted>(JsonSerializerOptions.Web, ct);
            }
            catch (Exception e) when (ServiceCalls.IsUnreachable(e, ct))
            {
                Console.Error.WriteLine($"{update.Key}: cannot reach {endpoint}: {ServiceCalls.Describe(e)}");
                return 1;
            }
            catch (JsonException e)
            {
                Console.Error.WriteLine($"{update.Key}: Ingest answered with JSON this tool cannot read: {e.Message}");
                return 1;
            }
            if (accepted is null)
            {
                Console.Error.WriteLine($"{update.Key}: Ingest answered without a body");
                return 1;
            }

            if (!accepted.Duplicate) stored++;
            figures += body.Figures.Count;
            var outcome = accepted.Duplicate ? "already stored" : "accepted";
            Console.WriteLine($"{update.Key.PadRight(keyWidth)}  {accepted.Id}  {outcome,-14}  {Count(body.Figures.Count, "figure")}");
        }

        Console.WriteLine($"{Count(timeline.Updates.Count, "update")} accepted ({stored} new), {Count(figures, "figure")} attached");
        return 0;
    }

    /// <summary>
    /// Finds what Ingest would reject before anything is posted, so a replay never stops halfway
    /// (and a fixed update never collides with the different body already stored under its key).
    /// </summary>
    public static List<string> Check(Timeline timeline)
    {
        var problems = new List<string>();
        if (!Slug.IsValid(timeline.Story))
            problems.Add($"story '{timeline.Story}' must be a lower-case slug of letters, digits and '-'");
        if (timeline.Updates.Count == 0)
            problems.Add("the timeline has no updates");

        var keys = new HashSet<string>(StringComparer.Ordinal);
        DateTimeOffset? previous = null;
        foreach (var update in timeline.Updates)
        {
            var key = update.Key;
            if (string.IsNullOrWhiteSpace(key) || !keys.Add(key))
                problems.Add($"key '{key}' is empty or used twice");
            else if ($"{timeline.Story}/{key}".Length > MaxIdempotencyKeyLength)
                problems.Add($"{key}: story/key must be at most {MaxIdempotencyKeyLength} characters");
            if (string.IsNullOrWhiteSpace(update.Text)) problems.Add($"{key}: text is empty");
            if (string.IsNullOrWhiteSpace(update.Source)) problems.Add($"{key}: source is empty");
            if (update.PublishedAt < previous) problems.Add($"{key}: publishedAt is earlier than the update before it");
            previous = update.PublishedAt;

            var figures = update.Figures ?? [];
            for (var i = 0; i < figures.Count; i++)
            {
                var figure = figures[i];
                var at = $"{key} figures[{i}]";
                if (!Metrics.IsKnown(figure.Metric))
                    problems.Add($"{at}: metric '{figure.Metric}' is not one of {string.Join(", ", Metrics.All)}");
                if (!Slug.IsValid(figure.Subject))
                    problems.Add($"{at}: subject '{figure.Subject}' must be a lower-case slug such as security-forces");
                if (FigureValueJson.TryRead(figure.Value, out _) is { } problem)
                    problems.Add($"{at}: value {problem}");
                if (figure.Quote is not null && !update.Text.Contains(figure.Quote, StringComparison.Ordinal))
                    problems.Add($"{at}: quote does not appear word for word in the text: {figure.Quote}");
            }
        }
        return problems;
    }

    private static string Count(int n, string noun) => n == 1 ? $"1 {noun}" : $"{n} {noun}s";
}
