using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using Engine.Jobs.Data;
using Engine.Jobs.Reports;
using Engine.Jobs.Runs;
using MiniExcelLibs;
using MiniExcelLibs.OpenXml;

namespace Engine.Jobs.Tests.Reports.Oracle;

/// <summary>
/// The oracle of <see cref="RunWorkbook"/>: workbook.xlsx as the engine wrote it before it wrote the xlsx itself, with
/// MiniExcel (FastMode, whole in memory) and a pass that dated every zip entry and numbered MiniExcel's random
/// relationship ids. Replays compare recorded workbooks by hash: the engine's bytes must stay these.
/// </summary>
public static partial class MiniExcelRunWorkbook
{
    private static readonly string[] Sheets = RunWorkbook.Sheets;

    public static byte[] Bytes(RunRow run, RunSummary summary, IRunOutputSource source)
    {
        var sheets = new Dictionary<string, object>
        {
            [Sheets[0]] = Totals(summary),
            [Sheets[1]] = Unpaid(source, "held"),
            [Sheets[2]] = Unpaid(source, "to_recover"),
            [Sheets[3]] = Remittance(source),
            [Sheets[4]] = Pending(summary),
        };
        using var raw = new MemoryStream();
        raw.SaveAs(sheets, configuration: new OpenXmlConfiguration { FastMode = true, AutoFilter = true, TableStyles = TableStyles.None });
        // A zip entry's time is an MS-DOS time (1980 to 2107): a run date outside it (one an operator confirmed) is clamped.
        var year = Math.Clamp(run.RunDate.Year, 1980, 2107);
        var stamp = year == run.RunDate.Year ? new DateTimeOffset(run.RunDate.Year, run.RunDate.Month, run.RunDate.Day, 0, 0, 0, TimeSpan.Zero)
            : new DateTimeOffset(year, year == 1980 ? 1 : 12, year == 1980 ? 1 : 31, 0, 0, 0, TimeSpan.Zero);
        return Deterministic(raw.ToArray(), stamp);
    }

    private static IEnumerable<IDictionary<string, object?>> Totals(RunSummary s)
    {
        foreach (var p in s.ByPurpose ?? [])
            yield return Row(("purpose", p.Purpose), ("paid_items", p.PaidItems), ("paid", Amount(p.PaidTotal)), ("held_items", p.HeldItems),
                ("held", Amount(p.HeldTotal)), ("to_recover_items", p.ToRecoverItems), ("to_recover", Amount(p.ToRecoverTotal)));
        yield return Row(("purpose", "all"), ("paid_items", s.ByPurpose?.Sum(p => p.PaidItems) ?? 0), ("paid", Amount(s.PaidTotal)),
            ("held_items", s.HeldBack), ("held", Amount(s.HeldBackTotal)), ("to_recover_items", s.ToRecover), ("to_recover", Amount(s.ToRecoverTotal)));
    }

    private static IEnumerable<IDictionary<string, object?>> Unpaid(IRunOutputSource source, string outcome)
    {
        var any = false;
        foreach (var i in source.UnpaidItems().Where(i => i.Outcome == outcome))
        {
            any = true;
            yield return UnpaidRow(i);
        }
        // An empty sheet still shows its columns.
        if (!any) yield return UnpaidRow(null);
    }

    private static IDictionary<string, object?> UnpaidRow(RunItemRow? i) => Row(
        ("payee_kind", i?.PayeeKind), ("payee_id", i?.PayeeId), ("payee_name", i?.PayeeName), ("iban", i?.Iban), ("purpose", i?.Purpose),
        ("execution_date", i is null ? null : DbTypes.Text(i.ExecutionDate)), ("source_ref", i?.SourceRef), ("amount", i?.Amount.Euros),
        ("period_from", i?.PeriodFrom is { } f ? DbTypes.Text(f) : null), ("period_to", i?.PeriodTo is { } t ? DbTypes.Text(t) : null),
        ("advantage_id", i?.AdvantageId), ("structured_communication", i?.StructuredCommunication),
        ("reason", i?.HoldReason ?? (i?.Outcome == "to_recover" ? Engine.Jobs.Payments.HeldBackReportWriter.RecoveryReason : null)),
        ("provisional", i?.Provisional), ("origin_run", i?.OriginRunId));

