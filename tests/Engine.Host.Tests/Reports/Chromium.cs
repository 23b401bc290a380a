using System.Diagnostics;

namespace Engine.Host.Tests.Reports;

/// <summary>
/// Debian's chromium, headless: renders a page from a file and gives the DOM it built. CI installs it (.ci/run) and a
/// test that needs it fails there when it is missing; on a developer's machine without it the test is skipped, saying why.
/// </summary>
internal static class Chromium
{
    private static readonly string[] Names = ["chromium", "chromium-browser", "google-chrome"];

    public static string Require()
    {
        var path = Find();
        if (path is not null) return path;
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            Assert.Fail("chromium is not installed: CI must render the run report in a real browser (.ci/run installs it with apt-get install chromium)");
        Skip.If(true, "chromium is not installed here (apt-get install chromium): the report is not rendered in a browser on this machine");
        return "";
    }

    /// <summary>The DOM chromium built from the file (--dump-dom), scripts and network off.</summary>
    public static string DumpDom(string file)
    {
        var chromium = Require();
        var profile = Directory.CreateTempSubdirectory("engine-chromium-").FullName;
        try
        {
            var start = new ProcessStartInfo(chromium)
            {
                RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            };
            foreach (var a in new[]
                     {
                         "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--disable-extensions",
                         $"--user-data-dir={profile}", "--dump-dom", new Uri(Path.GetFullPath(file)).AbsoluteUri,
                     })
                start.ArgumentList.Add(a);
            using var process = Process.Start(start)!;
            var stderr = process.StandardError.ReadToEndAsync();
            var dom = process.StandardOutput.ReadToEnd();
            if (!process.WaitForExit(120_000))
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail("chromium did not render the page within 120 s");
            }
            Assert.True(dom.Contains("</html>", StringComparison.Ordinal), $"chromium gave no DOM (exit {process.ExitCode}): {stderr.Result}");
            return dom;
        }
        finally
        {
            try { Directory.Delete(profile, recursive: true); } catch (IOException) { }
        }
    }

    private static string? Find()
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            foreach (var name in Names)
            {
                var full = Path.Combine(dir, name);
                if (File.Exists(full)) return full;
            }
        return null;
    }
}
