using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
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

/// <summary>
/// One FactTracker service as its own process (the Release build, as up.sh runs it), a child of the benchmark, on the
/// benchmark's own database and virtual host. Killed with the benchmark.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process _process;

    public string Name { get; }
    public Uri BaseAddress { get; }
    public int Pid => _process.Id;

    private ServiceProcess(string name, Process process, Uri baseAddress)
    {
        Name = name;
        _process = process;
        BaseAddress = baseAddress;
    }

    public static ServiceProcess Start(string root, string name, InfrastructureScope scope, string logDirectory)
    {
        var dll = Path.Combine(root, "services", $"FactTracker.{name}", "bin", "Release", "net10.0", $"FactTracker.{name}.dll");
        if (!File.Exists(dll)) throw new FileNotFoundException($"build the solution in Release first: {dll} is missing");
        var url = $"http://127.0.0.1:{FreePort()}";
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = Path.GetDirectoryName(dll)! };
        info.ArgumentList.Add(dll);
        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add(url);
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["ConnectionStrings__postgres"] = scope.PostgresConnectionString;
        info.Environment["ConnectionStrings__rabbitmq"] = scope.RabbitMqUri;
        info.Environment["Logging__Format"] = "simple";
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        info.Environment["Webhooks__AllowedHosts"] = "127.0.0.1";
        // The load is one key per role: per-key write limits would measure the limiter, not the pipeline.
        info.Environment["RateLimits__WritesPerWindow"] = "100000000";
        var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {name}");
        var log = new StreamWriter(Path.Combine(logDirectory, $"{name.ToLowerInvariant()}.log")) { AutoFlush = true };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new ServiceProcess(name, process, new Uri(url));
    }

    public async Task WaitReadyAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        await Load.UntilAsync(async () =>
        {
            if (_process.HasExited) throw new InvalidOperationException($"{Name} exited with code {_process.ExitCode}; see its log under bench-results/logs");
            try { return (await http.GetAsync("/health/ready")).IsSuccessStatusCode; }
            catch (HttpRequestException) { return false; }
        }, timeout, $"{Name} to report ready", 250);
    }

    /// <summary>Resident set size from /proc, in MB.</summary>
    public double ResidentMegabytes()
    {
        foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024.0;
        _process.Refresh();
        return _process.WorkingSet64 / (1024.0 * 1024);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (_process.HasExited) return;
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}

/// <summary>The subscribers' endpoint: answers 200 at once, counts what arrives and when each watched figure's webhook came.</summary>
public sealed class BenchReceiver : IAsyncDisposable
{
    private WebApplication? _app;
    private long _received;
    private long _failed;

    public Uri BaseAddress { get; private set; } = default!;
    public long Received => Interlocked.Read(ref _received);
    public long Failed => Interlocked.Read(ref _failed);
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
