using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Engine.Host.Tests.ExactlyOnce;

namespace Engine.Host.Tests.Operations;

/// <summary>
/// A real `engine serve` in a process of its own, on a free port (Engine:Dashboard:Urls http://127.0.0.1:0): the test
/// waits for its start line and reads the address it bound from it. Killed when disposed.
/// </summary>
public sealed partial class ServeProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _out = new();
    private readonly StringBuilder _err = new();
    private readonly TaskCompletionSource<string> _serving = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ServeProcess(string workDir, IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = workDir, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var a in new[] { "exec", EngineProcess.EngineDll, "serve" }) start.ArgumentList.Add(a);
        start.Environment.Remove(Engine.Jobs.Runs.CrashPoints.Variable);
        start.Environment.Remove("OTEL_EXPORTER_OTLP_ENDPOINT");
        start.Environment["Engine__Dashboard__Urls"] = "http://127.0.0.1:0";
        foreach (var (k, v) in environment) start.Environment[k] = v;
        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) { _serving.TrySetException(new InvalidOperationException("serve ended: " + Output)); return; }
            lock (_out) _out.AppendLine(e.Data);
            if (e.Data.StartsWith("serving:", StringComparison.Ordinal)) _serving.TrySetResult(e.Data);
        };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_err) _err.AppendLine(e.Data); };
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Output
    {
        get
        {
            lock (_out) lock (_err) return $"{_out}\n{_err}";
        }
    }

    /// <summary>The start line, once printed (the listener is bound and the Hangfire server started by then).</summary>
    public string StartLine()
    {
        Assert.True(_serving.Task.Wait(TimeSpan.FromMinutes(1)), "serve did not print its start line in a minute: " + Output);
        return _serving.Task.Result;
    }

    /// <summary>The base address the listener bound, as the start line gives it for the health checks.</summary>
    public Uri Address()
    {
        var match = HealthAddress().Match(StartLine());
        Assert.True(match.Success, "no health address in the start line: " + StartLine());
        return new Uri(match.Groups[1].Value);
    }

    [GeneratedRegex(@"health (http://127\.0\.0\.1:\d+)/health")]
    private static partial Regex HealthAddress();

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
        _process.Dispose();
    }
}
