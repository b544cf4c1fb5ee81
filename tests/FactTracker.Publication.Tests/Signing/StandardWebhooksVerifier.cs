using System.Diagnostics;
using System.Text.Json;
using FactTracker.Testing;

namespace FactTracker.Publication.Tests.Signing;

/// <summary>
/// Runs the official <c>standardwebhooks</c> npm package under Node.js on received webhooks. deploy/test.sh installs the package
/// into .facttracker/node (git-ignored) and names it in FACTTRACKER_TEST_NODE_MODULES; without node or the package, this fails saying so.
/// </summary>
public static class StandardWebhooksVerifier
{
    private static string Script => Path.Combine(AppContext.BaseDirectory, "Signing", "verify-standardwebhooks.js");

    public static string NodeModules => Environment.GetEnvironmentVariable("FACTTRACKER_TEST_NODE_MODULES")
        ?? RepositoryRoot.File(".facttracker", "node", "node_modules");

    /// <summary>"ok" or "fail: why" for each (secret, webhook) in order.</summary>
    public static async Task<IReadOnlyList<string>> VerifyAsync(IEnumerable<(string Secret, IReadOnlyDictionary<string, string> Headers, byte[] Body)> webhooks)
    {
        var node = FindNode() ?? throw new InvalidOperationException(
            "Node.js (node) is not on PATH: the Standard Webhooks test runs the official npm package with it. Install Node.js, or run ./deploy/test.sh.");
        if (!File.Exists(Path.Combine(NodeModules, "standardwebhooks", "package.json")))
            throw new InvalidOperationException($"The standardwebhooks npm package is not in {NodeModules}. Run ./deploy/test.sh, which installs it, " +
                "or: npm install --prefix .facttracker/node --no-save standardwebhooks@1.1.1");

        var start = new ProcessStartInfo(node, [Script])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["NODE_PATH"] = NodeModules;
        using var process = Process.Start(start)!;
        var input = webhooks.Select(w => JsonSerializer.Serialize(new
        {
            secret = w.Secret,
            headers = new Dictionary<string, string>
            {
                ["webhook-id"] = w.Headers["webhook-id"],
                ["webhook-timestamp"] = w.Headers["webhook-timestamp"],
                ["webhook-signature"] = w.Headers["webhook-signature"],
            },
            body = Convert.ToBase64String(w.Body),
        })).ToList();
        foreach (var line in input) await process.StandardInput.WriteLineAsync(line);
        process.StandardInput.Close();
        var output = await process.StandardOutput.ReadToEndAsync();
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var results = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToList();
        if (process.ExitCode != 0 || results.Count != input.Count)
            throw new InvalidOperationException($"node {Script} exited {process.ExitCode} with {results.Count} of {input.Count} answers: {errors}");
        return results;
    }

    private static string? FindNode() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(dir => Path.Combine(dir, "node")).FirstOrDefault(File.Exists);

    public static (string, IReadOnlyDictionary<string, string>, byte[]) Input(string secret, ReceivedWebhook hook, byte[]? body = null) =>
        (secret, hook.Headers, body ?? hook.RawBody);
}
