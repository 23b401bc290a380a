using System.CommandLine;
using System.Text;
using Engine.Host.Web.Dashboard;

namespace Engine.Host.Commands;

/// <summary>
/// `dashboard-password`: reads a password from standard input (one line; not echoed on a terminal) and prints its hash
/// for Engine:Dashboard:Users:N:PasswordHash. The password goes nowhere else.
/// </summary>
public static class DashboardPasswordCommand
{
    public const int MinimumLength = 12;

    public static Command Create()
    {
        var command = new Command("dashboard-password",
            "Print the hash of a dashboard password read from standard input, for Engine:Dashboard:Users:N:PasswordHash");
        command.SetAction(parse =>
        {
            var password = Console.IsInputRedirected ? Console.In.ReadLine() : ReadHidden(parse.InvocationConfiguration.Error);
            if (string.IsNullOrEmpty(password)) throw new CliError("no password on standard input");
            if (password.Length < MinimumLength) throw new CliError($"the password has {password.Length} characters: at least {MinimumLength}");
            parse.InvocationConfiguration.Output.WriteLine(DashboardUsers.Hash(password));
            return 0;
        });
        return command;
    }

    private static string ReadHidden(TextWriter prompt)
    {
        prompt.Write("password: ");
        var text = new StringBuilder();
        while (Console.ReadKey(intercept: true) is var key && key.Key != ConsoleKey.Enter)
        {
            if (key.Key == ConsoleKey.Backspace) { if (text.Length > 0) text.Length--; }
            else if (!char.IsControl(key.KeyChar)) text.Append(key.KeyChar);
        }
        prompt.WriteLine();
        return text.ToString();
    }
}
