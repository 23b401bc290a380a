using System.Globalization;
using Engine.Jobs.Replay;
using Money = Engine.Core.Money.Money;

namespace Engine.Jobs.Reports;

/// <summary>
/// replay.html beside replay.txt (kept: it is the contract) and differences.csv: the same replay for an auditor in a
/// browser, every run's totals original against replayed, its files, and the differences as a table.
/// </summary>
public static class ReplayHtml
{
    public const string Name = "replay.html";

    public static byte[] Html(ReplayReport r)
    {
        var h = new Html($"Replay of the runs dated {r.From} to {r.To}");
        h.Table("replay", ["", ""], [
            ["inputs as of", r.AsOf], [new Cell("rules"), Cell.Hash(r.Rules)], ["runs replayed", new(N(r.Runs), "runs")],
            [new Cell("outputs sha256"), Cell.Hash(r.OutputsSha256)],
            ["result", new(r.Reproduced ? "REPRODUCED: the same figures and the same files, byte for byte" : $"{r.Differences} DIFFERENCES", "result")],
        ]);
        foreach (var s in r.Skipped) h.P("skipped: " + s);
        foreach (var n in r.Notes) h.P("note: " + n);
        foreach (var run in r.Replayed)
        {
            h.H2($"Run {run.RunId} ({run.Kind}, {run.RunDate})", "run-" + run.RunId);
            h.P($"as of {run.AsOf}, rules {run.RuleSetVersion}");
            var o = run.Original;
            var p = run.Replay;
            h.Table("totals-" + run.RunId, ["", "original#", "replay#", "difference#"], [
                Count("care lines", o.Lines, p.Lines), Count("accepted", o.Accepted, p.Accepted), Amount("insurer amounts", o.Insurer, p.Insurer),
                Amount("personal shares", o.PersonalShare, p.PersonalShare), Amount("MAF refunds", o.MafRefund, p.MafRefund),
                Count("indemnity statements", o.IndemnityStatements, p.IndemnityStatements), Amount("indemnities net", o.IndemnityNet, p.IndemnityNet),
                Count("AC decisions", o.AcDecisions, p.AcDecisions), Amount("AC granted", o.AcGranted, p.AcGranted),
                Count("transfers", o.Transfers, p.Transfers), Amount("paid", o.Paid, p.Paid), Amount("held back", o.HeldBackTotal, p.HeldBackTotal),
            ]);
            h.Table("files-" + run.RunId, ["file", "same", "original sha256", "replay sha256", "recorded sha256"],
                run.Files.Select(f => (IReadOnlyList<Cell>)[f.File, f.Same ? "same" : "DIFFERENT", Cell.Hash(f.OriginalSha256 ?? "missing"),
                    Cell.Hash(f.ReplaySha256), Cell.Hash(f.RecordedSha256 ?? "")]));
        }
        h.H2("Differences", "differences");
        h.Table("differences", ["run", "item", "field", "original", "replay", "difference", "explanation (original)", "explanation (replay)"],
            r.DifferenceList.Select(d => (IReadOnlyList<Cell>)[d.RunId, d.Item, d.Field, Value(d.Field, d.Original), Value(d.Field, d.Replay), d.Difference,
                d.ExplanationOriginal, d.ExplanationReplay]),
            "none: every figure and every file is the same");
        return h.Bytes();
    }

    /// <summary>A file's hash is shown as is; any other value is masked like every text.</summary>
    private static Cell Value(string field, string value) => field == "sha256" ? Cell.Hash(value) : value;

    private static IReadOnlyList<Cell> Count(string label, int a, int b) => [label, N(a), N(b), (b - a).ToString("+0;-0;0", CultureInfo.InvariantCulture)];

    private static IReadOnlyList<Cell> Amount(string label, string a, string b)
    {
        var d = Money.Parse(b) - Money.Parse(a);
        return [label, a, b, d.Cents > 0 ? "+" + d : d.ToString()];
    }

    private static string N(int n) => n.ToString(CultureInfo.InvariantCulture);
}
