using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Engine.Jobs.Data.Sqlite;
using Engine.Jobs.Payments;
using Engine.Jobs.Replay;
using Engine.Jobs.Runs;
using MiniExcelLibs;

namespace Engine.Host.Tests.Reports;

/// <summary>A night of 2026 (pending MAF year, indemnity days held, provisional figures) by the demo, once for these tests.</summary>
public sealed class Night2026 : IDisposable
{
    public string Root { get; } = Directory.CreateTempSubdirectory("engine-report-").FullName;
    public string Run => Path.Combine(Root, "demo", "runs", "nightly-2026-03-05");
    public string Output { get; }

    public Night2026()
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = Program.Run(["demo", "--out", Path.Combine(Root, "demo"), "--members", "1000", "--lines", "2000", "--seed", "7", "--date", "2026-03-05"],
            stdout, stderr);
        Output = stdout + "" + stderr;
        Assert.True(code == 0, Output);
    }

    public JsonElement Summary => JsonDocument.Parse(File.ReadAllText(Path.Combine(Run, "summary.json"))).RootElement;

    public void Dispose() => Directory.Delete(Root, recursive: true);
}

[Collection("process-wide")]
public sealed partial class RunReportTests(Night2026 night) : IClassFixture<Night2026>
{
    [SkippableFact]
    public void The_report_rendered_by_chromium_shows_the_figures_of_the_summary()
    {
        var html = File.ReadAllText(Path.Combine(night.Run, "report.html"));
        // Self-contained: nothing fetched, no script; the charts are SVG in the page.
        Assert.DoesNotMatch(new Regex(@"\s(src|href)\s*=", RegexOptions.IgnoreCase), html);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("<svg", html, StringComparison.Ordinal);

        var dom = Chromium.DumpDom(Path.Combine(night.Run, "report.html"));
        var figures = Figure().Matches(dom).Select(m => (Name: WebUtility.HtmlDecode(m.Groups[1].Value), Shown: WebUtility.HtmlDecode(m.Groups[2].Value)))
            .ToList();
        var summary = night.Summary;
        foreach (var (name, shown) in figures) Assert.True(Resolve(summary, name) == shown, $"{name}: the report shows {shown}, the summary {Resolve(summary, name)}");

        // The figures the report must show, so that the comparison above cannot pass on an empty page.
        var names = figures.Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var required in new[] { "paid_total", "transfers", "held_back", "held_back_total", "to_recover_total", "lines", "accepted", "rejected",
                     "insurer_total", "maf_refund_total", "indemnity_net_total", "ac_granted_total", "provisional|total", "maf_pending|2026|households" })
            Assert.Contains(required, names);
        foreach (var purpose in new[] { "ThirdPartyCare", "DirectRefund", "MafRefund", "AcAdvantage", "Indemnity" })
            Assert.Contains($"by_purpose|{purpose}|paid_total", names);
        Assert.Contains(names, n => n.StartsWith("indemnities_held|", StringComparison.Ordinal));
        Assert.Equal(summary.GetProperty("held_back_by_reason").EnumerateObject().Count(), names.Count(n => n.StartsWith("held_back_by_reason|", StringComparison.Ordinal) && n.EndsWith("|total", StringComparison.Ordinal)));
        // The purposes add up to the run's paid total (paid and held by purpose are the items of the two reports).
        Assert.Equal(Amount(summary.GetProperty("paid_total").GetString()!),
            summary.GetProperty("by_purpose").EnumerateArray().Sum(p => Amount(p.GetProperty("paid_total").GetString()!)));

