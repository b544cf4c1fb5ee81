using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using FactTracker.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace FactTracker.Resilience.Tests.Faults;

/// <summary>How the receiver answers while it is up.</summary>
public enum ReceiverMode { Healthy, ServerError, Timeout, TooManyRequests }

/// <param name="Answered">The status the receiver answered, or null when the sender gave up first (a time-out).</param>
public sealed record Receipt(string Subscription, string WebhookId, string Type, string FigureId, int Revision, DateTimeOffset At, int? Answered)
{
    public bool Delivered => Answered is >= 200 and <= 299;
}

/// <summary>
/// The subscribers' endpoint on one fixed loopback port, so it can go down (the port closed) and come back where the
/// subscriptions point. Each subscription posts to /hooks/{name}; every request is recorded with its webhook-id.
/// </summary>
public sealed class FaultReceiver : IAsyncDisposable
{
    private readonly ConcurrentQueue<Receipt> _receipts = new();
    private WebApplication? _app;

    public int Port { get; } = ServiceProcess.FreePort();
    public Uri BaseAddress => new($"http://127.0.0.1:{Port}");
    public volatile ReceiverMode Mode = ReceiverMode.Healthy;
    /// <summary>How long a request is held in <see cref="ReceiverMode.Timeout"/>: longer than the sender waits.</summary>
    public TimeSpan Hold { get; init; } = TimeSpan.FromSeconds(5);
    /// <summary>The Retry-After sent with 429.</summary>
    public int RetryAfterSeconds { get; init; } = 2;

    public IReadOnlyList<Receipt> Receipts => _receipts.ToList();

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, Port));
        var app = builder.Build();
        app.MapPost("/hooks/{subscription}", async (string subscription, HttpContext context) =>
        {
            using var json = await JsonDocument.ParseAsync(context.Request.Body);
            var data = json.RootElement.GetProperty("data");
            var receipt = new Receipt(subscription, context.Request.Headers["webhook-id"].ToString(), json.RootElement.GetProperty("type").GetString()!,
                data.TryGetProperty("figureId", out var f) ? f.GetString()! : "", data.TryGetProperty("revision", out var r) ? r.GetInt32() : 0,
                DateTimeOffset.UtcNow, null);
            switch (Mode)
            {
                case ReceiverMode.ServerError:
                    _receipts.Enqueue(receipt with { Answered = 500 });
                    return Results.StatusCode(500);
                case ReceiverMode.TooManyRequests:
                    _receipts.Enqueue(receipt with { Answered = 429 });
                    context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString();
                    return Results.StatusCode(429);
                case ReceiverMode.Timeout:
                    try
                    {
                        await Task.Delay(Hold, context.RequestAborted);
                    }
                    catch (OperationCanceledException)
                    {
                        _receipts.Enqueue(receipt); // the sender gave up: no answer reached it
                        return Results.Empty;
                    }
                    // The sender waited longer than it should have: this late 200 counts as delivered.
                    _receipts.Enqueue(receipt with { Answered = 200 });
                    return Results.Ok();
                default:
                    _receipts.Enqueue(receipt with { Answered = 200 });
                    return Results.Ok();
            }
        });
        await app.StartAsync();
        _app = app;
    }

    /// <summary>Closes the port: senders get "connection refused".</summary>
    public async Task StopAsync()
    {
        if (_app is null) return;
        await _app.StopAsync();
        await _app.DisposeAsync();
        _app = null;
    }

    public async ValueTask DisposeAsync() => await StopAsync();
}
