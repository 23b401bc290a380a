using Engine.Core.Reimbursement;
using NodaTime;

namespace Engine.Core.Tests.Reimbursement;

using Money = global::Engine.Core.Money.Money;

public class AllocationTests
{
    [Fact]
    public void Compute_allocates_nothing_per_line()
    {
        var rules = ShippedRules.Reimbursement;
        var lines = new[]
        {
            new CareLine(101076, new LocalDate(2025, 3, 10), 1, Money.FromEuros(40m), false, Channel.Efact, false, true),
            new CareLine(9990022, new LocalDate(2025, 3, 10), 2, Money.FromEuros(100m), true, Channel.Eattest, false, false),
            new CareLine(102535, new LocalDate(2024, 3, 10), 1, Money.FromEuros(50m), false, Channel.Efact, true, false),
            new CareLine(101076, new LocalDate(2021, 3, 10), 1, Money.FromEuros(40m), true, Channel.Efact, false, true),
            new CareLine(555555, new LocalDate(2025, 3, 10), 1, Money.FromEuros(40m), true, Channel.Efact, false, true),
        };
        var who = new[]
        {
            new BeneficiarySituation(new LocalDate(1990, 1, 1), false, true),
            new BeneficiarySituation(new LocalDate(2004, 2, 29), true, true),
        };
        long sum = 0;
        void Loop(int n)
        {
            for (int i = 0; i < n; i++)
            {
                var r = ReimbursementKernel.Compute(in lines[i % lines.Length], in who[i % who.Length], rules);
                sum += r.InsurerAmount.Cents + r.Rules.Count;
            }
        }
        Loop(50_000); // warm up: JIT and tiering
        long before = GC.GetAllocatedBytesForCurrentThread();
        Loop(100_000);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(sum != 0);
        Assert.Equal(0, allocated);
    }
}