        // No IBAN nor NISS in clear in what the browser shows.
        var text = Regex.Replace(dom, "<[^>]+>", " ");
        Assert.DoesNotMatch(new Regex(@"\b[A-Z]{2}\d{2}[A-Z0-9]{10,30}\b"), text);
        Assert.DoesNotMatch(new Regex(@"(?<![0-9a-f])\d{11}(?![0-9a-f])"), text);
        if (summary.GetProperty("held_back").GetInt32() > 0) Assert.Contains("BE**", text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_workbook_reads_back_with_numbers_as_numbers_and_codes_as_text()
    {
        var path = Path.Combine(night.Run, "workbook.xlsx");
        var summary = night.Summary;
        Assert.Equal(["Totals", "Held back", "Recoveries", "Remittance by payee", "Pending"], MiniExcel.GetSheetNames(path));

        var totals = Rows(path, "Totals");
        Assert.Equal(6, totals.Count);
        foreach (var p in summary.GetProperty("by_purpose").EnumerateArray())
        {
            var row = totals.Single(r => (string)r["purpose"]! == p.GetProperty("purpose").GetString());
            Assert.Equal(Amount(p.GetProperty("paid_total").GetString()!), Number(row["paid"]));
            Assert.Equal(p.GetProperty("paid_items").GetInt32(), (int)Number(row["paid_items"]));
            Assert.Equal(Amount(p.GetProperty("held_total").GetString()!), Number(row["held"]));
        }

        // The sheet lists the transfers of every payer (docs/payers.md): the insurance's and those of the other budgets.
        var remittance = Rows(path, "Remittance by payee");
        var payers = summary.GetProperty("payers").EnumerateArray().ToList();
        Assert.Equal(payers.Sum(p => p.GetProperty("transfers").GetInt32()), remittance.Count);
        Assert.Equal(payers.Sum(p => Amount(p.GetProperty("paid_total").GetString()!)), remittance.Sum(r => Number(r["amount"])));
        // A provider's transfer carries its structured communication, as text.
        var structured = remittance.Where(r => r["purpose"] as string == "ThirdPartyCare").Select(r => r["remittance"]).ToList();
        Assert.NotEmpty(structured);
        Assert.All(structured, s => Assert.Matches(@"^\+\+\+\d{3}/\d{4}/\d{5}\+\+\+$", Assert.IsType<string>(s)));
        Assert.All(remittance, r => Assert.IsType<string>(r["payee_id"]));

        var held = Rows(path, "Held back").Where(r => r["source_ref"] is not null).ToList();
        Assert.Equal(summary.GetProperty("held_back").GetInt32(), held.Count);
        Assert.Equal(Amount(summary.GetProperty("held_back_total").GetString()!), held.Sum(r => Number(r["amount"])));

        var pending = Rows(path, "Pending");
        Assert.Equal(summary.GetProperty("maf_pending").EnumerateArray().Sum(y => y.GetProperty("households").GetInt32()),
            pending.Count(r => r["kind"] as string == "maf_year"));
        Assert.Equal(summary.GetProperty("indemnities_held").GetArrayLength(), pending.Count(r => r["kind"] as string == "indemnity_days"));
        Assert.All(pending.Where(r => r["kind"] as string == "maf_year"), r => Assert.Equal("2026", Assert.IsType<string>(r["year"])));

        // No cell is a formula, and the numbers are typed cells, not text.
        using var zip = ZipFile.OpenRead(path);
        foreach (var sheet in zip.Entries.Where(e => e.FullName.StartsWith("xl/worksheets/sheet", StringComparison.Ordinal)))
        {
            using var reader = new StreamReader(sheet.Open());
            var xml = reader.ReadToEnd();
            Assert.DoesNotContain("<x:f>", xml, StringComparison.Ordinal);
            Assert.DoesNotContain("<f>", xml, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_csv_outputs_start_with_a_bom_and_keep_their_columns()
    {
        foreach (var name in new[] { "results.csv", "indemnities.csv", "ac-decisions.csv", "nightly-2026-03-05.remittance.csv", "nightly-2026-03-05.held-back.csv" })
        {
            var bytes = File.ReadAllBytes(Path.Combine(night.Run, name));
            Assert.True(bytes is [0xEF, 0xBB, 0xBF, ..], $"{name} has no UTF-8 BOM");
        }
        var header = File.ReadAllLines(Path.Combine(night.Run, "nightly-2026-03-05.remittance.csv"))[0];
        Assert.Equal(string.Join(',', RemittanceReportWriter.Columns), header);
        // The structured communication is guarded: Excel shows it, never runs it.
        Assert.Contains(",\"'+++", File.ReadAllText(Path.Combine(night.Run, "nightly-2026-03-05.remittance.csv")), StringComparison.Ordinal);
    }

    [Fact]
    public void Replay_writes_the_report_and_the_workbook_again_byte_for_byte_and_an_html_report()
    {
        var db = Path.Combine(night.Root, "demo", "engine.db");
        var replay = Path.Combine(night.Root, "replay-" + Guid.NewGuid().ToString("N")[..6]);
        var config = Path.Combine(night.Root, "config.json");
        File.WriteAllText(config, $$"""{ "Engine": { "OutputFolder": "{{Path.Combine(night.Root, "demo", "runs").Replace("\\", "\\\\")}}" } }""");
        var stdout = new StringWriter();
        Program.Run(["replay", "--from", "2026-03-05", "--to", "2026-03-05", "--out", replay, "--database", db, "--config", config], stdout, new StringWriter());
        var report = ReplayReport.FromJson(File.ReadAllText(Path.Combine(replay, "replay.json")));
        var files = report.Replayed.Single().Files;
        Assert.True(files.Single(f => f.File == "report.html").Same, stdout.ToString());
        Assert.True(files.Single(f => f.File == "workbook.xlsx").Same, stdout.ToString());
        Assert.True(files.Single(f => f.File == "summary.json").Same, stdout.ToString());
        var html = File.ReadAllText(Path.Combine(replay, "replay.html"));
        Assert.Contains("<table id=\"totals-nightly-2026-03-05\">", html, StringComparison.Ordinal);
        Assert.Contains("replay.txt", string.Join(",", Directory.GetFiles(replay).Select(Path.GetFileName)), StringComparison.Ordinal);
    }

    [Fact]
    public void A_run_recorded_before_the_excel_csv_replays_byte_for_byte_with_its_own_plain_files()
    {
        // The night's run written again as an engine of file format 1 wrote it, and recorded so in the store.
        var db = Path.Combine(night.Root, "old-format.db");
        ExactlyOnce.PreparedNight.Checkpoint(Path.Combine(night.Root, "demo", "engine.db"));
        File.Copy(Path.Combine(night.Root, "demo", "engine.db"), db, overwrite: true);
        var oldRuns = Path.Combine(night.Root, "old-runs");
        var store = SqliteStore.ForFile(db);
        var run = store.Run("nightly-2026-03-05")!;
        var payer = new Engine.Jobs.EngineOptions().Payer;
        var folder = Path.Combine(oldRuns, run.RunId);
        var old = RunFiles.Write(run, folder, new StoredRunOutput(store, run.RunId), new PaymentDebtor(payer.Name, payer.Iban, payer.Bic, payer.CompanyNumber),
            _ => { }, RunFileFormat.Original);
        RunFiles.WriteSummary(folder, old);
        using (var c = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={db};Pooling=False"))
        {
            c.Open();
            using var update = c.CreateCommand();
            // A run of format 1 was recorded before migration 0017: no recorded folder, no recorded file hashes.
            update.CommandText = "UPDATE runs SET summary = $s, output_folder = NULL WHERE run_id = $r";
            update.Parameters.AddWithValue("$s", old.ToJson());
            update.Parameters.AddWithValue("$r", run.RunId);
            Assert.Equal(1, update.ExecuteNonQuery());
            using var forget = c.CreateCommand();
            forget.CommandText = "DELETE FROM run_files WHERE run_id = $r";
            forget.Parameters.AddWithValue("$r", run.RunId);
            Assert.True(forget.ExecuteNonQuery() > 0);
        }
        Assert.DoesNotContain("file_format", old.ToJson(), StringComparison.Ordinal);
        Assert.DoesNotContain("report.html", old.Outputs);
        Assert.False(File.ReadAllBytes(Path.Combine(folder, "results.csv")) is [0xEF, ..], "format 1 writes no BOM");

        var replay = Path.Combine(night.Root, "replay-old");
        var config = Path.Combine(night.Root, "config-old.json");
        File.WriteAllText(config, $$"""{ "Engine": { "OutputFolder": "{{oldRuns.Replace("\\", "\\\\")}}" } }""");
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = Program.Run(["replay", "--from", "2026-03-05", "--to", "2026-03-05", "--out", replay, "--database", db, "--config", config], stdout, stderr);
        Assert.True(File.Exists(Path.Combine(replay, "replay.json")), $"replay exited {code}: {stdout}{stderr}");
        var files = ReplayReport.FromJson(File.ReadAllText(Path.Combine(replay, "replay.json"))).Replayed.Single().Files;
        Assert.Equal(old.Outputs, files.Select(f => f.File));
        foreach (var f in files.Where(f => f.File.EndsWith(".csv", StringComparison.Ordinal) || f.File == "summary.json"
                                            || f.File.EndsWith(".pain001.xml", StringComparison.Ordinal)))
            Assert.True(f.Same || f.File == "results.csv", $"{f.File} differs in the replay of a format 1 run: {stdout}");
        Assert.False(File.Exists(Path.Combine(replay, run.RunId, "report.html")));
    }

    [GeneratedRegex("data-figure=\"([^\"]+)\"[^>]*>([^<]*)<")]
    private static partial Regex Figure();

    private static List<IDictionary<string, object?>> Rows(string path, string sheet) =>
        MiniExcel.Query(path, useHeaderRow: true, sheetName: sheet).Cast<IDictionary<string, object?>>().ToList();

    private static decimal Number(object? cell) => cell switch
    {
        double d => Math.Round((decimal)d, 2),
        decimal m => m,
        int i => i,
        long l => l,
        _ => throw new Xunit.Sdk.XunitException($"'{cell}' ({cell?.GetType().Name}) is not a number cell"),
    };

    private static decimal Amount(string text) => decimal.Parse(text, CultureInfo.InvariantCulture);

    /// <summary>A figure's name in the report, read in summary.json: fields by name, list entries by their key ('|' between).</summary>
    private static string? Resolve(JsonElement summary, string name)
    {
        var parts = name.Split('|');
        var e = summary;
        for (var i = 0; i < parts.Length; i++)
        {
            if (e.ValueKind == JsonValueKind.Object)
            {
                if (!e.TryGetProperty(parts[i], out e)) return null;
                continue;
            }
            if (e.ValueKind != JsonValueKind.Array) return null;
            var key = parts[i];
            JsonElement? found = null;
            foreach (var x in e.EnumerateArray())
            {
                if (x.TryGetProperty("purpose", out var p) && p.GetString() == key) found = x;
                else if (x.TryGetProperty("year", out var y) && y.GetRawText() == key) found = x;
                else if (x.TryGetProperty("case_id", out var c) && c.GetString() == key && x.GetProperty("first_day").GetString() == parts[i + 1])
                {
                    found = x;
                    i++;
                }
                if (found is not null) break;
            }
            if (found is null) return null;
            e = found.Value;
        }
        return e.ValueKind == JsonValueKind.String ? e.GetString() : e.GetRawText();
    }
}
