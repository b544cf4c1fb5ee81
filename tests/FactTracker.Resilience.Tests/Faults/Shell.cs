using System.Diagnostics;

namespace FactTracker.Resilience.Tests.Faults;

/// <summary>
/// Runs one bash command for the throwaway servers. Its output goes to a file, not to a pipe of ours: a daemon it starts
/// (postmaster, beam) inherits the command's descriptors and would otherwise hold our pipe open for its whole life.
/// </summary>
public static class Shell
{
    public sealed record Result(int ExitCode, string Output);

    public static async Task<Result> RunAsync(string command, TimeSpan timeout, IReadOnlyDictionary<string, string>? environment = null)
    {
        var output = Path.GetTempFileName();
        try
        {
            var info = new ProcessStartInfo("bash") { UseShellExecute = false, RedirectStandardInput = true };
            info.ArgumentList.Add("-c");
            info.ArgumentList.Add($"( {command} ) >'{output}' 2>&1 </dev/null");
            foreach (var (key, value) in environment ?? new Dictionary<string, string>()) info.Environment[key] = value;
            using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start bash");
            using var cts = new CancellationTokenSource(timeout);
            try
            {
                await process.WaitForExitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
                throw new TimeoutException($"`{command}` did not finish within {timeout.TotalSeconds} s: {await File.ReadAllTextAsync(output)}");
            }
            return new Result(process.ExitCode, await File.ReadAllTextAsync(output));
        }
        finally
        {
            File.Delete(output);
        }
    }

    /// <summary>Runs the command and throws with its output unless it exits with 0.</summary>
    public static async Task<string> CheckAsync(string command, TimeSpan timeout, IReadOnlyDictionary<string, string>? environment = null)
    {
        var result = await RunAsync(command, timeout, environment);
        if (result.ExitCode != 0) throw new InvalidOperationException($"`{command}` exited with {result.ExitCode}: {result.Output}");
        return result.Output;
    }

    public static async Task<bool> PortOpenAsync(int port)
    {
        using var client = new System.Net.Sockets.TcpClient();
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            await client.ConnectAsync("127.0.0.1", port, cts.Token);
            return true;
        }
        catch (Exception e) when (e is System.Net.Sockets.SocketException or OperationCanceledException)
        {
            return false;
        }
    }
}
