using System.Globalization;
using Engine.Core.Rules;
using NodaTime;
using P = Engine.Core.Indemnities.IndemnityParameters;

namespace Engine.Core.Indemnities;

/// <summary>
/// The family situation that follows from the partner's gross monthly income (belgian-rules.md s3, s9.2): below
/// indemnity.family.threshold.family -> with family charge; up to indemnity.family.threshold.isolated -> the isolé
/// rate; above -> cohabitant. The thresholds are read on the given day; a day they do not cover is refused.
/// </summary>
public static class FamilyThresholds
{
    public static (FamilyStatus Status, ExplanationStep Explanation) FromPartnerIncome(decimal partnerMonthlyIncome, LocalDate on, ParameterSet p)
    {
        ArgumentNullException.ThrowIfNull(p);
        if (partnerMonthlyIncome < 0)
            throw new IndemnityCaseException("partner_income", $"{partnerMonthlyIncome} is negative");
        string N(decimal v) => v.ToString(CultureInfo.InvariantCulture);
        var income = N(partnerMonthlyIncome);
        var family = p.At(P.FamilyThresholdFamily, on);
        if (partnerMonthlyIncome < family.Value)
            return (FamilyStatus.Family, new(IndemnityRuleIds.FamilyThreshold,
                $"partner's gross monthly income {income} below {N(family.Value)} ({family.Period}): with family charge", family.Origin));
        var isolated = p.At(P.FamilyThresholdIsolated, on);
        return partnerMonthlyIncome <= isolated.Value
            ? (FamilyStatus.Isolated, new(IndemnityRuleIds.FamilyThreshold,
                $"partner's gross monthly income {income} from {N(family.Value)} up to {N(isolated.Value)} ({isolated.Period}): the isolé rate", isolated.Origin))
            : (FamilyStatus.Cohabitant, new(IndemnityRuleIds.FamilyThreshold,
                $"partner's gross monthly income {income} above {N(isolated.Value)} ({isolated.Period}): cohabitant", isolated.Origin));
    }
}
