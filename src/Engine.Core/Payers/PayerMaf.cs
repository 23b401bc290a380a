using System.Globalization;
using Engine.Core.Ceilings;
using Engine.Core.Rules;
using NodaTime;

namespace Engine.Core.Payers;

using Money = Engine.Core.Money.Money;

/// <summary>
/// A line as the maximum à facturer sees it once payers are known: its MAF row, the payer of its care date, and for a
/// war victim's line what the war-victims fund already refunded of its personal share (null: the fund has not refunded
/// it yet, this computation decides it; the run that computes the line).
/// </summary>
public sealed record PayerMafLine(MafBatchLine Line, Payer Payer, bool WarVictim = false, Money? FundRefunded = null);

/// <summary>
/// What a line gets: <see cref="Maf"/> the MAF outcome of the insurance's counter (null: the line is not counted, it
/// is another payer's), <see cref="InsuranceRefund"/> the MAF refund the insurance pays for it, <see cref="FundRefund"/>
/// what the war-victims fund refunds of its share now (0.00 for every other line, and for a war victim's line the fund
/// already refunded), and why.
/// </summary>
public sealed record PayerMafOutcome(MafLineOutcome? Maf, Money InsuranceRefund, Money FundRefund, IReadOnlyList<ExplanationStep> Explanation)
{
    /// <summary>Whether the fund's refund was lowered because the insurance's MAF refund came first.</summary>
    public bool FundAfterMaf { get; init; }
}

/// <summary>The outcomes in the input order, and the MAF batch of the lines the insurance counts (its counters).</summary>
public sealed record PayerMafResult(IReadOnlyList<PayerMafOutcome> Lines, MafBatchResult Batch);

/// <summary>
/// The MAF and the payers (docs/ceilings.md "The MAF and other payers"; docs/payers.md). The MAF is the compulsory
/// insurance's own ceiling on the legal personal shares a household bears (belgian-rules.md §2: "only legal personal
/// shares count"):
/// <list type="bullet">
/// <item>a line another budget pays (SPP IS for MediPrima, Fedasil, SPF Justice for a detainee's care during detention)
/// is not the insurance's: the member bears no personal share of the insurance for it (that budget pays the care) and
/// the insurance covers nothing of it, so its share never counts in the household's counter and the insurance never
/// pays a MAF refund for it;</item>
/// <item>a war victim's line is the insurance's, its share is a legal personal share and counts; the fund is
/// complementary: the compulsory insurance comes first, the fund refunds what remains. So the fund refunds its percent
/// of (share - the insurance's MAF refund of the line); and a MAF refund found only after the fund refunded (a year
/// whose MAF figures came later, a recalculation) is paid by the insurance only for the part of the share the fund left
/// to the member. The same euro is never refunded twice.</item>
/// </list>
/// Pure: the same lines, rules and counters give the same outcomes.
/// </summary>
public static class PayerMaf
{
    /// <summary>The rule id a result carries when the fund's refund was lowered by the insurance's MAF refund.</summary>
    public const string FundAfterMafRule = "payer.war-victims.after_maf";

    /// <summary>Whether a line of this payer counts in the insurance's MAF counter: only the insurance's own lines.</summary>
    public static bool Counts(Payer payer) => payer == Payer.Insurance;

    /// <summary>Whether a line of the payer written in a result (its code) counts; an unknown code counts (the insurance's).</summary>
    public static bool Counts(string payerCode) => !PayerCodes.TryParse(payerCode, out var payer) || Counts(payer);

