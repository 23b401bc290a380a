using System.Globalization;
using Engine.Core.Payments;
using Engine.Jobs.Logging;
using Engine.Jobs.Payments;
using Engine.Jobs.Runs;
using Money = Engine.Core.Money.Money;

namespace Engine.Jobs.Reports;

/// <summary>A payee held back in a run, for one reason: their items and euros (the IBAN masked when shown).</summary>
public sealed record HeldPayee(string PayeeKind, string PayeeId, string? Iban, string Reason, int Items, Money Total);

/// <summary>
/// report.html of a run: what the run paid and held back, by purpose and by reason, the lines it rejected, everything
/// owed and not paid this run with what would release it, the amounts computed on provisional figures, and the
/// comparison with the run before. Built from the run's summary (every figure shown is one of summary.json, named by
/// its data-figure attribute) and the payees held back, as streamed from the stored plan; self-contained (inline CSS and
/// SVG charts, no script, nothing fetched), deterministic (no clock but the run's own dates), no NISS nor IBAN in clear.
/// </summary>
public static class RunReport
{
    public const string Name = "report.html";

    /// <summary>What the purposes are called for a reader.</summary>
    public static string Label(string purpose) => purpose switch
    {
        nameof(PaymentPurpose.ThirdPartyCare) => "care paid to providers",
        nameof(PaymentPurpose.DirectRefund) => "direct refunds to members",
        nameof(PaymentPurpose.MafRefund) => "MAF refunds",
        nameof(PaymentPurpose.AcAdvantage) => "AC advantages",
        nameof(PaymentPurpose.Indemnity) => "indemnities",
        _ => purpose,
    };

    /// <summary>What releases an item held back for this reason.</summary>
    public static string Release(string reason) =>
        reason == RunDecisions.ProvisionalRefused
            ? "the figures confirmed in rules/ (confidence S), or a run without Engine:Run:RefuseProvisional: the next run pays the item"
            : reason.Contains("IBAN", StringComparison.Ordinal)
                ? "a valid IBAN registered for the payee: the next run takes the item over and pays it"
                : reason.Contains("name", StringComparison.Ordinal)
                    ? "the payee's name corrected in the registry: the next run pays the item"
                    : reason.Contains("SEPA maximum", StringComparison.Ordinal)
                        ? "a payment made by hand, outside the SEPA file: finance settles it"
                        : "the payee's data or the source corrected: the next run takes the item over and pays it";

