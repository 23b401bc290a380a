namespace Engine.Tests.Shared;

/// <summary>
/// The project's shared/ folder (reference sheets, real eFact and eAttest samples) lies beside the repository:
/// ../shared from the repository root. ENGINE_SHARED_DIR overrides it. Tests that read it skip, with this message,
/// where it is absent; its files are never copied into the repository.
/// </summary>
public static class SharedFolder
{
    // RepositoryRoot first: static initialisers run in order and Find() reads it.
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static string? Path { get; } = Find();

    /// <summary>The full path of a file under shared/, or a skip of the calling test when shared/ is absent.</summary>
    public static string File(string relative)
    {
        Skip.If(Path is null, "shared/ is not beside the repository (set ENGINE_SHARED_DIR): this test reads real samples from it");
        var full = System.IO.Path.Combine(Path!, relative);
        Assert.True(System.IO.File.Exists(full) || Directory.Exists(full), $"shared/{relative} is missing");
        return full;
    }

    private static string? Find()
    {
        var env = Environment.GetEnvironmentVariable("ENGINE_SHARED_DIR");
        if (!string.IsNullOrEmpty(env) && Directory.Exists(env)) return env;
        var candidate = System.IO.Path.GetFullPath(System.IO.Path.Combine(RepositoryRoot, "..", "shared"));
        return Directory.Exists(candidate) ? candidate : null;
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (System.IO.File.Exists(System.IO.Path.Combine(dir.FullName, "Engine.sln"))) return dir.FullName;
        throw new InvalidOperationException("cannot find the repository root (Engine.sln) above " + AppContext.BaseDirectory);
    }
}
