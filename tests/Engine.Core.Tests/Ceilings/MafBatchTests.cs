using Engine.Core.Ceilings;
using static Engine.Core.Tests.Ceilings.MafFixture;

namespace Engine.Core.Tests.Ceilings;

public class MafBatchTests
{
    private static readonly Dictionary<MafCounterKey, MafHousehold> Households = new[]
    {
        new MafHousehold("H1", 2023, M("15000.00"), false, false), // 2023 bracket 2: 506.79
        new MafHousehold("H1", 2024, M("15000.00"), false, false), // 2024 bracket 2 (12,681.18 < 15,000 <= 22,687.05): 516.92
        new MafHousehold("H2", 2024, null, true, false),            // BIM: 516.92
        new MafHousehold("H1", 2025, M("15000.00"), false, false), // no 2025 figures in the rules
    }.ToDictionary(h => h.Key);

    private static MafBatchLine L(string id, string who, string? household, NodaTime.LocalDate date, string share, NodaTime.LocalDate? birth = null) =>
        new(id, who, household, date, M(share), birth ?? D(1970, 1, 1));

    [Fact]
    public void Refunds_come_back_per_line_in_file_order_though_lines_are_counted_by_service_date()
    {
        // H1 2024 ceiling 516.92. File order: X (Sep, 100.00), Y (Feb, 450.00), Z (Mar, 50.00).
        // Counting order Y, Z, X: 450.00 -> 0; 500.00 -> 0; 600.00 -> 600.00 - 516.92 = 83.08 on X.
        var r = MafBatch.Run(TestRules(), [L("X", "p", "H1", D(2024, 9, 1), "100.00"), L("Y", "p", "H1", D(2024, 2, 1), "450.00"), L("Z", "q", "H1", D(2024, 3, 1), "50.00")], Households);
        Assert.Equal(["X", "Y", "Z"], r.Lines.Select(l => l.LineId));
        Assert.Equal(["83.08", "0.00", "0.00"], r.Lines.Select(l => l.Cell));
    }

    [Fact]
    public void A_late_line_of_last_year_updates_last_years_counter_and_gets_its_refund()
    {
        // The 2023 counter of H1 is stored at 500.00 (ceiling 506.79, nothing refunded). A 2024 batch brings a line
        // of 2023-12-20 for 20.00: 2023 counter 520.00 -> 520.00 - 506.79 = 13.21 refunded; the 2024 counter gets only
        // the 2024 line (30.00, far below 516.92).
        var ceiling2023 = MafCeilings.For(TestRules(), Households[new("H1", 2023)]);
        var stored = MafCounterState.Restore(ceiling2023, M("500.00"), M("0.00"), [], ["old1", "old2"]);
        var r = MafBatch.Run(TestRules(),
            [L("N1", "p", "H1", D(2024, 1, 5), "30.00"), L("LATE", "p", "H1", D(2023, 12, 20), "20.00")],
            Households, new Dictionary<MafCounterKey, MafCounterState> { [stored.Key] = stored });
        Assert.Equal(["0.00", "13.21"], r.Lines.Select(l => l.Cell));
        Assert.Equal(M("520.00"), r.Counters[new("H1", 2023)].Counted);
        Assert.Equal(M("30.00"), r.Counters[new("H1", 2024)].Counted);
    }

