using Engine.Core.Rules;
using NodaTime;
using P = Engine.Core.Indemnities.IndemnityParameters;

namespace Engine.Core.Indemnities;

using Money = Engine.Core.Money.Money;

/// <summary>One income band of the resumption rule and the part of the daily income that falls in it.</summary>
internal sealed record ResumptionBand(int Number, decimal Lower, Dated<decimal>? UpTo, Dated<decimal> Rate, decimal Portion)
{
    public decimal Reduction => Portion * Rate.Value / 100m;
}

/// <summary>
/// Part-time resumption authorised by the medical adviser (rule in rules/indemnities/parameters_resumption.csv,
/// ILLUSTRATIVE, see there): the day's indemnity is reduced by rate_k % of the part of the daily income that falls
/// in band k, summed over the bands, rounded once to the cent (halves away from zero); never below zero.
/// </summary>
internal sealed record ResumptionReduction(PartTimeResumption Resumption, IReadOnlyList<ResumptionBand> Bands, decimal Raw, Money Amount)
{
    public static ResumptionReduction Compute(PartTimeResumption r, LocalDate day, ParameterSet p)
    {
        var bands = new List<ResumptionBand>();
        decimal lower = 0, income = r.DailyIncome, raw = 0;
        for (int b = 1; b <= P.ResumptionBands; b++)
        {
            var upTo = p.At(P.ResumptionBandUpTo(b), day);
            var rate = p.At(P.ResumptionBandRate(b), day);
            if (upTo.Value < lower)
                throw new RuleLoadException($"{upTo.Origin.File}:{upTo.Origin.Line}: '{P.ResumptionBandUpTo(b)}' = {upTo.Value} is below the previous band's bound {lower}");
            var portion = Math.Max(0m, Math.Min(income, upTo.Value) - lower);
            bands.Add(new ResumptionBand(b, lower, upTo, rate, portion));
            raw += portion * rate.Value / 100m;
            lower = upTo.Value;
        }
        var above = p.At(P.ResumptionAboveRate, day);
        var rest = Math.Max(0m, income - lower);
        bands.Add(new ResumptionBand(P.ResumptionBands + 1, lower, null, above, rest));
        raw += rest * above.Value / 100m;
        return new ResumptionReduction(r, bands, raw, Money.FromEuros(raw));
    }

    public bool Equals(ResumptionReduction? other) =>
        other is not null && Resumption == other.Resumption && Raw == other.Raw && Amount == other.Amount &&
        Bands.SequenceEqual(other.Bands);

    public override int GetHashCode() => HashCode.Combine(Resumption, Raw, Amount, Bands.Count);
}
