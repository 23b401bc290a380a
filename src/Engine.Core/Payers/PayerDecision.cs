using System.Globalization;
using Engine.Core.Rules;
using NodaTime;

namespace Engine.Core.Payers;

using Money = Engine.Core.Money.Money;

/// <summary>Who pays a line, and why (which field of the invoice or which registry status, as of the care date).</summary>
/// <param name="Payer">The budget that pays the insurer amount.</param>
/// <param name="Why">The field or status that decided it.</param>
/// <param name="ShareRefund">A war-victim line: the war-victims fund refunds the personal share to the member.</param>
public sealed record PayerChoice(Payer Payer, string Why, bool ShareRefund = false);

/// <summary>
/// Decides the payer of a care line as of its care date, from the invoice and the member's dated statuses. Pure: the
/// same inputs give the same payer on every machine. Order (the first that holds):
/// <list type="number">
/// <item>the invoice is addressed to MediPrima: eFact record 20 zone 18 (destination mutuality) = 690 -> SPP IS;</item>
/// <item>a <c>mediprima</c> status covers the care date (the CPAS decision, for care not sent as such) -> SPP IS;</item>
/// <item>a <c>detainee</c> status covers it -> SPF Justice (a member moving in and out of detention is priced by the
/// payer of each care date);</item>
/// <item>a <c>fedasil</c> status covers it -> Fedasil;</item>
/// <item>otherwise the insurance; with a <c>war_victim</c> status on the date, the war-victims fund refunds the
/// personal share on top.</item>
/// </list>
/// </summary>
public static class PayerDecision
{
    /// <summary>The pseudo-mutuality MediPrima invoices are addressed to (efact-layout.md §3.2 record 20 zone 18, §3.3 record 25).</summary>
    public const int MediprimaMutuality = 690;

    public static PayerChoice Decide(LocalDate careDate, int? destinationMutuality, IEnumerable<StatusPeriod> statuses)
    {
        var list = statuses as IReadOnlyCollection<StatusPeriod> ?? statuses.ToList();
        var (payer, shareRefund, period) = Find(careDate, destinationMutuality, list);
        if (period is not { } p)
            return payer == Payer.SppIs
                ? new(Payer.SppIs, $"invoice addressed to MediPrima (eFact record 20 zone 18 destination mutuality {MediprimaMutuality})")
                : new(Payer.Insurance, $"no payer status on {Day(careDate)}: the insurance");
        if (shareRefund)
            return new(Payer.Insurance, $"no payer status on {Day(careDate)}: the insurance; status {PayerStatuses.WarVictim} {Period(p)}: the war-victims fund refunds the personal share", ShareRefund: true);
        return new(payer, $"status {p.Status} {Period(p)} covers {Day(careDate)}");
    }

    /// <summary>
    /// <see cref="Decide"/>'s payer and share refund without its words (a run computing its lines needs no more).
    /// </summary>
    public static (Payer Payer, bool ShareRefund) Of(LocalDate careDate, int? destinationMutuality, IReadOnlyCollection<StatusPeriod> statuses)
    {
        var (payer, shareRefund, _) = Find(careDate, destinationMutuality, statuses);
        return (payer, shareRefund);
    }

    /// <summary>The decision and the status period it rests on (none: the invoice's destination, or no status).</summary>
    private static (Payer Payer, bool ShareRefund, StatusPeriod? Period) Find(LocalDate careDate, int? destinationMutuality, IReadOnlyCollection<StatusPeriod> list)
    {
        if (destinationMutuality == MediprimaMutuality) return (Payer.SppIs, false, null);
        if (list.Count == 0) return (Payer.Insurance, false, null);
        if (Covering(list, PayerStatuses.Mediprima, careDate) is { } m) return (Payer.SppIs, false, m);
        if (Covering(list, PayerStatuses.Detainee, careDate) is { } d) return (Payer.Justice, false, d);
        if (Covering(list, PayerStatuses.Fedasil, careDate) is { } f) return (Payer.Fedasil, false, f);
        if (Covering(list, PayerStatuses.WarVictim, careDate) is { } w) return (Payer.Insurance, true, w);
        return (Payer.Insurance, false, null);
    }

