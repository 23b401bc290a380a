using System.Diagnostics;

namespace Engine.Host.Tests.ExactlyOnce;

/// <summary>The real `engine` program in a process of its own: the built engine.dll started with `dotnet exec`.</summary>
public static class EngineProcess
{
    public sealed record Exit(int Code, string Out, string Err)
    {
        public override string ToString() => $"exit {Code}\n{Out}\n{Err}";
    }

    /// <summary>engine.dll as built beside the tests (the Host project is referenced, so its output is copied here).</summary>
    public static string EngineDll
    {
        get
        {
            var beside = Path.Combine(AppContext.BaseDirectory, "engine.dll");
            if (File.Exists(beside) && File.Exists(Path.Combine(AppContext.BaseDirectory, "engine.runtimeconfig.json"))) return beside;
            var config = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name; // bin/<Configuration>/net10.0
            var host = Path.Combine(Engine.Tests.Shared.SharedFolder.RepositoryRoot, "src", "Engine.Host", "bin", config, "net10.0", "engine.dll");
            Assert.True(File.Exists(host), $"the built engine is neither beside the tests nor at {host}");
            return host;
        }
    }

    /// <summary>Runs `engine args` in <paramref name="workDir"/> with the given environment on top of this one's (ENGINE_CRASH_AT removed unless given).</summary>
    public static Exit Run(string workDir, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = workDir, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(EngineDll);
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment.Remove(Engine.Jobs.Runs.CrashPoints.Variable);
        foreach (var (k, v) in environment) start.Environment[k] = v;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        // A safety net against a hung child, not a timing assertion.
        if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"engine {string.Join(' ', args)} did not end");
        }
        process.WaitForExit();
        return new Exit(process.ExitCode, stdout.Result, stderr.Result);
    }
}

/// <summary>A real `engine` process started and left running: the test waits for it, or kills it (SIGKILL), when it chooses.</summary>
public sealed class RunningEngine : IDisposable
{
    private readonly Process _process;
    private readonly Task<string> _stdout;
    private readonly Task<string> _stderr;
    private readonly string[] _args;

    public RunningEngine(string workDir, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        _args = args;
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = workDir, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(EngineProcess.EngineDll);
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment.Remove(Engine.Jobs.Runs.CrashPoints.Variable);
        // Several `serve` on this machine: each its own free port for its dashboard and health checks, unless the test says.
        start.Environment["Engine__Dashboard__Urls"] = "http://127.0.0.1:0";
        foreach (var (k, v) in environment) start.Environment[k] = v;
        _process = Process.Start(start)!;
        _stdout = _process.StandardOutput.ReadToEndAsync();
        _stderr = _process.StandardError.ReadToEndAsync();
    }

    public bool HasExited => _process.HasExited;

    /// <summary>SIGKILL, as a power cut: no finally block, no flush. False when it had ended already.</summary>
    public bool Kill()
    {
        if (_process.HasExited) return false;
        try { _process.Kill(); }
        catch (InvalidOperationException) { return false; }
        return true;
    }

    public EngineProcess.Exit Wait()
    {
        if (!_process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            _process.Kill(entireProcessTree: true);
            Assert.Fail($"engine {string.Join(' ', _args)} did not end");
        }
        _process.WaitForExit();
        return new EngineProcess.Exit(_process.ExitCode, _stdout.Result, _stderr.Result);
    }

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.Dispose();
    }
}
