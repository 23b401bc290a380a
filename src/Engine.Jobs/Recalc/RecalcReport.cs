using System.Globalization;
using System.Text;
using Engine.Core.Money;
using Engine.Jobs.Data;
using Engine.Jobs.Payments;

namespace Engine.Jobs.Recalc;

/// <summary>
/// The report of a recalculation, in its own folder: recalc.csv (one row per difference, in line order; for Excel),
/// recalc.txt (who, why, the scope, as of when, with which rules, the totals, then each difference in plain words) and
/// recalc.html (the same for a browser, the differences as a table).
/// </summary>
public static class RecalcReport
{
    public static readonly string[] Header =
    [
        "line_id", "item", "paid", "recomputed", "difference", "kind", "payee_kind", "payee_id", "period_from", "period_to",
        "explanation_paid", "explanation_recomputed",
    ];

    /// <returns>The path of recalc.csv.</returns>
    public static string Write(string folder, RecalcRow recalc, IReadOnlyList<AdjustmentRow> differences, IReadOnlyList<string> notes)
    {
        Directory.CreateDirectory(folder);
        var csv = Path.Combine(folder, "recalc.csv");
        AtomicFile.Replace(csv, CsvFiles.Write(Header, differences.Select(Row)));
        AtomicFile.Replace(Path.Combine(folder, "recalc.txt"), Encoding.UTF8.GetBytes(Text(recalc, differences, notes)));
        AtomicFile.Replace(Path.Combine(folder, Reports.RecalcHtml.Name), Reports.RecalcHtml.Html(recalc, differences, notes));
        return csv;
    }

    public static IEnumerable<string?> Row(AdjustmentRow a) =>
    [
        Recalculation.LineIdOf(a.Item)?.ToString(CultureInfo.InvariantCulture) ?? "", a.Item, a.PaidBefore.ToString(), a.Recomputed.ToString(),
        a.Signed.ToString(), a.Kind, a.PayeeKind, a.PayeeId, CsvFiles.Date(a.PeriodFrom), CsvFiles.Date(a.PeriodTo), a.ExplanationPaid, a.ExplanationNow,
    ];

    /// <summary>One line per difference, as printed by `engine recalc`.</summary>
    public static string Line(AdjustmentRow a) =>
        $"{a.Item,-18} {a.PayeeKind} {a.PayeeId}: paid {a.PaidBefore}, recomputed {a.Recomputed}: " +
        (a.Kind == "complement" ? $"complement {a.Amount} (paid by the next run)" : $"undue {a.Amount} (to recover)");

    public static string Text(RecalcRow r, IReadOnlyList<AdjustmentRow> differences, IReadOnlyList<string> notes)
    {
        var t = new StringBuilder();
        t.Append($"Recalculation {r.RecalcId}\n");
        t.Append($"  asked by    {r.RequestedBy}\n");
        t.Append($"  reason      {r.Reason}\n");
        t.Append($"  scope       {r.Scope}\n");
        t.Append($"  as of       {DbTypes.Text(r.AsOf)}\n");
        t.Append($"  rules       {r.RuleSetVersion}\n");
        t.Append($"  recomputed  {r.Items} items (care lines' insurer amounts, MAF refunds, indemnity statements)\n");
        t.Append($"  complements {r.Complements}, {r.ComplementTotal} EUR: paid by the next payment run, each once\n");
        t.Append($"  undue       {r.Undue}, {r.UndueTotal} EUR: listed for recovery, never deducted from a payment\n");
        foreach (var note in notes) t.Append($"  note: {note}\n");
        foreach (var a in differences)
        {
            t.Append('\n').Append(Line(a)).Append('\n');
            t.Append($"  paid:       {a.ExplanationPaid}\n");
            t.Append($"  recomputed: {a.ExplanationNow}\n");
        }
        return t.ToString();
    }

}
