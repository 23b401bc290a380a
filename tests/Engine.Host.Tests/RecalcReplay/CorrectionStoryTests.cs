using System.Globalization;
using Dapper;
using Engine.Core.Money;
using Engine.Core.Payments;
using Engine.Host.Tests.CalcIndemnity;
using Engine.Host.Tests.ExactlyOnce;
using Engine.Jobs.Data;
using Engine.Jobs.Data.Sqlite;
using Engine.Jobs.Replay;
using Engine.Jobs.Runs;
using NodaTime;

namespace Engine.Host.Tests.RecalcReplay;

/// <summary>
/// Two corrections after payment, on the prepared night (the demo's registry and inbox, two providers with a broken
/// IBAN), each recalculated by finance staff and paid once by the next run; then an auditor's replay of the period.
/// <list type="number">
/// <item>Night 0 runs with the rules as first published: the 2024 fee of the GP home visit (103412) entered as 45.00
/// instead of 45.81. Providers billed 45.81: conventionné GPs' lines are paid at the 45.00 tariff and the 0.81 above it
/// is flagged as a supplement they may not bill (a forbidden supplement never takes away the insurer's part).</item>
/// <item>A BIM right is granted back three months for one member (a new status row, known after the night):
/// `recalc --member` pays the difference between the ordinary and the BIM personal share of each of their lines.</item>
/// <item>The tariff is corrected (the repository's rules/, a new rule-set version): `recalc --code 103412` pays each
/// home visit the difference.</item>
/// <item>`replay` of the four nights reproduces every file byte for byte with the rules of each night (the first
/// version comes back from the store: its folder is deleted first); `replay --as-of now` shows differences equal to
/// what the two recalculations paid.</item>
/// </list>
/// </summary>
[Collection("process-wide")]
public sealed class CorrectionStoryTests
{
    private static PreparedNight Night => PreparedNight.Instance;
    private static readonly LocalDate BimFrom = PreparedNight.Date.PlusMonths(-3);

    private readonly string _work = Path.Combine(PreparedNight.Instance.Root, "scenarios", "recalc-" + Guid.NewGuid().ToString("N")[..8]);
    private string Output => Path.Combine(_work, "output");
    private string FirstRules => Path.Combine(_work, "rules-first-published");

