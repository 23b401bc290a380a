using Engine.Core.Ceilings;
using Engine.Host.Commands;
using Engine.Host.Commands.Households;
using NodaTime;

namespace Engine.Host.Tests.Households;

using Money = Engine.Core.Money.Money;

public class HouseholdsCsvTests
{
    private const string Header = "household_id,year,reference_income,bim_household,chronic\n";

    [Fact]
    public void Rows_are_read_per_household_and_year()
    {
        var file = HouseholdsCsv.Read(new StringReader(Header + "H1,2024,20000.00,false,true\nH2,2024,,true,false\n"));
        Assert.Empty(file.Errors);
        Assert.Equal(new MafHousehold("H1", 2024, Money.Parse("20000.00"), false, true), file.Households[new("H1", 2024)]);
        Assert.Equal(new MafHousehold("H2", 2024, null, true, false), file.Households[new("H2", 2024)]);
    }

    [Fact]
    public void A_bad_row_is_reported_with_line_and_column_and_the_others_are_kept()
    {
        var file = HouseholdsCsv.Read(new StringReader(Header +
            "H1,2024,20000.00,false,false\n" +
            "H2,20x4,1.00,false,false\n" +
            "H3,2024,,false,false\n" +
            "H4,2024,12.345,false,false\n" +
            "H5,2024,1.00,maybe,false\n" +
            "H6,2024,1.00,false\n"));
        Assert.Equal(
        [
            "households.csv:3: column 'year': '20x4' is not a year (yyyy)",
            "households.csv:4: column 'reference_income': empty, and only a BIM household may have no reference income",
            "households.csv:5: column 'reference_income': '12.345' is not an amount in euros (dot, at most two decimals, not negative)",
            "households.csv:6: column 'bim_household': 'maybe' is not true or false",
            "households.csv:7: 4 fields where the header has 5",
        ], file.Errors);
        Assert.Equal([new MafCounterKey("H1", 2024)], file.Households.Keys);
    }

    [Fact]
    public void Two_rows_for_one_household_year_are_both_left_out()
    {
        var file = HouseholdsCsv.Read(new StringReader(Header + "H1,2024,1.00,false,false\nH1,2023,1.00,false,false\nH1,2024,2.00,false,false\n"));
        Assert.Equal(["households.csv:4: household H1 year 2024 is already on line 2: both rows are left out"], file.Errors);
        Assert.Equal([new MafCounterKey("H1", 2023)], file.Households.Keys);
    }

    [Fact]
    public void A_wrong_header_or_a_missing_file_is_a_one_line_error()
    {
        var e = Assert.Throws<CliError>(() => HouseholdsCsv.Read(new StringReader("household_id,year,income,bim_household,chronic\n")));
        Assert.StartsWith("households.csv:1: wrong header", e.Message);
        Assert.Throws<CliError>(() => HouseholdsCsv.Read("/nonexistent/households.csv"));
    }

    [Fact]
    public void The_maf_refund_column_follows_the_file_order_and_reports_what_it_cannot_compute()
    {
        // households.csv: H1 2024 income 20,000.00 -> bracket 2 -> 516.92 (shipped rules, mc.be).
        // Lines in file order: A (2024-06-01, 100.00), B (2024-01-15, 450.00), C (H9: no household row), D (2025: no rules),
        // E (2024-03-01, 10.00). Counting order B, E, A: 450.00, 460.00, 560.00 -> A refunded 560.00 - 516.92 = 43.08.
        var households = HouseholdsCsv.Read(new StringReader(Header + "H1,2024,20000.00,false,false\nH1,2025,20000.00,false,false\n"));
        var rules = Engine.Jobs.Rules.RuleSetLoader.Load(Engine.Jobs.Rules.RuleSetLoader.DefaultDirectory());
        LocalDate d(int y, int m, int dd) => new(y, m, dd);
        MafBatchLine l(string id, string hh, LocalDate date, string share) => new(id, "p1", hh, date, Money.Parse(share), d(1980, 1, 1));
        var stderr = new StringWriter();
        var cells = MafRefundColumn.Compute(rules,
            [l("A", "H1", d(2024, 6, 1), "100.00"), l("B", "H1", d(2024, 1, 15), "450.00"), l("C", "H9", d(2024, 1, 1), "5.00"),
             l("D", "H1", d(2025, 1, 2), "5.00"), l("E", "H1", d(2024, 3, 1), "10.00")],
            households, stderr);
        Assert.Equal(["43.08", "0.00", "", "", "0.00"], cells);
        var errors = stderr.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, errors.Length);
        Assert.Contains("line C", errors[0]);
        Assert.Contains("household H9, year 2024", errors[0]);
        Assert.Contains("line D", errors[1]);
        Assert.Contains("year of care 2025", errors[1]);
    }
}
