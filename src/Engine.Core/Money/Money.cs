using System.Globalization;

namespace Engine.Core.Money;

/// <summary>
/// An amount of euros held as whole cents, so every sum is exact and costs no allocation.
/// Rounding rule (the only one the engine uses): a computed amount that falls between two cents is rounded
/// to the nearest cent, halves away from zero (0.005 -> 0.01, -0.005 -> -0.01), once, at the end of each
/// rule's own computation. <see cref="RoundCents"/> is that rule.
/// </summary>
public readonly record struct Money(long Cents) : IComparable<Money>
{
    public static readonly Money Zero = new(0);

    public static Money FromEuros(decimal euros) => new(RoundCents(euros * 100m));

    public decimal Euros => Cents / 100m;

    /// <summary>The engine's rounding rule: to the nearest whole cent, halves away from zero.</summary>
    public static long RoundCents(decimal cents) => (long)Math.Round(cents, 0, MidpointRounding.AwayFromZero);

    /// <summary>Percentage of an amount, rounded once to the cent (halves away from zero), in integer arithmetic.</summary>
    public Money Percent(int basisPoints)
    {
        // basisPoints: 2500 = 25.00 %. Integer form of round(cents * bp / 10000), halves away from zero.
        long product = Cents * basisPoints;
        long q = product / 10_000, r = product % 10_000;
        if (2 * Math.Abs(r) >= 10_000) q += Math.Sign(product);
        return new Money(q);
    }

    public Money Times(int quantity) => new(Cents * quantity);

    public static Money Min(Money a, Money b) => a.Cents <= b.Cents ? a : b;
    public static Money Max(Money a, Money b) => a.Cents >= b.Cents ? a : b;

    public static Money operator +(Money a, Money b) => new(a.Cents + b.Cents);
    public static Money operator -(Money a, Money b) => new(a.Cents - b.Cents);
    public static Money operator -(Money a) => new(-a.Cents);
    public static bool operator <(Money a, Money b) => a.Cents < b.Cents;
    public static bool operator >(Money a, Money b) => a.Cents > b.Cents;
    public static bool operator <=(Money a, Money b) => a.Cents <= b.Cents;
    public static bool operator >=(Money a, Money b) => a.Cents >= b.Cents;

    public int CompareTo(Money other) => Cents.CompareTo(other.Cents);

    /// <summary>Invariant text with a dot and exactly two decimals: 1234.50, -0.05.</summary>
    public override string ToString() =>
        (Cents < 0 ? "-" : "") + (Math.Abs(Cents) / 100).ToString(CultureInfo.InvariantCulture) + "." +
        (Math.Abs(Cents) % 100).ToString("00", CultureInfo.InvariantCulture);

    /// <summary>Parses euros written with a dot ("12", "12.5", "12.50", "-3.10"); more than two decimals is refused.</summary>
    public static bool TryParse(string? text, out Money money)
    {
        money = Zero;
        if (string.IsNullOrWhiteSpace(text)) return false;
        text = text.Trim();
        if (!decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint,
                CultureInfo.InvariantCulture, out var euros)) return false;
        var cents = euros * 100m;
        if (cents != decimal.Truncate(cents) || Math.Abs(cents) > long.MaxValue / 100) return false;
        money = new Money((long)cents);
        return true;
    }

    public static Money Parse(string text) =>
        TryParse(text, out var m) ? m : throw new FormatException($"'{text}' is not an amount in euros with at most two decimals");
}
