using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;

namespace FactTracker.Benchmarks.Suite;

/// <summary>
/// Every HttpClient the benchmark uses comes from here, baselines and pipeline alike, so both see the same client;
/// when the services require an API key, its Authorization header is added in <see cref="Create"/> and nowhere else.
/// </summary>
public static class BenchHttp
{
    /// <param name="apiKey">The caller's key, for APIs that need one (its role decides what it may do).</param>
    public static HttpClient Create(Uri baseAddress, int connections = 64, string? apiKey = null)
    {
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connections,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            AutomaticDecompression = DecompressionMethods.None,
            UseProxy = false,
        };
        var client = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
        if (!string.IsNullOrEmpty(apiKey)) client.DefaultRequestHeaders.Authorization = new("Bearer", apiKey);
        return client;
    }
}

/// <summary>Drives an operation with a fixed number of concurrent workers (closed loop) or at a fixed rate (open loop).</summary>
public static class Load
{
    /// <summary>Calls <paramref name="operation"/> from <paramref name="workers"/> loops for <paramref name="duration"/>; operations per second.</summary>
    public static async Task<double> ClosedAsync(int workers, TimeSpan duration, Func<Task> operation)
    {
        long done = 0;
        var clock = Stopwatch.StartNew();
        var loops = Enumerable.Range(0, workers).Select(_ => Task.Run(async () =>
        {
            while (clock.Elapsed < duration)
            {
                await operation();
                Interlocked.Increment(ref done);
            }
        }));
        await Task.WhenAll(loops);
        return done / clock.Elapsed.TotalSeconds;
    }

    /// <summary>
    /// Warms freshly started services up until their rate is steady: closed-loop windows of <paramref name="window"/>
    /// until one is within 10% of the one before (at most <paramref name="maxWindows"/>). A service's hot path is
    /// recompiled by the tiered JIT during its first seconds of load, and that compiling competes for the same two cores.
    /// </summary>
    /// <returns>Each warm-up window's rate, to print beside the figure.</returns>
    public static async Task<IReadOnlyList<double>> WarmUpAsync(int workers, Func<Task> operation, TimeSpan window, int maxWindows = 8)
    {
        var rates = new List<double>();
        do rates.Add(await ClosedAsync(workers, window, operation));
        while (rates.Count < maxWindows && (rates.Count < 2 || Math.Abs(rates[^1] - rates[^2]) > 0.1 * rates[^2]));
        return rates;
    }

    /// <summary>Runs <paramref name="count"/> operations with at most <paramref name="workers"/> at once; seconds taken to start them all and see each finish.</summary>
    public static async Task CountAsync(int workers, int count, Func<int, Task> operation)
    {
        var next = -1;
        var loops = Enumerable.Range(0, workers).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count) await operation(i);
        }));
        await Task.WhenAll(loops);
    }

    /// <summary>Starts one operation every 1/rate seconds for <paramref name="duration"/>, whatever the earlier ones are doing.</summary>
    public static async Task PacedAsync(double rate, TimeSpan duration, Func<int, Task> operation)
    {
        var running = new ConcurrentBag<Task>();
        var clock = Stopwatch.StartNew();
        var total = (int)(rate * duration.TotalSeconds);
        for (var i = 0; i < total; i++)
        {
            var due = TimeSpan.FromSeconds(i / rate);
            var wait = due - clock.Elapsed;
            if (wait > TimeSpan.FromMilliseconds(1)) await Task.Delay(wait);
            var n = i;
            running.Add(Task.Run(() => operation(n)));
        }
        await Task.WhenAll(running);
    }

    /// <summary>Waits until <paramref name="condition"/> holds, polling; throws after <paramref name="timeout"/>.</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what, int pollMs = 50)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > timeout) throw new TimeoutException($"timed out after {timeout.TotalSeconds:0} s waiting for {what}");
            await Task.Delay(pollMs);
        }
    }

    public static double Percentile(IReadOnlyList<double> sorted, double p)
    {
        if (sorted.Count == 0) return double.NaN;
        var index = (int)Math.Ceiling(p / 100 * sorted.Count) - 1;
        return sorted[Math.Clamp(index, 0, sorted.Count - 1)];
    }
}