    public static byte[] Html(RunSummary s, IReadOnlyList<HeldPayee> heldPayees, RunSummary? previous)
    {
        var h = new Html($"Run {s.RunId}");
        h.Table("run", ["", ""], [
            ["run", s.RunId], ["run date", new Cell(s.RunDate, "run_date")], ["inputs as of", new Cell(s.AsOf, "as_of")],
            [new Cell("rules"), Cell.Hash(s.RuleSetVersion)], ["file format", (s.FileFormat ?? RunFileFormat.Original).ToString(CultureInfo.InvariantCulture)],
        ]);
        h.P("Every figure is one of summary.json, beside this report; the items themselves are in remittance, held-back and workbook.xlsx.");

        // Totals by purpose.
        h.H2("Totals by purpose", "by-purpose");
        var purposes = s.ByPurpose ?? [];
        h.Table("by-purpose-table", ["purpose", "paid items#", "paid (EUR)#", "held items#", "held back (EUR)#", "to recover items#", "to recover (EUR)#"],
            purposes.Select(p => (IReadOnlyList<Cell>)[
                Label(p.Purpose), new(N(p.PaidItems), $"by_purpose|{p.Purpose}|paid_items"), new(p.PaidTotal, $"by_purpose|{p.Purpose}|paid_total"),
                new(N(p.HeldItems), $"by_purpose|{p.Purpose}|held_items"), new(p.HeldTotal, $"by_purpose|{p.Purpose}|held_total"),
                new(N(p.ToRecoverItems), $"by_purpose|{p.Purpose}|to_recover_items"), new(p.ToRecoverTotal, $"by_purpose|{p.Purpose}|to_recover_total"),
            ]).Append([
                "all", N(purposes.Sum(p => p.PaidItems)), new(s.PaidTotal, "paid_total"), new(N(s.HeldBack), "held_back"),
                new(s.HeldBackTotal, "held_back_total"), new(N(s.ToRecover), "to_recover"), new(s.ToRecoverTotal, "to_recover_total"),
            ]));
        h.PairedBars("by-purpose-chart", "Paid and held back by purpose (EUR)", "paid", "held back",
            purposes.Select(p => (Label(p.Purpose), Euros(p.PaidTotal), Euros(p.HeldTotal))).ToList());

        // Paid and held back.
        h.H2("Paid and held back", "paid");
        h.Table("paid-table", ["", "count#", "EUR#"], [
            ["transfers paid", new(N(s.Transfers), "transfers"), new(s.PaidTotal, "paid_total")],
            ["items held back", new(N(s.HeldBack), "held_back"), new(s.HeldBackTotal, "held_back_total")],
            ["items to recover (negative, never netted)", new(N(s.ToRecover), "to_recover"), new(s.ToRecoverTotal, "to_recover_total")],
            ["items of zero", new(N(s.ZeroAmounts), "zero_amounts"), ""],
            ["taken over from earlier runs, paid now", new(N(s.CarriedOverPaid), "carried_over_paid"), new(s.CarriedOverPaidTotal, "carried_over_paid_total")],
            ["recalculation complements paid", new(N(s.ComplementsPaid), "complements_paid"), new(s.ComplementsPaidTotal, "complements_paid_total")],
        ]);
        h.H3("Held back, by reason");
        h.Table("held-by-reason", ["reason", "items#", "payees#", "EUR#", "what releases it"],
            s.HeldBackByReason.Select(r => (IReadOnlyList<Cell>)[
                r.Key, new(N(r.Value.Items), $"held_back_by_reason|{r.Key}|items"), new(N(r.Value.Payees), $"held_back_by_reason|{r.Key}|payees"),
                new(r.Value.Total, $"held_back_by_reason|{r.Key}|total"), Release(r.Key),
            ]), "nothing held back");

        // Care lines.
        h.H2("Care lines", "lines");
        h.Table("lines-table", ["", "count#"], [
            ["lines computed", new(N(s.Lines), "lines")], ["accepted", new(N(s.Accepted), "accepted")], ["rejected", new(N(s.Rejected), "rejected")],
        ]);
        h.Table("amounts-table", ["", "EUR#"], [
            ["fees", new(s.FeeTotal, "fee_total")], ["insurer amounts", new(s.InsurerTotal, "insurer_total")],
            ["personal shares", new(s.PersonalShareTotal, "personal_share_total")], ["supplements", new(s.SupplementTotal, "supplement_total")],
            ["MAF refunds", new(s.MafRefundTotal, "maf_refund_total")], ["indemnities net", new(s.IndemnityNetTotal, "indemnity_net_total")],
            ["indemnity withholding", new(s.IndemnityWithholdingTotal, "indemnity_withholding_total")],
            ["AC advantages granted", new(s.AcGrantedTotal, "ac_granted_total")],
        ]);
        h.H3("Rejections by reason");
        h.Table("rejections", ["reason", "lines#"],
            s.RejectionsByReason.Select(r => (IReadOnlyList<Cell>)[r.Key, new(N(r.Value), $"rejections_by_reason|{r.Key}")]), "no line rejected");
        h.Bars("rejections-chart", "Rejected lines by reason", s.RejectionsByReason.Select(r => (r.Key, (decimal)r.Value, N(r.Value))).ToList());

        // Owed and not paid.
        h.H2("Owed and not paid this run", "owed");
        h.H3("MAF refunds waiting for a year's figures");
        h.Table("maf-pending", ["year of care", "missing figure", "households#", "what releases it"],
            (s.MafPending ?? []).Select(y => (IReadOnlyList<Cell>)[
                new(N(y.Year)), y.Parameter, new(N(y.Households), $"maf_pending|{N(y.Year)}|households"),
                $"the figure {y.Parameter} for {N(y.Year)} added to rules/: the next nightly run computes and pays the refunds",
            ]), "no MAF year pending");
        h.H3("Indemnity days held for a missing figure");
        h.Table("indemnities-held", ["case", "first day", "last day", "days#", "missing figure", "what releases it"],
            (s.IndemnitiesHeld ?? []).Select(d => (IReadOnlyList<Cell>)[
                d.CaseId, d.FirstDay, d.LastDay, new(N(d.Days), $"indemnities_held|{d.CaseId}|{d.FirstDay}|days"), d.Parameter,
                $"the figure {d.Parameter} added to rules/: the next run pays these days",
            ]), "no indemnity day held");
        h.H3("Payees held back");
        h.Table("held-payees", ["payee", "id", "IBAN (masked)", "reason", "items#", "EUR#", "what releases it"],
            heldPayees.Select(p => (IReadOnlyList<Cell>)[p.PayeeKind, p.PayeeId, Redact.Iban(p.Iban), p.Reason, N(p.Items), p.Total.ToString(), Release(p.Reason)]),
            "no payee held back");
        if (s.MafSettledLines is { } settled)
        {
            h.H3("MAF refunds of earlier pending years, computed by this run");
            h.Figure("lines", "maf_settled_lines", N(settled));
            h.Figure("EUR", "maf_settled_total", s.MafSettledTotal ?? "0.00");
        }

        // Provisional figures.
        h.H2("Computed on provisional figures", "provisional");
        if (s.Provisional is { } p)
            h.Table("provisional-table", ["", "count#", "EUR#"], [
                ["care lines (insurer amount and MAF refund)", new(N(p.Lines), "provisional|lines"), new(p.LinesTotal, "provisional|lines_total")],
                ["indemnity statements", new(N(p.Statements), "provisional|statements"), new(p.IndemnityNetTotal, "provisional|indemnity_net_total")],
                ["AC decisions", new(N(p.AcDecisions), "provisional|ac_decisions"), new(p.AcGrantedTotal, "provisional|ac_granted_total")],
                ["all", "", new(p.Total, "provisional|total")],
            ]);
        else h.P("Nothing was computed on a provisional figure (confidence I or U).", "none");

        // Comparison.
        h.H2("Compared with the run before", "previous");
        if (previous is null) h.P("No earlier run of this kind has its files written: nothing to compare with.", "none");
        else
        {
            h.P($"The run before: {previous.RunId} (run date {previous.RunDate}).");
            h.Table("comparison", ["", previous.RunId + "#", s.RunId + "#", "difference#"], Compare(previous, s));
        }

        // Files.
        h.H2("Files", "files");
        h.Table("files", ["file", "execution date", "transfers#", "lines#", "payees#", "EUR#", "SHA-256"],
            s.PaymentFiles.Select(f => (IReadOnlyList<Cell>)[f.File, f.ExecutionDate ?? "", N(f.Transfers), N(f.Lines), N(f.Payees), f.Total, Cell.Hash(f.Sha256)]));
        h.P("Also written: " + string.Join(", ", s.Outputs.Where(o => s.PaymentFiles.All(f => f.File != o))) + ".");
        foreach (var note in s.Notes) h.P("note: " + note);
        return h.Bytes();
    }

