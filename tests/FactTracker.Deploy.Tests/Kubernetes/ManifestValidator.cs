using System.Text.Json;

namespace FactTracker.Deploy.Tests.Kubernetes;

/// <summary>One YAML document of a manifest file, as parsed and validated by validate-manifests.mjs.</summary>
public sealed record ManifestDocument(string File, int Index, string? ApiVersion, string? Kind, string? Name, JsonElement Object, IReadOnlyList<string> Errors)
{
    public override string ToString() => $"{File}#{Index} {ApiVersion} {Kind} {Name}";
}

/// <summary>
/// Checks manifests offline against Kubernetes' own schemas with the kubernetes-models and yaml npm packages under Node.js.
/// deploy/test.sh installs them into .facttracker/node (git-ignored) and names the folder in FACTTRACKER_TEST_NODE_MODULES;
/// without node or the packages, this fails saying so.
/// </summary>
public static class ManifestValidator
{
    public const string KubernetesModels = "kubernetes-models@5.1.0";
    public const string Yaml = "yaml@2.9.1";

    private static string Script => Path.Combine(AppContext.BaseDirectory, "Kubernetes", "validate-manifests.mjs");

    public static string NodeModules => Environment.GetEnvironmentVariable("FACTTRACKER_TEST_NODE_MODULES")
        ?? RepositoryRoot.File(".facttracker", "node", "node_modules");

    public static async Task<IReadOnlyList<ManifestDocument>> ValidateAsync(IEnumerable<string> files)
    {
        var node = Tool.Find("node") ?? throw new InvalidOperationException(
            "Node.js (node) is not on PATH: the manifest tests validate with npm packages under it. Install Node.js, or run ./deploy/test.sh.");
        foreach (var package in new[] { "kubernetes-models", "yaml" })
            if (!File.Exists(Path.Combine(NodeModules, package, "package.json")))
                throw new InvalidOperationException($"The {package} npm package is not in {NodeModules}. Run ./deploy/test.sh, which installs it, " +
                    $"or: npm install --prefix .facttracker/node --no-save standardwebhooks@1.1.1 {KubernetesModels} {Yaml}");

        var result = await Tool.RunAsync(node, [Script, .. files], RepositoryRoot.Path,
            new Dictionary<string, string> { ["FACTTRACKER_TEST_NODE_MODULES"] = NodeModules });
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"node {Script} exited {result.ExitCode}: {result.Errors}");
        using var json = JsonDocument.Parse(result.Output);
        return json.RootElement.EnumerateArray().Select(d => new ManifestDocument(
            d.GetProperty("file").GetString()!,
            d.GetProperty("index").GetInt32(),
            d.GetProperty("apiVersion").GetString(),
            d.GetProperty("kind").GetString(),
            d.GetProperty("name").GetString(),
            d.GetProperty("object").Clone(),
            d.GetProperty("errors").EnumerateArray().Select(e => e.GetString()!).ToList())).ToList();
    }
}
