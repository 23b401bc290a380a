using System.Diagnostics;
using System.Text;
using Engine.Host.Tests.ExactlyOnce;
using Engine.Host.Web.Dashboard;
using Engine.Jobs;

namespace Engine.Host.Tests.Operations;

/// <summary>`engine dashboard-password`: the password on standard input, its hash (and nothing else) on standard output.</summary>
public sealed class DashboardPasswordCommandTests
{
    private static EngineProcess.Exit Run(string input)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var a in new[] { "exec", EngineProcess.EngineDll, "dashboard-password" }) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        process.StandardInput.Write(input);
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(1)), "dashboard-password did not end");
        return new EngineProcess.Exit(process.ExitCode, stdout.Result, stderr.Result);
    }

    [Fact]
    public void The_hash_printed_opens_the_dashboard_with_that_password_only_and_a_short_password_is_refused()
    {
        var exit = Run("operator-password-1\n");
        Assert.True(exit.Code == 0, exit.ToString());
        var hash = exit.Out.Trim();
        Assert.DoesNotContain("operator-password-1", exit.Out + exit.Err);
        var users = DashboardUsers.From(new DashboardOptions { Users = [new DashboardUser { Name = "ops", PasswordHash = hash, Role = "operator" }] });
        string Basic(string password) => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("ops:" + password));
        Assert.Equal("ops", users.Authenticate(Basic("operator-password-1"))?.Name);
        Assert.Null(users.Authenticate(Basic("operator-password-2")));

        // 11 characters: one short of the 12 asked.
        var refused = Run("short-pass1\n");
        Assert.Equal(2, refused.Code);
        Assert.Equal("error: the password has 11 characters: at least 12", refused.Err.Trim());
        Assert.Equal("", refused.Out);
    }
}