    private static IEnumerable<IReadOnlyList<Cell>> Compare(RunSummary a, RunSummary b)
    {
        IReadOnlyList<Cell> Count(string label, int x, int y) => [label, N(x), N(y), (y - x).ToString("+0;-0;0", CultureInfo.InvariantCulture)];
        IReadOnlyList<Cell> Amount(string label, string x, string y)
        {
            var d = Money.Parse(y) - Money.Parse(x);
            return [label, x, y, d.Cents > 0 ? "+" + d : d.ToString()];
        }
        yield return Count("lines", a.Lines, b.Lines);
        yield return Count("rejected", a.Rejected, b.Rejected);
        yield return Amount("insurer amounts", a.InsurerTotal, b.InsurerTotal);
        yield return Amount("MAF refunds", a.MafRefundTotal, b.MafRefundTotal);
        yield return Count("indemnity statements", a.IndemnityStatements, b.IndemnityStatements);
        yield return Amount("indemnities net", a.IndemnityNetTotal, b.IndemnityNetTotal);
        yield return Count("AC requests", a.AcRequests, b.AcRequests);
        yield return Amount("AC granted", a.AcGrantedTotal, b.AcGrantedTotal);
        yield return Count("transfers", a.Transfers, b.Transfers);
        yield return Amount("paid", a.PaidTotal, b.PaidTotal);
        yield return Count("held back", a.HeldBack, b.HeldBack);
        yield return Amount("held back (EUR)", a.HeldBackTotal, b.HeldBackTotal);
        yield return Amount("to recover (EUR)", a.ToRecoverTotal, b.ToRecoverTotal);
        yield return Count("MAF household-years pending", a.MafPending?.Sum(y => y.Households) ?? 0, b.MafPending?.Sum(y => y.Households) ?? 0);
        yield return Count("indemnity days held", a.IndemnitiesHeld?.Sum(d => d.Days) ?? 0, b.IndemnitiesHeld?.Sum(d => d.Days) ?? 0);
    }

    private static string N(int n) => n.ToString(CultureInfo.InvariantCulture);

    private static decimal Euros(string amount) => Money.Parse(amount).Euros;
}
