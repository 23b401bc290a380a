using Engine.Core.Complementary;
using Engine.Core.Rules;
using Engine.Jobs.Rules;
using Engine.Jobs.Rules.Complementary;
using NodaTime;

namespace Engine.Jobs.Tests.Rules.Complementary;

using Money = Engine.Core.Money.Money;

public sealed class AcCatalogueFilesTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "ac-rules-" + Guid.NewGuid().ToString("N"));
    private static readonly string Header = string.Join(",", AcCatalogueFiles.Columns) + ",note,illustrative\n";
    private const string Row = "sport_event,2025-01-01,,attestation,sport_event_registration,flat,15.00,,true,,3,,,false,,,true,24,,,S,src,,false\n";

    public AcCatalogueFilesTests() => Directory.CreateDirectory(Path.Combine(_dir, "complementary", "acme"));
    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string ShippedRules()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Engine.sln"))) return Path.Combine(dir.FullName, "rules");
        throw new InvalidOperationException("no repository root");
    }

    private AcCatalogues Load(string catalogue, string insurers = "insurer,name,default\nacme,Acme,true\n")
    {
        File.WriteAllText(Path.Combine(_dir, "complementary", "insurers.csv"), insurers);
        File.WriteAllText(Path.Combine(_dir, "complementary", "acme", "catalogue.csv"), catalogue);
        return AcCatalogueFiles.Load(_dir);
    }

    [Fact]
    public void The_shipped_example_catalogue_has_the_twelve_advantages_of_the_sheet()
    {
        var catalogues = RuleSetLoader.Load(ShippedRules()).Complementary;
        Assert.Equal("example", catalogues.DefaultInsurer);
        var example = catalogues.Find(null)!;
        Assert.Equal(
            ["alternative_therapy", "birth_premium", "birth_voucher", "burnout_screening", "dietitian_session", "orthodontics_child",
             "pregnancy_vitamins", "psychology_session", "sport_app", "sport_club", "sport_event", "sport_medical"],
            example.Advantages.Keys.OrderBy(k => k, StringComparer.Ordinal));
        AcAdvantage At(string id) => example.Advantages[id].At(new LocalDate(2025, 6, 1)).Value;
        // Figures of belgian-rules.md §6.
        Assert.Equal((Money.Parse("50.00"), Money.Parse("50.00")), (At("sport_club").Amount!.Value, At("sport_club").CapPerYear!.Value));
        Assert.Equal((Money.Parse("15.00"), 3), (At("sport_event").Amount!.Value, At("sport_event").UnitsPerYear!.Value));
        Assert.Equal(Money.Parse("45.00"), At("sport_app").CapPerYear);
        Assert.Equal(Money.Parse("15.00"), At("sport_medical").CapPerYear);
        Assert.Equal(20, At("psychology_session").UnitsPerYear);
        Assert.Equal(Money.Parse("20.00"), At("dietitian_session").Amount);
        Assert.Equal(Money.Parse("650.00"), At("orthodontics_child").CapLifetime);
        Assert.Equal(Money.Parse("50.00"), At("burnout_screening").Amount);
        Assert.Equal(12, At("alternative_therapy").UnitsPerYear);
        Assert.Equal((Money.Parse("350.00"), "birth"), (At("birth_premium").Amount!.Value, At("birth_premium").ExclusiveGroup));
        Assert.Equal((Money.Parse("500.00"), "birth"), (At("birth_voucher").Amount!.Value, At("birth_voucher").ExclusiveGroup));
        Assert.Equal(Money.Parse("30.00"), At("pregnancy_vitamins").Amount);
        Assert.All(example.Advantages.Values, s => Assert.Equal(24, s.At(new LocalDate(2025, 6, 1)).Value.ClosedAfterArrearsMonths));
        Assert.Equal(new LocalDate(2025, 1, 1), example.Advantages["birth_voucher"].CoveredFrom);
        // The values the sheet does not give are marked illustrative, and only those rows: the 2025 rows whose amount,
        // period or age limit is a choice, and every 2024 row that assumes the 2025 figure (confidence U: the sheet has
        // no 2024 figure for it). The 2024 rows of the report's "was" figures (confidence I) are given by the sheet.
        Assert.Equal(["alternative_therapy", "burnout_screening", "orthodontics_child", "pregnancy_vitamins", "psychology_session"],
            example.Advantages.Where(kv => kv.Value.Periods.Any(p => p.From.Year == 2025 && p.Origin.Illustrative)).Select(kv => kv.Key).OrderBy(k => k, StringComparer.Ordinal));
        var assumed2024 = example.Advantages.SelectMany(kv => kv.Value.Periods.Where(p => p.To == new LocalDate(2024, 12, 31) && p.Origin.Confidence == Confidence.U)
            .Select(p => (kv.Key, p))).ToList();
        Assert.Equal(["birth_premium", "pregnancy_vitamins", "psychology_session", "sport_app", "sport_club", "sport_event", "sport_medical"],
            assumed2024.Select(x => x.Key).OrderBy(k => k, StringComparer.Ordinal));
        Assert.All(assumed2024, x => Assert.True(x.p.Origin.Illustrative, $"{x.Key} 2024 ({x.p.Origin.File}:{x.p.Origin.Line}) assumes the 2025 figure: illustrative"));
        Assert.Equal(Confidence.U, example.Advantages["sport_app"].Periods[0].Origin.Confidence);
    }

    [Fact]
    public void The_shipped_example_catalogue_covers_2024_and_2025_and_refuses_the_years_after()
    {
        // The catalogue is that of a 2025 report: its 2025 rows end on 2025-12-31 (no open end), so a request of 2026
        // (the report says nothing of 2026) or 2027 is refused with the reason, never computed on 2025's amounts.
        var example = RuleSetLoader.Load(ShippedRules()).Complementary.Find(null)!;
        Assert.All(example.Advantages.Values, s => Assert.Equal(new LocalDate(2025, 12, 31), s.CoveredTo));
        var member = new AcMember("m1", new LocalDate(1985, 4, 4), true, 0, new LocalDate(2010, 1, 1));
        AcDecision Decide(string id, LocalDate date) =>
            AcDecider.Decide(AcMemberState.Empty("m1"), new AcRequest(id, "m1", "sport_club", date, Money.Parse("80.00")), member, example).Decision;
        var last = Decide("r2025", new LocalDate(2025, 12, 31));
        Assert.Equal((AcStatus.Granted, Money.Parse("50.00")), (last.Status, last.Granted));
        foreach (var date in new[] { new LocalDate(2026, 1, 1), new LocalDate(2026, 6, 15), new LocalDate(2027, 3, 1) })
        {
            var d = Decide("r" + date.Year, date);
            Assert.Equal((AcStatus.Refused, AcReason.YearNotCovered, Money.Zero), (d.Status, d.Reason, d.Granted));
            Assert.Equal($"year_not_covered: the catalogue of insurer example has no figures for {date:yyyy-MM-dd} (it covers 2024-01-01 to 2025-12-31): refused, never computed on another year's amounts",
                d.ReasonLine);
        }
    }

    [Fact]
    public void A_catalogue_row_is_read_with_its_origin()
    {
        var c = Load(Header + Row).Find("acme")!;
        var row = c.Advantages["sport_event"].At(new LocalDate(2025, 1, 1));
        Assert.Equal(3, row.Value.UnitsPerYear);
        Assert.Equal("rules/complementary/acme/catalogue.csv", row.Origin.File);
        Assert.Equal(2, row.Origin.Line);
        Assert.Single(c.ByProof(AcProofKind.Attestation, "sport_event_registration", new LocalDate(2025, 2, 2)));
    }

    [Theory]
    [InlineData("sport_event,2025-01-01,,attestation,x,flat,,,true,,3,,,false,,,true,24,,,S,src,,false\n", ":2: a flat advantage needs its amount")]
    [InlineData("sport_event,2025-01-01,,attestation,x,percent,,120,true,,,,,false,,,true,24,,,S,src,,false\n", ":2: column 'percent'")]
    [InlineData("sport_event,2025-01-01,,attestation,x,flat,15.001,,true,,,,,false,,,true,24,,,S,src,,false\n", ":2: column 'amount'")]
    [InlineData("sport_event,2025-01-01,,receipt,x,flat,15.00,,true,,,,,false,,,true,24,,,S,src,,false\n", ":2: proof_kind 'receipt'")]
    [InlineData("sport_event,2025-01-01,,attestation,x,flat,15.00,,true,,,,,false,18,17,true,24,,,S,src,,false\n", ":2: age_min 18 is above age_max 17")]
    [InlineData("sport_event,2025-01-01,,attestation,x,flat,15.00,,maybe,,,,,false,,,true,24,,,S,src,,false\n", ":2: column 'cost_based'")]
    [InlineData(Row + Row, "overlaps")]
    public void A_defective_catalogue_row_is_refused_naming_file_and_line(string rows, string expected)
    {
        var e = Assert.Throws<RuleLoadException>(() => Load(Header + rows));
        Assert.Contains("rules/complementary/acme/catalogue.csv", e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void A_missing_column_is_refused()
    {
        var e = Assert.Throws<RuleLoadException>(() => Load(Header.Replace("waiting_months,", "") + Row));
        Assert.Contains("required column 'waiting_months' is missing", e.Message);
    }

    [Theory]
    [InlineData("insurer,name,default\nacme,Acme,false\n", "no insurer is the default")]
    [InlineData("insurer,name,default\nacme,Acme,true\nbeta,Beta,true\n", "a second default insurer")]
    [InlineData("insurer,name,default\n", "the catalogue of 'acme' exists but the insurer is not listed")]
    [InlineData("insurer,name,default\nacme,Acme,true\nzeta,Zeta,false\n", "insurer 'zeta' has no rules/complementary/zeta/catalogue.csv")]
    public void The_insurers_list_must_match_the_catalogues_and_name_one_default(string insurers, string expected)
    {
        var e = Assert.Throws<RuleLoadException>(() => Load(Header + Row, insurers));
        Assert.Contains(expected, e.Message);
    }
}
