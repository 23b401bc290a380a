using Engine.Core.Payers;
using Engine.Core.Payments;
using Engine.Jobs.Data;
using NodaTime;

namespace Engine.Jobs.Runs;

/// <summary>
/// What a run owes, as payable items: the insurer amount of each accepted line (to the provider for eFact
/// third-party payment, settling its sending; to the member for an eAttest direct refund) and each MAF refund
/// (to the member). Names and IBANs are those known at the run's as-of instant.
/// </summary>
public sealed class PayablesBuilder(
    IReadOnlyDictionary<string, BeneficiaryRow> beneficiaries,
    IReadOnlyDictionary<string, ProviderRow> providers,
    IReadOnlyDictionary<long, SendingRow> sendings,
    int mutuality)
{
    public IEnumerable<PayableItem> Items(IReadOnlyList<LineResultRow> results, IReadOnlyDictionary<long, CareLineRow> lines, LocalDate executionDate)
    {
        foreach (var r in results)
        {
            if (r.Status != "accepted") continue;
            var line = lines[r.LineId];
            var period = new DateInterval(line.ServiceDate, line.ServiceDate);
            var payer = PayerCodes.Parse(r.Payer);
            if (r.Insurer.Cents != 0)
            {
                if (r.Payee == "provider")
                {
                    providers.TryGetValue(line.ProviderId, out var p);
                    yield return new PayableItem($"line:{r.LineId}", PayeeKind.Provider, line.ProviderId, p?.Name ?? line.ProviderId,
                        p?.Iban, r.Insurer, PaymentPurpose.ThirdPartyCare, executionDate, period,
                        Sending: SendingOf(sendings[line.SendingId], line, mutuality), Payer: payer);
                }
                else
                {
                    yield return Member(line.BeneficiaryId, $"line:{r.LineId}", r.Insurer, PaymentPurpose.DirectRefund, executionDate, period) with { Payer = payer };
                }
            }
            // A war victim's personal share, refunded to the member by the war-victims fund: its own item, paid once.
            if (r.ShareRefund.Cents != 0)
                yield return Member(line.BeneficiaryId, ShareRefundSource(r.LineId), r.ShareRefund, PaymentPurpose.ShareRefund, executionDate, period)
                    with { Payer = Payer.WarVictims };
            if (r.MafRefund.Cents != 0)
            {
                if (MafStep.PaidToProvider(r))
                {
                    providers.TryGetValue(line.ProviderId, out var p);
                    yield return new PayableItem($"maf:{r.LineId}", PayeeKind.Provider, line.ProviderId, p?.Name ?? line.ProviderId, p?.Iban,
                        r.MafRefund, PaymentPurpose.MafRefund, executionDate, period);
                }
                else
                    yield return Member(line.BeneficiaryId, $"maf:{r.LineId}", r.MafRefund, PaymentPurpose.MafRefund, executionDate, period);
            }
        }
    }

    /// <summary>
    /// The MAF refunds of lines an earlier run left pending (a year without figures), computed by this run: item
    /// 'maf:LINE' (the line's own run paid no MAF refund for it), to the member or, for a third-party payment when the
    /// rules say so, to the provider.
    /// </summary>
    public IEnumerable<PayableItem> Settlements(IEnumerable<MafSettlementRow> settled, LocalDate executionDate)
    {
        foreach (var s in settled.Where(s => s.Refund.Cents != 0))
        {
            var period = new DateInterval(s.ServiceDate, s.ServiceDate);
            if (s.PayeeKind == "provider")
            {
                providers.TryGetValue(s.PayeeId, out var p);
                yield return new PayableItem($"maf:{s.LineId}", PayeeKind.Provider, s.PayeeId, p?.Name ?? s.PayeeId, p?.Iban,
                    s.Refund, PaymentPurpose.MafRefund, executionDate, period);
            }
            else
                yield return Member(s.PayeeId, $"maf:{s.LineId}", s.Refund, PaymentPurpose.MafRefund, executionDate, period);
        }
    }

    /// <summary>The item of a war victim's personal share refunded: 'share:LINE' (one per line: paid once whatever the runs).</summary>
    public static string ShareRefundSource(long lineId) => $"share:{lineId}";

    /// <summary>
    /// The eFact sending a third-party payment of the line settles (its invoiced month, else the month of care), under the
    /// mutuality its invoice was addressed to (690 for MediPrima), else the insurer's own.
    /// </summary>
    public static EfactSendingRef SendingOf(SendingRow s, CareLineRow line, int mutuality)
    {
        var month = s.InvoicedMonth is { } m
            ? new YearMonth(int.Parse(m[..4]), int.Parse(m[5..7])) : new YearMonth(line.ServiceDate.Year, line.ServiceDate.Month);
        return new EfactSendingRef(s.SendingNumber ?? 0, month, line.DestinationMutuality ?? mutuality);
    }

    /// <summary>The net of each indemnity statement, to the member; the withholding goes to the tax authority, not here.</summary>
    public IEnumerable<PayableItem> Indemnities(IEnumerable<IndemnityPaymentRow> payments, LocalDate executionDate) =>
        payments.Where(p => p.Net.Cents != 0).Select(p => Member(p.BeneficiaryId, $"indemnity:{p.IndemnityPaymentId}", p.Net,
            PaymentPurpose.Indemnity, executionDate, new DateInterval(p.PeriodStart, p.PeriodEnd)));

    /// <summary>What each AC decision grants, to the member; the remittance names the advantage.</summary>
    public IEnumerable<PayableItem> Advantages(IEnumerable<AcDecisionRow> decisions, LocalDate executionDate) =>
        decisions.Where(d => d.Granted.Cents > 0).Select(d =>
        {
            beneficiaries.TryGetValue(d.MemberId, out var b);
            return new PayableItem($"ac:{d.AcDecisionId}", PayeeKind.Member, d.MemberId, b?.Name ?? d.MemberId, b?.Iban, d.Granted,
                PaymentPurpose.AcAdvantage, executionDate, new DateInterval(d.Date, d.Date), AdvantageId: d.Advantage);
        });

    private PayableItem Member(string id, string source, Core.Money.Money amount, PaymentPurpose purpose, LocalDate date, DateInterval period)
    {
        beneficiaries.TryGetValue(id, out var b);
        return new PayableItem(source, PayeeKind.Member, id, b?.Name ?? id, b?.Iban, amount, purpose, date, period);
    }
}
