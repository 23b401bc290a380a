using Engine.Core.Money;
using Engine.Core.Reimbursement;
using Engine.Jobs.Authorisations;
using Engine.Jobs.Data;
using Engine.Jobs.Rules;
using Engine.Jobs.Runs;
using NodaTime;

namespace Engine.Jobs.Members;

/// <summary>How the amount owed for a line stands for the member: paid (when), waiting (why), or nothing to pay.</summary>
public enum MemberPayment { NotComputed, Paid, HeldIban, HeldOther, Pending, Nothing }

/// <summary>
/// A line rejected awaiting the medical adviser's agreement, released later by one (docs/authorisations-and-bim.md):
/// which authorisation (null when none can be named any more), the care dates it covers, the day it reached the insurer,
/// the day the line was released (the recalculation's), the amount released, and how that payment stands.
/// </summary>
public sealed record MemberRelease(string? Reference, LocalDate? From, LocalDate? To, LocalDate? KnownOn, LocalDate ReleasedOn, Money Amount,
    MemberPayment Payment, LocalDate? PaidOn);

/// <summary>
/// What a member's answer about one care line says, as data (no wording): the facts of the line as the last run that
/// computed it decided, read from the store and from the kernel's own explanation run with that run's rules and
/// inputs (its result carries the supplement's flag), plus what the member's situation would have changed: the same
/// line recomputed by the kernel with a DMG, and with the BIM right. <see cref="MemberAnswer"/> words it.
/// </summary>
public sealed record MemberLineFacts
{
    public long LineId { get; init; }
    public LocalDate ServiceDate { get; init; }
    public int Code { get; init; }
    /// <summary>The kind of care of the code in the rules (gp_consultation, medicine_B...); empty when the code is unknown.</summary>
    public string CareKind { get; init; } = "";
    public string ProviderName { get; init; } = "";
    public bool ProviderConventioned { get; init; }
    /// <summary>eFact: the insurer pays the provider (third-party payment); eAttest: the member paid and is refunded.</summary>
    public bool ThirdPartyPayment { get; init; }
    public Money Billed { get; init; }
    public Money Insurer { get; init; }
    public Money Share { get; init; }
    public Money Supplement { get; init; }
    /// <summary>The supplement's flag (bim_supplement_forbidden, conventioned_supplement_forbidden, billed_above_listed_price) or null.</summary>
    public ReasonCode? SupplementFlag { get; init; }
    /// <summary>Null when accepted; else why the line was refused.</summary>
    public ReasonCode? Rejected { get; init; }
    public bool Computed { get; init; } = true;
    public bool Bim { get; init; }
    public bool Dmg { get; init; }
    /// <summary>The personal share the same line would have had with a DMG (null: the member has one, or it changes nothing).</summary>
    public Money? ShareWithDmg { get; init; }
    /// <summary>The personal share the same line would have had with the BIM right (null: the member has it, or it changes nothing).</summary>
    public Money? ShareWithBim { get; init; }
    /// <summary>The personal share the line would have had without the member's DMG (null: no DMG, or it changed nothing).</summary>
    public Money? ShareWithoutDmg { get; init; }
    /// <summary>The personal share the line would have had without the BIM right (null: not BIM, or it changed nothing).</summary>
    public Money? ShareWithoutBim { get; init; }
    public Money MafRefund { get; init; }
    public bool MafToProvider { get; init; }
    /// <summary>A line the run rejected awaiting an authorisation that a later one released (null: not released).</summary>
    public MemberRelease? Released { get; init; }
    public MemberPayment Payment { get; init; }
    /// <summary>The day the transfer is executed, when paid.</summary>
    public LocalDate? PaidOn { get; init; }
    /// <summary>The run date: the day of the decision.</summary>
    public LocalDate DecidedOn { get; init; }
    /// <summary>The last day to contest the decision: three months after it (<see cref="ContestMonths"/>).</summary>
    public LocalDate ContestBy => DecidedOn.PlusMonths(ContestMonths);
    /// <summary>The member's language as the registry records it (null: not recorded).</summary>
    public string? Language { get; init; }

