using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace FactTracker.Testing;

/// <summary>
/// One FactTracker service as its own process (<c>dotnet services/FactTracker.X/bin/CONFIG/net10.0/FactTracker.X.dll</c>),
/// a child of the test or benchmark, with its settings in environment variables. It can be killed (SIGKILL) and started
/// again on the same port; its output goes to a log file, appended across restarts.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly string _dll;
    private readonly IReadOnlyDictionary<string, string> _environment;
    private readonly StreamWriter _log;
    private Process _process;
    private bool _closed;

    public string Name { get; }
    public Uri BaseAddress { get; }
    public int Pid => _process.Id;
    public bool HasExited => _process.HasExited;
    public string LogPath { get; }

    private ServiceProcess(string name, string dll, Uri baseAddress, IReadOnlyDictionary<string, string> environment, string logPath)
    {
        Name = name;
        _dll = dll;
        BaseAddress = baseAddress;
        _environment = environment;
        LogPath = logPath;
        _log = new StreamWriter(new FileStream(logPath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
        _process = Launch();
    }

    /// <summary>The built service, e.g. services/FactTracker.Claims/bin/Debug/net10.0/FactTracker.Claims.dll.</summary>
    public static string DllPath(string root, string project, string configuration) =>
        Path.Combine(root, "services", $"FactTracker.{project}", "bin", configuration, "net10.0", $"FactTracker.{project}.dll");

    /// <param name="project">The service's project without the prefix: Ingest, Claims, Verification, Publication.</param>
    /// <param name="name">What the log and error messages call this process (e.g. Claims-2 when two run).</param>
    public static ServiceProcess Start(string root, string project, string configuration, IReadOnlyDictionary<string, string> environment,
        string logPath, string? name = null)
    {
        var dll = DllPath(root, project, configuration);
        if (!File.Exists(dll)) throw new FileNotFoundException($"build the solution in {configuration} first: {dll} is missing");
        return new ServiceProcess(name ?? project, dll, new Uri($"http://127.0.0.1:{FreePort()}"), environment, logPath);
    }

    private Process Launch()
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(_dll)!,
        };
        info.ArgumentList.Add(_dll);
        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add(BaseAddress.ToString().TrimEnd('/'));
        foreach (var (key, value) in _environment) info.Environment[key] = value;
        var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {Name}");
        Write($"--- {Name} started as pid {process.Id} at {DateTimeOffset.UtcNow:O}");
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) Write(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Write(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private void Write(string line)
    {
        lock (_log)
            if (!_closed) _log.WriteLine(line);
    }

    public async Task WaitReadyAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        await Eventually.UntilAsync(async () =>
        {
            if (_process.HasExited) throw new InvalidOperationException($"{Name} exited with code {_process.ExitCode}; see its log {LogPath}");
            try { return (await http.GetAsync("/health/ready")).IsSuccessStatusCode; }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { return false; }
        }, $"{Name} to report ready", timeout);
    }

    /// <summary>SIGKILL: no shutdown hooks, no draining; returns once the process is gone.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        Write($"--- {Name} killed at {DateTimeOffset.UtcNow:O}");
    }

    /// <summary>Starts the service again, on the same port with the same settings, after it was killed.</summary>
    public void Restart()
    {
        if (!_process.HasExited) throw new InvalidOperationException($"{Name} is still running");
        _process.Dispose();
        _process = Launch();
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

    /// <summary>
    /// A free loopback port below Linux's ephemeral range (32768 up), so no outgoing connection is given it as its local
    /// port while the server holding it is down for a restart.
    /// </summary>
    public static int FreePort()
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var port = Random.Shared.Next(20_000, 32_000);
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                return port;
            }
            catch (SocketException) { } // taken: try another
        }
        throw new InvalidOperationException("no free port found between 20000 and 32000");
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
        lock (_log)
        {
            _closed = true;
            _log.Dispose();
        }
    }
}
