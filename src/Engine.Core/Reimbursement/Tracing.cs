using System.Globalization;
using Engine.Core.Rules;

namespace Engine.Core.Reimbursement;

using Money = global::Engine.Core.Money.Money;

/// <summary>
/// What the kernel reports while it computes. <see cref="NoTrace"/> does nothing (the JIT removes its calls, the
/// kernel being generic over the struct); <see cref="ExplainTrace"/> turns each call into an explanation step.
/// </summary>
internal interface ITrace
{
    void UnknownCode();
    void Code(int codeIndex);
    void QuantityInvalid();
    void AmountInvalid();
    void NotCovered(int codeIndex);
    void BeforeBirth();
    void Fee(int feeIndex, Money fee);
    void BilledBelowFee(Money fee);
    void NoSupplement();
    void Supplement(int supplementIndex, Money supplement);
    void AboveListedPrice(Money fee, Money supplement);
    void Situation(int age, bool atAgreementFee);
    void Share(int shareIndex, Money share, bool limitedToFee);
    void Insurer(Money fee, Money shareByRule, Money billed, Money insurer, Money share, Payee payee);
}

internal struct NoTrace : ITrace
{
    public void UnknownCode() { }
    public void Code(int codeIndex) { }
    public void QuantityInvalid() { }
    public void AmountInvalid() { }
    public void NotCovered(int codeIndex) { }
    public void BeforeBirth() { }
    public void Fee(int feeIndex, Money fee) { }
    public void BilledBelowFee(Money fee) { }
    public void NoSupplement() { }
    public void Supplement(int supplementIndex, Money supplement) { }
    public void AboveListedPrice(Money fee, Money supplement) { }
    public void Situation(int age, bool atAgreementFee) { }
    public void Share(int shareIndex, Money share, bool limitedToFee) { }
    public void Insurer(Money fee, Money shareByRule, Money billed, Money insurer, Money share, Payee payee) { }
}

/// <summary>
/// Keeps which rule rows a computation used (index + 1; 0: none), with no text: the rows whose origins an
/// explanation names (<see cref="ReimbursementKernel.OriginSteps"/>).
/// </summary>
internal struct RowsTrace : ITrace
{
    public int Code, Fee, Supplement, Share;

    public void UnknownCode() { }
    void ITrace.Code(int codeIndex) => Code = codeIndex + 1;
    public void QuantityInvalid() { }
    public void AmountInvalid() { }
    public void NotCovered(int codeIndex) { }
    public void BeforeBirth() { }
    void ITrace.Fee(int feeIndex, Money fee) => Fee = feeIndex + 1;
    public void BilledBelowFee(Money fee) { }
    public void NoSupplement() { }
    void ITrace.Supplement(int supplementIndex, Money supplement) => Supplement = supplementIndex + 1;
    public void AboveListedPrice(Money fee, Money supplement) { }
    public void Situation(int age, bool atAgreementFee) { }
    void ITrace.Share(int shareIndex, Money share, bool limitedToFee) => Share = shareIndex + 1;
    public void Insurer(Money fee, Money shareByRule, Money billed, Money insurer, Money share, Payee payee) { }
}

internal struct ExplainTrace(ReimbursementRules rules, CareLine line, BeneficiarySituation who) : ITrace
{
    public List<ExplanationStep> Steps { get; } = [];

