using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using Engine.Jobs.Data;
using Engine.Jobs.Reports;
using Engine.Jobs.Runs;
using Engine.Jobs.Tests.Reports.Oracle;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;

namespace Engine.Jobs.Tests.Reports;

using Money = Engine.Core.Money.Money;

/// <summary>
/// workbook.xlsx written straight to its zip is, byte for byte, the one MiniExcel and the dating pass wrote
/// (<see cref="MiniExcelRunWorkbook"/>): replays compare recorded workbooks by hash. On texts XML escapes or cannot
/// hold, spaces at either end, surrogate pairs and lone halves, "_xHHHH_", texts that look like numbers or formulas,
/// nulls, empty sheets, long texts, large and negative amounts, many rows (the rows go through the scratch file), run
/// dates outside the zip's dates, and random texts and amounts.
/// </summary>
public class RunWorkbookOracleTests
{
    private static readonly string[] Awkward =
    [
        "", " ", "a & b < c > d \" e ' f", "&amp; &lt;", "<x:v>1</x:v>", "\t\n\r", "\r\n", "\u0001\u0008\u000B\u000C\u001F\u007F", "\u0000",
        " leading", "trailing ", " both ", "  ", "\tleading tab", "trailing tab\t", "é中𝄞😀", "\ud83d", "\ude00", "x\ud83dy", "\ude00\ud83d",
        "\uFFFE\uFFFF", "\uFFFD", "\u0085\u2028\u2029", "\u00A0nbsp\u00A0", "_x0041_", "_X0041_", "_x004g_", "__x0041__", "_x0041_x0042_",
        "_x00e9_", "_x", "x_", "_x0041", "=1+1", "+++118/2402/13167+++", "-5", "0012", "1e5", "1,50", "TRUE", "@SUM(A1)", "'quoted'",
        "BE71 0961 2345 6769", "Dr Louis Maes-O'Brien & Fils <SPRL>",
    ];

    private static readonly long[] Cents = [0, 1, -1, 5, -5, 10, 100, -100, 123_456_789, -987_654_321_012, long.MaxValue, long.MinValue + 1, 199_999];

    private static readonly RunRow Run = new() { RunId = "nightly-2024-03-05", Kind = "nightly", RunDate = new LocalDate(2024, 3, 5) };

    private static void Same(RunRow run, RunSummary summary, Source source)
    {
        var expected = MiniExcelRunWorkbook.Bytes(run, summary, source);
        var actual = RunWorkbook.Bytes(run, summary, source);
        if (!expected.AsSpan().SequenceEqual(actual))
            Assert.Fail($"workbook differs: {expected.Length} bytes expected, {actual.Length} written; first difference at {expected.AsSpan().CommonPrefixLength(actual)}; "
                + Parts(expected, actual));
    }

    /// <summary>Where the parts differ, if they do: the first part that does and the text around its first difference.</summary>
    private static string Parts(byte[] expected, byte[] actual)
    {
        using var a = new ZipArchive(new MemoryStream(expected));
        using var b = new ZipArchive(new MemoryStream(actual));
        var names = $"entries {string.Join(",", a.Entries.Select(e => e.FullName))} / {string.Join(",", b.Entries.Select(e => e.FullName))}";
        foreach (var (x, y) in a.Entries.Zip(b.Entries))
        {
            var bx = Read(x);
            var by = Read(y);
            if (x.FullName != y.FullName || !bx.AsSpan().SequenceEqual(by))
            {
                var at = bx.AsSpan().CommonPrefixLength(by);
                string Around(byte[] bytes) => Encoding.UTF8.GetString(bytes, Math.Max(0, at - 80), Math.Min(bytes.Length, at + 120) - Math.Max(0, at - 80));
                return $"{x.FullName} / {y.FullName} differ at {at}:\n{Around(bx)}\n{Around(by)}";
            }
        }
        return "the parts are the same: " + names;

        static byte[] Read(ZipArchiveEntry e)
        {
            using var s = e.Open();
            using var m = new MemoryStream();
            s.CopyTo(m);
            return m.ToArray();
        }
    }

    private static RunSummary Summary(IReadOnlyList<string> texts, IReadOnlyList<long> anyCents, bool pending = true)
    {
        // The summary's amounts are read back as money: at most long.MaxValue / 100 cents.
        var cents = anyCents.Select(c => c / 100).ToList();
        return Summary(texts, cents, pending);
    }

