namespace Engine.Jobs;

/// <summary>
/// A refusal the operator acts on, not a defect: a database that is not this engine's, a run date that needs
/// confirming, an output folder of another store, a run already in progress. The `engine` program prints the message as
/// one line and exits with <see cref="ExitCode"/> (2, or 4 for "busy, try again"); nothing was changed.
/// </summary>
public class EngineRefusal(string message, int exitCode = EngineRefusal.Usage) : Exception(message)
{
    /// <summary>The operator gave something that cannot be used as it is (path, date, scope, folder).</summary>
    public const int Usage = 2;
    /// <summary>Another process holds the run lock of this database: nothing was done, starting again later is safe.</summary>
    public const int Busy = 4;

    public int ExitCode { get; } = exitCode;
}
