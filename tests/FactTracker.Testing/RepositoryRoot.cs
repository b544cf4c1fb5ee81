namespace FactTracker.Testing;

/// <summary>The repository's root: the nearest directory above the test binaries that holds FactTracker.sln.</summary>
public static class RepositoryRoot
{
    public static string Path { get; } = Find();

    public static string File(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (System.IO.File.Exists(System.IO.Path.Combine(dir.FullName, "FactTracker.sln"))) return dir.FullName;
        throw new InvalidOperationException($"no FactTracker.sln above {AppContext.BaseDirectory}");
    }
}
