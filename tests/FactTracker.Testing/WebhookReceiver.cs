using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit;

namespace FactTracker.Testing;

public sealed record ReceivedWebhook(string Path, IReadOnlyDictionary<string, string> Headers, string Body, DateTimeOffset ReceivedAt)
{
    /// <summary>The body exactly as it arrived, for signature checks.</summary>
    public byte[] RawBody { get; init; } = [];
}

/// <summary>How the receiver answers one webhook: a status, after an optional delay, with optional headers and body. An int converts to a status.</summary>
public sealed record WebhookAnswer(int Status, TimeSpan Delay = default, IReadOnlyDictionary<string, string>? Headers = null, string? Body = null)
{
    public static implicit operator WebhookAnswer(int status) => new(status);
}

/// <summary>A subscriber's endpoint on a real loopback port, recording what it receives.</summary>
public sealed class WebhookReceiver : IAsyncLifetime
{
    private readonly ConcurrentQueue<ReceivedWebhook> _received = new();
    private WebApplication? _app;

    /// <summary>The answer to give; 200 at once unless a test sets another.</summary>
    public Func<ReceivedWebhook, WebhookAnswer> Respond { get; set; } = _ => StatusCodes.Status200OK;

    public Uri BaseAddress { get; private set; } = default!;

    public IReadOnlyList<ReceivedWebhook> Received => _received.ToList();

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        _app = builder.Build();
        _app.MapPost("/{**path}", async (HttpContext context) =>
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer);
            var raw = buffer.ToArray();
            var hook = new ReceivedWebhook(context.Request.Path, context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString()),
                System.Text.Encoding.UTF8.GetString(raw), DateTimeOffset.UtcNow) { RawBody = raw };
            _received.Enqueue(hook);
            var answer = Respond(hook);
            if (answer.Delay > TimeSpan.Zero)
            {
                try { await Task.Delay(answer.Delay, context.RequestAborted); }
                catch (OperationCanceledException) { return Results.Empty; } // the sender gave up
            }
            foreach (var (name, value) in answer.Headers ?? new Dictionary<string, string>()) context.Response.Headers[name] = value;
            return answer.Body is null ? Results.StatusCode(answer.Status) : Results.Text(answer.Body, "text/plain", statusCode: answer.Status);
        });
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address.Replace("[::]", "127.0.0.1"));
    }

    public async Task DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
    }
}
