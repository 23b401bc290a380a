using Engine.Jobs.Data;
using Engine.Jobs.Replay;
using Engine.Jobs.Rules;
using Engine.Jobs.Runs;
using Engine.Jobs.Tests.Rules.Reimbursement;
using Engine.Jobs.Time;
using NodaTime;

namespace Engine.Jobs.Tests.Runs;

using Money = Engine.Core.Money.Money;
using Engine.Jobs.Tests.Stores;

/// <summary>
/// Indemnity days a missing figure blocks (the wage ceiling of the cohort of 2026 starts, not in the sheet) are held,
/// listed in the summary and in indemnities-held.csv, and paid by the first run after the figure is added (issue 16).
/// </summary>
public abstract class IndemnityHeldTests(StoreKind kind) : TempStore("engine-indemnity-held-", Registered, kind)
{
    private static readonly Instant Registered = Instant.FromUtc(2025, 12, 1, 8, 0);

    /// <summary>The shipped rules with a wage ceiling for the cohort of 2026 starts (a test figure, never shipped).</summary>
    private static string RulesWith2026Ceiling(string to)
    {
        foreach (var file in Directory.EnumerateFiles(RepoFiles.Rules, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(RepoFiles.Rules, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        File.AppendAllText(Path.Combine(to, "indemnities", "parameters_salaried.csv"),
            "indemnity.wage.ceiling,2026-01-01,2026-12-31,190.0000,I,test figure,EUR/day,cohort of 2026 starts (test),false\n");
        return to;
    }

    private RunSummary Night(FixedClock clock, EngineOptions options, LocalDate date)
    {
        clock.Set(Brussels.At(date, 2));
        return new RunPipeline(Store, new RuleSetProvider(options), options, clock, Serilog.Core.Logger.None).Execute(date);
    }

    [SkippableFact]
    public void Days_a_missing_figure_blocks_are_held_and_listed_then_paid_by_the_first_run_after_the_figure_is_added()
    {
        Store.AddBeneficiaries([new BeneficiaryRow
        {
            BeneficiaryId = "M1", Niss = "80010100123", Name = "Member One", BirthDate = new LocalDate(1980, 1, 1), Sex = 1, Mutuality = 131,
            Iban = "BE68539007547034", InsuredFrom = new LocalDate(2000, 1, 1), KnownAt = Registered,
        }]);
        Store.AddIndemnityCases([new IndemnityCaseRow
        {
            CaseId = "IC1", BeneficiaryId = "M1", Kind = "incapacity", Regime = "worker", RegularWorker = true,
            FirstDay = new LocalDate(2026, 1, 5), DailyWage = "100.00", FamilyStatus = "cohabitant", SourceFile = "d.csv", KnownAt = Registered,
        }]);
        var options = new EngineOptions { RulesFolder = RepoFiles.Rules, OutputFolder = Path.Combine(Folder, "runs") };
        var clock = new FixedClock(Registered);

        // Night of 2026-02-02, shipped rules: the case (an ouvrier from Monday 2026-01-05) needs the wage ceiling of
        // its first day, which the rules lack: 2026-01-05..2026-02-01 (28 days) held, nothing paid.
        var first = Night(clock, options, new LocalDate(2026, 2, 2));
        Assert.Equal(0, first.IndemnityStatements);
        var held = Assert.Single(first.IndemnitiesHeld!);
        Assert.Equal(new IndemnityHeldSummary("IC1", "2026-01-05", "2026-02-01", 28, "indemnity.wage.ceiling", "2026-01-05"), held);
        Assert.Equal(
            "case_id,first_day,last_day,days,parameter,date\nIC1,2026-01-05,2026-02-01,28,indemnity.wage.ceiling,2026-01-05\n",
            File.ReadAllText(Path.Combine(options.OutputFolder, "nightly-2026-02-02", "indemnities-held.csv")).Replace("\r\n", "\n"));
        Assert.Contains("indemnities-held.csv", first.Outputs);
        Assert.Empty(Store.IndemnityPaidUntil()); // "paid until" does not move past held days

        // The night after, the figure added (190.00 > the wage 100.00): 2026-01-05..2026-02-02 computed from the first
        // day. Guaranteed salary days 1-14 (to 2026-01-18, the employer's); paid Monday to Saturday from 2026-01-19:
        // 19-24, 26-31 January and 2 February = 13 days at 60 % x 100.00 = 60.00: gross 780.00, withholding
        // 11.11 % = 86.66 (86.658), net 693.34.
        options.RulesFolder = RulesWith2026Ceiling(Path.Combine(Folder, "rules-2026"));
        var second = Night(clock, options, new LocalDate(2026, 2, 3));
        Assert.Null(second.IndemnitiesHeld);
        Assert.DoesNotContain("indemnities-held.csv", second.Outputs);
        var paid = Assert.Single(Store.IndemnityPayments("nightly-2026-02-03"));
        Assert.Equal((new LocalDate(2026, 1, 5), new LocalDate(2026, 2, 2), 13), (paid.PeriodStart, paid.PeriodEnd, paid.PaidDays));
        Assert.Equal((new Money(60_00), new Money(780_00), new Money(86_66), new Money(693_34)), (paid.Daily, paid.Gross, paid.Withholding, paid.Net));
        Assert.Equal("693.34", second.PaidTotal);

        var replay = new PeriodReplay(Store, new RuleSetProvider(options), options)
            .Run(new LocalDate(2026, 2, 2), new LocalDate(2026, 2, 3), null, Path.Combine(Folder, "replay"));
        Assert.True(replay.Reproduced, string.Join("\n", replay.DifferenceList.Select(d => $"{d.RunId} {d.Item} {d.Field}: {d.Original} -> {d.Replay}")));
    }
}

public sealed class IndemnityHeldTestsOnSqlite() : IndemnityHeldTests(StoreKind.Sqlite);

public sealed class IndemnityHeldTestsOnPostgres() : IndemnityHeldTests(StoreKind.Postgres);

public sealed class IndemnityHeldTestsOnSqlServer() : IndemnityHeldTests(StoreKind.SqlServer);
