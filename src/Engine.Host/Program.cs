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
            var parsed = root.Parse(args);
            if (parsed.Errors.Count > 0)
            {
                // A usage error: one line, exit 2 (the README's promise), with where to find the usage.
                stderr.WriteLine($"error: {string.Join("; ", parsed.Errors.Select(e => e.Message))} (see --help)");
                return 2;
            }
            return parsed.Invoke(config);
        }
        catch (Exception e) when (e is CliError or RuleLoadException or RuleCoverageException)
        {
            stderr.WriteLine($"error: {e.Message}");
            return 2;
        }
        catch (Exception e) when (Refusal(e) is { } refusal)
        {
            stderr.WriteLine($"error: {Engine.Jobs.Logging.Redact.Text(refusal.Message)}");
            return refusal.ExitCode;
        }
        catch (Exception e) when (StoreProblem(e) is { } problem)
        {
            var file = Hosting.DatabaseFile.Current is { } path ? $" '{path}'" : "";
            stderr.WriteLine($"error: database{file}: {Engine.Jobs.Logging.Redact.Text(problem.Message)}");
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

    private static Engine.Jobs.EngineRefusal? Refusal(Exception e) =>
        e as Engine.Jobs.EngineRefusal ?? e.InnerException as Engine.Jobs.EngineRefusal;

    /// <summary>
    /// The database cannot be used as it is (not a database, damaged, read-only, full, cannot be opened, busy): the
    /// operator's to mend, exit 2. A constraint refused (a second payment) stays a defect: exit 1 with the details logged.
    /// </summary>
    private static Microsoft.Data.Sqlite.SqliteException? StoreProblem(Exception e) =>
        (e as Microsoft.Data.Sqlite.SqliteException ?? e.InnerException as Microsoft.Data.Sqlite.SqliteException) is { } s
        && s.SqliteErrorCode is 3 or 5 or 6 or 8 or 10 or 11 or 13 or 14 or 26 ? s : null;
}
