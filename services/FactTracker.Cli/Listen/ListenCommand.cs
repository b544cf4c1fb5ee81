using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using FactTracker.Contracts;
using FactTracker.Figures;
using FactTracker.Webhooks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FactTracker.Cli.Listen;

/// <summary>
/// A local webhook receiver, like <c>stripe listen</c> or <c>svix listen</c>: it checks each webhook's Standard Webhooks
/// signature, prints the event for a person to read, and answers with the chosen status (to exercise retries).
/// </summary>
public static class ListenCommand
{
    public static Command Create()
    {
        var port = new Option<int>("--port") { Description = "Port to listen on", DefaultValueFactory = _ => 9000, HelpName = "port" };
        port.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 0 or > 65535) r.AddError("--port must be between 0 and 65535");
        });
        var host = new Option<string>("--host") { Description = "Address to listen on", DefaultValueFactory = _ => "127.0.0.1", HelpName = "address" };
        host.Validators.Add(r =>
        {
            if (!IPAddress.TryParse(r.GetValueOrDefault<string>(), out _)) r.AddError("--host must be an IP address, e.g. 127.0.0.1");
        });
        var secret = new Option<string>("--secret") { Description = "The subscription's signing secret (whsec_...)", Required = true, HelpName = "whsec_..." };
        secret.Validators.Add(r =>
        {
            if (WebhookSecret.TryDecode(r.GetValueOrDefault<string>()) is null) r.AddError("--secret must be a signing secret: whsec_ followed by base64");
        });
        var status = new Option<int>("--status") { Description = "Status to answer webhooks whose signature is valid with, e.g. 500 to see retries", DefaultValueFactory = _ => 200, HelpName = "code" };
        status.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 200 or > 599) r.AddError("--status must be an HTTP status between 200 and 599");
        });

        var command = new Command("listen", "Receive webhooks locally: verify each signature, print each event, answer with --status.")
        {
            port, host, secret, status,
        };
        command.SetAction((result, ct) => RunAsync(IPAddress.Parse(result.GetValue(host)!), result.GetValue(port), result.GetValue(secret)!,
            result.GetValue(status), Console.Out, ct));
        return command;
    }

    /// <param name="started">Told the address once listening (port 0 picks a free one).</param>
    public static async Task<int> RunAsync(IPAddress host, int port, string secret, int status, TextWriter output, CancellationToken ct,
        Action<Uri>? started = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(host, port));
        await using var app = builder.Build();
        var gate = new object();
        app.MapPost("/{**path}", async (HttpContext context) =>
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
            var headers = context.Request.Headers;
            var (answer, text) = Receive(headers[WebhookHeaders.Id], headers[WebhookHeaders.Timestamp], headers[WebhookHeaders.Signature],
                buffer.ToArray(), secret, status, DateTimeOffset.UtcNow);
            lock (gate) output.WriteLine(text);
            return Results.StatusCode(answer);
        });
        try
        {
            await app.StartAsync(ct);
        }
        catch (IOException e)
        {
            await Console.Error.WriteLineAsync($"Cannot listen on {host}:{port}: {e.Message}");
            return 1;
        }
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        output.WriteLine($"Listening for webhooks on {address} (any path); valid ones are answered {status}. Ctrl-C stops.");
        started?.Invoke(address);
        try
        {
            await Task.Delay(Timeout.Infinite, ct);
        }
        catch (OperationCanceledException)
        {
        }
        await app.StopAsync(CancellationToken.None);
        return 0;
    }

    /// <summary>The status to answer and the lines to print for one webhook; 401 when its signature does not verify.</summary>
    public static (int Status, string Text) Receive(string? id, string? timestamp, string? signature, byte[] body, string secret, int status,
        DateTimeOffset now)
    {
        var time = now.ToLocalTime().ToString("HH:mm:ss", CultureInfo.InvariantCulture);
        var verified = WebhookSignature.Verify(id, timestamp, signature, body, secret, now);
        if (!verified.IsValid)
            return (StatusCodes.Status401Unauthorized, $"{time}  signature INVALID: {verified.Failure}  webhook-id {id ?? "-"}  -> 401");
        var text = new StringBuilder($"{time}  ");
        try
        {
            Describe(JsonDocument.Parse(body).RootElement, text);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException)
        {
            text.Append($"(a body that is not a FactTracker event: {Encoding.UTF8.GetString(body)[..Math.Min(body.Length, 200)]})");
        }
        text.Append($"\n          signature ok  webhook-id {id}  -> {status}");
        return (status, text.ToString());
    }

    private static void Describe(JsonElement e, StringBuilder text)
    {
        var type = e.GetProperty("type").GetString();
        var data = e.GetProperty("data");
        string? Str(string name) => data.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;
        string Value(string name) => data.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.Object
            ? FigureValues.Describe(p.Deserialize<FigureValue>(JsonSerializerOptions.Web)!)
            : "none";
        var example = data.TryGetProperty("example", out var ex) && ex.ValueKind == JsonValueKind.True ? "  (example)" : "";
        text.Append($"{type}  {Str("figureId") ?? Str("subscriptionId") ?? data.GetProperty("subscriptionId").ToString()}");
        switch (type)
        {
            case "figure.revised" or "figure.corrected":
                var change = Str("change") is { } c && c != "approved" ? $" ({c} revision {data.GetProperty("targetRevision")})" : "";
                text.Append($"  revision {data.GetProperty("revision")}{change}{example}");
                text.Append($"\n          {Value("previousValue")} → {Value("value")}   source: {Str("source")}   headline now {Value("headline")}");
                if (Str("quote") is { } quote) text.Append($"\n          \"{quote}\"");
                break;
            case "figure.contested":
                var contested = data.GetProperty("contested").GetBoolean();
                text.Append($"  revision {data.GetProperty("revision")}{example}");
                text.Append($"\n          {(contested ? "sources contradict each other" : "sources agree again")}; headline {Value("headline")}");
                foreach (var source in data.GetProperty("sources").EnumerateArray())
                    text.Append($"\n          {FigureValues.Describe(source.GetProperty("value").Deserialize<FigureValue>(JsonSerializerOptions.Web)!)}   source: {source.GetProperty("source").GetString()}");
                break;
            case "subscription.disabled":
                text.Append($"\n          {Str("url")}: {Str("reason")}");
                break;
        }
    }
}
