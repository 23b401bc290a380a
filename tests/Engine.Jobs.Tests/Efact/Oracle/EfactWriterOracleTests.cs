using System.Text;
using Engine.Core.Money;
using Engine.Jobs.Efact;
using Engine.Jobs.Generation;
using Engine.Jobs.Rules;
using Engine.Tests.Shared;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;

namespace Engine.Jobs.Tests.Efact.Oracle;

/// <summary>
/// The eFact writer writing each record in place gives the bytes the writer through strings gave, and refuses what it
/// refused with the same exception and words: on generated sendings, on sendings with a value that does not fit, and on
/// every sending of generated nights.
/// </summary>
[Properties(Arbitrary = [typeof(EfactArbitraries)], MaxTest = 500)]
public class EfactWriterOracleTests
{
    private static void SameOutcome(EfactSending sending)
    {
        var expected = Outcome(() => StringEfactWriter.WriteBytes(sending));
        var actual = Outcome(() => EfactWriter.WriteBytes(sending));
        Assert.Equal(expected, actual);
    }

    private static string Outcome(Func<byte[]> write)
    {
        try
        {
            return Encoding.Latin1.GetString(write());
        }
        catch (Exception e)
        {
            return $"{e.GetType().Name}: {e.Message}";
        }
    }

    [Property]
    public void Generated_sendings_are_written_the_same(ValidSending valid)
    {
        SameOutcome(valid.Sending);
        Assert.Equal(StringEfactWriter.Write(valid.Sending), EfactWriter.Write(valid.Sending));
    }

    [Fact]
    public void The_sample_sendings_are_written_the_same()
    {
        SameOutcome(SampleSendings.Cin());
        SameOutcome(SampleSendings.TwoMutualities());
    }

    private static readonly Gen<string> OddText = Gen.Elements("", " ", "x ", "é", "12345678901234567890123456", "ABC\u0001", "12a45678901",
        "123456789012", "1234567890", "~", "0");

    private static readonly Gen<long> OddNumber = Gen.Elements(0L, -1L, 1L, 9L, 10L, 999L, 1_000L, 9_999L, 10_000L, 999_999_999L, 1_000_000_000L,
        99_999_999_999L, 100_000_000_000L, 999_999_999_999L, 1_000_000_000_000L, long.MaxValue, long.MinValue, -99_999_999_999L, int.MinValue);

    private static readonly Gen<LocalDate> OddDate = Gen.Elements(new LocalDate(1, 1, 1), new LocalDate(9999, 12, 31), new LocalDate(-9998, 1, 1),
        new LocalDate(0, 6, 30), new LocalDate(2019, 6, 30), new LocalDate(-5, 1, 1));

    /// <summary>A valid sending with one value changed to one that may not fit its zone.</summary>
    private static readonly Gen<EfactSending> OddSendings =
        from s in EfactArbitraries.Sendings
        from field in Gen.Choose(0, 21)
        from text in OddText
        from number in OddNumber
        from date in OddDate
        select Odd(s, field, text, number, date);

    private static EfactSending Odd(EfactSending s, int field, string text, long number, LocalDate date)
    {
        var i = s.Invoices[0];
        var l = i.Lines[0];
        var n = (int)Math.Clamp(number, int.MinValue, int.MaxValue);
        EfactSending WithLine(EfactServiceLine line) =>
            WithInvoice(i with { Lines = new ValueList<EfactServiceLine>([line, .. i.Lines.Skip(1)]) });
        EfactSending WithInvoice(EfactInvoice invoice) => s with { Invoices = new ValueList<EfactInvoice>([invoice, .. s.Invoices.Skip(1)]) };
        return field switch
        {
            0 => s with { MessageReference = text },
            1 => s with { SendingNumber = n },
            2 => s with { InvoicedMonth = new YearMonth(date.Year, date.Month) },
            3 => s with { CreationDate = date },
            4 => s with { ThirdPartyNihii = text },
            5 => s with { Iban = text, Bic = text },
            6 => s with { SenderReference = text },
            7 => WithInvoice(i with { InvoiceNumber = number }),
            8 => WithInvoice(i with { AffiliationMutuality = n, DestinationMutuality = n }),
            9 => WithInvoice(i with { BeneficiaryNiss = text }),
            10 => WithInvoice(i with { InvoiceType = n, Sex = (EfactSex)n }),
            11 => WithInvoice(i with { SenderReference = text }),
            12 => WithLine(l with { NomenclatureCode = n }),
            13 => WithLine(l with { FirstServiceDate = date, LastServiceDate = date }),
            14 => WithLine(l with { ProviderNihii = text, PrescriberNihii = text }),
            15 => WithLine(l with { InsuranceAmount = new Money(number) }),
            16 => WithLine(l with { Units = n, ProviderNorm = n, ConventionCode = n }),
            17 => WithLine(l with { PersonalShare = new Money(number), Supplement = new Money(-number) }),
            18 => WithLine(l with { PrescriptionDate = date }),
            19 => WithLine(l with { SenderReference = text }),
            20 => s with { Invoices = new ValueList<EfactInvoice>([.. s.Invoices, i with { InvoiceNumber = i.InvoiceNumber + 1, DestinationMutuality = n }]) },
            _ => s with { Invoices = new ValueList<EfactInvoice>([]) },
        };
    }

    [Property]
    public Property Sendings_with_a_value_that_may_not_fit_are_written_or_refused_the_same() =>
        Prop.ForAll(OddSendings.ToArbitrary(), SameOutcome);

    [Fact]
    public void Every_sending_of_generated_nights_is_written_the_same()
    {
        var rules = RuleSetLoader.Load(Path.Combine(SharedFolder.RepositoryRoot, "rules"));
        var sendings = 0;
        foreach (var seed in new[] { 1, 42, 2024, 77_777 })
        {
            var options = new GeneratorOptions { Seed = seed, Members = 600, Lines = 2_000 };
            var registry = RegistryGenerator.Generate(options, Instant.FromUtc(2024, 3, 4, 17, 0));
            var events = CareGenerator.Generate(options, registry,
                k => rules.Reimbursement.CodeNumbersOfKind(k).Where(c => c <= 999_999).ToList());
            foreach (var (_, sending) in new EfactSendingBuilder(rules, registry, 131).Build(events, options.RunDate.PlusDays(-1)))
            {
                Assert.Equal(Encoding.ASCII.GetString(StringEfactWriter.WriteBytes(sending)), Encoding.ASCII.GetString(EfactWriter.WriteBytes(sending)));
                sendings++;
            }
        }
        Assert.True(sendings > 20, $"{sendings} sendings");
    }
}
