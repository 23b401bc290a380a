using Engine.Core.Money;
using Engine.Jobs.Data;
using Engine.Jobs.Rules;
using Engine.Jobs.Runs;
using Engine.Jobs.Tests.Rules.Ceilings;
using NodaTime;

namespace Engine.Jobs.Tests.Runs;

/// <summary>Care dated after the day it was received is rejected with its reason (issue 16), never paid.</summary>
public class ServiceAfterReceiptTests
{
    private static readonly Lazy<Engine.Core.Rules.RuleSet> Rules = new(() => RuleSetLoader.Load(ReferenceFiles.RulesDirectory));

    private static LineComputation Computation() => new(Rules.Value,
        new Dictionary<string, BeneficiaryRow> { ["B1"] = new() { BeneficiaryId = "B1", BirthDate = new LocalDate(1970, 5, 5) } },
        new StatusIndex([]));

    // Received 2025-03-04 at 23:30 UTC = 2025-03-05 00:30 in Brussels (CET, UTC+1): the day received is 5 March.
    private static CareLineRow Line(LocalDate service) => new()
    {
        LineId = 1, BeneficiaryId = "B1", ProviderId = "P1", Code = 101076, ServiceDate = service, Quantity = 1,
        Billed = Money.FromEuros(32.84m), Conventioned = true, Channel = "eattest",
        KnownAt = Instant.FromUtc(2025, 3, 4, 23, 30),
    };

    [Fact]
    public void A_line_dated_the_day_after_it_was_received_in_Brussels_is_rejected_with_its_reason()
    {
        var r = Computation().Compute("R", Line(new LocalDate(2025, 3, 6)));
        Assert.Equal("rejected", r.Status);
        Assert.Equal("service_after_receipt", r.Reason);
        Assert.Equal(Money.Zero, r.Insurer);
        var why = Assert.Single(Computation().Explain(Line(new LocalDate(2025, 3, 6))));
        Assert.Contains("dated 2025-03-06, after the day it was received (2025-03-05)", why.Text);
    }

    [Fact]
    public void A_line_dated_the_day_it_was_received_in_Brussels_is_computed()
    {
        // 5 March is the day received in Brussels (though 4 March in UTC): GP 2025 fee 32.84, no DMG, ordinary -> share
        // 6.00, insurer 32.84 - 6.00 = 26.84.
        var r = Computation().Compute("R", Line(new LocalDate(2025, 3, 5)));
        Assert.Equal("accepted", r.Status);
        Assert.Equal(Money.FromEuros(26.84m), r.Insurer);
    }
}
