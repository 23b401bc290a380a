using System.Globalization;
using System.Text;
using Dapper;
using Engine.Core.Money;
using Engine.Core.Payments;
using Engine.Jobs.Payments;
using System.Data.Common;

namespace Engine.Host.Tests.ExactlyOnce;

/// <summary>
/// Everything a run leaves behind, in a form two runs can be compared by: every file of the output folder (bytes),
/// and the rows of the database that say what was computed, claimed, decided and paid (without the row ids and
/// instants of when it happened, which differ between two machines' histories).
/// </summary>
public sealed record RunOutcome(SortedDictionary<string, byte[]> Files, IReadOnlyList<string> Rows)
{
    public static RunOutcome Read(string outputFolder, string database) => Read(outputFolder, NightDatabase.Sqlite(database));

    public static RunOutcome Read(string outputFolder, NightDatabase database)
    {
        var files = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        if (Directory.Exists(outputFolder))
            foreach (var f in Directory.EnumerateFiles(outputFolder, "*", SearchOption.AllDirectories))
                files[Path.GetRelativePath(outputFolder, f).Replace('\\', '/')] = File.ReadAllBytes(f);
        using var c = database.Open();
        var rows = new List<string>();
        void Add(string table, string sql) => rows.AddRange(Lines(c, sql).Select(l => table + ": " + l));
        Add("runs", "SELECT run_id, kind, run_date, as_of, rule_set_version, phase, summary, partitions FROM runs ORDER BY run_id");
        Add("line_results", """
            SELECT run_id, line_id, rule_set_version, input_known_at, fee_cents, insurer_cents, share_cents, supplement_cents,
                   maf_refund_cents, payee, status, reason, rules FROM line_results ORDER BY run_id, line_id
            """);
        Add("indemnity_payments", "SELECT * FROM indemnity_payments ORDER BY indemnity_payment_id");
        Add("ac_decisions", "SELECT * FROM ac_decisions ORDER BY ac_decision_id");
        // A counter's version is the order partitions committed in: compared by key.
        Add("maf_counters", "SELECT run_id, household_id, year, counted_cents, refunded_cents, child_counted, line_ids FROM maf_counters ORDER BY run_id, household_id, year");
        Add("run_lines", "SELECT run_id, partition, line_id, household_id FROM run_lines ORDER BY run_id, line_id");
        Add("run_partitions", "SELECT run_id, partition, lines, items FROM run_partitions ORDER BY run_id, partition");
        Add("run_items", "SELECT * FROM run_items ORDER BY run_id, source_ref");
        Add("run_transfers", "SELECT * FROM run_transfers ORDER BY run_id, execution_date, seq");
        Add("payments", """
            SELECT run_id, end_to_end_id, payee_kind, payee_id, payee_name, iban, amount_cents, remittance, status, hold_reason, file_name
            FROM payments ORDER BY end_to_end_id
            """);
        Add("payment_items", """
            SELECT p.end_to_end_id, i.item_kind, i.item_id, i.amount_cents, i.paid
            FROM payment_items i JOIN payments p ON p.payment_id = i.payment_id ORDER BY 1, 2, 3
            """);
        return new RunOutcome(files, rows);
    }

    /// <summary>Same files byte for byte and same rows; the first difference is named.</summary>
    public void AssertSameAs(RunOutcome expected, string what)
    {
        Assert.True(expected.Files.Keys.SequenceEqual(Files.Keys),
            $"{what}: files [{string.Join(", ", Files.Keys)}] instead of [{string.Join(", ", expected.Files.Keys)}]");
        foreach (var (name, bytes) in expected.Files)
            Assert.True(bytes.AsSpan().SequenceEqual(Files[name]), $"{what}: {name} differs");
        var diff = expected.Rows.Zip(Rows).Select((p, i) => (p, i)).FirstOrDefault(x => x.p.First != x.p.Second);
        Assert.True(diff.p.First is null && expected.Rows.Count == Rows.Count,
            $"{what}: database differs at row {diff.i}: expected\n{diff.p.First}\nbut found\n{diff.p.Second}\n({Rows.Count} rows, {expected.Rows.Count} expected)");
    }