    /// <summary>The parameter giving the percent of the insurer amount the payer pays (rules/payers/parameters-payers.csv).</summary>
    public static string PartParameter(Payer payer) => $"payer.{payer.Code()}.insurer_part_percent";

    /// <summary>The parameter giving the percent of the personal share the war-victims fund refunds.</summary>
    public const string ShareRefundParameter = "payer.war-victims.personal_share_percent";

    /// <summary>
    /// What the payer pays of the insurer amount the reimbursement kernel computed: its dated percent (100 for every
    /// payer that prices as the insurance would), rounded once to the cent (<see cref="Money.Percent"/>). The
    /// insurance itself pays the insurer amount, with no parameter.
    /// </summary>
    public static (Money Amount, ExplanationStep Step) PayerAmount(PayerChoice choice, Money insurer, LocalDate careDate, ParameterSet parameters)
    {
        if (choice.Payer == Payer.Insurance)
            return (insurer, new ExplanationStep("payer.insurance", $"{choice.Why}; pays the insurer amount {insurer}"));
        var rule = parameters.At(PartParameter(choice.Payer), careDate);
        var amount = insurer.Percent(BasisPoints(rule.Value));
        return (amount, new ExplanationStep(PartParameter(choice.Payer),
            $"{choice.Why}: {choice.Payer.Label()} pays {Pct(rule.Value)} % of the insurer amount {insurer} = {amount} ({rule.Period})", rule.Origin));
    }

    /// <summary>
    /// <see cref="PayerAmount"/> without its words: the amount, and the rule id and origin of its step (the parameter
    /// read, or the insurance's own step, which names none).
    /// </summary>
    public static (Money Amount, string RuleId, RuleOrigin? Origin) PayerPart(Payer payer, Money insurer, LocalDate careDate, ParameterSet parameters)
    {
        if (payer == Payer.Insurance) return (insurer, "payer.insurance", null);
        var name = PartParameters[(int)payer] ??= PartParameter(payer);
        var rule = parameters.At(name, careDate);
        return (insurer.Percent(BasisPoints(rule.Value)), name, rule.Origin);
    }

    private static readonly string?[] PartParameters = new string?[Enum.GetValues<Payer>().Length];

    /// <summary>The personal share the war-victims fund refunds (its dated percent of the share), or null when none.</summary>
    public static (Money Amount, ExplanationStep Step)? ShareRefund(PayerChoice choice, Money share, LocalDate careDate, ParameterSet parameters)
    {
        if (!choice.ShareRefund || share.Cents <= 0) return null;
        var rule = parameters.At(ShareRefundParameter, careDate);
        var amount = share.Percent(BasisPoints(rule.Value));
        return (amount, new ExplanationStep(ShareRefundParameter,
            $"war victim: the war-victims fund refunds {Pct(rule.Value)} % of the personal share {share} = {amount} to the member ({rule.Period})", rule.Origin));
    }

    /// <summary><see cref="ShareRefund"/> without its words: the amount and the origin of the parameter read, or null when none.</summary>
    public static (Money Amount, RuleOrigin? Origin)? ShareRefundPart(bool shareRefund, Money share, LocalDate careDate, ParameterSet parameters)
    {
        if (!shareRefund || share.Cents <= 0) return null;
        var rule = parameters.At(ShareRefundParameter, careDate);
        return (share.Percent(BasisPoints(rule.Value)), rule.Origin);
    }

    /// <summary>A percent of the rules (100, 12.5) as basis points; more than two decimals is refused, never rounded.</summary>
    internal static int BasisPoints(decimal percent) => percent * 100m is var bp && bp == decimal.Truncate(bp) && bp is >= 0 and <= 10_000
        ? (int)bp : throw new RuleLoadException($"a payer percent of {percent} is not between 0 and 100 with at most two decimals");

    private static StatusPeriod? Covering(IEnumerable<StatusPeriod> statuses, string status, LocalDate d) =>
        statuses.Where(s => s.Status == status && s.Covers(d)).OrderBy(s => s.From).FirstOrDefault();

    private static string Period(StatusPeriod s) => s.To is { } to ? $"{Day(s.From)} to {Day(to)}" : $"from {Day(s.From)}";
    private static string Day(LocalDate d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    private static string Pct(decimal v) => v.ToString("0.##", CultureInfo.InvariantCulture);
}
