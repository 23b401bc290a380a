using System.Collections.Frozen;
using Engine.Core.Rules;
using NodaTime;

namespace Engine.Core.Reimbursement;

/// <summary>
/// The reimbursement tables (nomenclature, fees, personal-share schemes, supplement policy), checked once by
/// <see cref="Create"/> and compiled into flat arrays so that a lookup in the hot path allocates nothing:
/// codes are indexed by integer, each dated lookup scans a handful of structs.
/// </summary>
public sealed partial class ReimbursementRules
{
    internal readonly record struct CodeSlot(int FeeStart, int FeeCount, short RuleIndex);

    /// <summary>A fee period and the block of share rows of its scheme. ListPriced: a medicine's listed public price.</summary>
    internal readonly record struct FeeSlot(int FromKey, int ToKey, long UnitCents, int ShareStart, int ShareCount, bool ListPriced);

    internal readonly record struct ShareSlot(
        int FromKey, int ToKey, Condition Bim, Condition Dmg, Condition DmgWithProvider, Condition Referral,
        Condition Conventioned, Condition AtAgreementFee, int AgeMin, int AgeMax, ShareMethod Method, long PerUnitCents,
        int BasisPoints, long CapCents, long MinCents, short RuleIndex);

    internal readonly record struct SupplementSlot(
        int FromKey, int ToKey, Condition Bim, Condition BimAvantages, Condition Conventioned, bool Allowed, ReasonCode Reason, short RuleIndex);

    private readonly FrozenDictionary<int, int> _codeIndex;
    internal readonly CodeSlot[] CodeSlots;
    internal readonly FeeSlot[] FeeSlots;
    internal readonly ShareSlot[] ShareSlots;
    internal readonly SupplementSlot[] SupplementSlots;

    // Parallel to the slot arrays: the rows as read, for explanations.
    internal readonly NomenclatureEntry[] EntryOf;
    internal readonly FeeRow[] FeeRowOf;
    internal readonly ShareRow[] ShareRowOf;
    internal readonly SupplementRow[] SupplementRowOf;
    private readonly string[] _ruleIds;
    internal readonly short ListedPriceRuleIndex;
    private readonly Dictionary<string, ShareScheme> _schemes;

    /// <summary>A personal-share scheme: its rows in order and the dates its rows cover together.</summary>
    public sealed record ShareScheme(string Name, IReadOnlyList<ShareRow> Rows, LocalDate From, LocalDate? To);

    public IReadOnlyList<NomenclatureEntry> Codes => EntryOf;
    public IReadOnlyList<FeeRow> Fees => FeeRowOf;
    public IReadOnlyList<SupplementRow> Supplements => SupplementRowOf;
    public IReadOnlyCollection<ShareScheme> Schemes => _schemes.Values;

    /// <summary>Every rule id, indexed by the numbers held in <see cref="RuleRefs"/>.</summary>
    public IReadOnlyList<string> RuleIds => _ruleIds;

    public string RuleId(int index) => _ruleIds[index];

    public bool TryGetCode(int code, out NomenclatureEntry entry)
    {
        if (_codeIndex.TryGetValue(code, out var i)) { entry = EntryOf[i]; return true; }
        entry = null!;
        return false;
    }

    /// <summary>The codes of one kind of care (gp_consultation, medicine_B...), in code order.</summary>
    public IEnumerable<NomenclatureEntry> CodesOfKind(string kind) =>
        EntryOf.Where(e => e.Kind == kind).OrderBy(e => e.Code);

    /// <summary>The code numbers of one kind of care, in code order (what the data generator draws from).</summary>
    public IReadOnlyList<int> CodeNumbersOfKind(string kind) => CodesOfKind(kind).Select(e => e.Code).ToArray();

    /// <summary>The fee periods of a code, in date order.</summary>
    public IReadOnlyList<FeeRow> FeesOf(int code) =>
        _codeIndex.TryGetValue(code, out var i)
            ? new ArraySegment<FeeRow>(FeeRowOf, CodeSlots[i].FeeStart, CodeSlots[i].FeeCount)
            : Array.Empty<FeeRow>();

    /// <summary>The fee row of a code in force on a date (the kernel's own lookup, no allocation); false when the
    /// code is unknown or the date is outside its rules.</summary>
    public bool TryGetFee(int code, LocalDate date, out FeeRow fee)
    {
        fee = null!;
        if (!_codeIndex.TryGetValue(code, out var i)) return false;
        int f = FindFee(in CodeSlots[i], DayKey.Of(date));
        if (f < 0) return false;
        fee = FeeRowOf[f];
        return true;
    }

    /// <summary>
    /// The kind of care of a code on a date: a medicine's follows its category of that date (a pack may change
    /// category, e.g. proton-pump inhibitors to Cx on 2026-01-01); a nomenclature code's is its own. Null when the
    /// code is unknown or not covered that day.
    /// </summary>
    public string? KindOn(int code, LocalDate date) =>
        !TryGetFee(code, date, out var fee) ? null
        : fee.Pack is { } pack ? MedicineKind(pack.Category) : EntryOf[_codeIndex[code]].Kind;

    /// <summary>The kind of care of a medicine category ("B" -> "medicine_B").</summary>
    public static string MedicineKind(string category) => "medicine_" + category;

    /// <summary>The dates a code can be computed for: from its first fee to its last (null = open).</summary>
    public (LocalDate From, LocalDate? To) CoverageOf(int code)
    {
        var fees = FeesOf(code);
        if (fees.Count == 0) throw new ArgumentException($"code {code} is not in the nomenclature", nameof(code));
        return (fees[0].From, fees[^1].To);
    }

    public ShareScheme Scheme(string name) =>
        _schemes.TryGetValue(name, out var s) ? s : throw new ArgumentException($"share scheme '{name}' is not defined", nameof(name));

    internal bool TryFindCode(int code, out int index) => _codeIndex.TryGetValue(code, out index);

    internal int FindFee(in CodeSlot code, int day)
    {
        var fees = FeeSlots;
        for (int i = code.FeeStart + code.FeeCount - 1; i >= code.FeeStart; i--)
        {
            if (fees[i].FromKey <= day) return day <= fees[i].ToKey ? i : -1;
        }
        return -1;
    }

    internal int FindShare(in FeeSlot fee, int day, bool bim, bool dmg, bool dmgWithProvider, bool referral,
        bool conventioned, bool atAgreementFee, int age)
    {
        var rows = ShareSlots;
        int end = fee.ShareStart + fee.ShareCount;
        for (int i = fee.ShareStart; i < end; i++)
        {
            ref readonly var r = ref rows[i];
            if (day >= r.FromKey && day <= r.ToKey && age >= r.AgeMin && age <= r.AgeMax
                && r.Bim.Holds(bim) && r.Dmg.Holds(dmg) && r.DmgWithProvider.Holds(dmgWithProvider)
                && r.Referral.Holds(referral) && r.Conventioned.Holds(conventioned) && r.AtAgreementFee.Holds(atAgreementFee))
                return i;
        }
        return -1;
    }

    internal int FindSupplement(int day, bool bim, bool bimAvantages, bool conventioned)
    {
        var rows = SupplementSlots;
        for (int i = 0; i < rows.Length; i++)
        {
            ref readonly var r = ref rows[i];
            if (day >= r.FromKey && day <= r.ToKey && r.Bim.Holds(bim) && r.BimAvantages.Holds(bimAvantages)
                && r.Conventioned.Holds(conventioned)) return i;
        }
        return -1;
    }
}
