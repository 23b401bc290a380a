using BenchmarkDotNet.Attributes;
using Engine.Core.Reimbursement;
using Engine.Jobs.Rules;
using Engine.Jobs.Rules.Reimbursement;
using NodaTime;
using Money = Engine.Core.Money.Money;

namespace Engine.Benchmarks;

/// <summary>
/// The reimbursement kernel over a million pre-loaded lines (every shipped code, dates 2023-2026, a fifth with a
/// supplement, every kind of beneficiary), generated deterministically. One operation = one line.
/// Run: dotnet run -c Release --project benchmarks/Engine.Benchmarks -- --filter '*KernelBenchmark*' --job short
/// </summary>
[MemoryDiagnoser]
public class KernelBenchmark
{
    public const int Lines = 1_000_000;

    private ReimbursementRules _rules = null!;
    private CareLine[] _lines = null!;
    private BeneficiarySituation[] _people = null!;
    private int[] _who = null!;

    [GlobalSetup]
    public void Setup()
    {
        _rules = ReimbursementRuleFiles.Load(RuleSetLoader.DefaultDirectory())
                 ?? throw new InvalidOperationException("rules/reimbursement not found");
        var random = new Random(20250310);
        var codes = _rules.Codes.Select(c => c.Code).ToArray();
        var first = new LocalDate(2023, 1, 1);
        int days = Period.DaysBetween(first, new LocalDate(2026, 12, 31)) + 1;
        _people = new BeneficiarySituation[10_000];
        for (int i = 0; i < _people.Length; i++)
            _people[i] = new BeneficiarySituation(new LocalDate(1930, 1, 1).PlusDays(random.Next(95 * 365)),
                Bim: random.Next(100) < 38, HasDmg: random.Next(100) < 70);
        _lines = new CareLine[Lines];
        _who = new int[Lines];
        for (int i = 0; i < Lines; i++)
        {
            var code = codes[random.Next(codes.Length)];
            var date = first.PlusDays(random.Next(days));
            if (code == 102771 && date.Year < 2025) date = date.PlusYears(2); // the DMG fee is covered from 2025
            var fee = _rules.FeesOf(code).First(f => f.From <= date && (f.To is null || date <= f.To.Value));
            int quantity = random.Next(10) == 0 ? 2 : 1;
            long billed = fee.UnitFee.Cents * quantity;
            bool conventioned = random.Next(100) < 85;
            if (!conventioned && random.Next(100) < 70) billed += random.Next(5, 40) * 100;
            _lines[i] = new CareLine(code, date, quantity, new Money(billed), conventioned,
                random.Next(100) < 60 ? Channel.Efact : Channel.Eattest, Referral: random.Next(100) < 30,
                DmgWithProvider: random.Next(100) < 50);
            _who[i] = random.Next(_people.Length);
        }
    }

    [Benchmark(OperationsPerInvoke = Lines)]
    public long Compute()
    {
        long sum = 0;
        var lines = _lines;
        var who = _who;
        var people = _people;
        var rules = _rules;
        for (int i = 0; i < lines.Length; i++)
        {
            var r = ReimbursementKernel.Compute(in lines[i], in people[who[i]], rules);
            sum += r.InsurerAmount.Cents + r.Rules.Count;
        }
        return sum;
    }
}
