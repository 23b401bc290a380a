using Engine.Jobs.Data;
using Engine.Jobs.Payments;
using Engine.Jobs.Runs;

namespace Engine.Jobs.Reports;

/// <summary>
/// workbook.xlsx of a run, for finance: the totals by purpose, the items held back, the recoveries, the remittance by
/// payee (one row per transfer, in the payment file's order) and what is owed and not paid (MAF years without figures,
/// indemnity days held for a missing figure). Amounts and counts are numbers; ids, codes, dates (ISO) and structured
/// communications (+++118/2402/13167+++) are text, never read as a number or a formula. Like the remittance and
/// held-back reports it is a finance file: the IBAN is in full.
/// The bytes are those MiniExcel wrote (the tests keep it as the oracle), made deterministic (a replay compares them):
/// every zip entry is dated the run date. <see cref="XlsxWriter"/> writes them straight to the file, the rows streamed
/// from the store: memory holds a buffer, not the workbook.
/// </summary>
public static class RunWorkbook
{
    public const string Name = "workbook.xlsx";

    public static readonly string[] Sheets = ["Totals", "Held back", "Recoveries", "Remittance by payee", "Pending"];

    private static readonly string[] UnpaidColumns = ["payee_kind", "payee_id", "payee_name", "iban", "purpose", "execution_date", "source_ref", "amount",
        "period_from", "period_to", "advantage_id", "structured_communication", "reason", "provisional", "origin_run"];

    /// <summary>Writes the workbook to <paramref name="path"/> (replacing it whole); returns its SHA-256 (lower-case hex).</summary>
    public static string Write(string path, RunRow run, RunSummary summary, IRunOutputSource source) =>
        AtomicFile.Replace(path, stream => Write(stream, run, summary, source, Path.GetDirectoryName(Path.GetFullPath(path))!));

    /// <summary>The workbook's bytes (in memory: for tests and small workbooks).</summary>
    public static byte[] Bytes(RunRow run, RunSummary summary, IRunOutputSource source)
    {
        using var output = new MemoryStream();
        Write(output, run, summary, source, Path.GetTempPath());
        return output.ToArray();
    }

    /// <param name="output">Seekable (a file).</param>
    /// <param name="scratchFolder">Where the rows of a large sheet wait to be counted (a hidden file, deleted once copied).</param>
    public static void Write(Stream output, RunRow run, RunSummary summary, IRunOutputSource source, string scratchFolder)
    {
        // A zip entry's time is an MS-DOS time (1980 to 2107): a run date outside it (one an operator confirmed) is clamped.
        var year = Math.Clamp(run.RunDate.Year, 1980, 2107);
        var stamp = year == run.RunDate.Year ? new DateTimeOffset(run.RunDate.Year, run.RunDate.Month, run.RunDate.Day, 0, 0, 0, TimeSpan.Zero)
            : new DateTimeOffset(year, year == 1980 ? 1 : 12, year == 1980 ? 1 : 31, 0, 0, 0, TimeSpan.Zero);
        using var xlsx = new XlsxWriter(output, stamp, scratchFolder, Sheets);
        Totals(xlsx, summary);
        Unpaid(xlsx, source, "held");
        Unpaid(xlsx, source, "to_recover");
        Remittance(xlsx, source);
        Pending(xlsx, summary);
        xlsx.Finish();
    }

    private static void Totals(XlsxWriter x, RunSummary s)
    {
        x.StartSheet("purpose", "paid_items", "paid", "held_items", "held", "to_recover_items", "to_recover");
        foreach (var p in s.ByPurpose ?? [])
            TotalsRow(x, p.Purpose, p.PaidItems, Amount(p.PaidTotal), p.HeldItems, Amount(p.HeldTotal), p.ToRecoverItems, Amount(p.ToRecoverTotal));
        TotalsRow(x, "all", s.ByPurpose?.Sum(p => p.PaidItems) ?? 0, Amount(s.PaidTotal), s.HeldBack, Amount(s.HeldBackTotal), s.ToRecover, Amount(s.ToRecoverTotal));
        x.EndSheet();
    }

