using Engine.Core.Payers;
using Engine.Jobs.Payments;

namespace Engine.Jobs.Payers;

/// <summary>The account a payer other than the insurance pays from: Engine:Payers:&lt;code&gt;:DebtorName/Iban/Bic.</summary>
public sealed class PayerAccountOptions
{
    public string DebtorName { get; set; } = "";
    public string Iban { get; set; } = "";
    public string Bic { get; set; } = "";

    /// <summary>
    /// Only for spp-is: this insurer checks and prices the MediPrima invoices (eFact addressed to the destination mutuality
    /// 690) for SPP IS. False (the default): such invoices are refused as not ours (201803), as every invoice addressed
    /// elsewhere. Fedasil has no field in the eFact layout: its care is recognised from the registry only.
    /// </summary>
    public bool AcceptInvoices { get; set; }
}

/// <summary>
/// The debtor of each payer's pain.001. A payer configured under Engine:Payers:&lt;code&gt; pays from its own account
/// (the insurer stays the initiating party: its enterprise number); a payer not configured falls back to the
/// insurance's debtor (Engine:Payer), so a run never stops for a missing account.
/// </summary>
public static class PayerAccounts
{
    public static PaymentDebtor Insurance(EngineOptions options) =>
        new(options.Payer.Name, options.Payer.Iban, options.Payer.Bic, options.Payer.CompanyNumber);

    public static Func<Payer, PaymentDebtor> Debtors(EngineOptions options) => payer =>
        payer != Payer.Insurance && options.Payers.TryGetValue(payer.Code(), out var a)
            ? new PaymentDebtor(a.DebtorName, a.Iban, a.Bic, options.Payer.CompanyNumber)
            : Insurance(options);

    /// <summary>
    /// The destination mutualities (eFact record 20 zone 18) whose invoices this insurer accepts: its own
    /// (Engine:Payer:Mutuality) and MediPrima's 690 when Engine:Payers:spp-is:AcceptInvoices is set.
    /// </summary>
    public static IReadOnlyList<int> InvoiceMutualities(EngineOptions options) =>
        options.Payers.TryGetValue(Payer.SppIs.Code(), out var spp) && spp.AcceptInvoices
            ? [options.Payer.Mutuality, PayerDecision.MediprimaMutuality]
            : [options.Payer.Mutuality];

    /// <summary>Problems of the configuration (unknown payer code, missing or invalid account), for the start-up check.</summary>
    public static IEnumerable<string> Problems(EngineOptions options)
    {
        foreach (var (code, a) in options.Payers)
        {
            if (!PayerCodes.TryParse(code, out var payer) || payer == Payer.Insurance)
            {
                yield return $"Engine:Payers:{code}: unknown payer (known: spp-is, fedasil, justice, war-victims; the insurance is Engine:Payer)";
                continue;
            }
            if (string.IsNullOrWhiteSpace(a.DebtorName)) yield return $"Engine:Payers:{code}:DebtorName is empty";
            if (Engine.Core.Payments.Iban.Check(a.Iban).Problem is { } p) yield return $"Engine:Payers:{code}:Iban: {p}";
            if (a.Bic.Length is not (8 or 11)) yield return $"Engine:Payers:{code}:Bic must have 8 or 11 characters";
            if (a.AcceptInvoices && payer != Payer.SppIs)
                yield return $"Engine:Payers:{code}:AcceptInvoices: only spp-is has invoices of its own (eFact destination mutuality 690); {code} is recognised from the registry";
        }
    }
}
