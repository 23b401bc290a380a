using Engine.Core.Money;
using NodaTime;

namespace Engine.Jobs.Efact;

/// <summary>
/// One eFact invoicing message (920000) sent by a third-party payer: the envelope (segments 200/300, records 10, 90,
/// 95, 96) and its individual invoices. Only account A is modelled (ambulatory care; account B is hospital-only).
/// Free-text zones are held without their right padding (the reader trims trailing spaces).
/// </summary>
/// <param name="MessageReference">Segment 200 zone 204: 14 digits chosen by the sender.</param>
/// <param name="SendingNumber">Record 10 zone 7 (= segment 300 zone 301, record 90 zone 7): 1..999.</param>
/// <param name="InvoicedMonth">Record 10 zones 22-23.</param>
/// <param name="CreationDate">Record 10 zones 25-26 (= segment 300 zone 302).</param>
/// <param name="IsTest">Segment 200 zone 202 (92 test / 12 production) and record 10 zone 4 (9991999 / 0001999).</param>
/// <param name="ThirdPartyNihii">Record 10 zone 14: the invoicing third party's NIHII, 11 digits.</param>
/// <param name="EnterpriseNumber">Record 10 zone 27: BCE/KBO number, 10 digits.</param>
/// <param name="Iban">Record 10 zones 36-41: IBAN of account A (at most 34 characters, no spaces).</param>
/// <param name="Bic">Record 10 zones 31-34: BIC of account A (8 or 11 characters).</param>
/// <param name="SenderReference">Record 10 zone 28 (repeated in record 90 zone 28): at most 25 characters.</param>
public sealed record EfactSending(
    string MessageReference,
    int SendingNumber,
    YearMonth InvoicedMonth,
    LocalDate CreationDate,
    bool IsTest,
    string ThirdPartyNihii,
    string EnterpriseNumber,
    string Iban,
    string Bic,
    string SenderReference,
    ValueList<EfactInvoice> Invoices)
{
    /// <summary>Sum of the insurance intervention of every line (records 96 zone 504 / 90 zone 19).</summary>
    public Money TotalAmount => Invoices.Aggregate(Money.Zero, (sum, i) => sum + i.TotalAmount);
}

public enum EfactSex
{
    Male = 1,
    Female = 2,
}

/// <summary>One individual invoice: record 20, its records 50, record 80. One beneficiary.</summary>
/// <param name="InvoiceNumber">Record 20 zones 24-25 (= record 80 zones 24-25): 1..999999999999, unique in the sending.</param>
/// <param name="AffiliationMutuality">Record 20 zone 7: the beneficiary's sickness fund, 3 digits.</param>
/// <param name="DestinationMutuality">Record 20 zone 18: the fund the invoice is addressed to, 3 digits.</param>
/// <param name="BeneficiaryNiss">Record 20 zone 8: NISS/INSZ, 11 digits.</param>
/// <param name="InvoiceType">Record 20 zone 10: 3 = ambulatory (<see cref="Ambulatory"/>), 1 = hospitalised.</param>
/// <param name="SenderReference">Record 20 zone 28 (repeated in record 80 zone 28): at most 25 characters.</param>
public sealed record EfactInvoice(
    long InvoiceNumber,
    int AffiliationMutuality,
    int DestinationMutuality,
    string BeneficiaryNiss,
    EfactSex Sex,
    int InvoiceType,
    string SenderReference,
    ValueList<EfactServiceLine> Lines)
{
    public const int Ambulatory = 3;

    public Money TotalAmount => Lines.Aggregate(Money.Zero, (sum, l) => sum + l.InsuranceAmount);
    public Money TotalPersonalShare => Lines.Aggregate(Money.Zero, (sum, l) => sum + l.PersonalShare);
    public Money TotalSupplement => Lines.Aggregate(Money.Zero, (sum, l) => sum + l.Supplement);
}

/// <summary>One service line (record 50): one nomenclature code performed.</summary>
/// <param name="NomenclatureCode">Record 50 zone 4: the 6-digit INAMI/RIZIV code (written with a leading 0).</param>
/// <param name="FirstServiceDate">Record 50 zone 5.</param>
/// <param name="LastServiceDate">Record 50 zone 6 (= the first date for a one-day service).</param>
/// <param name="ProviderNihii">Record 50 zone 15: the performing provider, 11 digits.</param>
/// <param name="ProviderNorm">Record 50 zone 16: 1 = the provider in zone 15 performed the service.</param>
/// <param name="InsuranceAmount">Record 50 zone 19: the insurance intervention asked, cents, at most 11 digits.</param>
/// <param name="Units">Record 50 zone 22: number of units, -9999..9999 (negative on credit notes).</param>
/// <param name="PersonalShare">Record 50 zone 27: the patient's personal share, at most 9 digits of cents.</param>
/// <param name="Supplement">Record 50 zones 30-31: supplement above the official fee, at most 9 digits of cents.</param>
/// <param name="ConventionCode">Record 50 zone 35: 1 = conventionné (provider adheres to the agreement), 0 = not.</param>
/// <param name="PrescriberNihii">Record 50 zones 24-25 (11 digits), null when there is no prescriber.</param>
/// <param name="PrescriptionDate">Record 50 zones 20-21, null when there is no prescription.</param>
/// <param name="SenderReference">Record 50 zone 28: at most 25 characters.</param>
public sealed record EfactServiceLine(
    int NomenclatureCode,
    LocalDate FirstServiceDate,
    LocalDate LastServiceDate,
    string ProviderNihii,
    int ProviderNorm,
    Money InsuranceAmount,
    int Units,
    Money PersonalShare,
    Money Supplement,
    int ConventionCode,
    string? PrescriberNihii,
    LocalDate? PrescriptionDate,
    string SenderReference);
