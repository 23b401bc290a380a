using Dapper;
using Npgsql;

namespace Engine.Host.Tests.Demo;

/// <summary>
/// `engine demo` with Engine:Database:Provider=postgres pays the very same night as the embedded demo, byte for byte,
/// and pays it again the same on its earlier demo's database. Needs the PostgreSQL server of ENGINE_TEST_POSTGRES (.ci/run
/// starts one); skipped without it, failed without it when CI=true.
/// </summary>
[Collection("process-wide")]
public sealed class DemoOnPostgresTests : IDisposable
{
    private const string Variable = "ENGINE_TEST_POSTGRES";
    private readonly string _root = Directory.CreateTempSubdirectory("engine-demo-pg-").FullName;
    private string? _server, _schema;

    public void Dispose()
    {
        if (_schema is not null)
        {
            NpgsqlConnection.ClearAllPools();
            using var c = new NpgsqlConnection(_server);
            c.Open();
            c.Execute($"DROP SCHEMA IF EXISTS \"{_schema}\" CASCADE; DROP SCHEMA IF EXISTS \"{_schema}_hangfire\" CASCADE");
        }
        Directory.Delete(_root, recursive: true);
    }

    private static string Server()
    {
        var server = Environment.GetEnvironmentVariable(Variable);
        if (!string.IsNullOrWhiteSpace(server)) return server;
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            throw new InvalidOperationException($"CI=true and {Variable} is not set: the demo must be run on PostgreSQL (.ci/run starts a server)");
        throw new SkipException($"{Variable} is not set: the demo on PostgreSQL is not tested");
    }

    private static (int Code, string Out) Demo(string folder, string? config = null)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        string[] args = ["demo", "--out", folder, "--members", "300", "--lines", "900", "--seed", "11"];
        var code = Program.Run(config is null ? args : [.. args, "--config", config], stdout, stderr);
        return (code, stdout.ToString() + stderr);
    }

    /// <summary>Every file under <paramref name="folder"/>'s runs and outbox, by relative path.</summary>
    private static SortedDictionary<string, byte[]> Files(string folder)
    {
        var files = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var sub in new[] { "runs", "outbox" })
            foreach (var f in Directory.GetFiles(Path.Combine(folder, sub), "*", SearchOption.AllDirectories))
                // .engine-store names the store the output folder belongs to (its random id): the store, not the night.
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
    public void The_demo_on_PostgreSQL_pays_the_night_of_the_embedded_demo_byte_for_byte()
    {
        _server = Server();
        _schema = "engine_demo_" + Guid.NewGuid().ToString("N");
        using (var c = new NpgsqlConnection(_server))
        {
            c.Open();
            c.Execute($"CREATE SCHEMA \"{_schema}\"");
        }
        var connection = new NpgsqlConnectionStringBuilder(_server) { SearchPath = _schema }.ConnectionString;
        var config = Path.Combine(_root, "postgres.json");
        File.WriteAllText(config, System.Text.Json.JsonSerializer.Serialize(new
        {
            // Hangfire's tables in a schema of this test's own (the default `hangfire` is shared by the whole database).
            Engine = new { Database = new { Provider = "postgres", ConnectionString = connection }, Hangfire = new { Schema = _schema + "_hangfire" } },
        }));

        var embedded = Path.Combine(_root, "sqlite");
        var (code, output) = Demo(embedded);
        Assert.True(code == 0, output);
        var onServer = Path.Combine(_root, "postgres");
        (code, output) = Demo(onServer, config);
        Assert.True(code == 0, output);
        Assert.Contains("Preparing the PostgreSQL database", output);
        Assert.False(File.Exists(Path.Combine(onServer, "engine.db")), "the demo on PostgreSQL wrote an embedded database");

        var expected = Files(embedded);
        Assert.Contains(Path.Combine("runs", "nightly-2024-03-05", "nightly-2024-03-05.pain001.xml"), expected.Keys);
        Assert.Contains(Path.Combine("runs", "nightly-2024-03-05", "ac-decisions.csv"), expected.Keys);
        AssertSameFiles(expected, Files(onServer), "between the embedded demo and the demo on PostgreSQL");

        // The earlier demo's database is emptied and the same night paid again.
        (code, output) = Demo(onServer, config);
        Assert.True(code == 0, output);
        Assert.Contains("earlier demo emptied", output);
        AssertSameFiles(expected, Files(onServer), "on PostgreSQL after an earlier demo");
    }

    [SkippableFact]
    public void The_demo_refuses_a_PostgreSQL_schema_that_holds_something_else()
    {
        _server = Server();
        _schema = "engine_demo_" + Guid.NewGuid().ToString("N");
        using (var c = new NpgsqlConnection(_server))
        {
            c.Open();
            c.Execute($"CREATE SCHEMA \"{_schema}\"; CREATE TABLE \"{_schema}\".ledger (x int)");
        }
        var connection = new NpgsqlConnectionStringBuilder(_server) { SearchPath = _schema }.ConnectionString;
        var config = Path.Combine(_root, "postgres.json");
        File.WriteAllText(config, System.Text.Json.JsonSerializer.Serialize(new
        {
            // Hangfire's tables in a schema of this test's own (the default `hangfire` is shared by the whole database).
            Engine = new { Database = new { Provider = "postgres", ConnectionString = connection }, Hangfire = new { Schema = _schema + "_hangfire" } },
        }));
        var (code, output) = Demo(Path.Combine(_root, "postgres"), config);
        Assert.NotEqual(0, code);
        Assert.Contains("holds tables and is not a demo's", output);
    }
}