    private static RunSummary Summary(IReadOnlyList<string> texts, List<long> cents, bool pending) => new()
    {
        RunId = "r", RunDate = "2024-03-05", AsOf = "2024-03-05T01:00:00Z", RuleSetVersion = "v",
        PaidTotal = new Money(cents[0 % cents.Count]).ToString(), HeldBack = 3, HeldBackTotal = new Money(cents[1 % cents.Count]).ToString(),
        ToRecover = -2, ToRecoverTotal = new Money(cents[2 % cents.Count]).ToString(),
        ByPurpose = [.. texts.Select((t, i) => new PurposeSummary(t, i, new Money(cents[i % cents.Count]).ToString(), -i, new Money(-cents[(i + 1) % cents.Count]).ToString(),
            int.MaxValue - i, new Money(cents[(i + 2) % cents.Count]).ToString()))],
        MafPending = pending ? [new MafPendingYear(2023, texts[0], 2, [.. texts.Take(3)]), new MafPendingYear(1, "maf_ceiling_2", 1, ["H1"])] : null,
        IndemnitiesHeld = pending ? [.. texts.Select((t, i) => new IndemnityHeldSummary(t, texts[(i + 1) % texts.Count], "2024-03-04", i - 3, texts[(i + 2) % texts.Count], "2024-03-05"))] : null,
    };

    private static RunItemRow Item(IReadOnlyList<string> texts, int i, long cents, string outcome) => new()
    {
        SourceRef = texts[i % texts.Count], OriginRunId = texts[(i + 1) % texts.Count], PayeeKind = i % 2 == 0 ? "member" : texts[(i + 2) % texts.Count],
        PayeeId = texts[(i + 3) % texts.Count], PayeeName = texts[(i + 4) % texts.Count], Iban = i % 3 == 0 ? null : texts[(i + 5) % texts.Count],
        Amount = new Money(cents), Purpose = texts[(i + 6) % texts.Count], ExecutionDate = new LocalDate(2024, 3, 5).PlusDays(i % 40),
        PeriodFrom = i % 4 == 0 ? null : new LocalDate(2023, 12, 31).PlusDays(-i), PeriodTo = i % 5 == 0 ? null : new LocalDate(2024, 1, 1),
        AdvantageId = i % 2 == 1 ? null : texts[(i + 7) % texts.Count], StructuredCommunication = i % 3 == 1 ? null : texts[(i + 8) % texts.Count],
        Outcome = outcome, HoldReason = i % 4 == 1 ? null : texts[(i + 9) % texts.Count], Provisional = i % 2 == 0 ? null : texts[(i + 10) % texts.Count],
    };

    private static RunTransferRow Transfer(IReadOnlyList<string> texts, int i, long cents) => new()
    {
        EndToEndId = texts[i % texts.Count], ExecutionDate = new LocalDate(2024, 3, 5).PlusDays(i % 3), PayeeKind = texts[(i + 1) % texts.Count],
        PayeeId = texts[(i + 2) % texts.Count], Purpose = texts[(i + 3) % texts.Count], Sending = i % 2 == 0 ? null : texts[(i + 4) % texts.Count],
        CreditorName = texts[(i + 5) % texts.Count], CreditorIban = texts[(i + 6) % texts.Count], Amount = new Money(cents),
        Remittance = texts[(i + 7) % texts.Count], Items = i % 7 == 0 ? -i : i * 1_000,
    };

    private static Source Rows(IReadOnlyList<string> texts, IReadOnlyList<long> cents, int rows)
    {
        var outcomes = new[] { "held", "to_recover", "zero", "held" };
        return new Source(
            [.. Enumerable.Range(0, rows).Select(i => Transfer(texts, i, cents[i % cents.Count]))],
            [.. Enumerable.Range(0, rows).Select(i => Item(texts, i, cents[(i + 3) % cents.Count], outcomes[i % 4]))]);
    }

    [Fact]
    public void Awkward_texts_and_amounts_are_written_as_MiniExcel_wrote_them()
    {
        Same(Run, Summary(Awkward, Cents), Rows(Awkward, Cents, Awkward.Length * 3));
    }

    [Fact]
    public void Empty_sheets_show_their_columns_as_MiniExcel_wrote_them()
    {
        Same(Run, Summary(["ThirdPartyCare"], [0], pending: false), new Source([], []));
        Same(Run, new RunSummary { RunId = "r", RunDate = "2024-03-05", AsOf = "x", RuleSetVersion = "v" }, new Source([], []));
        // Items held only, none to recover: one sheet with rows, the other with its columns only.
        Same(Run, Summary(["a"], [1]), new Source([], [Item(Awkward, 0, 5, "held")]));
    }

    [Fact]
    public void Run_dates_outside_the_zips_dates_are_clamped_as_before()
    {
        foreach (var date in new[] { new LocalDate(1975, 6, 1), new LocalDate(1980, 1, 1), new LocalDate(2107, 12, 31), new LocalDate(2200, 2, 28) })
            Same(new RunRow { RunId = "x", RunDate = date }, Summary(["a"], [1]), Rows(["a", "b"], [1, -1], 3));
    }

