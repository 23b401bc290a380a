using Npgsql;
using NpgsqlTypes;

namespace Engine.Benchmarks.Scale;

/// <summary>
/// What PostgreSQL itself costs for the night's rows, on the same server and schema as the store: every column of N
/// care lines read once; N result rows written by binary COPY in one transaction (the store's own way in); and N care
/// lines copied in by binary COPY to a scratch table (the floor of an import). No engine code.
/// </summary>
public sealed class PostgresFloor(string connectionString) : IFloor
{
    private const string FloorRun = "floor-benchmark";

    public string Store => "postgres";

    private NpgsqlConnection Open()
    {
        var c = new NpgsqlConnection(connectionString);
        c.Open();
        return c;
    }

    private static void Execute(NpgsqlConnection c, string sql, NpgsqlTransaction? tx = null)
    {
        using var command = new NpgsqlCommand(sql, c, tx);
        command.ExecuteNonQuery();
    }

    private static NpgsqlCommand FirstLines(NpgsqlConnection c, long n)
    {
        var command = new NpgsqlCommand($"SELECT {FloorColumns.CareLines} FROM care_lines ORDER BY line_id LIMIT @n", c);
        command.Parameters.AddWithValue("n", n);
        return command;
    }

    public long Read(long n)
    {
        using var c = Open();
        using var command = FirstLines(c, n);
        using var reader = command.ExecuteReader();
        long rows = 0, check = 0;
        while (reader.Read())
        {
            check += reader.GetInt64(0) + reader.GetInt64(1) + reader.GetString(2).Length + reader.GetInt32(3) + reader.GetString(4).Length +
                     reader.GetString(5).Length + reader.GetInt32(6) + reader.GetFieldValue<DateOnly>(7).Day + reader.GetInt32(8) + reader.GetInt64(9) +
                     reader.GetInt64(10) + reader.GetInt64(11) + reader.GetInt64(12) + (reader.GetBoolean(13) ? 1 : 0) +
                     reader.GetString(14).Length + (reader.GetBoolean(15) ? 1 : 0) + reader.GetString(16).Length +
                     (reader.IsDBNull(17) ? 0 : reader.GetInt32(17));
            rows++;
        }
        GC.KeepAlive(check);
        return rows;
    }

    public long Insert(long n)
    {
        using var c = Open();
        using var tx = c.BeginTransaction();
        Execute(c, $"""
            INSERT INTO runs (run_id, kind, run_date, as_of, rule_set_version, phase, started_at)
            VALUES ('{FloorRun}', 'floor', DATE '2000-01-01', '2000-01-01T00:00:00.000000000Z', 'floor', 'started', '2000-01-01T00:00:00.000000000Z')
            """, tx);
        long firstLine, firstResult;
        using (var first = new NpgsqlCommand("SELECT COALESCE(MIN(line_id), 0), (SELECT COALESCE(MAX(result_id), 0) + 1 FROM line_results) FROM care_lines", c, tx))
        using (var reader = first.ExecuteReader())
        {
            reader.Read();
            firstLine = reader.GetInt64(0);
            firstResult = reader.GetInt64(1);
        }
        var version = new string('a', 64);
        using (var copy = c.BeginBinaryImport("""
            COPY line_results (result_id, run_id, line_id, rule_set_version, input_known_at, fee_cents, insurer_cents, share_cents,
                supplement_cents, maf_refund_cents, payee, status, reason, rules) FROM STDIN (FORMAT BINARY)
            """))
        {
            for (long i = 0; i < n; i++)
            {
                copy.StartRow();
                copy.Write(firstResult + i, NpgsqlDbType.Bigint);
                copy.Write(FloorRun, NpgsqlDbType.Text);
                copy.Write(firstLine + i, NpgsqlDbType.Bigint);
                copy.Write(version, NpgsqlDbType.Text);
                copy.Write("2024-03-05T00:00:00.000000000Z", NpgsqlDbType.Text);
                copy.Write(3198 + i % 97, NpgsqlDbType.Bigint);
                copy.Write(2798 + i % 89, NpgsqlDbType.Bigint);
                copy.Write(400L, NpgsqlDbType.Bigint);
                copy.Write(i % 5 == 0 ? 500L : 0L, NpgsqlDbType.Bigint);
                copy.Write(0L, NpgsqlDbType.Bigint);
                copy.Write($"provider:P{i % 5000:000000}", NpgsqlDbType.Text);
                copy.Write("accepted", NpgsqlDbType.Text);
                copy.Write("", NpgsqlDbType.Text);
                copy.Write($"reimbursement.fee:{101010 + i % 40}|share.ordinary|bim:{i % 3 == 0}", NpgsqlDbType.Text);
            }
            copy.Complete();
        }
        tx.Commit();
        return n;
    }

