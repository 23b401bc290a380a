using Engine.Jobs.Generation;
using Engine.Jobs.Ingestion;
using Engine.Jobs.Time;

namespace Engine.Jobs.Tests.Ingestion;

/// <summary>Issue 13: inbox CSVs saved by a Belgian Excel (';' separators, a BOM, TRUE/FALSE, a decimal comma) are read.</summary>
public sealed class BelgianExcelCsvTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("engine-excel-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static readonly System.Text.Encoding Bom = new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: true);

    [Fact]
    public void Indemnity_declarations_and_AC_requests_saved_by_Excel_are_imported_and_a_wrong_header_names_its_separator()
    {
        var night = SmallNight.Create(_root, new GeneratorOptions { Members = 50, Lines = 50, Seed = 5 });
        Directory.CreateDirectory(night.Options.InboxFolder);
        var members = night.Registry.Beneficiaries.Select(b => b.BeneficiaryId).Order(StringComparer.Ordinal).ToList();
        File.WriteAllText(Path.Combine(night.Options.InboxFolder, "a-declarations.csv"),
            string.Join(';', IndemnityDeclarationImport.Columns) + "\r\n" +
            $"C1;{members[0]};incapacity;employee;TRUE;2024-01-08;;120,50;family\r\n" +
            $"C2;{members[1]};incapacity;worker;FALSE;2024-01-15;;95.50;isolated\r\n", Bom);
        File.WriteAllText(Path.Combine(night.Options.InboxFolder, "b-ac.csv"),
            "request_id;member_id;advantage;date;amount_paid;evidence_reference\r\n" +
            $"R1;{members[2]};glasses;2024-02-01;150,00;INV-1\r\n", Bom);
        // A declaration file whose header Excel saved with a typo: refused whole, the message names the separator.
        File.WriteAllText(Path.Combine(night.Options.InboxFolder, "c-declarations.csv"),
            "case_id;member_id;kind;regime;regular_worker;first_day;last_day;daily_wage;family\r\nC3;x;incapacity;employee;TRUE;2024-01-08;;1;family\r\n", Bom);

        night.Clock.Set(Brussels.At(night.Generator.RunDate, 10));
        var import = new InboxImport(night.Store, night.Rules, night.Options, night.Clock, Serilog.Core.Logger.None);
        var report = import.ImportFiles(Directory.GetFiles(night.Options.InboxFolder).Order(StringComparer.Ordinal).ToList());

        Assert.True(report.Files[0].RejectedLines == 0, string.Join("\n", report.Files[0].Rejections));
        Assert.Equal(("indemnity", "imported", 2, 0), (report.Files[0].Channel, report.Files[0].Status, report.Files[0].AcceptedLines, report.Files[0].RejectedLines));
        var cases = night.Store.IndemnityCases(night.Clock.GetCurrentInstant()).ToDictionary(c => c.CaseId);
        Assert.Equal("120.50", cases["C1"].DailyWage.ToString());
        Assert.True(cases["C1"].RegularWorker);
        Assert.False(cases["C2"].RegularWorker);
        Assert.Equal(("ac", "imported", 1), (report.Files[1].Channel, report.Files[1].Status, report.Files[1].AcceptedLines));
        Assert.Equal("refused", report.Files[2].Status);
        Assert.Contains("wrong header 'case_id;member_id;kind;regime;regular_worker;first_day;last_day;daily_wage;family'", report.Files[2].Detail);
        Assert.Contains("read with the separator ';' found in the header line", report.Files[2].Detail);
    }
}
