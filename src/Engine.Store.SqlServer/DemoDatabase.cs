using Dapper;
using Microsoft.Data.SqlClient;

namespace Engine.Store.SqlServer;

/// <summary>
/// What <c>engine demo</c> does with a SQL Server database before it migrates it: an empty schema (the default schema of
/// the connection's user) becomes a demo schema (a marker table), and the schema of an earlier demo is emptied, so that
/// every demo pays the very same night. A schema holding anything else is refused: the demo never drops what it did not
/// create.
/// </summary>
public static class DemoDatabase
{
    private const string Marker = "engine_demo";

    internal const string SchemaSql = "SELECT SCHEMA_NAME()";
    internal const string TablesSql = "SELECT t.name FROM sys.tables t WHERE t.schema_id = SCHEMA_ID(SCHEMA_NAME()) ORDER BY t.name";

    // SQL Server has no DROP ... CASCADE: the foreign keys of the schema's tables go first, then the tables.
    internal const string EmptySchemaSql = """
        DECLARE @sql nvarchar(max) = N'';
        SELECT @sql = @sql + N'ALTER TABLE ' + QUOTENAME(SCHEMA_NAME()) + N'.' + QUOTENAME(t.name) + N' DROP CONSTRAINT ' + QUOTENAME(fk.name) + N';'
        FROM sys.foreign_keys fk JOIN sys.tables t ON t.object_id = fk.parent_object_id
        WHERE t.schema_id = SCHEMA_ID(SCHEMA_NAME());
        SELECT @sql = @sql + N'DROP TABLE ' + QUOTENAME(SCHEMA_NAME()) + N'.' + QUOTENAME(t.name) + N';'
        FROM sys.tables t WHERE t.schema_id = SCHEMA_ID(SCHEMA_NAME());
        EXEC sp_executesql @sql;
        """;

    internal const string MarkSql = """
        CREATE TABLE engine_demo (note nvarchar(200) NOT NULL);
        INSERT INTO engine_demo VALUES (N'Created by engine demo; emptied by the next demo.');
        """;

    /// <returns>What was done, for the demo's output.</returns>
    public static string Prepare(string connectionString)
    {
        using var c = new SqlConnection(connectionString);
        c.Open();
        using var tx = c.BeginTransaction();
        var schema = c.ExecuteScalar<string>(SchemaSql, transaction: tx)
                     ?? throw new InvalidOperationException("the connection's user has no default schema to work in");
        var tables = c.Query<string>(TablesSql, transaction: tx).AsList();
        if (tables.Count > 0 && !tables.Contains(Marker))
            throw new InvalidOperationException(
                $"the SQL Server schema '{schema}' holds tables and is not a demo's: the demo needs an empty database (or an earlier demo's)");
        c.Execute(EmptySchemaSql, transaction: tx);
        c.Execute(MarkSql, transaction: tx);
        tx.Commit();
        return tables.Count > 0 ? $"earlier demo emptied in schema '{schema}'" : $"empty schema '{schema}' taken for the demo";
    }
}
