using Dapper;
using Npgsql;

namespace Engine.Store.Postgres;

/// <summary>
/// What <c>engine demo</c> does with a PostgreSQL database before it migrates it: an empty schema becomes a demo schema
/// (a marker table), and the schema of an earlier demo is emptied, so that every demo pays the very same night. A schema
/// holding anything else is refused: the demo never drops what it did not create.
/// </summary>
public static class DemoDatabase
{
    private const string Marker = "engine_demo";

    /// <returns>What was done, for the demo's output.</returns>
    public static string Prepare(string connectionString)
    {
        using var c = new NpgsqlConnection(connectionString);
        c.Open();
        using var tx = c.BeginTransaction();
        var schema = c.ExecuteScalar<string>("SELECT current_schema()", transaction: tx)
                     ?? throw new InvalidOperationException("the connection has no schema to work in (search path)");
        var tables = c.Query<string>("SELECT tablename FROM pg_tables WHERE schemaname = @schema ORDER BY tablename", new { schema }, tx).AsList();
        if (tables.Count > 0 && !tables.Contains(Marker))
            throw new InvalidOperationException(
                $"the PostgreSQL schema '{schema}' holds tables and is not a demo's: the demo needs an empty database (or an earlier demo's)");
        foreach (var table in tables)
            c.Execute($"DROP TABLE IF EXISTS \"{schema}\".\"{table}\" CASCADE", transaction: tx);
        c.Execute($"CREATE TABLE \"{schema}\".{Marker} (note text NOT NULL)", transaction: tx);
        c.Execute($"INSERT INTO \"{schema}\".{Marker} VALUES ('Created by engine demo; emptied by the next demo.')", transaction: tx);
        tx.Commit();
        return tables.Count > 0 ? $"earlier demo emptied in schema '{schema}'" : $"empty schema '{schema}' taken for the demo";
    }
}
