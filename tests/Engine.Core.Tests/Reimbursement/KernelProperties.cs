using Engine.Core.Reimbursement;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;

namespace Engine.Core.Tests.Reimbursement;

using Money = global::Engine.Core.Money.Money;

public sealed record LineCase(CareLine Line, BeneficiarySituation Who)
{
    public override string ToString() => $"{Line} / {Who}";
}

/// <summary>
/// Lines over every shipped code, on dates from mid-2022 to mid-2027 (so some fall outside the rules), mostly billed
/// at the fee, sometimes with a supplement, sometimes below the fee; every beneficiary situation.
/// </summary>
public static class LineCases
{
    private static readonly LocalDate First = new(2022, 6, 1);
    private const int Days = 365 * 5;

    public static Gen<LineCase> Gen()
    {
        var rules = ShippedRules.Reimbursement;
        var codes = rules.Codes.Select(c => c.Code).Append(123456).ToArray();
        return
            from code in FsCheck.Fluent.Gen.Elements(codes)
            from day in FsCheck.Fluent.Gen.Choose(0, Days)
            from quantity in FsCheck.Fluent.Gen.Frequency((1, FsCheck.Fluent.Gen.Constant(0)), (12, FsCheck.Fluent.Gen.Choose(1, 3)))
            from extra in FsCheck.Fluent.Gen.Frequency((6, FsCheck.Fluent.Gen.Constant(0)), (3, FsCheck.Fluent.Gen.Choose(1, 3000)), (1, FsCheck.Fluent.Gen.Choose(-500, -1)))
            from price in FsCheck.Fluent.Gen.Choose(0, 20_000)
            from conventioned in FsCheck.Fluent.Gen.Elements(true, false)
            from efact in FsCheck.Fluent.Gen.Elements(true, false)
            from referral in FsCheck.Fluent.Gen.Elements(true, false)
            from dmg in FsCheck.Fluent.Gen.Choose(0, 2)
            from bim in FsCheck.Fluent.Gen.Elements(true, false)
            from avantages in FsCheck.Fluent.Gen.Elements(true, false)
            from ageDays in FsCheck.Fluent.Gen.Choose(-30, 95 * 365)
            select Make(rules, code, First.PlusDays(day), quantity, extra, price, conventioned, efact, referral, dmg, bim, avantages, ageDays);
    }

    private static LineCase Make(ReimbursementRules rules, int code, LocalDate date, int quantity, int extra, int price,
        bool conventioned, bool efact, bool referral, int dmg, bool bim, bool avantages, int ageDays)
    {
        var fee = rules.FeesOf(code).FirstOrDefault(f => f.From <= date && (f.To is null || date <= f.To.Value));
        long billed = fee is not null ? fee.UnitFee.Cents * Math.Max(quantity, 1) + extra : price;
        var line = new CareLine(code, date, quantity, new Money(Math.Max(billed, 0)), conventioned,
            efact ? Channel.Efact : Channel.Eattest, referral, DmgWithProvider: dmg == 2);
        return new LineCase(line, new BeneficiarySituation(date.PlusDays(-ageDays), bim, HasDmg: dmg >= 1, BimAvantages: avantages));
    }

    public static Arbitrary<LineCase> LineCase() => Gen().ToArbitrary();

    public static Arbitrary<LineCase[]> LineCases_() => Gen().ArrayOf().ToArbitrary();
}

[Properties(Arbitrary = [typeof(LineCases)], MaxTest = 2000)]
public class KernelProperties
{
    private static readonly ReimbursementRules Rules = ShippedRules.Reimbursement;

    private static LineResult Run(LineCase c) => ReimbursementKernel.Compute(c.Line, c.Who, Rules);

    [Property]
    public bool Fee_is_insurer_amount_plus_personal_share_on_every_accepted_line(LineCase c)
    {
        var r = Run(c);
        return !r.Accepted || (r.Fee == r.InsurerAmount + r.PersonalShare && r.InsurerAmount.Cents >= 0 && r.PersonalShare.Cents >= 0);
    }

    [Property]
    public bool Supplement_is_never_negative_and_never_in_the_insurer_amount(LineCase c)
    {
        var r = Run(c);
        if (!r.Accepted)
            return r.Fee == Money.Zero && r.InsurerAmount == Money.Zero && r.PersonalShare == Money.Zero && r.Supplement == Money.Zero;
        return r.Supplement.Cents >= 0
               && r.Supplement == c.Line.BilledAmount - r.Fee
               && r.InsurerAmount <= r.Fee;
    }

    [Property]
    public bool The_insurer_amount_never_exceeds_the_billed_amount(LineCase c)
    {
        var r = Run(c);
        return !r.Accepted || r.InsurerAmount <= c.Line.BilledAmount;
    }

