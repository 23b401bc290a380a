using System.Reflection;

namespace Engine.Jobs;

/// <summary>
/// The engine build a run records beside its rule-set version: the informational version the SDK stamps at build
/// ("1.0.0+&lt;commit&gt;": the .NET SDK's Source Link appends the git commit it was built from), and that commit alone.
/// A build made outside a git checkout has no commit: "unknown".
/// </summary>
public static class EngineBuild
{
    public static string Version { get; } =
        typeof(EngineBuild).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    public static string Commit { get; } = Version.IndexOf('+') is var plus and >= 0 && plus < Version.Length - 1 ? Version[(plus + 1)..] : "unknown";
}
