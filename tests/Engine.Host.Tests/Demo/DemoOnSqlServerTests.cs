using Dapper;
using Microsoft.Data.SqlClient;

namespace Engine.Host.Tests.Demo;

/// <summary>
/// `engine demo` with Engine:Database:Provider=sqlserver pays the very same night as the embedded demo, byte for byte,
/// and again on its earlier demo's database. Needs the SQL Server of ENGINE_TEST_SQLSERVER (a connection string allowed
/// to create databases); skipped without it, in CI too, since no machine of the project runs SQL Server.
/// </summary>
[Collection("process-wide")]
public sealed class DemoOnSqlServerTests : IDisposable
{
    private const string Variable = "ENGINE_TEST_SQLSERVER";
    private readonly string _root = Directory.CreateTempSubdirectory("engine-demo-mssql-").FullName;
    private string? _server, _database;

    public void Dispose()
    {
        if (_database is not null)
        {
            SqlConnection.ClearAllPools();
            using var c = new SqlConnection(_server);
            c.Open();
            c.Execute($"ALTER DATABASE [{_database}] SET SINGLE_USER WITH ROLLBACK IMMEDIATE; DROP DATABASE [{_database}];", commandTimeout: 120);
        }
        Directory.Delete(_root, recursive: true);
    }

    private static string Server()
    {
        var server = Environment.GetEnvironmentVariable(Variable);
        if (!string.IsNullOrWhiteSpace(server)) return server;
        throw new SkipException($"{Variable} is not set: SQL Server was not run, the demo on SQL Server is not tested");
    }

    /// <summary>A database of the test's own; returns the configuration file naming it.</summary>
    private string Database(string? setup = null)
    {
        _server = Server();
        _database = "engine_demo_" + Guid.NewGuid().ToString("N");
        using (var c = new SqlConnection(_server))
        {
            c.Open();
            c.Execute($"CREATE DATABASE [{_database}]", commandTimeout: 120);
        }
        var connection = new SqlConnectionStringBuilder(_server) { InitialCatalog = _database }.ConnectionString;
        if (setup is not null)
        {
            using var c = new SqlConnection(connection);
            c.Open();
            c.Execute(setup);
        }
        var config = Path.Combine(_root, "sqlserver.json");
        File.WriteAllText(config, System.Text.Json.JsonSerializer.Serialize(new
        {
            Engine = new { Database = new { Provider = "sqlserver", ConnectionString = connection } },
        }));
        return config;
    }

    private static (int Code, string Out) Demo(string folder, string? config = null)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        string[] args = ["demo", "--out", folder, "--members", "300", "--lines", "900", "--seed", "11"];
        var code = Program.Run(config is null ? args : [.. args, "--config", config], stdout, stderr);
        return (code, stdout.ToString() + stderr);
    }

    /// <summary>Every file under <paramref name="folder"/>'s runs and outbox, by relative path (the store's own id aside).</summary>
    private static SortedDictionary<string, byte[]> Files(string folder)
    {
        var files = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var sub in new[] { "runs", "outbox" })
            foreach (var f in Directory.GetFiles(Path.Combine(folder, sub), "*", SearchOption.AllDirectories))
                if (Path.GetFileName(f) != ".engine-store") files[Path.GetRelativePath(folder, f)] = File.ReadAllBytes(f);
        return files;
    }

    private static void AssertSameFiles(SortedDictionary<string, byte[]> expected, SortedDictionary<string, byte[]> actual, string what)
    {
        Assert.Equal(expected.Keys, actual.Keys);
        foreach (var (name, bytes) in expected)
            Assert.True(bytes.AsSpan().SequenceEqual(actual[name]), $"{name} differs {what}");
    }

    [SkippableFact]
    public void The_demo_on_SQL_Server_pays_the_night_of_the_embedded_demo_byte_for_byte()
    {
        var config = Database();
        var embedded = Path.Combine(_root, "sqlite");
        var (code, output) = Demo(embedded);
        Assert.True(code == 0, output);
        var onServer = Path.Combine(_root, "sqlserver");
        (code, output) = Demo(onServer, config);
        Assert.True(code == 0, output);
        Assert.Contains("Preparing the SQL Server database", output);
        Assert.False(File.Exists(Path.Combine(onServer, "engine.db")), "the demo on SQL Server wrote an embedded database");

        var expected = Files(embedded);
        Assert.Contains(Path.Combine("runs", "nightly-2024-03-05", "nightly-2024-03-05.pain001.xml"), expected.Keys);
        AssertSameFiles(expected, Files(onServer), "between the embedded demo and the demo on SQL Server");

        (code, output) = Demo(onServer, config);
        Assert.True(code == 0, output);
        Assert.Contains("earlier demo emptied", output);
        AssertSameFiles(expected, Files(onServer), "on SQL Server after an earlier demo");
    }

    [SkippableFact]
    public void The_demo_refuses_a_SQL_Server_schema_that_holds_something_else()
    {
        var config = Database("CREATE TABLE ledger (x int)");
        var (code, output) = Demo(Path.Combine(_root, "sqlserver"), config);
        Assert.NotEqual(0, code);
        Assert.Contains("holds tables and is not a demo's", output);
    }
}