    private (int Code, string Out, string Err) Cli(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = Program.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    private string Config(string? rules)
    {
        var path = Path.Combine(_work, rules is null ? "config.json" : "config-first.json");
        File.WriteAllText(path, $$"""
            { "Engine": { "OutputFolder": "{{Output.Replace("\\", "\\\\")}}", "RulesFolder": "{{(rules ?? "").Replace("\\", "\\\\")}}", "Run": { "Partitions": 3 } } }
            """);
        return path;
    }

    private void Run(int day, string db, string? rules)
    {
        var (code, output, errors) = Cli("run", "--date", Date(day), "--confirm-date", Date(day), "--database", db, "--config", Config(rules));
        Assert.True(code == 0, $"run {Date(day)}: exit {code}\n{output}\n{errors}");
    }

    private static string Date(int day) => PreparedNight.Date.PlusDays(day).ToString("yyyy-MM-dd", null);
    private static string RunIdOf(int day) => RunIds.Nightly(PreparedNight.Date.PlusDays(day));

    [Fact]
    public void A_BIM_right_granted_back_and_a_corrected_tariff_are_paid_once_as_differences_and_the_period_replays_byte_for_byte()
    {
        var db = Night.CopyDatabase(_work);
        WriteFirstPublishedRules();
        Run(0, db, FirstRules);
        var night = Lines(db);
        var homeVisits = night.Where(l => l.Code == 103412).ToList();
        Assert.Contains(homeVisits, l => l.Status == "accepted" && l.Fee == Money.FromEuros(45.00m) && l.Supplement == Money.FromEuros(0.81m)
                                         && l.Rules.Contains("supplement.conventioned", StringComparison.Ordinal));

        // 2. A BIM right granted back three months, known after the night.
        var member = ChooseMember(db, night);
        var memberLines = night.Where(l => l.Beneficiary == member).ToList();
        SqliteStore.ForFile(db).AddStatuses([new StatusRow
        {
            BeneficiaryId = member, Status = "bim", FromDate = BimFrom, KnownAt = SystemClock.Instance.GetCurrentInstant(),
        }]);
        var (code, output, errors) = Cli("recalc", "--member", member, "--reason", $"BIM right granted from {BimFrom:yyyy-MM-dd}",
            "--by", "finance.test", "--database", db, "--config", Config(FirstRules));
        Assert.True(code == 0, output + errors);
        var bim = Adjustments(db, 1);
        // Exactly one complement per line of the member, the difference of the personal shares, and nothing else
        // (no MAF refund moves: the member's household stays far below its ceiling; no indemnity changes).
        Assert.Equal(memberLines.Select(l => ($"line:{l.LineId}", "complement", BimComplement(l))).Order(),
            bim.Select(a => (a.Item, a.Kind, a.Amount)).Order());
        Assert.All(bim, a => Assert.Equal(memberLines.Single(l => $"line:{l.LineId}" == a.Item).Insurer + a.Amount, a.Recomputed));
        Assert.Contains($"complements {bim.Count} ({Sum(bim)} EUR) paid by the next run; undue 0 (0.00 EUR)", output);
        var report = File.ReadAllLines(Path.Combine(Output, "recalc-1", "recalc.csv"));
        Assert.Equal("line_id,item,paid,recomputed,difference,kind,payee_kind,payee_id,period_from,period_to,explanation_paid,explanation_recomputed", report[0]);
        Assert.Equal(bim.Count, report.Length - 1);
        Assert.Contains("share.gp.nodmg.bim", string.Join('\n', report));
        // The same recalculation for a browser: each complement a row of the differences table, with its amount.
        var html = File.ReadAllText(Path.Combine(Output, "recalc-1", "recalc.html"));
        Assert.Equal(bim.Count, System.Text.RegularExpressions.Regex.Matches(html, "<td>complement \\(paid by the next run\\)</td>").Count);
        Assert.All(bim, a => Assert.Contains($"<td>{a.Item}</td>", html, StringComparison.Ordinal));
        Assert.Contains($"data-figure=\"complement_total\">{Sum(bim)}<", html, StringComparison.Ordinal);
        using (var c = PreparedNight.Open(db))
            Assert.Equal(("finance.test", $"BIM right granted from {BimFrom:yyyy-MM-dd}", $"member {member}"),
                c.QuerySingle<(string, string, string)>("SELECT requested_by, reason, scope FROM recalcs WHERE recalc_id = 1"));

        // The next run pays each complement once; the one after pays nothing more; recalculating again finds nothing.
        Run(1, db, FirstRules);
        Assert.Equal(bim.Select(a => ($"adj:{a.AdjustmentId}", "paid", a.Amount.Cents)).Order(),
            ComplementItems(db, RunIdOf(1)).Select(i => (i.Ref, i.Outcome, i.Cents)).Order());
        Run(2, db, FirstRules);
        Assert.Empty(ComplementItems(db, RunIdOf(2)));
        (code, output, errors) = Cli("recalc", "--member", member, "--reason", "checked again", "--database", db, "--config", Config(FirstRules));
        Assert.True(code == 0, output + errors);
        Assert.Contains("complements 0 (0.00 EUR) paid by the next run; undue 0 (0.00 EUR)", output);
        Assert.Empty(Adjustments(db, 2));

        // 3. The tariff corrected: the repository's rules/ (home visit 2024: 45.81), a new rule-set version.
        (code, output, errors) = Cli("recalc", "--code", "103412", "--reason", "home-visit fee 2024 corrected to 45.81",
            "--by", "finance.test", "--rules", RepositoryRules.Directory, "--database", db, "--config", Config(null));
        Assert.True(code == 0, output + errors);
        var tariff = Adjustments(db, 3);
        var expected = homeVisits.Select(l => (Item: $"line:{l.LineId}", Difference: HomeVisitInsurer(db, l) - l.Insurer))
            .Where(x => x.Difference.Cents != 0).ToList();
        Assert.Equal(homeVisits.Count, expected.Count);
        Assert.Equal(expected.Select(x => (x.Item, "complement", x.Difference)).Order(),
            tariff.Where(a => a.Item.StartsWith("line:", StringComparison.Ordinal)).Select(a => (a.Item, a.Kind, a.Amount)).Order());
        Assert.All(tariff, a => Assert.Matches("^(line|maf):", a.Item));
        Run(3, db, null);
        var paidByNight3 = ComplementItems(db, RunIdOf(3));
        Assert.Equal(tariff.Where(a => a.Kind == "complement").Select(a => $"adj:{a.AdjustmentId}").Order(), paidByNight3.Select(i => i.Ref).Order());
        Assert.Contains(paidByNight3, i => i.Outcome == "paid");
        // Held only when the payee's IBAN is broken; never paid twice (the database refuses it anyway).
        Assert.All(paidByNight3.Where(i => i.Outcome != "paid"), i => Assert.Equal("held", i.Outcome));
        using (var c = PreparedNight.Open(db))
            Assert.Empty(c.Query<string>("SELECT source_ref FROM run_items WHERE outcome = 'paid' GROUP BY source_ref HAVING COUNT(*) > 1"));

        // Each night's report compares it with the night before (the first has none); the replay below writes them again.
        Assert.Contains("No earlier run of this kind", File.ReadAllText(Path.Combine(Output, RunIdOf(0), "report.html")), StringComparison.Ordinal);
        foreach (var day in Enumerable.Range(1, 3))
            Assert.Contains($"The run before: {RunIdOf(day - 1)} (run date", File.ReadAllText(Path.Combine(Output, RunIdOf(day), "report.html")), StringComparison.Ordinal);

        // 4. The auditor's replay: the first rule set comes back from the store (its folder is gone).
        Directory.Delete(FirstRules, recursive: true);
        PreparedNight.Checkpoint(db);
        var before = RunOutcome.Read(Output, db);
        var replayFolder = Path.Combine(_work, "replay");
        (code, output, errors) = Cli("replay", "--from", Date(0), "--to", Date(3), "--out", replayFolder, "--database", db, "--config", Config(null));
        Assert.True(code == 0, output + errors);
        var replay = ReplayReport.FromJson(File.ReadAllText(Path.Combine(replayFolder, "replay.json")));
        Assert.True(replay.Reproduced);
        Assert.Equal(4, replay.Runs);
        Assert.All(replay.Replayed.SelectMany(r => r.Files), f => Assert.True(f.Same, f.File));
        Assert.All(replay.Replayed, r => Assert.Contains(r.Files, f => f.File.EndsWith(".pain001.xml", StringComparison.Ordinal)));
        foreach (var day in Enumerable.Range(0, 4))
            foreach (var file in Directory.GetFiles(Path.Combine(Output, RunIdOf(day))))
                Assert.True(File.ReadAllBytes(file).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(replayFolder, RunIdOf(day), Path.GetFileName(file)))),
                    $"{RunIdOf(day)}/{Path.GetFileName(file)} differs in the replay");
        Assert.NotEqual(replay.Replayed[0].RuleSetVersion, replay.Replayed[3].RuleSetVersion);
        // The same replay again writes the same report; the store's results and payments are untouched.
        Assert.Equal(0, Cli("replay", "--from", Date(0), "--to", Date(3), "--out", replayFolder, "--database", db, "--config", Config(null)).Code);
        Assert.Equal(replay.ToJson(), File.ReadAllText(Path.Combine(replayFolder, "replay.json")));
        PreparedNight.Checkpoint(db);
        RunOutcome.Read(Output, db).AssertSameAs(before, "after two replays");