    /// <param name="explain">False: the MAF's explanations keep only their steps that name a rule origin
    /// (<see cref="MafBatch.Run"/>); the fund's step is still told.</param>
    public static PayerMafResult Run(RuleSet rules, IReadOnlyList<PayerMafLine> lines,
        IReadOnlyDictionary<MafCounterKey, MafHousehold> households,
        IReadOnlyDictionary<MafCounterKey, MafCounterState>? counters = null, bool explain = true)
    {
        var counted = new List<MafBatchLine>();
        var position = new int[lines.Count];
        for (int i = 0; i < lines.Count; i++)
        {
            position[i] = Counts(lines[i].Payer) ? counted.Count : -1;
            if (position[i] >= 0) counted.Add(lines[i].Line);
        }
        var batch = MafBatch.Run(rules, counted, households, counters, explain);
        var outcomes = new PayerMafOutcome[lines.Count];
        for (int i = 0; i < lines.Count; i++)
        {
            var l = lines[i];
            if (position[i] < 0)
            {
                outcomes[i] = new PayerMafOutcome(null, Money.Zero, Money.Zero, explain ? [NotCounted(l)] : []);
                continue;
            }
            var maf = batch.Lines[position[i]];
            var refund = maf.Refund ?? Money.Zero;
            if (!l.WarVictim)
            {
                outcomes[i] = new PayerMafOutcome(maf, refund, Money.Zero, maf.Explanation);
                continue;
            }
            if (l.FundRefunded is { } already)
            {
                var insurance = InsuranceRefundAfterFund(refund, l.Line.PersonalShare, already);
                outcomes[i] = new PayerMafOutcome(maf, insurance, Money.Zero, insurance == refund ? maf.Explanation :
                [
                    .. maf.Explanation,
                    new ExplanationStep(FundAfterMafRule, $"the war-victims fund already refunded {already} of the personal share {l.Line.PersonalShare}: " +
                        $"the insurance refunds only what it left to the member, {insurance} of the MAF refund {refund} (the same euro is never refunded twice)"),
                ]);
                continue;
            }
            var fund = FundRefund(l.Line.PersonalShare, refund, l.Line.ServiceDate, rules.Parameters);
            outcomes[i] = new PayerMafOutcome(maf, refund, fund.Amount, [.. maf.Explanation, fund.Step]) { FundAfterMaf = refund.Cents > 0 };
        }
        return new PayerMafResult(outcomes, batch);
    }

    /// <summary>
    /// What the war-victims fund refunds of a share once the insurance's MAF refund of the line is known (compulsory
    /// insurance first): its dated percent (<see cref="PayerDecision.ShareRefundParameter"/>) of what remains,
    /// share - MAF refund, rounded once to the cent.
    /// </summary>
    public static (Money Amount, ExplanationStep Step) FundRefund(Money share, Money mafRefund, LocalDate careDate, ParameterSet parameters)
    {
        var rule = parameters.At(PayerDecision.ShareRefundParameter, careDate);
        var remaining = Money.Max(Money.Zero, share - mafRefund);
        var amount = remaining.Percent(PayerDecision.BasisPoints(rule.Value));
        var pct = rule.Value.ToString("0.##", CultureInfo.InvariantCulture);
        var text = mafRefund.Cents > 0
            ? $"war victim: the compulsory insurance comes first (its MAF refund {mafRefund} of this line); the war-victims fund refunds {pct} % of what remains of the personal share, {share} - {mafRefund} = {remaining}: {amount} to the member ({rule.Period})"
            : $"war victim: the war-victims fund refunds {pct} % of the personal share {share} = {amount} to the member (no MAF refund of the insurance on this line) ({rule.Period})";
        return (amount, new ExplanationStep(mafRefund.Cents > 0 ? FundAfterMafRule : PayerDecision.ShareRefundParameter, text, rule.Origin));
    }

    /// <summary>
    /// A MAF refund the insurance finds for a war victim's line after the fund refunded <paramref name="fundRefunded"/>
    /// of its share: the insurance pays the member only what the fund left of the share (never below 0.00).
    /// </summary>
    public static Money InsuranceRefundAfterFund(Money mafRefund, Money share, Money fundRefunded) =>
        Money.Max(Money.Zero, Money.Min(mafRefund, share - fundRefunded));

    private static ExplanationStep NotCounted(PayerMafLine l) => new("maf.payer",
        $"line {l.Line.LineId} is paid by {l.Payer.Label()}, not by the compulsory insurance: the member bears no personal share of the insurance " +
        $"for it and the insurance covers none of it, so its share {l.Line.PersonalShare} is not counted for the household's MAF and the insurance refunds no MAF for it");
}
