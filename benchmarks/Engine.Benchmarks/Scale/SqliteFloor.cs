using Microsoft.Data.Sqlite;

namespace Engine.Benchmarks.Scale;

/// <summary>
/// What the database itself costs, on the same SQLite file and with the store's own settings: every column of N
/// care lines read once, and N result rows inserted with one prepared statement in one transaction. No engine code.
/// </summary>
public sealed class SqliteFloor(string database) : IFloor
{
    public string Store => "sqlite";
    public long Read(long n) => Read(database, n);
    public long Insert(long n) => Insert(database, n);
    public void Clean() => Clean(database);
    public long DatabaseBytes() => new FileInfo(database).Length;

    /// <summary>Moves the write-ahead log into the file, so that the run starts from the state the floor read.</summary>
    public void Settle()
    {
        using var keep = new SqliteConnection($"Data Source={database};Pooling=False");
        keep.Open();
        Execute(keep, "PRAGMA wal_checkpoint(TRUNCATE)");
    }

    private const string Pragmas = "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA busy_timeout = 30000;";
    private const string FloorRun = "floor-benchmark";

    private static SqliteConnection Open(string database)
    {
        var c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database, ForeignKeys = true, Pooling = false }.ToString());
        c.Open();
        Execute(c, Pragmas);
        return c;
    }

    private static void Execute(SqliteConnection c, string sql, SqliteTransaction? tx = null)
    {
        using var command = c.CreateCommand();
        command.CommandText = sql;
        command.Transaction = tx;
        command.ExecuteNonQuery();
    }

    /// <summary>Reads every column of the first <paramref name="n"/> care lines; returns the rows read.</summary>
    private static long Read(string database, long n)
    {
        using var c = Open(database);
        using var command = c.CreateCommand();
        command.CommandText = $"SELECT {FloorColumns.CareLines} FROM care_lines ORDER BY line_id LIMIT $n";
        command.Parameters.AddWithValue("$n", n);
        using var reader = command.ExecuteReader();
        long rows = 0, check = 0;
        while (reader.Read())
        {
            check += reader.GetInt64(0) + reader.GetInt64(1) + reader.GetString(2).Length + reader.GetInt32(3) + reader.GetString(4).Length +
                     reader.GetString(5).Length + reader.GetInt32(6) + reader.GetString(7).Length + reader.GetInt32(8) + reader.GetInt64(9) +
                     reader.GetInt64(10) + reader.GetInt64(11) + reader.GetInt64(12) + (reader.GetBoolean(13) ? 1 : 0) +
                     reader.GetString(14).Length + (reader.GetBoolean(15) ? 1 : 0) + reader.GetString(16).Length +
                     (reader.IsDBNull(17) ? 0 : reader.GetInt32(17));
            rows++;
        }
        GC.KeepAlive(check);
        return rows;
    }

    /// <summary>
    /// Inserts one result row for each of the first <paramref name="n"/> care lines under a scratch run, then commits.
    /// The scratch run and its rows are removed afterwards by <see cref="Clean"/>, outside the measure.
    /// </summary>
    private static long Insert(string database, long n)
    {
        using var c = Open(database);
        using var tx = c.BeginTransaction();
        Execute(c, $"""
            INSERT INTO runs (run_id, kind, run_date, as_of, rule_set_version, phase, started_at)
            VALUES ('{FloorRun}', 'floor', '2000-01-01', '2000-01-01T00:00:00.000000000Z', 'floor', 'started', '2000-01-01T00:00:00.000000000Z')
            """, tx);
        using var command = c.CreateCommand();
        command.Transaction = tx;
        command.CommandText = """
            INSERT INTO line_results (run_id, line_id, rule_set_version, input_known_at, fee_cents, insurer_cents, share_cents,
                supplement_cents, maf_refund_cents, payee, status, reason, rules)
            VALUES ($run, $line, $version, $known, $fee, $insurer, $share, $supplement, 0, $payee, 'accepted', '', $rules)
            """;
        var run = command.Parameters.AddWithValue("$run", FloorRun);
        var version = command.Parameters.AddWithValue("$version", new string('a', 64));
        var known = command.Parameters.AddWithValue("$known", "2024-03-05T00:00:00.000000000Z");
        var fee = command.Parameters.Add("$fee", SqliteType.Integer);
        var insurer = command.Parameters.Add("$insurer", SqliteType.Integer);
        var share = command.Parameters.Add("$share", SqliteType.Integer);
        var supplement = command.Parameters.Add("$supplement", SqliteType.Integer);
        var payee = command.Parameters.Add("$payee", SqliteType.Text);
        var rules = command.Parameters.Add("$rules", SqliteType.Text);
        var line = command.Parameters.Add("$line", SqliteType.Integer);
        command.Prepare();
        long first = FirstLine(c, tx), inserted = 0;
        for (long i = 0; i < n; i++)
        {
            fee.Value = 3198 + i % 97;
            insurer.Value = 2798 + i % 89;
            share.Value = 400;
            supplement.Value = i % 5 == 0 ? 500 : 0;
            payee.Value = $"provider:P{i % 5000:000000}";
            rules.Value = $"reimbursement.fee:{101010 + i % 40}|share.ordinary|bim:{i % 3 == 0}";
            line.Value = first + i;
            inserted += command.ExecuteNonQuery();
        }
        tx.Commit();
        return inserted;
    }

    private static long FirstLine(SqliteConnection c, SqliteTransaction tx)
    {
        using var command = c.CreateCommand();
        command.Transaction = tx;
        command.CommandText = "SELECT COALESCE(MIN(line_id), 0) FROM care_lines";
        return (long)command.ExecuteScalar()!;
    }

    private static void Clean(string database)
    {
        using var c = Open(database);
        using var tx = c.BeginTransaction();
        Execute(c, $"DELETE FROM line_results WHERE run_id = '{FloorRun}'", tx);
        Execute(c, $"DELETE FROM runs WHERE run_id = '{FloorRun}'", tx);
        tx.Commit();
    }
}
