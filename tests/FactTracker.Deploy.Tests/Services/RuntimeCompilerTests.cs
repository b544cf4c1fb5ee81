using System.Reflection;
using System.Text.Json;

namespace FactTracker.Deploy.Tests.Services;

/// <summary>
/// Marten 9 writes its storage and projection code at compile time (its source generator runs on every build), so no
/// service needs a C# compiler at run time. Roslyn in a service costs tens of MB of resident memory per process; this
/// catches a package that brings it back (a runtime code compiler, or a library that generates code at start-up).
/// </summary>
public sealed class RuntimeCompilerTests
{
    private static readonly string Configuration =
        typeof(RuntimeCompilerTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";

    public static TheoryData<string> Services => new() { "Ingest", "Claims", "Verification", "Publication" };

    [Theory]
    [MemberData(nameof(Services))]
    public async Task A_service_ships_without_a_runtime_compiler(string service)
    {
        var deps = Path.ChangeExtension(ServiceProcess.DllPath(RepositoryRoot.Path, service, Configuration), ".deps.json");
        Assert.True(File.Exists(deps), $"build the solution in {Configuration} first: {deps} is missing");
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(deps));
        var libraries = json.RootElement.GetProperty("libraries").EnumerateObject().Select(l => l.Name).ToList();

        Assert.Contains(libraries, l => l.StartsWith("Marten/", StringComparison.Ordinal));
        Assert.DoesNotContain(libraries, l => l.StartsWith("Microsoft.CodeAnalysis", StringComparison.OrdinalIgnoreCase)
            || l.StartsWith("JasperFx.RuntimeCompiler", StringComparison.OrdinalIgnoreCase));
    }
}