    private static IEnumerable<IDictionary<string, object?>> Remittance(IRunOutputSource source)
    {
        var any = false;
        foreach (var t in source.Transfers())
        {
            any = true;
            yield return RemittanceRow(t);
        }
        if (!any) yield return RemittanceRow(null);
    }

    private static IDictionary<string, object?> RemittanceRow(RunTransferRow? t) => Row(
        ("payee_kind", t?.PayeeKind), ("payee_id", t?.PayeeId), ("creditor_name", t?.CreditorName), ("iban", t?.CreditorIban),
        ("execution_date", t is null ? null : DbTypes.Text(t.ExecutionDate)), ("end_to_end_id", t?.EndToEndId), ("purpose", t?.Purpose),
        ("items", t?.Items), ("amount", t?.Amount.Euros), ("remittance", t?.Remittance), ("efact_sending", t?.Sending));

    private static IEnumerable<IDictionary<string, object?>> Pending(RunSummary s)
    {
        var any = false;
        foreach (var y in s.MafPending ?? [])
            foreach (var household in y.HouseholdIds)
            {
                any = true;
                yield return PendingRow("maf_year", household, y.Year.ToString(System.Globalization.CultureInfo.InvariantCulture), null, null, null, y.Parameter,
                    $"add the figure {y.Parameter} for {y.Year} to rules/: the next nightly run computes the refund");
            }
        foreach (var h in s.IndemnitiesHeld ?? [])
        {
            any = true;
            yield return PendingRow("indemnity_days", h.CaseId, null, h.FirstDay, h.LastDay, h.Days, h.Parameter,
                $"add the figure {h.Parameter} to rules/: the next run pays these days");
        }
        if (!any) yield return PendingRow(null, null, null, null, null, null, null, null);
    }

    private static IDictionary<string, object?> PendingRow(string? kind, string? reference, string? year, string? from, string? to, int? days,
        string? parameter, string? release) =>
        Row(("kind", kind), ("reference", reference), ("year", year), ("first_day", from), ("last_day", to), ("days", days),
            ("missing_figure", parameter), ("released_by", release));

    [GeneratedRegex("(Id|r:id)=\"(R[0-9a-f]{32})\"")]
    private static partial Regex RelationshipId();

    private static decimal Amount(string text) => Core.Money.Money.Parse(text).Euros;

    private static IDictionary<string, object?> Row(params (string Column, object? Value)[] cells)
    {
        var row = new Dictionary<string, object?>(cells.Length);
        foreach (var (column, value) in cells) row[column] = value;
        return row;
    }

    /// <summary>
    /// The same zip, every entry (in the same order, with the same content) dated <paramref name="time"/>, and the
    /// relationship ids MiniExcel draws at random ("R" and a GUID) numbered in the order they first appear.
    /// </summary>
    private static byte[] Deterministic(byte[] zip, DateTimeOffset time)
    {
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        using var output = new MemoryStream();
        using (var source = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read))
        using (var target = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var entry in source.Entries)
            {
                var copy = target.CreateEntry(entry.FullName, CompressionLevel.Optimal);
                copy.LastWriteTime = time;
                using var from = entry.Open();
                using var to = copy.Open();
                if (entry.FullName.EndsWith(".xml", StringComparison.Ordinal) || entry.FullName.EndsWith(".rels", StringComparison.Ordinal))
                {
                    using var text = new MemoryStream();
                    from.CopyTo(text);
                    var bytes = text.GetBuffer().AsSpan(0, (int)text.Length);
                    // A part without a relationship id (the sheets' rows: nearly all the bytes) is copied as it is: decoding
                    // and encoding its UTF-8 again gives the same bytes.
                    if (bytes.IndexOf("Id=\"R"u8) < 0 && bytes.IndexOf("id=\"R"u8) < 0)
                    {
                        to.Write(bytes);
                        continue;
                    }
                    var xml = Encoding.UTF8.GetString(bytes);
                    var stable = RelationshipId().Replace(xml, m =>
                    {
                        if (!ids.TryGetValue(m.Groups[2].Value, out var id)) ids[m.Groups[2].Value] = id = "rId" + (ids.Count + 1).ToString(CultureInfo.InvariantCulture);
                        return $"{m.Groups[1].Value}=\"{id}\"";
                    });
                    to.Write(Encoding.UTF8.GetBytes(stable));
                }
                else from.CopyTo(to);
            }
        }
        return output.ToArray();
    }
}
