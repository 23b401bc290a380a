using Engine.Jobs.Data;
using Engine.Jobs.Rules;
using Engine.Jobs.Runs;
using Engine.Jobs.Tests.Rules.Reimbursement;
using NodaTime;

namespace Engine.Jobs.Tests.Runs;

using Money = Engine.Core.Money.Money;

/// <summary>The run's MAF with the registry's household relation (migration 0012): the MAF social covers the BIM
/// beneficiary's family; an `other` co-resident is counted apart under the MAF revenus, and that counter is stored and
/// restored like any other.</summary>
public sealed class MafStepRelationTests
{
    private static readonly Engine.Core.Rules.RuleSet Rules = new RuleSetProvider(new EngineOptions { RulesFolder = RepoFiles.Rules }).Current;

    private static readonly Dictionary<string, BeneficiaryRow> Members = new[] { "T", "P", "L" }
        .ToDictionary(id => id, id => new BeneficiaryRow { BeneficiaryId = id, Name = id, BirthDate = new LocalDate(1970, 1, 1) });

    private static readonly HouseholdRow[] Households =
        [new HouseholdRow { HouseholdId = "H", Year = 2024, ReferenceIncome = new Money(30_000_00), BimHousehold = true }];

    private static readonly HouseholdMemberRow[] Relations =
    [
        new() { HouseholdId = "H", BeneficiaryId = "T", Year = 2024, Relation = "titulaire" },
        new() { HouseholdId = "H", BeneficiaryId = "P", Year = 2024, Relation = "partner" },
        new() { HouseholdId = "H", BeneficiaryId = "L", Year = 2024, Relation = "other" },
    ];

    private static (List<LineResultRow>, Dictionary<long, CareLineRow>) Lines(params (long Id, string Member, int Day, long ShareCents)[] lines) =>
        (lines.Select(l => new LineResultRow { RunId = "r", LineId = l.Id, Status = "accepted", Share = new Money(l.ShareCents), Payee = "member", Rules = "x" }).ToList(),
         lines.ToDictionary(l => l.Id, l => new CareLineRow
         {
             LineId = l.Id, BeneficiaryId = l.Member, ProviderId = "PR", Code = 101076, ServiceDate = new LocalDate(2024, 3, l.Day), Channel = "eattest",
         }));

    [Fact]
    public void An_other_co_resident_is_counted_apart_under_the_MAF_revenus_and_the_counter_is_restored_by_the_next_run()
    {
        // 2024, BIM household, reference income 30,000.00: MAF social 516.92 for the family (titulaire, partner);
        // the lodger (other) gets the MAF revenus of bracket 3 (up to 34,877.09): 746.66, in counter "H:others".
        // Family: 300.00 + 250.00 = 550.00 -> 33.08 refunded on the second line. Lodger: 250.00 + 100.00 = 350.00 -> 0.
        var (results, lines) = Lines((1, "T", 1, 300_00), (2, "P", 2, 250_00), (3, "L", 3, 250_00), (4, "L", 4, 100_00));
        var step = new MafStep(_ => [], Rules);
        var first = step.Apply("r1", results, lines, Members, Households, Relations);
        Assert.Equal([0, 33_08, 0, 0], first.Results.Select(r => r.MafRefund.Cents));
        Assert.Equal(["H", "H:others"], first.Counters.Select(c => c.HouseholdId));
        Assert.Equal([550_00, 350_00], first.Counters.Select(c => c.CountedCents));

        // Next run: the stored counters restored (the ":others" one included). Lodger 400.00 -> 750.00, 3.34 over
        // 746.66; partner 10.00 over the family's ceiling already passed -> 10.00.
        var stored = first.Counters.ToDictionary(c => (c.HouseholdId, c.Year));
        var (more, moreLines) = Lines((5, "L", 10, 400_00), (6, "P", 11, 10_00));
        var second = new MafStep(keys => keys.Where(stored.ContainsKey).Select(k => stored[k]).ToList(), Rules)
            .Apply("r2", more, moreLines, Members, Households, Relations);
        Assert.Equal([3_34, 10_00], second.Results.Select(r => r.MafRefund.Cents));
        Assert.Equal([560_00, 750_00], second.Counters.Select(c => c.CountedCents));

        // Read the old way (no relation), the four first lines share 516.92: 383.08 refunded.
        var whole = new MafStep(_ => [], Rules).Apply("r0", results, lines, Members, Households,
            Relations.Select(m => new HouseholdMemberRow { HouseholdId = m.HouseholdId, BeneficiaryId = m.BeneficiaryId, Year = m.Year }).ToList());
        Assert.Equal(383_08, whole.Results.Sum(r => r.MafRefund.Cents));
    }
}
