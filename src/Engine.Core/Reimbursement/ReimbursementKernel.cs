using Engine.Core.Rules;

namespace Engine.Core.Reimbursement;

using Money = global::Engine.Core.Money.Money;

/// <summary>
/// The reimbursement kernel: one care line, the beneficiary's situation that day and the rules give the fee,
/// the insurer amount, the personal share, the supplement, the payee, and accepted or rejected with a reason.
/// Pure and allocation-free (<see cref="Compute"/>). <see cref="Explain"/> runs the very same code with a tracer
/// that records each rule used, so the two cannot disagree.
///
/// Arithmetic, in this order:
/// - fee: the code's fee on the service date x quantity; for a code whose fee is the billed amount (a medicine's
///   public price), the billed amount.
/// - supplement = billed - fee when billed is above the fee (billed below the fee is rejected). The supplement
///   table says whether it may be billed; a forbidden supplement rejects the whole line (never silently accepted).
///   A supplement is never reimbursed.
/// - personal share, from the first row of the code's share scheme that holds on the date:
///   fixed: (amount - less) x quantity; percent: percent of the line's fee, rounded once to the cent, halves away
///   from zero (Money.Percent), then at most cap x quantity. The share never exceeds the fee.
/// - insurer amount = fee - personal share. Payee: the provider for eFact, the member for eAttest.
/// </summary>
public static class ReimbursementKernel
{
    /// <summary>Quantities outside 1..MaxQuantity are rejected (eFact carries at most 4 digits of units).</summary>
    public const int MaxQuantity = 9999;

    /// <summary>A billed amount above this (10 million euros) is rejected as implausible; it also keeps the
    /// percentage arithmetic far from overflow.</summary>
    public static readonly Money MaxBilled = new(1_000_000_000);

    public static LineResult Compute(in CareLine line, in BeneficiarySituation who, ReimbursementRules rules)
    {
        var trace = new NoTrace();
        return Run(in line, in who, rules, ref trace);
    }

    /// <summary>The steps of <see cref="Compute"/> for this line, in plain words with the dated rule rows used.</summary>
    public static IReadOnlyList<ExplanationStep> Explain(in CareLine line, in BeneficiarySituation who, ReimbursementRules rules) =>
        Explain(in line, in who, rules, out _);

    /// <summary>The result and its explanation from one single run.</summary>
    public static IReadOnlyList<ExplanationStep> Explain(in CareLine line, in BeneficiarySituation who,
        ReimbursementRules rules, out LineResult result)
    {
        var trace = new ExplainTrace(rules, line, who);
        result = Run(in line, in who, rules, ref trace);
        trace.Result(in result);
        return trace.Steps;
    }

    private static LineResult Run<T>(in CareLine line, in BeneficiarySituation who, ReimbursementRules rules, ref T trace)
        where T : struct, ITrace
    {
        var payee = line.Channel == Channel.Efact ? Payee.Provider : Payee.Member;
        RuleRefs refs = default;

        if (!rules.TryFindCode(line.Code, out int ci))
        {
            trace.UnknownCode();
            return LineResult.Reject(ReasonCode.UnknownCode, payee, refs);
        }
        trace.Code(ci);
        if (line.Quantity is < 1 or > MaxQuantity)
        {
            trace.QuantityInvalid();
            return LineResult.Reject(ReasonCode.QuantityInvalid, payee, refs);
        }
        if (line.BilledAmount.Cents < 0 || line.BilledAmount > MaxBilled)
        {
            trace.AmountInvalid();
            return LineResult.Reject(ReasonCode.AmountInvalid, payee, refs);
        }

        ref readonly var code = ref rules.CodeSlots[ci];
        int day = DayKey.Of(line.ServiceDate);
        int fi = rules.FindFee(in code, day);
        if (fi < 0)
        {
            trace.NotCovered(ci);
            return LineResult.Reject(ReasonCode.CodeNotValidOnDate, payee, refs);
        }
        int age = Calendar.Age.On(who.BirthDate, line.ServiceDate);
        if (age < 0)
        {
            trace.BeforeBirth();
            return LineResult.Reject(ReasonCode.ServiceBeforeBirth, payee, refs);
        }

        long unit = rules.FeeSlots[fi].UnitCents;
        var fee = unit < 0 ? line.BilledAmount : new Money(unit * line.Quantity);
        refs = refs.With(code.RuleIndex);
        trace.Fee(fi, fee);
        if (line.BilledAmount < fee)
        {
            trace.BilledBelowFee(fee);
            return LineResult.Reject(ReasonCode.BilledBelowFee, payee, refs);
        }

        var supplement = line.BilledAmount - fee;
        if (supplement.Cents > 0)
        {
            int si = rules.FindSupplement(day, who.Bim, line.ProviderConventioned);
            if (si < 0)
            {
                trace.NotCovered(ci);
                return LineResult.Reject(ReasonCode.CodeNotValidOnDate, payee, refs);
            }
            ref readonly var policy = ref rules.SupplementSlots[si];
            refs = refs.With(policy.RuleIndex);
            trace.Supplement(si, supplement);
            if (!policy.Allowed) return LineResult.Reject(policy.Reason, payee, refs);
        }
        else trace.NoSupplement();

        bool holdsDmg = who.HasDmg || line.DmgWithProvider;
        trace.Situation(age);
        int shi = rules.FindShare(in code, day, who.Bim, holdsDmg, line.DmgWithProvider, line.Referral,
            line.ProviderConventioned, age);
        if (shi < 0)
        {
            trace.NotCovered(ci);
            return LineResult.Reject(ReasonCode.CodeNotValidOnDate, payee, refs);
        }
        ref readonly var rule = ref rules.ShareSlots[shi];
        refs = refs.With(rule.RuleIndex);
        Money share;
        switch (rule.Method)
        {
            case ShareMethod.Fixed:
                share = new Money(rule.PerUnitCents * line.Quantity);
                break;
            case ShareMethod.Percent:
                share = fee.Percent(rule.BasisPoints);
                if (rule.CapCents >= 0) share = Money.Min(share, new Money(rule.CapCents * line.Quantity));
                break;
            default:
                share = Money.Zero;
                break;
        }
        bool limited = share > fee;
        if (limited) share = fee;
        var insurer = fee - share;
        trace.Share(shi, share, limited);
        trace.Insurer(fee, share, insurer, payee);
        return new LineResult(LineStatus.Accepted, ReasonCode.None, fee, insurer, share, supplement, payee, refs);
    }
}
