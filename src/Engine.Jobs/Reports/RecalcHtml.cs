using System.Globalization;
using Engine.Jobs.Data;
using Engine.Jobs.Recalc;

namespace Engine.Jobs.Reports;

/// <summary>
/// recalc.html beside recalc.txt (kept: it is the contract) and recalc.csv: the recalculation for a finance officer in
/// a browser, who asked and why, the totals, and every difference as a table with both explanations.
/// </summary>
public static class RecalcHtml
{
    public const string Name = "recalc.html";

    public static byte[] Html(RecalcRow r, IReadOnlyList<AdjustmentRow> differences, IReadOnlyList<string> notes)
    {
        var h = new Html($"Recalculation {r.RecalcId}");
        h.Table("recalc", ["", ""], [
            ["asked by", r.RequestedBy], ["reason", r.Reason], ["scope", r.Scope], ["as of", DbTypes.Text(r.AsOf)],
            [new Cell("rules"), Cell.Hash(r.RuleSetVersion)],
        ]);
        h.Table("totals", ["", "count#", "EUR#"], [
            ["items recomputed (care lines' insurer amounts, MAF refunds, indemnity statements)", new(N(r.Items), "items"), ""],
            ["complements: paid by the next payment run, each once", new(N(r.Complements), "complements"), new(r.ComplementTotal.ToString(), "complement_total")],
            ["undue: listed for recovery, never deducted from a payment", new(N(r.Undue), "undue"), new(r.UndueTotal.ToString(), "undue_total")],
        ]);
        foreach (var n in notes) h.P("note: " + n);
        h.H2("Differences", "differences");
        h.Table("differences", ["line", "item", "payee", "payee id", "period", "paid#", "recomputed#", "difference#", "kind", "explanation (paid)", "explanation (recomputed)"],
            differences.Select(a => (IReadOnlyList<Cell>)[
                Recalculation.LineIdOf(a.Item)?.ToString(CultureInfo.InvariantCulture) ?? "", a.Item, a.PayeeKind, a.PayeeId,
                a.PeriodFrom is { } f ? $"{DbTypes.Text(f)}..{(a.PeriodTo is { } t ? DbTypes.Text(t) : "")}" : "",
                a.PaidBefore.ToString(), a.Recomputed.ToString(), a.Signed.ToString(),
                a.Kind == "complement" ? "complement (paid by the next run)" : "undue (to recover)", a.ExplanationPaid, a.ExplanationNow,
            ]), "none: what was paid is what the rules and data give today");
        return h.Bytes();
    }

    private static string N(int n) => n.ToString(CultureInfo.InvariantCulture);
}