    public static IEnumerable<string> Lines(DbConnection c, string sql)
    {
        using var reader = c.ExecuteReader(sql);
        while (reader.Read())
        {
            var line = new StringBuilder();
            for (int i = 0; i < reader.FieldCount; i++)
                line.Append(i == 0 ? "" : "|").Append(reader.IsDBNull(i) ? "NULL" : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture));
            yield return line.ToString();
        }
    }

    /// <summary>
    /// Every amount the completed runs owe (accepted lines' insurer amounts, MAF refunds, indemnity nets, AC grants) is
    /// paid exactly once or, when its payee's IBAN (as last known) is missing or wrong, held back: never both, never
    /// twice, nothing else paid. The payment files, read back, pay each account the sum of its payee's amounts.
    /// </summary>
    public static void AssertPaidExactlyOnce(string database, IEnumerable<string> paymentFiles) =>
        AssertPaidExactlyOnce(NightDatabase.Sqlite(database), paymentFiles);

    private static IEnumerable<string> WithPayerFiles(string pain)
    {
        var folder = Path.GetDirectoryName(pain)!;
        var runId = Path.GetFileName(pain)[..^".pain001.xml".Length];
        var payers = Directory.Exists(folder) ? Directory.GetFiles(folder, runId + "-*.pain001.xml").Order(StringComparer.Ordinal) : Enumerable.Empty<string>();
        return File.Exists(pain) ? payers.Prepend(pain) : payers;
    }

    public static void AssertPaidExactlyOnce(NightDatabase database, IEnumerable<string> paymentFiles)
    {
        using var c = database.Open();
        Assert.Empty(c.Query<string>("SELECT item_kind || ':' || item_id FROM payment_items WHERE paid GROUP BY item_kind, item_id HAVING COUNT(*) > 1"));
        Assert.Empty(c.Query<string>("SELECT source_ref FROM run_items WHERE outcome = 'paid' GROUP BY source_ref HAVING COUNT(*) > 1"));

        var owed = c.Query<(string Ref, long Cents, string Kind, string Payee)>("""
            SELECT 'line:' || r.line_id, r.insurer_cents, r.payee, CASE r.payee WHEN 'provider' THEN l.provider_id ELSE l.beneficiary_id END
            FROM line_results r JOIN care_lines l ON l.line_id = r.line_id JOIN runs u ON u.run_id = r.run_id
            WHERE u.phase = 'completed' AND r.status = 'accepted' AND r.insurer_cents > 0
            UNION ALL
            SELECT 'maf:' || r.line_id, r.maf_refund_cents, 'member', l.beneficiary_id
            FROM line_results r JOIN care_lines l ON l.line_id = r.line_id JOIN runs u ON u.run_id = r.run_id
            WHERE u.phase = 'completed' AND r.maf_refund_cents > 0
            UNION ALL
            SELECT 'indemnity:' || p.indemnity_payment_id, p.net_cents, 'member', p.beneficiary_id
            FROM indemnity_payments p JOIN runs u ON u.run_id = p.run_id WHERE u.phase = 'completed' AND p.net_cents > 0
            UNION ALL
            SELECT 'ac:' || d.ac_decision_id, d.granted_cents, 'member', d.member_id
            FROM ac_decisions d JOIN runs u ON u.run_id = d.run_id WHERE u.phase = 'completed' AND d.granted_cents > 0
            UNION ALL
            SELECT 'share:' || r.line_id, r.share_refund_cents, 'member', l.beneficiary_id
            FROM line_results r JOIN care_lines l ON l.line_id = r.line_id JOIN runs u ON u.run_id = r.run_id
            WHERE u.phase = 'completed' AND r.share_refund_cents > 0
            """).ToList();
        var ibans = c.Query<(string Kind, string Id, string? Iban)>("""
            SELECT 'provider', p.provider_id, p.iban FROM providers p
            WHERE p.known_at = (SELECT MAX(x.known_at) FROM providers x WHERE x.provider_id = p.provider_id)
            UNION ALL
            SELECT 'member', b.beneficiary_id, b.iban FROM beneficiaries b
            WHERE b.known_at = (SELECT MAX(x.known_at) FROM beneficiaries x WHERE x.beneficiary_id = b.beneficiary_id)
            """).ToDictionary(x => (x.Kind, x.Id), x => Iban.Check(x.Iban).Iban?.Value);
        var paid = c.Query<(string Ref, long Cents)>("SELECT item_kind || ':' || item_id, amount_cents FROM payment_items WHERE paid")
            .ToDictionary(x => x.Ref, x => x.Cents);
        var held = c.Query<string>("""
            SELECT DISTINCT source_ref FROM run_items h WHERE h.outcome = 'held'
              AND NOT EXISTS (SELECT 1 FROM run_items x WHERE x.source_ref = h.source_ref AND x.outcome = 'paid')
            """).ToHashSet();

        Assert.Contains(owed, o => o.Ref.StartsWith("line:", StringComparison.Ordinal));
        Assert.Contains(owed, o => o.Ref.StartsWith("indemnity:", StringComparison.Ordinal));
        Assert.Contains(owed, o => ibans[(o.Kind, o.Payee)] is null);
        foreach (var o in owed)
        {
            var isPaid = paid.TryGetValue(o.Ref, out var cents);
            Assert.True(isPaid != held.Contains(o.Ref), $"{o.Ref} is {(isPaid ? "paid and held" : "neither paid nor held")}");
            if (isPaid) Assert.Equal(o.Cents, cents);
            Assert.True(isPaid == ibans[(o.Kind, o.Payee)] is not null, $"{o.Ref} to {o.Kind} {o.Payee}: paid {isPaid}, IBAN ok {ibans[(o.Kind, o.Payee)] is not null}");
        }
        Assert.Empty(paid.Keys.Except(owed.Select(o => o.Ref)));

        var expected = owed.Where(o => paid.ContainsKey(o.Ref)).GroupBy(o => ibans[(o.Kind, o.Payee)]!)
            .ToDictionary(g => g.Key, g => new Money(g.Sum(o => o.Cents)));
        // Each run's payment file and, beside it, those of the other payers (docs/payers.md: '{run id}-{payer}.pain001.xml').
        var transfers = paymentFiles.SelectMany(WithPayerFiles).Distinct(StringComparer.Ordinal).Select(Pain001Reader.ReadFile).SelectMany(f => f.Blocks).SelectMany(b => b.Transactions)
            .GroupBy(t => t.CreditorIban).ToDictionary(g => g.Key, g => g.Aggregate(Money.Zero, (s, t) => s + t.Amount));
        Assert.Equal(expected.OrderBy(x => x.Key), transfers.OrderBy(x => x.Key));
    }
}