    /// <summary>The language to answer in: the one asked for, else the member's recorded one when a catalogue has it, else French.</summary>
    public string AnswerLanguage(string? asked) =>
        asked ?? (Language is { } l && MemberMessages.Languages.Contains(l) ? l : "fr");

    /// <summary>
    /// An appeal against a decision of the insurer goes to the labour court within three months of the notification
    /// (Charte de l'assuré social / Handvest van de sociaal verzekerde, law of 11 April 1995, art. 23). Counted here from
    /// the run's date, the day the decision was made.
    /// </summary>
    public const int ContestMonths = 3;
}

/// <summary>Gathers <see cref="MemberLineFacts"/> for a stored care line.</summary>
public sealed class MemberLineFactsReader(IEngineStore store, RuleSetArchive rules)
{
    /// <param name="now">The member's language is the latest the registry records by then.</param>
    public MemberLineFacts Read(long lineId, Instant now)
    {
        var line = store.Lines([lineId]).SingleOrDefault() ?? throw new KeyNotFoundException($"care line {lineId} is not in the store");
        var results = store.ResultsOfLine(lineId);
        var facts = new MemberLineFacts
        {
            LineId = lineId, ServiceDate = line.ServiceDate, Code = line.Code, ProviderConventioned = line.Conventioned,
            ThirdPartyPayment = line.Channel == "efact", Billed = line.Billed, Supplement = line.Supplement,
            Language = store.Beneficiaries(now, [line.BeneficiaryId]).FirstOrDefault()?.Language,
        };
        if (results.Count == 0) return facts with { Computed = false, Payment = MemberPayment.NotComputed, ProviderName = ProviderName(line, null) };

        var stored = results[^1];
        var run = store.Run(stored.RunId)!;
        var ruleSet = rules.Version(stored.RuleSetVersion);
        // The whole registry as of the run, as the run and `explain` read it (the statuses with their BIM kind).
        var computation = new LineComputation(ruleSet, store.Beneficiaries(run.AsOf).ToDictionary(b => b.BeneficiaryId, StringComparer.Ordinal),
            new StatusIndex(store.Statuses(run.AsOf)));
        facts = facts with
        {
            ProviderName = ProviderName(line, run.AsOf), Insurer = stored.Insurer, Share = stored.Share, Supplement = stored.Supplement,
            MafRefund = stored.MafRefund, MafToProvider = MafStep.PaidToProvider(stored), DecidedOn = run.RunDate,
            CareKind = ruleSet.Reimbursement.TryGetCode(line.Code, out var entry) ? entry.Kind : "",
        };
        if (stored.Status != "accepted")
            facts = facts with { Rejected = ReasonCodes.TryParse(stored.Reason, out var reason) ? reason : ReasonCode.InvalidInput };
        else if (computation.Inputs(line) is { } inputs)
        {
            // The kernel's own explanation run gives the supplement's flag; the same kernel, with a DMG or the BIM right,
            // gives what the member's situation would have changed.
            ReimbursementKernel.Explain(inputs.Line, inputs.Who, ruleSet.Reimbursement, out var result);
            var who = inputs.Who;
            var dmg = who.HasDmg || inputs.Line.DmgWithProvider;
            facts = facts with
            {
                SupplementFlag = result.SupplementFlagged ? result.SupplementFlag : null, Bim = who.Bim, Dmg = dmg,
                ShareWithDmg = dmg ? null : Lower(ReimbursementKernel.Compute(inputs.Line, who with { HasDmg = true }, ruleSet.Reimbursement), stored.Share),
                ShareWithBim = who.Bim ? null : Lower(ReimbursementKernel.Compute(inputs.Line, who with { Bim = true }, ruleSet.Reimbursement), stored.Share),
                ShareWithoutDmg = !dmg ? null : Higher(ReimbursementKernel.Compute(inputs.Line with { DmgWithProvider = false }, who with { HasDmg = false }, ruleSet.Reimbursement), stored.Share),
                ShareWithoutBim = !who.Bim ? null : Higher(ReimbursementKernel.Compute(inputs.Line, who with { Bim = false, BimAvantages = false }, ruleSet.Reimbursement), stored.Share),
            };
        }
        var payments = LinePayment.Of(store, lineId);
        // A refund of a year whose MAF figures came later is settled by a later run ('maf:ID'), not in the line's result.
        if (facts.MafRefund.Cents == 0 && payments.LastOrDefault(p => p.What == LinePayment.Maf) is { } settled)
            facts = facts with { MafRefund = settled.Amount, MafToProvider = settled.PayeeKind == "provider" };
        if (facts.Rejected is { } rejected && AuthorisationCheck.AwaitingReasons.Contains(rejected.Text()) && Release(line, payments) is { } release)
            facts = facts with { Released = release, DecidedOn = release.ReleasedOn };   // the release is the decision the member may contest
        return facts with { Payment = Payment(payments, LinePayment.Insurer, out var paidOn), PaidOn = paidOn };
    }

