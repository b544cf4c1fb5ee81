using System.CommandLine;
using System.Net;
using System.Text;
using System.Text.Json;

namespace FactTracker.Cli;

/// <summary>HTTP to the FactTracker services: one client, base URLs, a few retries, readable failures.</summary>
public static class ServiceCalls
{
    private const int MaxAttempts = 5;

    public static readonly HttpClient Client = new() { Timeout = TimeSpan.FromSeconds(15) };

    /// <summary>The caller's API key (--key or FACTTRACKER_KEY), sent as a bearer token unless a request carries its own.</summary>
    public static string? Key { get; set; }

    /// <summary>Sends <see cref="Key"/> unless the request already carries a key of its own (the keys commands' admin key).</summary>
    public static void Authorize(HttpRequestMessage message)
    {
        if (message.Headers.Authorization is null && !string.IsNullOrWhiteSpace(Key))
            message.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Key.Trim());
    }

    /// <summary>An option holding a service's base URL, checked when the command line is parsed.</summary>
    public static Option<string> UrlOption(string name, string defaultUrl, string description)
    {
        var option = new Option<string>(name)
        {
            Description = description,
            DefaultValueFactory = _ => defaultUrl,
            HelpName = "url",
        };
        option.Validators.Add(result =>
        {
            if (ParseBaseUrl(result.GetValueOrDefault<string>()) is null)
                result.AddError($"{name} must be an absolute http(s) URL, e.g. {defaultUrl}");
        });
        return option;
    }

    /// <summary>"http://host:5101" or "http://host/prefix/" as a base that relative paths extend; null if not http(s).</summary>
    public static Uri? ParseBaseUrl(string? value) =>
        !string.IsNullOrWhiteSpace(value)
        && Uri.TryCreate(value.Trim().TrimEnd('/') + "/", UriKind.Absolute, out var uri)
        && uri.Scheme is "http" or "https"
            ? uri
            : null;

    /// <summary>
    /// Sends a request, retrying connection failures, timeouts and 502/503/504 with backoff.
    /// The request is built afresh per attempt because a request message cannot be sent twice.
    /// </summary>
    public static async Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> request, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var message = request();
                Authorize(message);
                var response = await Client.SendAsync(message, ct);
                if (attempt == MaxAttempts || response.StatusCode is not
                    (HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout))
                    return response;
                response.Dispose();
            }
            catch (Exception e) when (attempt < MaxAttempts && IsUnreachable(e, ct))
            {
            }
            // About 0.25, 0.5, 1, 2 s, with jitter.
            var backoff = 250 * Math.Pow(2, attempt - 1) * (0.8 + 0.4 * Random.Shared.NextDouble());
            await Task.Delay(TimeSpan.FromMilliseconds(backoff), ct);
        }
    }

    /// <summary>The service could not be reached or did not answer in time (not: the user pressed Ctrl+C).</summary>
    public static bool IsUnreachable(Exception e, CancellationToken ct) =>
        e is HttpRequestException || (e is OperationCanceledException && !ct.IsCancellationRequested);

    public static string Describe(Exception e) => e switch
    {
        OperationCanceledException => "no answer in time",
        // "An error occurred while sending the request." says little without its cause.
        { InnerException: { } inner } when !e.Message.Contains(inner.Message) => $"{e.Message} {inner.Message}",
        _ => e.Message,
    };

    /// <summary>"422 Unprocessable Entity: title", then the detail and any field errors, from RFC 9457 problem details when the body has them.</summary>
    public static async Task<string> DescribeFailureAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var status = $"{(int)response.StatusCode} {response.ReasonPhrase}";
        var body = await response.Content.ReadAsStringAsync(ct);
        Problem? problem = null;
        try
        {
            problem = JsonSerializer.Deserialize<Problem>(body, JsonSerializerOptions.Web);
        }
        catch (JsonException)
        {
            // Not problem details: show the body as it is.
        }
        if (problem is null || (problem.Title is null && problem.Detail is null))
            return string.IsNullOrWhiteSpace(body) ? status : $"{status}: {Shorten(body, 300)}";

        var text = new StringBuilder(status).Append(": ").Append(problem.Title ?? problem.Detail);
        if (problem.Title is not null && problem.Detail is not null) text.Append("\n  ").Append(problem.Detail);
        foreach (var (field, messages) in problem.Errors ?? [])
            foreach (var message in messages)
                text.Append($"\n  {field}: {message}");
        return text.ToString();
    }

    /// <summary>One line of at most <paramref name="max"/> characters.</summary>
    public static string Shorten(string text, int max)
    {
        var line = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return line.Length <= max ? line : string.Concat(line.AsSpan(0, max - 1), "…");
    }

    private sealed record Problem(string? Title, string? Detail, Dictionary<string, string[]>? Errors);
}