    private static string D(NodaTime.LocalDate d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private void Add(string ruleId, string text, RuleOrigin? origin = null) => Steps.Add(new ExplanationStep(ruleId, text, origin));

    private static string Rejected(ReasonCode r) => $"line rejected ({r.Text()})";

    public void UnknownCode() =>
        Add("code", $"code {line.Code} is not in the nomenclature of the rules: {Rejected(ReasonCode.UnknownCode)}");

    public void Code(int codeIndex)
    {
        var e = rules.EntryOf[codeIndex];
        Add("code", $"code {e.Code} '{e.Label}', kind {e.Kind}, personal share scheme '{e.ShareScheme}'; " +
                    $"service on {D(line.ServiceDate)}, quantity {line.Quantity}, billed {line.BilledAmount}", e.Origin);
    }

    public void QuantityInvalid() =>
        Add("quantity", $"quantity {line.Quantity} is not between 1 and {ReimbursementKernel.MaxQuantity}: {Rejected(ReasonCode.QuantityInvalid)}");

    public void AmountInvalid() =>
        Add("amount", $"billed amount {line.BilledAmount} is not between 0.00 and {ReimbursementKernel.MaxBilled}: {Rejected(ReasonCode.AmountInvalid)}");

    public void NotCovered(int codeIndex)
    {
        var e = rules.EntryOf[codeIndex];
        var (from, to) = rules.CoverageOf(e.Code);
        var range = to is { } t ? $"{D(from)} to {D(t)}" : $"from {D(from)} on";
        Add($"fee.{e.Code}", $"code {e.Code} has no rule on {D(line.ServiceDate)}: the rules cover it {range}; " +
                            $"no other period's figure is used: {Rejected(ReasonCode.CodeNotValidOnDate)}");
    }

    public void BeforeBirth() =>
        Add("age", $"service on {D(line.ServiceDate)} is before the beneficiary's birth on {D(who.BirthDate)}: {Rejected(ReasonCode.ServiceBeforeBirth)}");

    public void Fee(int feeIndex, Money fee)
    {
        var f = rules.FeeRowOf[feeIndex];
        var text = f.Pack is { } pack
            ? $"listed public price {f.UnitFee} per pack (category {pack.Category}, pack of {pack.PackSize}, {f.Period}) x quantity {line.Quantity} = {fee}"
            : $"fee {f.UnitFee} per unit ({f.Period}) x quantity {line.Quantity} = {fee}";
        Add($"fee.{f.Code}", text, f.Origin);
    }

    public void BilledBelowFee(Money fee) =>
        Add("billed", $"billed {line.BilledAmount} is below the agreement fee {fee} (e.g. last year's fee still billed): " +
                      "the line is paid, never rejected; the insurer's part is at most the billed amount (sheet §9.7)");

    public void AboveListedPrice(Money fee, Money supplement) =>
        Add(ReimbursementRules.ListedPriceRuleId,
            $"billed {line.BilledAmount} is above the listed public price {fee}: the line is priced at the list; " +
            $"the {supplement} above it is flagged for control ({ReasonCode.BilledAboveListedPrice.Text()}), never reimbursed");

    public void NoSupplement() => Add("supplement", $"billed {line.BilledAmount} = fee: no supplement");

    public void Supplement(int supplementIndex, Money supplement)
    {
        var r = rules.SupplementRowOf[supplementIndex];
        var who_ = $"{(who.HoldsBimAvantages ? "BIM (right granted with a social benefit: BIM avantages)" : who.Bim ? "BIM (right granted after an income enquiry)" : "non-BIM")} patient, {(line.ProviderConventioned ? "conventionné" : "déconventionné")} provider";
        var text = r.Allowed
            ? $"billed {line.BilledAmount} - fee = supplement {supplement}: allowed ({who_}, rule {r.Period}); the patient pays it, it is never reimbursed"
            : $"billed {line.BilledAmount} - fee = supplement {supplement}: forbidden ({who_}, rule {r.Period}): flagged for control " +
              $"({r.Reason.Text()}), the provider's to refund; the line is paid at the insurer's part as if billed at the agreement fee";
        Add(r.RuleId, text, r.Origin);
    }

    public void Situation(int age, bool atAgreementFee)
    {
        bool dmg = who.HasDmg || line.DmgWithProvider;
        var parts = new List<string> { $"aged {age} on {D(line.ServiceDate)} (born {D(who.BirthDate)})", who.Bim ? "BIM" : "not BIM" };
        parts.Add(line.DmgWithProvider ? "DMG held by this provider" : dmg ? "holds a DMG with another GP" : "no DMG");
        parts.Add(line.Referral ? "GP referral" : "no GP referral");
        parts.Add(line.ProviderConventioned ? "conventionné provider" : "déconventionné provider");
        parts.Add(atAgreementFee ? "billed at agreement fees" : "billed above the agreement fee");
        Add("situation", "beneficiary " + string.Join(", ", parts));
    }

    public void Share(int shareIndex, Money share, bool limitedToFee)
    {
        var r = rules.ShareRowOf[shareIndex];
        var how = r.Method switch
        {
            ShareMethod.None => "no personal share = 0.00",
            ShareMethod.Fixed => r.Less.Cents != 0
                ? $"fixed {r.Amount} less {r.Less} = {r.Amount - r.Less} x quantity {line.Quantity}"
                : $"fixed {r.Amount} x quantity {line.Quantity}",
            _ => $"{(r.BasisPoints / 100m).ToString("0.##", CultureInfo.InvariantCulture)} % of the fee, rounded to the cent (halves away from zero)"
                 + (r.CapPerUnit is { } cap ? $", at most {cap} x quantity {line.Quantity}" : ", no cap")
                 + (r.MinPerUnit is { } min ? $", at least {min} x quantity {line.Quantity}" : ""),
        };
        var limit = limitedToFee ? ", limited to the fee" : "";
        Add(r.RuleId, $"personal share: first row of scheme '{r.Scheme}' that applies ({r.Conditions}; {r.Period}): {how} = {share}{limit}", r.Origin);
    }

    public void Insurer(Money fee, Money shareByRule, Money billed, Money insurer, Money share, Payee payee)
    {
        if (billed >= fee)
            Add("insurer", $"insurer amount = fee {fee} - personal share {shareByRule} = {insurer}");
        else
            Add("insurer", $"insurer amount = fee {fee} - personal share {shareByRule} = {fee - shareByRule}, at most the billed {billed}: {insurer}; " +
                           $"personal share = billed {billed} - insurer {insurer} = {share}");
        Add("payee", payee == Payee.Provider
            ? $"eFact third-party payment: the insurer pays {insurer} to the provider"
            : $"eAttest direct refund: the insurer refunds {insurer} to the member");
    }

    public void Result(in LineResult r) =>
        Add("result", r.Accepted
            ? $"accepted: fee {r.Fee}, insurer {r.InsurerAmount}, personal share {r.PersonalShare}, supplement {r.Supplement}"
              + (r.SupplementFlagged ? $", supplement flagged for control ({r.SupplementFlag.Text()})" : "")
            : $"rejected: {r.Reason.Text()}");
}