    /// <summary>
    /// The release of a line kept awaiting an authorisation: the complements recorded on its insurer part ('line:ID') by
    /// the recalculation that released it, and the authorisation that pays it, found as that recalculation found it (its
    /// rules, the authorisations and registry as of its instant, the lines paid first).
    /// </summary>
    private MemberRelease? Release(CareLineRow line, IReadOnlyList<LinePayment> payments)
    {
        var item = $"line:{line.LineId}";
        var complements = store.Adjustments().Where(a => a.Item == item && a.Kind == "complement").OrderBy(a => a.AdjustmentId).ToList();
        if (complements.Count == 0) return null;
        var recalc = store.Recalc(complements[0].RecalcId)!;
        var ruleSet = rules.Version(recalc.RuleSetVersion);
        var (check, order) = AuthorisationCheck.ForRecalculation(store, ruleSet, [line], recalc.AsOf);
        Core.Authorisations.PriorAuthorisation? by = null;
        if (check is not null)
        {
            var members = order.Select(l => l.BeneficiaryId).Distinct(StringComparer.Ordinal).ToList();
            var computation = new LineComputation(ruleSet, store.Beneficiaries(recalc.AsOf, members).ToDictionary(b => b.BeneficiaryId, StringComparer.Ordinal),
                new StatusIndex(store.Statuses(recalc.AsOf, members)), check);
            foreach (var l in order)
            {
                computation.Compute("release", l);
                if (l.LineId == line.LineId) break;
            }
            by = check.Decide(line, payable: true).Authorisation;
        }
        var known = by is null ? null
            : store.PriorAuthorisations(recalc.AsOf, [line.BeneficiaryId]).Where(a => a.Reference == by.Reference).Select(a => (Instant?)a.KnownAt).Max();
        var amount = complements.Aggregate(Money.Zero, (s, a) => s + a.Amount);
        return new MemberRelease(by?.Reference, by?.From, by?.To, known?.InZone(Time.Brussels.Zone).Date, recalc.AsOf.InZone(Time.Brussels.Zone).Date, amount,
            Payment(payments, LinePayment.Complement, out var paidOn), paidOn);
    }

    private static Money? Lower(LineResult r, Money share) => r.Accepted && r.PersonalShare < share ? r.PersonalShare : null;

    private static Money? Higher(LineResult r, Money share) => r.Accepted && r.PersonalShare > share ? r.PersonalShare : null;

    private string ProviderName(CareLineRow line, Instant? asOf) =>
        store.Providers(asOf ?? line.KnownAt).FirstOrDefault(p => p.ProviderId == line.ProviderId)?.Name ?? line.ProviderId;

    /// <summary>The latest decision on the insurer part ('line:ID') or on its complements: what the member cares about.</summary>
    private static MemberPayment Payment(IReadOnlyList<LinePayment> payments, string what, out LocalDate? paidOn)
    {
        paidOn = null;
        var last = payments.LastOrDefault(p => p.What == what);
        if (last is null) return MemberPayment.Nothing;
        switch (last.Outcome)
        {
            case "paid":
                paidOn = last.Transfer?.ExecutionDate;
                return MemberPayment.Paid;
            case "held":
                return last.HoldReason is { } r && r.Contains("IBAN", StringComparison.OrdinalIgnoreCase) ? MemberPayment.HeldIban : MemberPayment.HeldOther;
            case "pending":
                return MemberPayment.Pending;
            default:
                return MemberPayment.Nothing;
        }
    }
}
