using Engine.Core.Money;
using Engine.Jobs.Efact;
using NodaTime;

namespace Engine.Jobs.Tests.Efact;

/// <summary>Hand-made sendings for the tests.</summary>
internal static class SampleSendings
{
    public const string CinReference = "Fichier genere au CIN";

    /// <summary>
    /// The content of the CIN reference file TFAC1SC13 (efact-layout.md §3.5): one GP consultation 0101032 on
    /// 2014-11-25 for NISS 36121015396 (fund 131), provider 18334780004, €19.42 reimbursed, €1.50 personal share.
    /// </summary>
    public static EfactSending Cin() => new(
        MessageReference: "20140000000519",
        SendingNumber: 519,
        InvoicedMonth: new YearMonth(2014, 11),
        CreationDate: new LocalDate(2014, 11, 25),
        IsTest: true,
        ThirdPartyNihii: "18334780004",
        EnterpriseNumber: "0000000000",
        Iban: "BE10001232152604",
        Bic: "GEBABEBB",
        SenderReference: CinReference,
        Invoices: new[]
        {
            new EfactInvoice(141000000001, 131, 131, "36121015396", EfactSex.Male, EfactInvoice.Ambulatory, CinReference,
                new[] { Consultation(new LocalDate(2014, 11, 25), Money.Parse("19.42"), Money.Parse("1.50")) with { SenderReference = CinReference } }),
        });

    public static EfactServiceLine Consultation(LocalDate date, Money amount, Money share, int code = 101032) => new(
        NomenclatureCode: code,
        FirstServiceDate: date,
        LastServiceDate: date,
        ProviderNihii: "18334780004",
        ProviderNorm: 1,
        InsuranceAmount: amount,
        Units: 1,
        PersonalShare: share,
        Supplement: Money.Zero,
        ConventionCode: 1,
        PrescriberNihii: null,
        PrescriptionDate: null,
        SenderReference: "line");

    /// <summary>Three invoices for two mutualities of one federation (3xx), given out of mutuality order.</summary>
    public static EfactSending TwoMutualities() => Cin() with
    {
        MessageReference = "20240300000042",
        SendingNumber = 42,
        InvoicedMonth = new YearMonth(2024, 3),
        CreationDate = new LocalDate(2024, 4, 2),
        IsTest = false,
        EnterpriseNumber = "0123456749",
        SenderReference = "march",
        Invoices = new[]
        {
            new EfactInvoice(2, 319, 319, "85073003328", EfactSex.Female, 3, "inv-2", new[]
            {
                Consultation(new LocalDate(2024, 3, 4), Money.Parse("25.00"), Money.Parse("4.00")),
                Consultation(new LocalDate(2024, 3, 5), Money.Parse("12.10"), Money.Parse("0.00"), code: 102771),
            }),
            new EfactInvoice(1, 306, 306, "90022212354", EfactSex.Male, 3, "inv-1", new[]
            {
                Consultation(new LocalDate(2024, 3, 1), Money.Parse("21.50"), Money.Parse("1.00")),
            }),
        },
    };
}
