using Engine.Core.Authorisations;
using Engine.Core.Payers;
using Engine.Core.Reimbursement;
using Engine.Core.Rules;
using Engine.Jobs.Authorisations;
using Engine.Jobs.Data;
using Engine.Jobs.Time;
using NodaTime;

namespace Engine.Jobs.Runs;

/// <summary>
/// Turns a stored care line and the registry as known at the run's as-of instant into the kernel's inputs, calls
/// the kernel (the same one `calc reimbursement` calls), and shapes its result for the store.
/// A line whose code needs the medical adviser's agreement goes through <paramref name="authorisations"/> (a line the
/// kernel accepts is paid only within a granted authorisation and its sessions, else rejected awaiting one); without
/// a check such a line is checked against no authorisation at all.
/// </summary>
public sealed class LineComputation(RuleSet rules, IReadOnlyDictionary<string, BeneficiaryRow> beneficiaries, StatusIndex statuses,
    AuthorisationCheck? authorisations = null)
{
    private readonly AuthorisationCheck _authorisations = authorisations ?? new AuthorisationCheck(rules.Authorisations, []);

    public (CareLine Line, BeneficiarySituation Who)? Inputs(CareLineRow row)
    {
        if (!beneficiaries.TryGetValue(row.BeneficiaryId, out var b)) return null;
        var date = row.ServiceDate;
        var dmgHolder = statuses.DmgHolder(row.BeneficiaryId, date);
        var line = new CareLine(row.Code, date, row.Quantity, row.Billed, row.Conventioned,
            row.Channel == "eattest" ? Channel.Eattest : Channel.Efact, row.Referral,
            DmgWithProvider: dmgHolder is not null && dmgHolder == row.ProviderId);
        var who = new BeneficiarySituation(b.BirthDate, statuses.Has(row.BeneficiaryId, "bim", date), dmgHolder is not null,
            statuses.BimAvantages(row.BeneficiaryId, date));
        return (line, who);
    }

    public LineResultRow Compute(string runId, CareLineRow row)
    {
        var inputs = Inputs(row);
        var payee = row.Channel == "eattest" ? Payee.Member : Payee.Provider;
        RowsUsed used = default;
        var result = ReceivedBefore(row)
            ? LineResult.RejectedInput(ReasonCode.ServiceAfterReceipt, payee)
            : inputs is { } i
                ? ReimbursementKernel.Compute(i.Line, i.Who, rules.Reimbursement, out used)
                : LineResult.RejectedInput(ReasonCode.UnknownBeneficiary, payee);
        var authorisation = _authorisations.Decide(row, result.Accepted);
        if (authorisation.Rejects) result = LineResult.RejectedInput(AuthorisationCheck.ReasonOf(authorisation), payee);
        var paid = result.Accepted ? PaidBy(row, result) : null;
        if (result.Accepted && paid is null) result = LineResult.RejectedInput(ReasonCode.CodeNotValidOnDate, payee);
        // The provisional values the amounts rest on, from the kernel's own explanation of the line and the payer's
        // steps: the origins of the rows the kernel used (the same run as the result), the text left unwritten.
        var provisional = inputs is not null && result.Accepted ? ProvisionalOf(used, paid!.Value) : "";
        return new LineResultRow
        {
            RunId = runId, LineId = row.LineId, RuleSetVersion = rules.Version, InputKnownAt = row.KnownAt,
            Fee = result.Fee, Insurer = paid?.Insurer ?? result.InsurerAmount, Share = result.PersonalShare, Supplement = result.Supplement,
            Payee = result.Payee == Payee.Member ? "member" : "provider",
            Status = result.Accepted ? "accepted" : "rejected", Reason = result.Reason.Text(),
            Rules = result.Rules.Format(rules.Reimbursement),
            Provisional = provisional,
            Payer = paid?.Payer.Code() ?? Payer.Insurance.Code(), ShareRefund = paid?.ShareRefund ?? Core.Money.Money.Zero,
        };
    }

    /// <summary>What <see cref="PayerOf"/> gives a computed line, without the words of its steps: their rule ids and origins.</summary>
    private readonly record struct Paid(Payer Payer, Core.Money.Money Insurer, Core.Money.Money ShareRefund, string PartRule,
        RuleOrigin? PartOrigin, RuleOrigin? RefundOrigin, bool Refunds);

    private Paid? PaidBy(CareLineRow row, LineResult result)
    {
        var (payer, shareRefund) = PayerDecision.Of(row.ServiceDate, row.DestinationMutuality, statuses.PayerPeriods(row.BeneficiaryId));
        try
        {
            var (insurer, rule, origin) = PayerDecision.PayerPart(payer, result.InsurerAmount, row.ServiceDate, rules.Parameters);
            var refund = PayerDecision.ShareRefundPart(shareRefund, result.PersonalShare, row.ServiceDate, rules.Parameters);
            return new Paid(payer, insurer, refund?.Amount ?? Core.Money.Money.Zero, rule, origin, refund?.Origin, refund is not null);
        }
        catch (RuleCoverageException)
        {
            return null;
        }
    }

    /// <summary>The provisional cell of a line, by the rows and parameters used: a partition's lines share a handful.</summary>
    private readonly Dictionary<(RowsUsed, string, RuleOrigin?, RuleOrigin?, bool), string> _provisional = [];

    private string ProvisionalOf(RowsUsed used, Paid paid)
    {
        var key = (used, paid.PartRule, paid.PartOrigin, paid.RefundOrigin, paid.Refunds);
        if (_provisional.TryGetValue(key, out var cell)) return cell;
        var steps = ReimbursementKernel.OriginSteps(used, rules.Reimbursement).Append(new ExplanationStep(paid.PartRule, "", paid.PartOrigin));
        if (paid.Refunds) steps = steps.Append(new ExplanationStep(PayerDecision.ShareRefundParameter, "", paid.RefundOrigin));
        cell = Provisional.Of(steps);
        _provisional.Add(key, cell);
        return cell;
    }

    /// <summary>
    /// The payer of an accepted line as of its care date (<see cref="PayerDecision"/>), what it pays of the insurer
    /// amount, and the personal share the war-victims fund refunds; null when the payer's rules do not cover the date
    /// (the line is then rejected: no other period's figure is used).
    /// </summary>
    public (PayerChoice Choice, Core.Money.Money Insurer, Core.Money.Money ShareRefund, IReadOnlyList<ExplanationStep> Steps)? PayerOf(CareLineRow row, LineResult result)
    {
        var choice = PayerDecision.Decide(row.ServiceDate, row.DestinationMutuality, statuses.PayerPeriods(row.BeneficiaryId));
        try
        {
            var (insurer, step) = PayerDecision.PayerAmount(choice, result.InsurerAmount, row.ServiceDate, rules.Parameters);
            var refund = PayerDecision.ShareRefund(choice, result.PersonalShare, row.ServiceDate, rules.Parameters);
            return (choice, insurer, refund?.Amount ?? Core.Money.Money.Zero, refund is { } r ? [step, r.Step] : [step]);
        }
        catch (RuleCoverageException)
        {
            return null;
        }
    }

    /// <summary>
    /// Care cannot be billed before it is given: a line dated after the day (in Brussels) it was received is rejected
    /// with that reason (issue 16), never paid on a date typed wrong.
    /// </summary>
    public static bool ReceivedBefore(CareLineRow row) => row.ServiceDate > row.KnownAt.InZone(Brussels.Zone).Date;

    private IReadOnlyList<ExplanationStep> WithPayer(CareLineRow row, (CareLine Line, BeneficiarySituation Who) i)
    {
        var steps = ReimbursementKernel.Explain(i.Line, i.Who, rules.Reimbursement);
        var result = ReimbursementKernel.Compute(i.Line, i.Who, rules.Reimbursement);
        if (!result.Accepted) return steps;
        return PayerOf(row, result) is { } p
            ? [.. steps, .. p.Steps]
            : [.. steps, new ExplanationStep("payer", $"the payer's rules do not cover {Day(row.ServiceDate)}: rejected ({ReasonCode.CodeNotValidOnDate.Text()})")];
    }

    private static string Day(LocalDate d) => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    public IReadOnlyList<ExplanationStep> Explain(CareLineRow row)
    {
        IReadOnlyList<ExplanationStep> steps = ReceivedBefore(row)
            ? [new ExplanationStep("input.received", $"the care is dated {Day(row.ServiceDate)}, after the day it was received ({Day(row.KnownAt.InZone(Brussels.Zone).Date)}): rejected ({ReasonCode.ServiceAfterReceipt.Text()})")]
            : Inputs(row) is { } i
            ? WithPayer(row, i)
            : [new ExplanationStep("input.beneficiary", $"beneficiary {row.BeneficiaryId} is not in the registry")];
        // Without a check (an explanation of the past that does not know its authorisations) no authorisation step is told.
        if (authorisations is null || !rules.Authorisations.TryRequirement(row.Code, row.ServiceDate, out var flag) || !flag.Value.Required) return steps;
        // The decision made when the line was computed (or now, in this computation's order).
        var payable = !ReceivedBefore(row) && Inputs(row) is { } j && ReimbursementKernel.Compute(j.Line, j.Who, rules.Reimbursement).Accepted;
        var outcome = _authorisations.Decide(row, payable);
        return [.. steps, new ExplanationStep("authorisation", outcome.Explain(row.Code, row.ServiceDate), flag.Origin)];
    }
}