    /// <summary>
    /// N care lines (those already stored, read back beforehand, outside the measure) copied in by binary COPY to an
    /// unindexed scratch table shaped as care_lines, in one transaction: the fastest the server takes a night's lines.
    /// </summary>
    public PreparedCopy PrepareCopyIn(long n)
    {
        var rows = new List<object[]>();
        using var c = Open();
        using var command = FirstLines(c, n);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var row = new object[reader.FieldCount];
            reader.GetValues(row);
            rows.Add(row);
        }
        return new PreparedCopy(this, rows);
    }

    public sealed class PreparedCopy(PostgresFloor floor, List<object[]> rows)
    {
        private static readonly NpgsqlDbType[] Types =
        [
            NpgsqlDbType.Bigint, NpgsqlDbType.Bigint, NpgsqlDbType.Text, NpgsqlDbType.Integer, NpgsqlDbType.Text, NpgsqlDbType.Text,
            NpgsqlDbType.Integer, NpgsqlDbType.Date, NpgsqlDbType.Integer, NpgsqlDbType.Bigint, NpgsqlDbType.Bigint, NpgsqlDbType.Bigint,
            NpgsqlDbType.Bigint, NpgsqlDbType.Boolean, NpgsqlDbType.Text, NpgsqlDbType.Boolean, NpgsqlDbType.Text, NpgsqlDbType.Integer,
        ];

        public long CopyIn()
        {
            using var c = floor.Open();
            using var tx = c.BeginTransaction();
            Execute(c, "DROP TABLE IF EXISTS floor_care_lines; CREATE TABLE floor_care_lines (LIKE care_lines)", tx);
            using (var copy = c.BeginBinaryImport(
                $"COPY floor_care_lines ({FloorColumns.CareLines}) FROM STDIN (FORMAT BINARY)"))
            {
                foreach (var row in rows)
                {
                    copy.StartRow();
                    for (int i = 0; i < row.Length; i++) copy.Write(row[i], Types[i]);
                }
                copy.Complete();
            }
            tx.Commit();
            return rows.Count;
        }
    }

    public void Clean()
    {
        using var c = Open();
        using var tx = c.BeginTransaction();
        Execute(c, $"DELETE FROM line_results WHERE run_id = '{FloorRun}'", tx);
        Execute(c, $"DELETE FROM runs WHERE run_id = '{FloorRun}'", tx);
        Execute(c, "DROP TABLE IF EXISTS floor_care_lines", tx);
        tx.Commit();
    }

    public long DatabaseBytes()
    {
        using var c = Open();
        using var command = new NpgsqlCommand(
            "SELECT COALESCE(SUM(pg_total_relation_size(c.oid)), 0)::bigint FROM pg_class c WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind = 'r'", c);
        return (long)command.ExecuteScalar()!;
    }

    /// <summary>Fresh planner statistics after the import, as autovacuum would give a real night.</summary>
    public void Settle()
    {
        using var c = Open();
        Execute(c, "ANALYZE");
    }

    /// <summary>A fresh schema for one night: <paramref name="schema"/> dropped if there, created, and the connection
    /// string that puts it first in the search path.</summary>
    public static string FreshSchema(string serverConnectionString, string schema)
    {
        using (var c = new NpgsqlConnection(serverConnectionString))
        {
            c.Open();
            Execute(c, $"DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema}");
        }
        return new NpgsqlConnectionStringBuilder(serverConnectionString) { SearchPath = schema }.ToString();
    }
}
