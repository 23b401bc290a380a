using Engine.Core.Rules;

namespace Engine.Core.Reimbursement;

using Money = global::Engine.Core.Money.Money;

/// <summary>
/// The reimbursement kernel: one care line, the beneficiary's situation that day and the rules give the fee,
/// the insurer amount, the personal share, the supplement, the payee, and accepted or rejected with a reason.
/// Pure and allocation-free (<see cref="Compute"/>). <see cref="Explain"/> runs the very same code with a tracer
/// that records each rule used, so the two cannot disagree.
///
/// Arithmetic, in this order (docs/reimbursement.md gives the readings with their sources):
/// - agreement fee: the code's fee on the service date x quantity; for a medicine, its listed public price on that
///   date x quantity (never the billed amount).
/// - supplement = billed - agreement fee when billed is above it. For a medicine it is flagged
///   billed_above_listed_price; otherwise the supplement table says whether it may be billed, and a forbidden one is
///   flagged with the table's reason. A flag never takes away the insurer's part: the line is paid as if billed at
///   the agreement fee, and the supplement is listed for control (the provider's to refund). Never reimbursed.
/// - at agreement fees (a share condition, sheet §9.7): billed at no more than the agreement fee, or above it with a
///   forbidden (flagged) supplement; conventionné or not.
/// - share by the rule, from the first row of the period's share scheme that holds on the date:
///   fixed: (amount - less) x quantity; percent: percent of the agreement fee, rounded once to the cent, halves away
///   from zero (Money.Percent), then at most cap x quantity, then at least min x quantity; never above the fee.
/// - insurer amount = agreement fee - share by the rule, at most the billed amount.
/// - fee (of the result) = the agreement fee, or the billed amount when lower (a provider still billing last year's
///   fee); personal share = fee - insurer amount: the patient pays what was billed less the insurer's part.
/// - payee: the provider for eFact, the member for eAttest.
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

    /// <summary>
    /// <see cref="Compute"/>, keeping which rule rows it used (the very same run): <see cref="OriginSteps"/> gives the
    /// steps of its explanation that name a rule origin, so that a run can tell the provisional values an amount rests
    /// on (<see cref="Provisional.Of"/>) without writing the explanation's text.
    /// </summary>
    public static LineResult Compute(in CareLine line, in BeneficiarySituation who, ReimbursementRules rules, out RowsUsed used)
    {
        var trace = new RowsTrace();
        var result = Run(in line, in who, rules, ref trace);
        used = new RowsUsed(trace.Code - 1, trace.Fee - 1, trace.Supplement - 1, trace.Share - 1);
        return result;
    }

    /// <summary>
    /// The steps of <see cref="Explain"/> that carry a rule origin, for the rows <paramref name="used"/> (each step's
    /// rule id and origin as <see cref="ExplainTrace"/> writes them; their text left empty). Only the steps with an origin
    /// are given: <see cref="Provisional.Of"/> of these equals <see cref="Provisional.Of"/> of the explanation.
    /// </summary>
    public static IReadOnlyList<ExplanationStep> OriginSteps(RowsUsed used, ReimbursementRules rules)
    {
        var steps = new List<ExplanationStep>(4);
        if (used.Code >= 0) steps.Add(new ExplanationStep("code", "", rules.EntryOf[used.Code].Origin));
        if (used.Fee >= 0) { var f = rules.FeeRowOf[used.Fee]; steps.Add(new ExplanationStep($"fee.{f.Code}", "", f.Origin)); }
        if (used.Supplement >= 0) { var r = rules.SupplementRowOf[used.Supplement]; steps.Add(new ExplanationStep(r.RuleId, "", r.Origin)); }
        if (used.Share >= 0) { var r = rules.ShareRowOf[used.Share]; steps.Add(new ExplanationStep(r.RuleId, "", r.Origin)); }
        return steps;
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

        ref readonly var feeSlot = ref rules.FeeSlots[fi];
        var fee = new Money(feeSlot.UnitCents * line.Quantity);
        refs = refs.With(code.RuleIndex);
        trace.Fee(fi, fee);

        var billed = line.BilledAmount;
        var supplement = billed > fee ? billed - fee : Money.Zero;
        var flag = ReasonCode.None;
        if (supplement.Cents > 0 && feeSlot.ListPriced)
        {
            flag = ReasonCode.BilledAboveListedPrice;
            refs = refs.With(rules.ListedPriceRuleIndex);
            trace.AboveListedPrice(fee, supplement);
        }
        else if (supplement.Cents > 0)
        {
            int si = rules.FindSupplement(day, who.Bim, who.HoldsBimAvantages, line.ProviderConventioned);
            if (si < 0)
            {
                trace.NotCovered(ci);
                return LineResult.Reject(ReasonCode.CodeNotValidOnDate, payee, refs);
            }
            ref readonly var policy = ref rules.SupplementSlots[si];
            refs = refs.With(policy.RuleIndex);
            if (!policy.Allowed) flag = policy.Reason;
            trace.Supplement(si, supplement);
        }
        else if (billed < fee) trace.BilledBelowFee(fee);
        else trace.NoSupplement();
        bool atAgreementFee = supplement.Cents == 0 || flag != ReasonCode.None;

        bool holdsDmg = who.HasDmg || line.DmgWithProvider;
        trace.Situation(age, atAgreementFee);
        int shi = rules.FindShare(in feeSlot, day, who.Bim, holdsDmg, line.DmgWithProvider, line.Referral,
            line.ProviderConventioned, atAgreementFee, age);
        if (shi < 0)
        {
            trace.NotCovered(ci);
            return LineResult.Reject(ReasonCode.CodeNotValidOnDate, payee, refs);
        }
        ref readonly var rule = ref rules.ShareSlots[shi];
        refs = refs.With(rule.RuleIndex);
        Money byRule;
        switch (rule.Method)
        {
            case ShareMethod.Fixed:
                byRule = new Money(rule.PerUnitCents * line.Quantity);
                break;
            case ShareMethod.Percent:
                byRule = fee.Percent(rule.BasisPoints);
                if (rule.CapCents >= 0) byRule = Money.Min(byRule, new Money(rule.CapCents * line.Quantity));
                if (rule.MinCents >= 0) byRule = Money.Max(byRule, new Money(rule.MinCents * line.Quantity));
                break;
            default:
                byRule = Money.Zero;
                break;
        }
        bool limited = byRule > fee;
        if (limited) byRule = fee;
        trace.Share(shi, byRule, limited);

        var insurer = Money.Min(fee - byRule, billed);
        var paidFee = Money.Min(fee, billed);
        var share = paidFee - insurer;
        trace.Insurer(fee, byRule, billed, insurer, share, payee);
        return new LineResult(LineStatus.Accepted, ReasonCode.None, paidFee, insurer, share, supplement, payee, refs, flag);
    }
}

/// <summary>The rule rows one computation used (indexes into <see cref="ReimbursementRules"/>' rows; -1: none).</summary>
public readonly record struct RowsUsed(int Code, int Fee, int Supplement, int Share);
