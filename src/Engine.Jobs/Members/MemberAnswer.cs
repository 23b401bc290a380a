using Engine.Core.Reimbursement;

namespace Engine.Jobs.Members;

/// <summary>
/// A member's answer about one care line, in plain words and in their language, without rule ids: what was billed,
/// what the insurer paid and to whom (and when, or why not yet), the personal share and why (BIM, DMG, conventionné or
/// not, a supplement, a forbidden one the provider must refund), the MAF refund, and what the member can do.
/// Worded from <see cref="MemberLineFacts"/> with the language's <see cref="MemberMessages"/>.
/// </summary>
public static class MemberAnswer
{
    public static IReadOnlyList<string> Write(MemberLineFacts f, string language)
    {
        var m = MemberMessages.For(language);
        string A(Engine.Core.Money.Money x) => m.Amount(x);
        var provider = ("provider", f.ProviderName);
        var text = new List<string>
        {
            m.Text("billed", ("date", m.Date(f.ServiceDate)), provider, ("billed", A(f.Billed)), ("care", Care(m, f))),
        };
        if (!f.Computed)
        {
            text.Add(m.Text("notyet"));
            return text;
        }
        var actions = new List<string>();
        if (f.Released is { } released)
        {
            // Rejected awaiting the medical adviser's agreement, then released by it: tell the release, not the rejection.
            text.Add(released.Reference is { } reference && released.From is { } from && released.To is { } to && released.KnownOn is { } known
                ? m.Text("released", ("reference", reference), ("from", m.Date(from)), ("to", m.Date(to)), ("known", m.Date(known)), ("released", m.Date(released.ReleasedOn)))
                : m.Text("released.unnamed", ("released", m.Date(released.ReleasedOn))));
            text.Add(f.ThirdPartyPayment ? m.Text("paid.provider", ("insurer", A(released.Amount)), provider) : m.Text("paid.member", ("insurer", A(released.Amount))));
            var paid = released.Payment switch
            {
                MemberPayment.Paid when released.PaidOn is { } d => m.Text("payment.paid", ("date", m.Date(d))),
                MemberPayment.HeldIban => f.ThirdPartyPayment ? m.Text("payment.held.provider", provider) : m.Text("payment.held.iban"),
                MemberPayment.HeldOther => m.Text("payment.held.other"),
                _ => m.Text("payment.pending"),
            };
            text.Add(paid);
        }
        else if (f.Rejected is { } reason)
        {
            var key = "reason." + reason.Text();
            text.Add(m.Text("rejected", ("reason", m.Text(m.Has(key) ? key : "reason.other"))));
            actions.Add(m.Text("action.fix"));
        }
        else
        {
            text.Add(f.ThirdPartyPayment ? m.Text("paid.provider", ("insurer", A(f.Insurer)), provider) : m.Text("paid.member", ("insurer", A(f.Insurer))));
            var payment = f.Payment switch
            {
                MemberPayment.Paid when f.PaidOn is { } d => m.Text("payment.paid", ("date", m.Date(d))),
                MemberPayment.HeldIban => f.ThirdPartyPayment ? m.Text("payment.held.provider", provider) : m.Text("payment.held.iban"),
                MemberPayment.HeldOther => m.Text("payment.held.other"),
                MemberPayment.Pending => m.Text("payment.pending"),
                _ => null,
            };
            if (payment is not null) text.Add(payment);

            text.Add(f.Share.Cents > 0 ? m.Text("share", ("share", A(f.Share))) : m.Text("share.none"));
            if (f.ShareWithoutBim is { } withoutBim) text.Add(m.Text("why.bim", ("other", A(withoutBim))));
            if (f.ShareWithoutDmg is { } withoutDmg) text.Add(m.Text("why.dmg", ("other", A(withoutDmg))));
            if (f.ShareWithDmg is { } withDmg)
            {
                text.Add(m.Text("why.nodmg", ("other", A(withDmg))));
                actions.Add(m.Text("action.dmg"));
            }
            if (f.ShareWithBim is { } withBim)
            {
                text.Add(m.Text("why.nobim", ("other", A(withBim))));
                actions.Add(m.Text("action.bim"));
            }
            var supplement = ("supplement", A(f.Supplement));
            switch (f.SupplementFlag)
            {
                case ReasonCode.BimSupplementForbidden:
                    text.Add(m.Text("supplement.forbidden.bim", provider, supplement));
                    actions.Add(m.Text("action.refund", provider, supplement));
                    break;
                case ReasonCode.ConventionedSupplementForbidden:
                    text.Add(m.Text("supplement.forbidden.conventioned", provider, supplement));
                    actions.Add(m.Text("action.refund", provider, supplement));
                    break;
                case ReasonCode.BilledAboveListedPrice:
                    text.Add(m.Text("supplement.listed", supplement));
                    break;
                default:
                    if (!f.CareKind.StartsWith("medicine", StringComparison.Ordinal))
                        text.Add(f.ProviderConventioned ? m.Text("why.conventioned", provider) : m.Text("why.notconventioned", provider));
                    if (f.Supplement.Cents > 0) text.Add(m.Text("supplement.allowed", supplement));
                    break;
            }
            if (f.MafRefund.Cents > 0)
                text.Add(f.MafToProvider ? m.Text("maf.provider", ("maf", A(f.MafRefund)), provider) : m.Text("maf.member", ("maf", A(f.MafRefund))));
        }
        actions.Add(m.Text("action.contest", ("contest", m.Date(f.ContestBy)), ("decided", m.Date(f.DecidedOn))));
        text.Add("");
        text.Add(m.Text("actions"));
        text.AddRange(actions.Select(a => "- " + a));
        return text;
    }

    private static string Care(MemberMessages m, MemberLineFacts f)
    {
        var key = f.CareKind.StartsWith("medicine", StringComparison.Ordinal) ? "care.medicine" : "care." + f.CareKind;
        return m.Has(key) ? m.Text(key) : m.Text("care.other", ("code", f.Code.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }
}
