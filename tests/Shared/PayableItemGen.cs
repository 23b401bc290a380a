using Engine.Core.Payments;
using FsCheck;
using FsCheck.Fluent;
using NodaTime;

namespace Engine.Tests.Shared;

using Money = Engine.Core.Money.Money;

/// <summary>
/// Random owed items for the payment properties: a handful of payees (so several share a transfer, a chunk, a file),
/// mostly good IBANs, some missing or mistyped, negative and zero amounts, a source reference repeated now and then
/// (also across payees), every purpose, a few execution dates, a name that needs transliteration.
/// </summary>
public static class PayableItemGen
{
    private static readonly string?[] Ibans =
        ["BE68539007547034", "NL91ABNA0417164300", "DE89370400440532013000", "BE71096123456769", null, "BE68539007547035"];

    /// <param name="payees">How many payees per kind (0..payees-1); payee 5 has a name with accents.</param>
    /// <param name="days">How many execution dates (from 2025-03-14).</param>
    /// <param name="refPrefix">Source reference prefix ("line:" where the store parses kind:id).</param>
    /// <param name="goodIbans">How many of the good IBANs payees use by default (payee % goodIbans).</param>
    public static Gen<PayableItem> Item(int index, int payees = 6, int days = 2, string refPrefix = "L", int goodIbans = 3,
        bool structuredIndemnity = false) =>
        from kind in Gen.Elements(PayeeKind.Provider, PayeeKind.Member)
        from payee in Gen.Choose(0, payees - 1)
        from purpose in Gen.Elements(Enum.GetValues<PaymentPurpose>())
        from cents in Gen.Frequency((8, Gen.Choose(1, 2_000_000)), (1, Gen.Choose(-50_000, 0)))
        from ibanOverride in Gen.Frequency((10, Gen.Constant(-1)), (1, Gen.Choose(0, Ibans.Length - 1)))
        from sending in Gen.Choose(1, 3)
        from day in Gen.Choose(0, days - 1)
        from care in Gen.Choose(1, 28)
        from refNo in Gen.Frequency((20, Gen.Constant(index)), (1, Gen.Choose(0, index)))
        select new PayableItem(
            $"{refPrefix}{refNo}", kind, $"{kind}-{payee}", payee == 5 ? "Çé & Fils" : $"Payee {payee}",
            Ibans[ibanOverride >= 0 ? ibanOverride : payee % goodIbans],
            new Money(cents), purpose, new LocalDate(2025, 3, 14).PlusDays(day),
            new DateInterval(new LocalDate(2025, 2, care), new LocalDate(2025, 2, care)),
            purpose == PaymentPurpose.AcAdvantage ? $"ADV{payee}" : null,
            purpose == PaymentPurpose.ThirdPartyCare ? new EfactSendingRef(sending, new YearMonth(2025, 1), 900) : null,
            structuredIndemnity && purpose == PaymentPurpose.Indemnity && payee == 3 ? "+++090/9337/55493+++" : null);

    public static Gen<List<PayableItem>> Items(int min, int max, Func<int, Gen<PayableItem>> item) =>
        from n in Gen.Choose(min, max)
        from items in Gen.CollectToList(Enumerable.Range(0, n).Select(item))
        select items;
}