    private static void TotalsRow(XlsxWriter x, string purpose, int paidItems, decimal paid, int heldItems, decimal held, int toRecoverItems, decimal toRecover)
    {
        x.Row();
        x.Cell(purpose);
        x.Cell(paidItems);
        x.Cell(paid);
        x.Cell(heldItems);
        x.Cell(held);
        x.Cell(toRecoverItems);
        x.Cell(toRecover);
    }

    private static void Unpaid(XlsxWriter x, IRunOutputSource source, string outcome)
    {
        x.StartSheet(UnpaidColumns);
        var any = false;
        foreach (var i in source.UnpaidItems())
        {
            if (i.Outcome != outcome) continue;
            any = true;
            x.Row();
            x.Cell(i.PayeeKind);
            x.Cell(i.PayeeId);
            x.Cell(i.PayeeName);
            x.Cell(i.Iban);
            x.Cell(i.Purpose);
            x.Cell(DbTypes.Text(i.ExecutionDate));
            x.Cell(i.SourceRef);
            x.Cell(i.Amount.Euros);
            x.Cell(i.PeriodFrom is { } f ? DbTypes.Text(f) : null);
            x.Cell(i.PeriodTo is { } t ? DbTypes.Text(t) : null);
            x.Cell(i.AdvantageId);
            x.Cell(i.StructuredCommunication);
            x.Cell(i.HoldReason ?? (i.Outcome == "to_recover" ? HeldBackReportWriter.RecoveryReason : null));
            x.Cell(i.Provisional);
            x.Cell(i.OriginRunId);
        }
        // An empty sheet still shows its columns.
        if (!any) EmptyRow(x, UnpaidColumns.Length);
        x.EndSheet();
    }

    private static void Remittance(XlsxWriter x, IRunOutputSource source)
    {
        x.StartSheet("payee_kind", "payee_id", "creditor_name", "iban", "execution_date", "end_to_end_id", "purpose", "items", "amount", "remittance", "efact_sending");
        var any = false;
        foreach (var t in source.Transfers())
        {
            any = true;
            x.Row();
            x.Cell(t.PayeeKind);
            x.Cell(t.PayeeId);
            x.Cell(t.CreditorName);
            x.Cell(t.CreditorIban);
            x.Cell(DbTypes.Text(t.ExecutionDate));
            x.Cell(t.EndToEndId);
            x.Cell(t.Purpose);
            x.Cell(t.Items);
            x.Cell(t.Amount.Euros);
            x.Cell(t.Remittance);
            x.Cell(t.Sending);
        }
        if (!any) EmptyRow(x, 11);
        x.EndSheet();
    }

    private static void Pending(XlsxWriter x, RunSummary s)
    {
        x.StartSheet("kind", "reference", "year", "first_day", "last_day", "days", "missing_figure", "released_by");
        var any = false;
        foreach (var y in s.MafPending ?? [])
            foreach (var household in y.HouseholdIds)
            {
                any = true;
                PendingRow(x, "maf_year", household, y.Year.ToString(System.Globalization.CultureInfo.InvariantCulture), null, null, null, y.Parameter,
                    $"add the figure {y.Parameter} for {y.Year} to rules/: the next nightly run computes the refund");
            }
        foreach (var h in s.IndemnitiesHeld ?? [])
        {
            any = true;
            PendingRow(x, "indemnity_days", h.CaseId, null, h.FirstDay, h.LastDay, h.Days, h.Parameter,
                $"add the figure {h.Parameter} to rules/: the next run pays these days");
        }
        if (!any) EmptyRow(x, 8);
        x.EndSheet();
    }

    private static void PendingRow(XlsxWriter x, string kind, string reference, string? year, string? from, string? to, int? days, string parameter,
        string release)
    {
        x.Row();
        x.Cell(kind);
        x.Cell(reference);
        x.Cell(year);
        x.Cell(from);
        x.Cell(to);
        x.Cell(days);
        x.Cell(parameter);
        x.Cell(release);
    }

    private static void EmptyRow(XlsxWriter x, int columns)
    {
        x.Row();
        for (var c = 0; c < columns; c++) x.Cell((string?)null);
    }

    private static decimal Amount(string text) => Core.Money.Money.Parse(text).Euros;
}
