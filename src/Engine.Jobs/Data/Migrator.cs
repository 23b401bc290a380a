using System.Data.Common;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Dapper;

namespace Engine.Jobs.Data;

/// <summary>
/// Applies the versioned SQL scripts of one store (embedded resources Data/Migrations/&lt;Store&gt;/NNNN_name.sql of this
/// assembly, or NNNN_name.sql resources under a prefix of the store's own assembly) in order, each in its own
/// transaction, and records them. A script already applied whose text has changed is refused: a shipped migration is
/// never edited, a new one is added.
/// </summary>
public static class Migrator
{
    /// <summary>The line a script carries to be applied with the foreign keys off (see <see cref="Apply"/>).</summary>
    public const string WithoutForeignKeys = "-- migrator: without foreign keys";

    public sealed record Script(int Version, string Name, string Sql, string Sha256);

    /// <summary>The scripts of a store whose migrations are embedded in Engine.Jobs (Data/Migrations/&lt;Store&gt;).</summary>
    public static IReadOnlyList<Script> Scripts(string store) =>
        Scripts(typeof(Migrator).Assembly, $"{typeof(Migrator).Assembly.GetName().Name}.Data.Migrations.{store}.");

    /// <summary>The scripts embedded in <paramref name="asm"/> whose resource names start with <paramref name="prefix"/>.</summary>
    public static IReadOnlyList<Script> Scripts(Assembly asm, string prefix)
    {
        return asm.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n =>
            {
                var file = n[prefix.Length..^4];
                var version = int.Parse(file.AsSpan(0, file.IndexOf('_')).TrimStart('_'));
                using var s = asm.GetManifestResourceStream(n)!;
                using var r = new StreamReader(s, Encoding.UTF8);
                var sql = r.ReadToEnd();
                var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sql)));
                return new Script(version, file, sql, hash);
            })
            .OrderBy(s => s.Version)
            .ToList();
    }

    /// <returns>The scripts applied by this call.</returns>
    public static IReadOnlyList<Script> Apply(DbConnection connection, string store, string appliedAt) =>
        Apply(connection, Scripts(store), appliedAt);

    /// <summary>The table recording the scripts applied, created when missing (SQLite and PostgreSQL).</summary>
    public const string CreateLedger = """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            version INTEGER PRIMARY KEY, name TEXT NOT NULL, sha256 TEXT NOT NULL, applied_at TEXT NOT NULL)
        """;

    /// <summary>Applies these scripts (a store of its own assembly: <see cref="Scripts(Assembly, string)"/>).</summary>
    /// <param name="createLedger">The statement creating schema_migrations when missing, in the store's dialect.</param>
    /// <returns>The scripts applied by this call.</returns>
    public static IReadOnlyList<Script> Apply(DbConnection connection, IReadOnlyList<Script> scripts, string appliedAt, string createLedger = CreateLedger)
    {
        connection.Execute(createLedger);
        var applied = connection.Query<(long Version, string Name, string Sha256)>(
            "SELECT CAST(version AS BIGINT), name, sha256 FROM schema_migrations").ToDictionary(r => (int)r.Version);
        var done = new List<Script>();
        foreach (var script in scripts)
        {
            if (applied.TryGetValue(script.Version, out var existing))
            {
                if (existing.Sha256 != script.Sha256)
                    throw new EngineRefusal(
                        $"migration {script.Name} was changed after it was applied to this database (hash {Short(existing.Sha256)} != {Short(script.Sha256)})");
                continue;
            }
            // A script that rebuilds a table others refer to (SQLite cannot alter a CHECK constraint) runs with the
            // foreign keys off, and is refused if it leaves a dangling reference (SQLite's documented procedure).
            var withoutForeignKeys = script.Sql.Contains(WithoutForeignKeys, StringComparison.Ordinal);
            if (withoutForeignKeys) connection.Execute("PRAGMA foreign_keys = OFF");
            try
            {
                using var tx = connection.BeginTransaction();
                connection.Execute(script.Sql, transaction: tx);
                if (withoutForeignKeys && connection.Query<string>("PRAGMA foreign_key_check", transaction: tx).Any())
                    throw new InvalidOperationException($"migration {script.Name} leaves rows that refer to no row: not applied");
                connection.Execute("INSERT INTO schema_migrations (version, name, sha256, applied_at) VALUES (@v, @n, @h, @a)",
                    new { v = script.Version, n = script.Name, h = script.Sha256, a = appliedAt }, tx);
                tx.Commit();
            }
            finally
            {
                if (withoutForeignKeys) connection.Execute("PRAGMA foreign_keys = ON");
            }
            done.Add(script);
        }
        var unknown = applied.Keys.Except(scripts.Select(s => s.Version)).ToList();
        if (unknown.Count > 0)
            throw new EngineRefusal(
                $"this database has migrations {string.Join(", ", unknown)} that this build does not know: it was written by a newer version");
        return done;
    }

    /// <summary>The first 12 characters of a recorded hash, whatever was recorded (a hand-edited row may be shorter).</summary>
    private static string Short(string? hash) => hash is null ? "(none)" : hash.Length <= 12 ? $"'{hash}'" : hash[..12];
}