    [Fact]
    public void Long_texts_and_many_rows_go_through_the_scratch_file_and_stay_the_same()
    {
        // A text longer than the writer's buffer in UTF-8, texts of every length around it, and enough rows for several
        // flushes of the buffer in each large sheet.
        var texts = new List<string>(Awkward) { new('中', 50_000), new string('x', 140_000) + " ", string.Concat(Enumerable.Repeat("&<😀_x0041_ ", 9_000)) };
        for (var i = 0; i < 60; i++) texts.Add($"Remboursement soins/Terugbetaling zorg {i:D3} " + new string('z', i * 37));
        Same(Run, Summary(texts, Cents), Rows(texts, Cents, 400));
        // Many ordinary rows: a sheet of several megabytes.
        var names = Enumerable.Range(0, 997).Select(i => $"Dr Louis Maes {i}").Concat(["+++118/2402/13167+++", "BE93068262592767", " x "]).ToList();
        Same(Run, Summary(names, Cents), Rows(names, Cents, 20_000));
    }

    [Fact]
    public void Written_to_a_file_the_workbook_is_the_oracles_and_its_sha256_is_told()
    {
        var folder = Directory.CreateTempSubdirectory("workbook-").FullName;
        try
        {
            var source = Rows(Awkward, Cents, 5_000);
            var summary = Summary(Awkward, Cents);
            var path = Path.Combine(folder, RunWorkbook.Name);
            var sha = RunWorkbook.Write(path, Run, summary, source);
            var expected = MiniExcelRunWorkbook.Bytes(Run, summary, source);
            Assert.Equal(expected, File.ReadAllBytes(path));
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(expected)), sha);
            // Nothing left beside it: neither the temporary file nor the rows' scratch file.
            Assert.Equal([RunWorkbook.Name], Directory.EnumerateFiles(folder).Select(Path.GetFileName));
            // Written again (a restart): replaced, the same.
            Assert.Equal(sha, RunWorkbook.Write(path, Run, summary, source));
            Assert.Equal(expected, File.ReadAllBytes(path));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Texts made of the characters that matter to the encoding, and any character at all.</summary>
    private static readonly Gen<string> Text =
        Gen.OneOf(
            Gen.ArrayOf(Gen.Elements('a', 'Z', '0', '9', 'x', 'X', '_', ' ', '&', '<', '>', '"', '\'', '\t', '\r', '\n', '\u0000', '\u0001', '\u001F',
                '\u0085', '\u2028', 'é', '中', '\ud83d', '\ude00', '\uD800', '\uDFFF', '\uFFFE', '\uFFFF', '\uFFFD', '=', '+', '-', '.')).Select(c => new string(c)),
            ArbMap.Default.GeneratorFor<string>().Select(s => s ?? ""),
            Gen.Choose(0, 0xFFFF).Select(c => $"_x{c:X4}_{(char)c}"));

    private static readonly Gen<long> AnyCents =
        Gen.OneOf(Gen.Choose(-1_000, 1_000).Select(c => (long)c), ArbMap.Default.GeneratorFor<long>().Where(c => c != long.MinValue),
            Gen.Elements(long.MaxValue, long.MinValue + 1, 0L));

    [Property(MaxTest = 200)]
    public Property Random_texts_and_amounts_are_written_as_MiniExcel_wrote_them() =>
        Prop.ForAll(Gen.ArrayOf(Text).Where(t => t.Length > 0).ToArbitrary(), Gen.ArrayOf(AnyCents).Where(c => c.Length > 0).ToArbitrary(),
            Gen.Choose(0, 40).ToArbitrary(), (texts, cents, rows) => Same(Run, Summary(texts, cents), Rows(texts, cents, rows)));

    private sealed class Source(List<RunTransferRow> transfers, List<RunItemRow> unpaid) : IRunOutputSource
    {
        public IEnumerable<RunTransferRow> Transfers(string? payer = null) => transfers;
        public IEnumerable<RunItemRow> UnpaidItems(string? payer = null) => unpaid;
        public IEnumerable<(LineResultRow Result, CareLineRow Line)> ResultLines() => throw new NotSupportedException();
        public IReadOnlyList<IndemnityPaymentRow> IndemnityPayments() => throw new NotSupportedException();
        public IReadOnlyList<AcDecisionRow> AcDecisions() => throw new NotSupportedException();
        public IEnumerable<(RunTransferRow Transfer, RunItemRow Item)> TransferItems(string? payer = null) => throw new NotSupportedException();
        public IReadOnlyList<MafSettlementRow> MafSettlements() => throw new NotSupportedException();
        public IReadOnlyList<MafCounterRow> MafPending() => throw new NotSupportedException();
        public IReadOnlyList<IndemnityHeldRow> IndemnitiesHeld() => throw new NotSupportedException();
    }
}
