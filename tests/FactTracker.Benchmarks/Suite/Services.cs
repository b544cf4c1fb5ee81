using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json;
using FactTracker.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FactTracker.Benchmarks.Suite;

/// <summary>The four services as processes (the Release build, as up.sh runs it) on the benchmark's own database and virtual host.</summary>
public static class BenchServices
{
    public static ServiceProcess Start(string root, string name, InfrastructureScope scope, string logDirectory)
    {
        var log = Path.Combine(logDirectory, $"{name.ToLowerInvariant()}.log");
        File.Delete(log); // each run's log starts empty
        return ServiceProcess.Start(root, name, "Release", new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ConnectionStrings__postgres"] = scope.PostgresConnectionString,
            ["ConnectionStrings__rabbitmq"] = scope.RabbitMqUri,
            ["Logging__Format"] = "simple",
            ["Logging__LogLevel__Default"] = "Warning",
            ["Webhooks__AllowedHosts"] = "127.0.0.1",
            // The load is one key per role: per-key write limits would measure the limiter, not the pipeline.
            ["RateLimits__WritesPerWindow"] = "100000000",
        }, log);
    }
}

/// <summary>The subscribers' endpoint: answers 200 at once (503 under /held), counts what arrives and when each watched figure's webhook came.</summary>
public sealed class BenchReceiver : IAsyncDisposable
{
    private WebApplication? _app;
    private long _received;
    private long _failed;
    private long _held;

    public Uri BaseAddress { get; private set; } = default!;
    public long Received => Interlocked.Read(ref _received);
    public long Failed => Interlocked.Read(ref _failed);
    /// <summary>Requests to /held paths, answered 503 with Retry-After: 3600.</summary>
    public long Held => Interlocked.Read(ref _held);
    public int MaxBodyBytes;

    /// <summary>Figure id to the time its webhook arrived (Stopwatch ticks), for figures someone is waiting for.</summary>
    public ConcurrentDictionary<string, long> Arrivals { get; } = new();
    public volatile bool RecordArrivals;

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        _app = builder.Build();
        _app.MapPost("/{**path}", async (HttpContext context) =>
        {
            var at = Stopwatch.GetTimestamp();
            if (context.Request.Path.StartsWithSegments("/held"))
            {
                Interlocked.Increment(ref _held);
                context.Response.Headers.RetryAfter = "3600";
                return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
            }
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer);
            if (buffer.Length > MaxBodyBytes) MaxBodyBytes = (int)buffer.Length;
            if (RecordArrivals && context.Request.Path.StartsWithSegments("/hooks"))
            {
                try
                {
                    using var json = JsonDocument.Parse(buffer.ToArray());
                    if (json.RootElement.TryGetProperty("data", out var data) && data.TryGetProperty("figureId", out var id))
                        Arrivals.TryAdd(id.GetString()!, at);
                }
                catch (JsonException) { Interlocked.Increment(ref _failed); }
            }
            Interlocked.Increment(ref _received);
            return Results.Ok();
        });
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address);
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
    }
}
