using Engine.Core.Rules;
using NodaTime;

namespace Engine.Core.Reimbursement;

using Money = global::Engine.Core.Money.Money;

/// <summary>A condition cell of a rule row: empty in the file means <see cref="Any"/>.</summary>
public enum Condition : sbyte { Any = -1, No = 0, Yes = 1 }

public static class ConditionExtensions
{
    public static bool Holds(this Condition c, bool value) => c == Condition.Any || (c == Condition.Yes) == value;

    public static string Describe(this Condition c, string what) =>
        c switch { Condition.Yes => what, Condition.No => "not " + what, _ => "" };
}

/// <summary>How a personal share is set: not at all, a fixed amount per unit, or a percentage of the fee with an
/// optional cap per unit.</summary>
public enum ShareMethod : byte { None, Fixed, Percent }

/// <summary>A nomenclature code: its label, kind of care (the data generator picks codes by kind) and share scheme.</summary>
public sealed record NomenclatureEntry(int Code, string Label, string Kind, string ShareScheme, RuleOrigin Origin);

/// <summary>
/// The fee of a code for one period: the agreement fee per unit of a nomenclature code, or the listed public price of
/// a medicine pack (<see cref="Pack"/> set). <see cref="Scheme"/>: the personal-share scheme of the period; a
/// nomenclature code keeps its own, a medicine's follows its category of the period (a pack may change category).
/// </summary>
public sealed record FeeRow(int Code, LocalDate From, LocalDate? To, Money UnitFee, RuleOrigin Origin)
{
    /// <summary>The share scheme of this period; null = the code's own (<see cref="NomenclatureEntry.ShareScheme"/>).</summary>
    public string? Scheme { get; init; }

    /// <summary>Set for a medicine pack priced from the medicines list.</summary>
    public MedicinePack? Pack { get; init; }

    public string Period => To is null ? $"from {From:yyyy-MM-dd}" : $"{From:yyyy-MM-dd} to {To:yyyy-MM-dd}";
}

/// <summary>A medicine pack's listing for one period: reimbursement category (A, B, C, Cs, Cx) and units in the pack.</summary>
public sealed record MedicinePack(string Category, int PackSize);

/// <summary>
/// One row of the medicines list (rules/reimbursement/medicines.csv): a pack code (CNK) and, for one period, its
/// public price (the most a pharmacy may bill per pack), category and pack size.
/// </summary>
public sealed record MedicineRow(int Cnk, string Label, LocalDate From, LocalDate? To, Money PublicPrice, string Category,
    int PackSize, RuleOrigin Origin)
{
    public string Period => To is null ? $"from {From:yyyy-MM-dd}" : $"{From:yyyy-MM-dd} to {To:yyyy-MM-dd}";
}

/// <summary>
/// One row of a personal-share scheme. Within a scheme the first row, in file order, whose period and
/// conditions hold applies. <see cref="Dmg"/>: the beneficiary holds a DMG; <see cref="DmgWithProvider"/>: held by
/// the provider of the line. <see cref="AtAgreementFee"/>: the line is billed at no more than the agreement fee,
/// conventionné provider or not (sheet §9.7; a forbidden supplement, the provider's to refund, does not count).
/// Ages are whole years on the care date, both bounds included.
/// Fixed: (<see cref="Amount"/> - <see cref="Less"/>) per unit. Percent: <see cref="BasisPoints"/> (2500 = 25 %) of
/// the line's fee, at most <see cref="CapPerUnit"/> and at least <see cref="MinPerUnit"/> per unit.
/// </summary>
public sealed record ShareRow
{
    public required string Scheme { get; init; }
    public required string RuleId { get; init; }
    public required LocalDate From { get; init; }
    public LocalDate? To { get; init; }
    public Condition Bim { get; init; } = Condition.Any;
    public Condition Dmg { get; init; } = Condition.Any;
    public Condition DmgWithProvider { get; init; } = Condition.Any;
    public Condition Referral { get; init; } = Condition.Any;
    public Condition Conventioned { get; init; } = Condition.Any;
    public Condition AtAgreementFee { get; init; } = Condition.Any;
    public int AgeMin { get; init; }
    public int? AgeMax { get; init; }
    public required ShareMethod Method { get; init; }
    public Money Amount { get; init; }
    public Money Less { get; init; }
    public int BasisPoints { get; init; }
    public Money? CapPerUnit { get; init; }
    /// <summary>Percent method: the least personal share per unit (a medicine's minimum per package from 2026).</summary>
    public Money? MinPerUnit { get; init; }
    public required RuleOrigin Origin { get; init; }

    public string Period => To is null ? $"from {From:yyyy-MM-dd}" : $"{From:yyyy-MM-dd} to {To:yyyy-MM-dd}";

    /// <summary>The row's conditions in words, e.g. "BIM, DMG with this provider, aged 0-24".</summary>
    public string Conditions
    {
        get
        {
            var parts = new List<string>();
            void Add(string s) { if (s.Length > 0) parts.Add(s); }
            Add(Bim.Describe("BIM"));
            Add(Dmg.Describe("holds a DMG"));
            Add(DmgWithProvider.Describe("DMG with this provider"));
            Add(Referral.Describe("GP referral"));
            Add(Conventioned.Describe("conventionné provider"));
            Add(AtAgreementFee.Describe("billed at agreement fees"));
            if (AgeMin > 0 || AgeMax is not null)
                parts.Add(AgeMax is { } max ? $"aged {AgeMin}-{max}" : $"aged {AgeMin} or more");
            return parts.Count == 0 ? "everyone" : string.Join(", ", parts);
        }
    }

    public string Describe() => Method switch
    {
        ShareMethod.None => "no personal share",
        ShareMethod.Fixed when Less.Cents != 0 => $"fixed {Amount} less {Less} = {Amount - Less} per unit",
        ShareMethod.Fixed => $"fixed {Amount} per unit",
        _ => $"{BasisPoints / 100m:0.##} % of the fee" + (CapPerUnit is { } cap ? $", at most {cap} per unit" : ", no cap")
             + (MinPerUnit is { } min ? $", at least {min} per unit" : ""),
    };
}

/// <summary>
/// Whether a supplement (billed above the fee) may be billed. The first row, in file order, whose period and
/// conditions hold applies; a row that forbids names the <see cref="Reason"/> the supplement is flagged with (the
/// line is still paid at the insurer's part: the forbidden supplement is the provider's to refund).
/// </summary>
public sealed record SupplementRow
{
    public required string RuleId { get; init; }
    public required LocalDate From { get; init; }
    public LocalDate? To { get; init; }
    public Condition Bim { get; init; } = Condition.Any;
    /// <summary>The BIM right was granted with a social benefit ("BIM avantages"); only a BIM beneficiary can hold it.</summary>
    public Condition BimAvantages { get; init; } = Condition.Any;
    public Condition Conventioned { get; init; } = Condition.Any;
    public required bool Allowed { get; init; }
    public ReasonCode Reason { get; init; }
    public required RuleOrigin Origin { get; init; }

    public string Period => To is null ? $"from {From:yyyy-MM-dd}" : $"{From:yyyy-MM-dd} to {To:yyyy-MM-dd}";
}
