using System.CommandLine;
using Engine.Core.Rules;
using Engine.Host.Commands;

namespace Engine.Host;

public static class Program
{
    public static int Main(string[] args) => Run(args, Console.Out, Console.Error);

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var root = new RootCommand("Belgian health-insurance payment engine: reimbursements, ceilings, indemnities, payments");
        foreach (var command in CommandCatalog.All()) root.Subcommands.Add(command);
        var config = new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false };
        try
        {
            return root.Parse(args).Invoke(config);
        }
        catch (Exception e) when (e is CliError or RuleLoadException or RuleCoverageException)
        {
            stderr.WriteLine($"error: {e.Message}");
            return 2;
        }
        catch (Exception e) when (e.InnerException is CliError or RuleLoadException or RuleCoverageException)
        {
            stderr.WriteLine($"error: {e.InnerException!.Message}");
            return 2;
        }
        catch (Exception e)
        {
            // Anything else is a defect: one readable line here, the whole exception in the log.
            // The exception text passes through the redaction like every other value: it may quote an input.
            // The console shows the message; the file also gets the detail (its template writes the properties).
            Serilog.Log.ForContext("Detail", Engine.Jobs.Logging.Redact.Text(e.ToString()))
                .Error("Command failed: {ErrorType}", e.GetType().Name);
            var message = Engine.Jobs.Logging.Redact.Text(e.Message.Length > 400 ? e.Message[..400] + "..." : e.Message);
            stderr.WriteLine($"error: {e.GetType().Name}: {message} (details in logs/)");
            return 1;
        }
        finally
        {
            Serilog.Log.CloseAndFlush();
        }
    }
}