    [Fact]
    public void A_line_id_repeated_in_the_batch_is_an_error_on_both_rows_and_the_neighbours_go_through()
    {
        // H2 (BIM 2024, 516.92): A 500.00 -> 0.00 (500.00 <= 516.92). B twice in the file: both rows are reported,
        // naming the id and both rows; neither is counted (which one is right is not ours to guess): counter 500.00.
        var r = MafBatch.Run(TestRules(),
            [L("A", "p", "H2", D(2024, 1, 1), "500.00"), L("B", "p", "H2", D(2024, 2, 1), "30.00") with { Where = "claims.csv:3" },
             L("B", "p", "H2", D(2024, 2, 1), "30.00") with { Where = "claims.csv:4" }],
            Households);
        Assert.Equal(["0.00", "", ""], r.Lines.Select(l => l.Cell));
        Assert.Null(r.Lines[0].Error);
        Assert.Equal(r.Lines[1].Error, r.Lines[2].Error);
        Assert.Contains("line id B is repeated in the batch (claims.csv:3 and claims.csv:4)", r.Lines[1].Error);
        Assert.Equal(M("500.00"), r.Counters[new("H2", 2024)].Counted);
        Assert.DoesNotContain("B", r.Counters[new("H2", 2024)].LineIds);
        // Without a row name, the rows are named by their position in the batch.
        var unnamed = MafBatch.Run(TestRules(), [L("C", "p", "H2", D(2024, 1, 1), "1.00"), L("D", "p", "H2", D(2024, 1, 1), "1.00"), L("C", "p", "H2", D(2024, 1, 1), "1.00")], Households);
        Assert.Contains("line id C is repeated in the batch (batch row 1 and batch row 3)", unnamed.Lines[0].Error);
        Assert.Equal("0.00", unnamed.Lines[1].Cell);
    }

    [Fact]
    public void A_line_already_stored_is_not_counted_again()
    {
        // H2 (BIM 2024, 516.92): A 500.00, then B 30.00 -> 13.08 (530.00 - 516.92).
        var r = MafBatch.Run(TestRules(), [L("A", "p", "H2", D(2024, 1, 1), "500.00"), L("B", "p", "H2", D(2024, 2, 1), "30.00")], Households);
        Assert.Equal(["0.00", "13.08"], r.Lines.Select(l => l.Cell));
        // A re-run of the same file on the stored counters refunds nothing more.
        var rerun = MafBatch.Run(TestRules(), [L("A", "p", "H2", D(2024, 1, 1), "500.00"), L("B", "p", "H2", D(2024, 2, 1), "30.00")], Households, r.Counters);
        Assert.Equal(["0.00", "0.00"], rerun.Lines.Select(l => l.Cell));
        Assert.Equal(M("530.00"), rerun.Counters[new("H2", 2024)].Counted);
    }

    [Fact]
    public void A_line_without_household_row_or_rules_gets_an_error_and_the_others_go_through()
    {
        var r = MafBatch.Run(TestRules(),
        [
            L("NOHH", "p", null, D(2024, 1, 1), "10.00"),
            L("NOROW", "p", "H9", D(2024, 1, 1), "10.00"),
            L("Y2025", "p", "H1", D(2025, 3, 1), "10.00"),
            L("OK", "p", "H1", D(2024, 3, 1), "10.00"),
        ], Households);
        Assert.Equal(["", "", "", "0.00"], r.Lines.Select(l => l.Cell));
        Assert.Contains("no household", r.Lines[0].Error);
        Assert.Contains("household H9, year 2024", r.Lines[1].Error);
        Assert.Contains("'maf.revenus.brackets'", r.Lines[2].Error);
        Assert.Contains("year of care 2025", r.Lines[2].Error);
        // The year without figures is typed, so a run can hold it as pending: parameter and year, per household-year.
        Assert.Equal(new MafFiguresMissing(Engine.Core.Ceilings.MafRules.BracketsName, 2025), r.Lines[2].Missing);
        Assert.Equal(new MafCounterKey("H1", 2025), r.Lines[2].Counter);
        Assert.Null(r.Lines[1].Missing); // no household row: not a missing figure
        Assert.Equal(new MafFiguresMissing(Engine.Core.Ceilings.MafRules.BracketsName, 2025), Assert.Single(r.Pending).Value);
        Assert.Equal(new MafCounterKey("H1", 2025), r.Pending.Single().Key);
        Assert.Null(r.Lines[3].Error);
    }

    [Fact]
    public void A_child_in_the_batch_has_its_own_ceiling()
    {
        // H1 2024: household 516.92, child 746.66. Child (born 2012) 600.00: 600.00 - 516.92 = 83.08 (the household
        // ceiling binds first); the parent's 10.00 afterwards is all refunded.
        var r = MafBatch.Run(TestRules(),
            [L("K", "kid", "H1", D(2024, 4, 1), "600.00", D(2012, 1, 1)), L("P", "mum", "H1", D(2024, 5, 1), "10.00")], Households);
        Assert.Equal(["83.08", "10.00"], r.Lines.Select(l => l.Cell));
    }
}
