using Engine.Host.Commands;
using Microsoft.Data.Sqlite;

namespace Engine.Host.Hosting;

/// <summary>
/// The configured SQLite file, checked before a command touches it: a missing file is refused (exit 2, naming it) by
/// every command but `migrate` and `demo`, which create it; a file that is not a SQLite database is refused by all.
/// A mistyped --database so never runs an empty night, and never turns a stray file into a database.
/// </summary>
public static class DatabaseFile
{
    private static readonly byte[] Header = "SQLite format 3\0"u8.ToArray();

    /// <summary>The database file the command uses (checked last), for the one-line error of a database it cannot use.</summary>
    public static string? Current { get; private set; }

    public static void Check(string connectionString, bool mayCreate)
    {
        Current = null;
        string? source;
        try
        {
            source = new SqliteConnectionStringBuilder(connectionString).DataSource;
        }
        catch (ArgumentException e)
        {
            throw new CliError($"Engine:Database:ConnectionString: {e.Message}");
        }
        if (string.IsNullOrEmpty(source) || source == ":memory:") return;
        var path = Path.GetFullPath(source);
        Current = path;
        if (Directory.Exists(path)) throw new CliError($"database '{path}' is a folder, not a database file");
        if (!File.Exists(path))
        {
            if (mayCreate) return;
            throw new CliError($"database '{path}' does not exist: check --database (or Engine:Database:ConnectionString); `engine migrate` creates a new one");
        }
        var length = new FileInfo(path).Length;
        if (length == 0) return; // SQLite's own empty database
        var head = new byte[Header.Length];
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
            if (length < Header.Length || stream.ReadAtLeast(head, Header.Length, throwOnEndOfStream: false) < Header.Length || !head.AsSpan().SequenceEqual(Header))
                throw new CliError($"'{path}' is not a SQLite database: check --database (or Engine:Database:ConnectionString)");
    }
}
