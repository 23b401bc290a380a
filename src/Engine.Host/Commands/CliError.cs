namespace Engine.Host.Commands;

/// <summary>A user-facing failure: printed as one line on stderr, exit code 2. No stack trace.</summary>
public sealed class CliError(string message) : Exception(message);
