using Engine.Core.Money;
using Engine.Jobs.Efact;
using FsCheck;
using FsCheck.Fluent;
using NodaTime;

namespace Engine.Jobs.Tests.Efact;

/// <summary>A valid sending (every value fits, identifiers with right check digits), invoices in file order.</summary>
public sealed record ValidSending(EfactSending Sending)
{
    public override string ToString() =>
        $"sending {Sending.SendingNumber} {Sending.InvoicedMonth} with {Sending.Invoices.Count} invoices / " +
        $"{Sending.Invoices.Sum(i => i.Lines.Count)} lines";
}

public enum MutationKind { FlipByte, CutRange, InsertBytes, SwapBytes, DeleteRecord, DuplicateRecord, SwapRecords, FlipLineReference }

/// <summary>A valid sending and one random damage done to its written bytes.</summary>
public sealed record MutatedSending(EfactSending Sending, MutationKind Kind, int A, int B, byte Value)
{
    public override string ToString() => $"{Kind}({A}, {B}, 0x{Value:X2}) on {new ValidSending(Sending)}";
}

public static class EfactArbitraries
{
    private static readonly string[] Bics = ["GEBABEBB", "GKCCBEBB", "BBRUBEBB", "KREDBEBBXXX", "ARSPBE22"];
    private const string TextChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 -/.";

    private static Gen<string> Digits(int length) =>
        Gen.ArrayOf(Gen.Choose(0, 9), length).Select(d => string.Concat(d));

    private static Gen<string> NonZeroDigits(int length) =>
        from head in Gen.Choose(1, 9)
        from tail in Digits(length - 1)
        select head + tail;

    private static Gen<string> Text(int max) =>
        from length in Gen.Choose(0, max)
        from chars in Gen.ArrayOf(Gen.Elements(TextChars.ToCharArray()), length)
        select new string(chars).TrimEnd(' ');

    private static Gen<EfactServiceLine> Line(YearMonth month) =>
        from code in Gen.Choose(1, 999_999)
        from day in Gen.Choose(0, 60)
        from span in Gen.Choose(0, 3)
        from provider in NonZeroDigits(11)
        from norm in Gen.Choose(0, 9)
        from amount in Gen.Choose(0, 99_999_999)
        from units in Gen.Choose(0, 9999)
        from share in Gen.Choose(0, 999_999)
        from supplement in Gen.Choose(0, 99_999)
        from convention in Gen.Choose(0, 1)
        from prescribed in Gen.Elements(true, false)
        from prescriber in NonZeroDigits(11)
        from prescriptionDays in Gen.Choose(0, 90)
        from reference in Text(25)
        let first = month.OnDayOfMonth(1).PlusDays(day - 30)
        select new EfactServiceLine(code, first, first.PlusDays(span), provider, norm, new Money(amount), units,
            new Money(share), new Money(supplement), convention, prescribed ? prescriber : null,
            prescribed ? first.PlusDays(-prescriptionDays) : null, reference);

    private static Gen<EfactInvoice> Invoice(YearMonth month, int federation, long number) =>
        from affiliation in Gen.Choose(100, 999)
        from destination in Gen.Choose(0, 99)
        from nissBody in Gen.Choose(1, 999_999_999)
        from sex in Gen.Elements(EfactSex.Male, EfactSex.Female)
        from type in Gen.Elements(3, 3, 3, 1)
        from reference in Text(25)
        from lines in Gen.Choose(1, 4).SelectMany(n => Gen.ListOf(Line(month), n))
        select new EfactInvoice(number, affiliation, federation * 100 + destination, BelgianIdentifiers.NissFromBody(nissBody),
            sex, type, reference, lines.ToArray());

    public static Gen<EfactSending> Sendings =>
        from refHigh in Digits(7)
        from refLow in Digits(7)
        from sending in Gen.Choose(1, 999)
        from year in Gen.Choose(2015, 2030)
        from monthNumber in Gen.Choose(1, 12)
        from creationDays in Gen.Choose(0, 60)
        from isTest in Gen.Elements(true, false)
        from thirdParty in Digits(11)
        from bceBody in Gen.Choose(1, 99_999_999)
        from account in Digits(12)
        from bic in Gen.Elements(Bics)
        from reference in Text(25)
        from federation in Gen.Choose(1, 9)
        from firstNumber in Gen.Choose(1, 1_000_000)
        from count in Gen.Choose(1, 6)
        let month = new YearMonth(year, monthNumber)
        from invoices in Gen.CollectToArray(Enumerable.Range(0, count).Select(i => Invoice(month, federation, firstNumber + 7L * i)))
        select new EfactSending(refHigh + refLow, sending, month, month.OnDayOfMonth(1).PlusDays(creationDays), isTest, thirdParty,
            bceBody.ToString("00000000") + (97 - bceBody % 97).ToString("00"), BelgianIdentifiers.BelgianIban(account), bic, reference,
            invoices.OrderBy(i => i.DestinationMutuality).ToArray());

    public static Arbitrary<ValidSending> ValidSendings() => Sendings.Select(s => new ValidSending(s)).ToArbitrary();

    public static Arbitrary<MutatedSending> MutatedSendings() =>
        (from s in Sendings
         from kind in Gen.Elements(Enum.GetValues<MutationKind>())
         from a in Gen.Choose(0, int.MaxValue - 1)
         from b in Gen.Choose(0, int.MaxValue - 1)
         from value in Gen.Choose(0, 255)
         select new MutatedSending(s, kind, a, b, (byte)value)).ToArbitrary();
}