        // As of now, with the current rules: the differences are what the two recalculations paid, item by item.
        var asOfFolder = Path.Combine(_work, "replay-now");
        (code, output, errors) = Cli("replay", "--from", Date(0), "--to", Date(0), "--as-of", "now", "--out", asOfFolder, "--database", db, "--config", Config(null));
        Assert.True(code == 3, output + errors);
        var now = ReplayReport.FromJson(File.ReadAllText(Path.Combine(asOfFolder, "replay.json")));
        Assert.False(now.Reproduced);
        var shown = now.DifferenceList.Where(d => d.Field is "insurer_amount" or "maf_refund")
            .Select(d => (Item: d.Field == "insurer_amount" ? d.Item : "maf:" + d.Item[5..], Difference: Money.Parse(d.Difference)))
            .OrderBy(x => x.Item, StringComparer.Ordinal).ToList();
        var paid = Adjustments(db, null).GroupBy(a => a.Item).Select(g => (Item: g.Key, Difference: g.Aggregate(Money.Zero, (s, a) => s + a.Signed)))
            .Where(x => x.Difference.Cents != 0).OrderBy(x => x.Item, StringComparer.Ordinal).ToList();
        Assert.Equal(paid, shown);
        Assert.Equal(bim.Count + expected.Count, shown.Count(x => x.Item.StartsWith("line:", StringComparison.Ordinal)));
        Assert.Contains(now.DifferenceList, d => d.Item == $"line:{memberLines[0].LineId}" && d.ExplanationReplay.Contains(", BIM,", StringComparison.Ordinal)
                                                 && d.ExplanationOriginal.Contains("not BIM", StringComparison.Ordinal));
    }

    /// <summary>The repository's rules with the 2024 home-visit fee as first entered: 45.00 instead of 45.81.</summary>
    private void WriteFirstPublishedRules()
    {
        foreach (var file in Directory.EnumerateFiles(RepositoryRules.Directory, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(FirstRules, Path.GetRelativePath(RepositoryRules.Directory, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        var fees = Path.Combine(FirstRules, "reimbursement", "fees.csv");
        var text = File.ReadAllText(fees);
        const string row = "103412,2024-01-01,2024-12-31,45.81,";
        Assert.Contains(row, text);
        File.WriteAllText(fees, text.Replace(row, "103412,2024-01-01,2024-12-31,45.00,"));
    }

    private sealed record NightLine(long LineId, string Beneficiary, string Provider, int Code, LocalDate ServiceDate, int Quantity,
        string Channel, string Status, string Rules, Money Fee, Money Insurer, Money Share, Money Supplement, Money Maf);

    private static List<NightLine> Lines(string db)
    {
        using var c = PreparedNight.Open(db);
        return c.Query<(long, string, string, long, string, long, string, string, string, long, long, long, long, long)>("""
            SELECT l.line_id, l.beneficiary_id, l.provider_id, l.code, l.service_date, l.quantity, l.channel, r.status, r.rules,
                   r.fee_cents, r.insurer_cents, r.share_cents, r.supplement_cents, r.maf_refund_cents
            FROM care_lines l JOIN line_results r ON r.line_id = l.line_id ORDER BY l.line_id
            """).Select(x => new NightLine(x.Item1, x.Item2, x.Item3, (int)x.Item4, DbTypes.ParseDate(x.Item5), (int)x.Item6, x.Item7, x.Item8,
                x.Item9, new Money(x.Item10), new Money(x.Item11), new Money(x.Item12), new Money(x.Item13), new Money(x.Item14))).ToList();
    }

    /// <summary>
    /// A member the BIM right changes plainly: not BIM, over 24 on every care date (no 'young with a DMG' row), at least
    /// three accepted lines, none with a supplement (a supplement billed to a BIM patient rejects the line) and no home
    /// visit (the tariff story), no MAF refund in their household, and every payee with a good IBAN.
    /// </summary>
    private static string ChooseMember(string db, List<NightLine> night)
    {
        using var c = PreparedNight.Open(db);
        var bim = c.Query<string>("SELECT DISTINCT beneficiary_id FROM beneficiary_statuses WHERE status = 'bim'").ToHashSet();
        var birth = c.Query<(string, string)>("SELECT beneficiary_id, birth_date FROM beneficiaries").ToDictionary(x => x.Item1, x => DbTypes.ParseDate(x.Item2));
        var ibans = c.Query<(string, string?)>("""
            SELECT 'member:' || beneficiary_id, iban FROM beneficiaries b WHERE known_at = (SELECT MAX(known_at) FROM beneficiaries x WHERE x.beneficiary_id = b.beneficiary_id)
            UNION ALL
            SELECT 'provider:' || provider_id, iban FROM providers p WHERE known_at = (SELECT MAX(known_at) FROM providers x WHERE x.provider_id = p.provider_id)
            """).ToDictionary(x => x.Item1, x => Iban.Check(x.Item2).Problem is null);
        var householdOf = c.Query<(string, string)>("SELECT beneficiary_id, household_id FROM household_members WHERE year = 2024").ToDictionary(x => x.Item1, x => x.Item2);
        var refunded = night.Where(l => l.Maf.Cents > 0 && householdOf.ContainsKey(l.Beneficiary)).Select(l => householdOf[l.Beneficiary]).ToHashSet();
        return night.GroupBy(l => l.Beneficiary)
            .Where(g => !bim.Contains(g.Key) && g.Count() >= 3 && g.All(l => l.Status == "accepted" && l.Supplement.Cents == 0 && l.Code != 103412)
                        && g.All(l => AgeOn(birth[g.Key], l.ServiceDate) > 24 && l.ServiceDate >= BimFrom)
                        && !(householdOf.TryGetValue(g.Key, out var h) && refunded.Contains(h))
                        && g.All(l => ibans[l.Channel == "efact" ? "provider:" + l.Provider : "member:" + l.Beneficiary]))
            .OrderByDescending(g => g.Select(l => l.Channel).Distinct().Count()).ThenByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .First().Key;
    }

    /// <summary>
    /// What the BIM right adds to the insurer amount of a line: the ordinary personal share minus the BIM one, from
    /// rules/reimbursement/shares.csv (the member is over 24, so no 'young with a DMG' row applies):
    /// GP consultation with a DMG 4.00 -> 1.00 (3.00 a unit), without 6.00 -> 1.50 (4.50); specialist 12.00 -> 3.00
    /// (9.00), with a GP referral (12.00 - 5.00) -> (3.00 - 2.00) (6.00); physiotherapy and adult dental care 25 % ->
    /// 10 % of the fee, each rounded to the cent (27.50: 6.88 -> 2.75 = 4.13; 27.00: 6.75 -> 2.70 = 4.05).
    /// </summary>
    private static Money BimComplement(NightLine l)
    {
        var share = l.Rules.Split('|').Single(r => r.StartsWith("share.", StringComparison.Ordinal));
        Money PerUnit(long cents) => new(cents * l.Quantity);
        return share switch
        {
            "share.gp.dmg.ordinary" => PerUnit(400 - 100),
            "share.gp.nodmg.ordinary" => PerUnit(600 - 150),
            "share.spec.ordinary" => PerUnit(1200 - 300),
            "share.spec.referral.ordinary" => PerUnit((1200 - 500) - (300 - 200)),
            "share.physio.ordinary" or "share.dental.ordinary" => l.Fee.Percent(2500) - l.Fee.Percent(1000),
            _ => throw new InvalidOperationException($"line {l.LineId}: no hand-worked BIM difference for {share}"),
        };
    }

    /// <summary>
    /// The insurer amount of a home visit with the corrected 2024 fee: 45.81 a unit, billed 45.81 (no supplement), less
    /// the personal share of rules/reimbursement/shares.csv, scheme gp_home_visit, per unit: BIM aged 0-24 with a DMG
    /// held by this GP 0.00; with a DMG held by this GP: BIM 1.00, ordinary 8.00; without: BIM 1.50, ordinary 10.00.
    /// BIM and the DMG as known now (the same as at the night: the only new status is the BIM member's, who has no home visit).
    /// </summary>
    private static Money HomeVisitInsurer(string db, NightLine l)
    {
        using var c = PreparedNight.Open(db);
        var statuses = c.Query<(string Status, string From, string? To, string? Provider)>("""
            SELECT status, from_date, to_date, provider_id FROM beneficiary_statuses WHERE beneficiary_id = @b
            ORDER BY status, from_date, known_at
            """, new { b = l.Beneficiary })
            .Where(s => DbTypes.ParseDate(s.From) <= l.ServiceDate && (s.To is null || l.ServiceDate <= DbTypes.ParseDate(s.To))).ToList();
        var bim = statuses.Any(s => s.Status == "bim");
        var dmgHere = statuses.LastOrDefault(s => s.Status == "dmg").Provider == l.Provider;
        var age = AgeOn(
            DbTypes.ParseDate(c.QueryFirst<string>("SELECT birth_date FROM beneficiaries WHERE beneficiary_id = @b", new { b = l.Beneficiary })), l.ServiceDate);
        long share = dmgHere ? (bim ? (age <= 24 ? 0 : 100) : 800) : (bim ? 150 : 1000);
        return new Money((4581 - share) * l.Quantity);
    }

    /// <summary>Age in whole years on a day: the engine's one age rule (29 February -> 1 March in a common year).</summary>
    private static int AgeOn(LocalDate birth, LocalDate on) => Engine.Core.Calendar.Age.On(birth, on);

    private static List<AdjustmentRow> Adjustments(string db, long? recalcId) => SqliteStore.ForFile(db).Adjustments(recalcId).ToList();

    private static List<(string Ref, string Outcome, long Cents)> ComplementItems(string db, string runId)
    {
        using var c = PreparedNight.Open(db);
        return c.Query<(string, string, long)>(
            "SELECT source_ref, outcome, amount_cents FROM run_items WHERE run_id = @runId AND source_ref LIKE 'adj:%' ORDER BY payee_kind DESC, payee_id, purpose_rank, execution_date, source_ref", new { runId }).ToList();
    }

    private static string Sum(IEnumerable<AdjustmentRow> rows) => rows.Aggregate(Money.Zero, (s, a) => s + a.Amount).ToString();
}
