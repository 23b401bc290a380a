using System.Reflection;
using System.Text.Json;
using Dapper;
using Engine.Jobs.Data;
using Engine.Jobs.Data.Sqlite;
using Engine.Jobs.Efact;
using Engine.Jobs.Generation;
using Engine.Jobs.Ingestion;
using Engine.Jobs.Runs;
using Engine.Jobs.Tests.Stores;
using Engine.Jobs.Time;
using Engine.Store.Postgres;
using Microsoft.Data.Sqlite;
using NodaTime;
using Npgsql;

namespace Engine.Jobs.Tests.Runs;

/// <summary>
/// A run's Start costs the lines still to compute, not the history of computed nights (issue 11): it reads the work
/// list (lines_to_compute) and finds each of its care lines by key. Before it, Start read every care line ever stored
/// and searched each one's result.
/// </summary>
public sealed class WorkListPlanTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("engine-work-plan-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_root, recursive: true);
    }

    private static string Sql<TStore>() =>
        (string)typeof(TStore).GetField("WorkLinesSql", BindingFlags.Static | BindingFlags.NonPublic)!.GetValue(null)!;

    [Fact]
    public void On_SQLite_Start_walks_the_work_list_and_finds_each_care_line_by_its_key()
    {
        var db = Path.Combine(_root, "engine.db");
        SqliteStore.ForFile(db).Migrate(Instant.FromUtc(2026, 12, 7, 1, 0));
        using var c = new SqliteConnection($"Data Source={db}");
        c.Open();

        var plan = c.Query("EXPLAIN QUERY PLAN " + Sql<SqliteStore>(), new { asOf = "2026-12-07T01:00:00.000000000Z" })
            .Select(r => (string)r.detail).ToList();

        var text = string.Join("\n", plan);
        // The outer loop is the work list in line order (no sort); a care line is a search by its key, never a scan,
        // and no result is read.
        Assert.Equal("SCAN t", plan[0]);
        Assert.Contains("SEARCH l USING INTEGER PRIMARY KEY (rowid=?)", text);
        Assert.DoesNotContain(plan, d => d.StartsWith("SCAN", StringComparison.Ordinal) && d != "SCAN t");
        Assert.DoesNotContain("line_results", text);
        Assert.DoesNotContain("USE TEMP B-TREE FOR ORDER BY", text);
    }

    [SkippableFact]
    public void On_PostgreSQL_Start_visits_one_care_line_per_line_to_compute_whatever_was_computed_before()
    {
        using var night = SmallNight.Create(_root, new GeneratorOptions { Members = 300, Lines = 1200, Seed = 9 }, StoreKind.Postgres);
        var (options, clock, store, rules) = (night.Options, night.Clock, night.Store, night.Rules);
        var events = night.Events();
        var folder = Path.Combine(_root, "in");
        Directory.CreateDirectory(folder);
        string Write(string name, byte[] content)
        {
            File.WriteAllBytes(Path.Combine(folder, name), content);
            return Path.Combine(folder, name);
        }
        // History: the eFact sendings of most of the night's care, computed by its run; attestations of the rest come after it.
        var cut = events.Count * 9 / 10;
        var sendings = night.Sendings().Build(events.Take(cut).ToList(), night.Generator.RunDate.PlusDays(-1))
            .Select(s => Write(s.FileName, EfactWriter.WriteBytes(s.Sending))).ToList();
        var attestations = new EAttestBuilder(night.Registry).Build(events.Skip(cut).ToList(), night.Sendings())
            .Select(a => Write(a.FileName, a.Content)).ToList();
        var date = night.Generator.RunDate;
        var import = new InboxImport(store, rules, options, clock, Serilog.Core.Logger.None);
        clock.Set(Brussels.At(date, 1));
        import.ImportFiles(sendings);
        clock.Set(Brussels.At(date, 2));
        new RunPipeline(store, rules, options, clock, Serilog.Core.Logger.None).Execute(date);
        clock.Set(Brussels.At(date, 3));
        var late = import.ImportFiles(attestations).Files.Sum(f => f.AcceptedLines);
        var history = night.TestStore.Count("SELECT COUNT(*) FROM line_results");
        Assert.True(history > 5 * late && late > 0, $"{history} lines computed, {late} to compute");

        using var c = new NpgsqlConnection(night.TestStore.Connection);
        c.Open();
        var json = c.ExecuteScalar<string>("EXPLAIN (ANALYZE, FORMAT JSON) " + Sql<PostgresStore>(),
            new { asOf = DbTypes.Stored(Brussels.At(date, 4)) })!;
        var nodes = new List<JsonElement>();
        void Walk(JsonElement node)
        {
            nodes.Add(node);
            if (node.TryGetProperty("Plans", out var plans)) foreach (var p in plans.EnumerateArray()) Walk(p);
        }
        Walk(JsonDocument.Parse(json).RootElement[0].GetProperty("Plan"));

        string? Relation(JsonElement n) => n.TryGetProperty("Relation Name", out var r) ? r.GetString() : null;
        var careLines = nodes.Where(n => Relation(n) == "care_lines").ToList();
        Assert.NotEmpty(careLines);
        Assert.All(careLines, n => Assert.NotEqual("Seq Scan", n.GetProperty("Node Type").GetString()));
        // The care lines visited: one per line to compute, not one per line stored.
        Assert.Equal(late, careLines.Sum(n => n.GetProperty("Actual Rows").GetInt64() * n.GetProperty("Actual Loops").GetInt64()));
        Assert.DoesNotContain(nodes, n => Relation(n) == "line_results");
    }
}