    /// <summary>Sheet §9.4, §9.7: a line billed below its fee, or above it with a forbidden supplement, is never
    /// rejected for it, and a forbidden supplement never changes the insurer's part of the line billed at the fee.</summary>
    [Property]
    public bool Billing_below_the_fee_or_a_forbidden_supplement_never_takes_away_the_insurer_s_part(LineCase c)
    {
        if (!Rules.TryGetFee(c.Line.Code, c.Line.ServiceDate, out var fee) || c.Line.Quantity is < 1 or > ReimbursementKernel.MaxQuantity)
            return true;
        var atFee = c.Line with { BilledAmount = fee.UnitFee.Times(c.Line.Quantity) };
        var r = Run(c);
        var reference = ReimbursementKernel.Compute(atFee, c.Who, Rules);
        if (!reference.Accepted) return !r.Accepted && r.Reason == reference.Reason;
        if (!r.Accepted) return false;
        if (r.SupplementFlagged) return r.InsurerAmount == reference.InsurerAmount && r.PersonalShare == reference.PersonalShare;
        return c.Line.BilledAmount >= atFee.BilledAmount || r.InsurerAmount == Money.Min(reference.InsurerAmount, c.Line.BilledAmount);
    }

    [Property]
    public bool A_BIM_share_is_never_above_the_ordinary_share(LineCase c)
    {
        var ordinary = ReimbursementKernel.Compute(c.Line, c.Who with { Bim = false }, Rules);
        var bim = ReimbursementKernel.Compute(c.Line, c.Who with { Bim = true }, Rules);
        return !(ordinary.Accepted && bim.Accepted) || bim.PersonalShare <= ordinary.PersonalShare;
    }

    [Property]
    public bool Compute_and_Explain_agree(LineCase c)
    {
        var computed = Run(c);
        var steps = ReimbursementKernel.Explain(c.Line, c.Who, Rules, out var explained);
        var stepIds = steps.Select(s => s.RuleId).ToHashSet();
        return computed == explained
               && computed.Rules.Ids(Rules).All(stepIds.Contains)
               && steps[^1].Text.StartsWith(computed.Accepted ? "accepted" : "rejected: " + computed.Reason.Text(), StringComparison.Ordinal);
    }

    [Property]
    public bool Payee_is_the_provider_for_efact_and_the_member_for_eattest(LineCase c) =>
        Run(c).Payee == (c.Line.Channel == Channel.Efact ? Payee.Provider : Payee.Member);

    [Property(MaxTest = 200)]
    public bool Results_do_not_depend_on_line_order(LineCase[] cases, int seed)
    {
        var inOrder = cases.Select(Run).ToArray();
        var order = Enumerable.Range(0, cases.Length).ToArray();
        new Random(seed).Shuffle(order);
        var shuffled = new LineResult[cases.Length];
        foreach (var i in order) shuffled[i] = Run(cases[i]);
        static long Total(IEnumerable<LineResult> rs) => rs.Sum(r => r.InsurerAmount.Cents);
        return inOrder.SequenceEqual(shuffled)
               && Total(inOrder) == Total(order.Select(i => shuffled[i]))
               && inOrder.Sum(r => r.PersonalShare.Cents) == order.Sum(i => shuffled[i].PersonalShare.Cents);
    }

    [Property]
    public bool Age_is_the_count_of_birthdays_passed_by_the_calendar(LineCase c)
    {
        // The kernel's age is the shared rule (Calendar.Age): the birthdays reached, 1 March standing for 29 February
        // in a common year.
        var birth = c.Who.BirthDate;
        var on = c.Line.ServiceDate;
        if (on < birth) return c.Who.AgeOn(on) < 0;
        int reached = 0;
        while (Engine.Core.Calendar.Age.Birthday(birth, reached + 1) <= on) reached++;
        return c.Who.AgeOn(on) == reached;
    }

    [Property]
    public bool The_rows_a_computation_used_name_the_origins_its_explanation_names(LineCase c)
    {
        // A run tells a line's provisional values from the rows its computation used (no text written): they must be
        // the very steps with an origin of the explanation, in its order, and give the same cell.
        var result = ReimbursementKernel.Compute(c.Line, c.Who, Rules, out var used);
        var explained = ReimbursementKernel.Explain(c.Line, c.Who, Rules, out var again);
        var named = explained.Where(s => s.Origin is not null).Select(s => (s.RuleId, s.Origin)).ToList();
        var fromRows = ReimbursementKernel.OriginSteps(used, Rules);
        return result == again && result == Run(c)
            && named.SequenceEqual(fromRows.Select(s => (s.RuleId, s.Origin)))
            && Engine.Core.Rules.Provisional.Of(explained) == Engine.Core.Rules.Provisional.Of(fromRows);
    }
}
