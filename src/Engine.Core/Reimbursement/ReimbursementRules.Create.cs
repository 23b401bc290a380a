using System.Collections.Frozen;
using System.Text.RegularExpressions;
using Engine.Core.Rules;
using NodaTime;

namespace Engine.Core.Reimbursement;

public sealed partial class ReimbursementRules
{
    /// <summary>Highest age the completeness check walks to; rows with no upper age bound reach it.</summary>
    public const int MaxAge = 150;

    /// <summary>A medicine pack of more units than 60 is a large pack (sheet §1 Medicines: "large pack >60 units"): it
    /// takes the category's large-pack scheme (medicine_B_large) when shares.csv has one.</summary>
    public const int LargePackMinUnits = 61;

    /// <summary>The rule id a result names when a medicine billed above its listed price is priced at the list.</summary>
    public const string ListedPriceRuleId = "price.listed_maximum";

    private static readonly Regex RuleIdPattern = new("^[a-z0-9][a-z0-9._-]*$", RegexOptions.CultureInvariant);

    private ReimbursementRules(NomenclatureEntry[] entries, FeeRow[] fees, ShareRow[] shares, SupplementRow[] supplements,
        CodeSlot[] codeSlots, FeeSlot[] feeSlots, ShareSlot[] shareSlots, SupplementSlot[] supplementSlots,
        FrozenDictionary<int, int> codeIndex, string[] ruleIds, Dictionary<string, ShareScheme> schemes)
    {
        EntryOf = entries; FeeRowOf = fees; ShareRowOf = shares; SupplementRowOf = supplements;
        CodeSlots = codeSlots; FeeSlots = feeSlots; ShareSlots = shareSlots; SupplementSlots = supplementSlots;
        _codeIndex = codeIndex; _ruleIds = ruleIds; _schemes = schemes;
        ListedPriceRuleIndex = (short)Array.IndexOf(ruleIds, ListedPriceRuleId);
    }

    /// <summary>
    /// Checks and compiles the tables. Refused, naming file and line: a duplicate code, a code without fee, a gap or
    /// an overlap between the fee periods of a code, a scheme or supplement table that leaves a situation without a
    /// row on some date of its range, a row that can never apply (rows above it always match first), a code whose
    /// fees reach dates its share scheme or the supplement table does not cover, a malformed rule id or amount; in the
    /// medicines list, a pack also in the nomenclature, a category without share scheme, a pack size below one, gaps
    /// and overlaps between a pack's periods. Share and supplement rows are taken in the order given (file order): the
    /// first row that holds applies.
    /// </summary>
    public static ReimbursementRules Create(IEnumerable<NomenclatureEntry> codes, IEnumerable<FeeRow> fees,
        IEnumerable<ShareRow> shares, IEnumerable<SupplementRow> supplements, IEnumerable<MedicineRow>? medicines = null)
    {
        var shareList = shares.ToArray();
        var supplementList = supplements.ToArray();
        var (medicineEntries, medicineFees) = MedicineTables(medicines?.ToArray() ?? [], shareList);
        var entries = codes.Concat(medicineEntries).ToArray();
        var feeList = fees.Concat(medicineFees).ToArray();
        var ids = new List<string>();
        var idIndex = new Dictionary<string, short>(StringComparer.Ordinal);
        short IdOf(string id)
        {
            if (idIndex.TryGetValue(id, out var i)) return i;
            if (ids.Count >= short.MaxValue) throw new RuleLoadException("too many rule ids");
            i = (short)ids.Count;
            ids.Add(id);
            idIndex[id] = i;
            return i;
        }

        // Share schemes, rows kept in the order given.
        var schemes = new Dictionary<string, ShareScheme>(StringComparer.Ordinal);
        var shareSlots = new List<ShareSlot>();
        var shareRows = new List<ShareRow>();
        var schemeBlock = new Dictionary<string, (int Start, int Count)>(StringComparer.Ordinal);
        foreach (var group in shareList.GroupBy(r => r.Scheme, StringComparer.Ordinal))
        {
            var rows = group.ToArray();
            foreach (var r in rows) CheckShareRow(r);
            var (from, to) = CheckShareScheme(group.Key, rows);
            schemes[group.Key] = new ShareScheme(group.Key, rows, from, to);
            schemeBlock[group.Key] = (shareSlots.Count, rows.Length);
            foreach (var r in rows)
            {
                shareRows.Add(r);
                shareSlots.Add(new ShareSlot(DayKey.Of(r.From), DayKey.Of(r.To), r.Bim, r.Dmg, r.DmgWithProvider,
                    r.Referral, r.Conventioned, r.AtAgreementFee, r.AgeMin, r.AgeMax ?? int.MaxValue, r.Method,
                    r.Method == ShareMethod.Fixed ? (r.Amount - r.Less).Cents : 0,
                    r.Method == ShareMethod.Percent ? r.BasisPoints : 0,
                    r.CapPerUnit is { } cap ? cap.Cents : -1, r.MinPerUnit is { } min ? min.Cents : -1, IdOf(r.RuleId)));
            }
        }

        // Supplement policy.
        foreach (var r in supplementList) CheckSupplementRow(r);
        var (supFrom, supTo) = supplementList.Length == 0
            ? throw new RuleLoadException("the supplement table has no row")
            : CheckSupplementTable(supplementList);
        var supplementSlots = supplementList.Select(r => new SupplementSlot(DayKey.Of(r.From), DayKey.Of(r.To), r.Bim,
            r.BimAvantages, r.Conventioned, r.Allowed, r.Reason, IdOf(r.RuleId))).ToArray();

        // Codes and their fees.
        var codeIndex = new Dictionary<int, int>();
        for (int i = 0; i < entries.Length; i++)
        {
            var e = entries[i];
            if (e.Code is <= 0 or > 9_999_999)
                throw new RuleLoadException($"{e.Origin.File}:{e.Origin.Line}: code {e.Code} is not a nomenclature code of 1 to 7 digits");
            if (string.IsNullOrWhiteSpace(e.Kind) || string.IsNullOrWhiteSpace(e.Label))
                throw new RuleLoadException($"{e.Origin.File}:{e.Origin.Line}: code {e.Code} needs a label and a kind");
            if (!codeIndex.TryAdd(e.Code, i))
            {
                var first = entries[codeIndex[e.Code]].Origin;
                throw new RuleLoadException($"{e.Origin.File}:{e.Origin.Line}: code {e.Code} is already defined at {first.File}:{first.Line}");
            }
            if (!schemes.ContainsKey(e.ShareScheme))
                throw new RuleLoadException($"{e.Origin.File}:{e.Origin.Line}: code {e.Code} names share scheme '{e.ShareScheme}', which has no row");
        }
        foreach (var f in feeList)
            if (!codeIndex.ContainsKey(f.Code))
                throw new RuleLoadException($"{f.Origin.File}:{f.Origin.Line}: fee for code {f.Code}, which is not in the nomenclature");

        var feesByCode = feeList.GroupBy(f => f.Code).ToDictionary(g => g.Key, g => g.ToArray());
        var codeSlots = new CodeSlot[entries.Length];
        var feeSlots = new List<FeeSlot>();
        var feeRows = new List<FeeRow>();
        for (int i = 0; i < entries.Length; i++)
        {
            var e = entries[i];
            if (!feesByCode.TryGetValue(e.Code, out var own))
                throw new RuleLoadException($"{e.Origin.File}:{e.Origin.Line}: code {e.Code} has no fee");
            foreach (var f in own)
                if (f.UnitFee.Cents < 0)
                    throw new RuleLoadException($"{f.Origin.File}:{f.Origin.Line}: fee {f.UnitFee} of code {f.Code} is negative");
            // DatedSeries refuses gaps and overlaps, naming file and line.
            var series = DatedSeries<FeeRow>.Create($"fee of code {e.Code}", own.Select(f => new Dated<FeeRow>(f.From, f.To, f, f.Origin)));
            codeSlots[i] = new CodeSlot(feeSlots.Count, series.Periods.Count, IdOf($"fee.{e.Code}"));
            foreach (var p in series.Periods)
            {
                var f = p.Value;
                var name = f.Scheme ?? e.ShareScheme;
                if (!schemes.TryGetValue(name, out var scheme))
                    throw new RuleLoadException($"{f.Origin.File}:{f.Origin.Line}: code {e.Code} names share scheme '{name}', which has no row");
                CheckWithin(p.From, p.To, scheme.From, scheme.To, f,
                    $"code {e.Code}: its fee {Range(p.From, p.To)} reaches dates share scheme '{scheme.Name}' does not cover ({Range(scheme.From, scheme.To)})");
                if (f.Pack is null) // a medicine above its listed price is priced at the list, without the supplement table
                    CheckWithin(p.From, p.To, supFrom, supTo, f,
                        $"code {e.Code}: its fee {Range(p.From, p.To)} reaches dates the supplement table does not cover ({Range(supFrom, supTo)})");
                var block = schemeBlock[name];
                feeRows.Add(f);
                feeSlots.Add(new FeeSlot(DayKey.Of(p.From), DayKey.Of(p.To), f.UnitFee.Cents, block.Start, block.Count, f.Pack is not null));
            }
        }

        IdOf(ListedPriceRuleId);
        return new ReimbursementRules(entries, feeRows.ToArray(), shareRows.ToArray(), supplementList,
            codeSlots, feeSlots.ToArray(), shareSlots.ToArray(), supplementSlots, codeIndex.ToFrozenDictionary(),
            ids.ToArray(), schemes);
    }

    /// <summary>
    /// The medicines list as nomenclature entries and fee periods: one entry per pack code (label and kind of care from
    /// its first period: a kind changes with the category, see <see cref="KindOn"/>), one fee period per row, at the
    /// public price, with the share scheme of the period's category (the large-pack scheme for a large pack).
    /// </summary>
    private static (List<NomenclatureEntry>, List<FeeRow>) MedicineTables(MedicineRow[] rows, ShareRow[] shares)
    {
        var schemeNames = shares.Select(s => s.Scheme).ToHashSet(StringComparer.Ordinal);
        var entries = new List<NomenclatureEntry>();
        var fees = new List<FeeRow>();
        foreach (var pack in rows.GroupBy(r => r.Cnk))
        {
            string? firstScheme = null;
            foreach (var r in pack.OrderBy(r => r.From))
            {
                var o = r.Origin;
                if (r.Cnk is <= 0 or > 9_999_999)
                    throw new RuleLoadException($"{o.File}:{o.Line}: pack code {r.Cnk} is not a code of 1 to 7 digits");
                if (string.IsNullOrWhiteSpace(r.Label))
                    throw new RuleLoadException($"{o.File}:{o.Line}: pack {r.Cnk} needs a label");
                if (r.PackSize < 1)
                    throw new RuleLoadException($"{o.File}:{o.Line}: pack {r.Cnk}: pack size {r.PackSize} is not a number of units of one or more");
                if (r.PublicPrice.Cents < 0)
                    throw new RuleLoadException($"{o.File}:{o.Line}: pack {r.Cnk}: public price {r.PublicPrice} is negative");
                CheckPeriod(r.From, r.To, o);
                var scheme = MedicineKind(r.Category);
                if (!schemeNames.Contains(scheme))
                    throw new RuleLoadException($"{o.File}:{o.Line}: pack {r.Cnk}: category '{r.Category}' has no share scheme '{scheme}' in shares.csv");
                if (r.PackSize >= LargePackMinUnits && schemeNames.Contains(scheme + "_large")) scheme += "_large";
                fees.Add(new FeeRow(r.Cnk, r.From, r.To, r.PublicPrice, o) { Scheme = scheme, Pack = new MedicinePack(r.Category, r.PackSize) });
                firstScheme ??= scheme;
            }
            var first = pack.MinBy(r => r.From)!;
            entries.Add(new NomenclatureEntry(first.Cnk, first.Label, MedicineKind(first.Category), firstScheme!, first.Origin));
        }
        return (entries, fees);
    }

    private static string Range(LocalDate from, LocalDate? to) =>
        to is { } t ? $"{from:yyyy-MM-dd} to {t:yyyy-MM-dd}" : $"from {from:yyyy-MM-dd} on";

    private static void CheckWithin(LocalDate from, LocalDate? to, LocalDate outerFrom, LocalDate? outerTo, FeeRow row, string message)
    {
        bool inside = from >= outerFrom && (outerTo is null || (to is { } t && t <= outerTo.Value));
        if (!inside) throw new RuleLoadException($"{row.Origin.File}:{row.Origin.Line}: {message}");
    }

    private static void CheckRuleId(string id, string prefix, RuleOrigin o)
    {
        if (!RuleIdPattern.IsMatch(id) || !id.StartsWith(prefix, StringComparison.Ordinal))
            throw new RuleLoadException($"{o.File}:{o.Line}: rule id '{id}' must start with '{prefix}' and hold only a-z, 0-9, '.', '_' and '-'");
    }

    private static void CheckPeriod(LocalDate from, LocalDate? to, RuleOrigin o)
    {
        if (to is { } t && t < from)
            throw new RuleLoadException($"{o.File}:{o.Line}: the row ends ({t:yyyy-MM-dd}) before it starts ({from:yyyy-MM-dd})");
    }

    private static void CheckShareRow(ShareRow r)
    {
        var o = r.Origin;
        string Where() => $"{o.File}:{o.Line}";
        CheckRuleId(r.RuleId, "share.", o);
        CheckPeriod(r.From, r.To, o);
        if (r.AgeMin < 0 || r.AgeMin > MaxAge || r.AgeMax is { } max && (max < r.AgeMin || max > MaxAge))
            throw new RuleLoadException($"{Where()}: ages {r.AgeMin}-{r.AgeMax} are not a range within 0-{MaxAge}");
        // Sheet §9.7: "at agreement fees" is about the amount billed, conventionné or not; a row asking both would
        // bring back the reading that denied a déconventionné provider's patients their share.
        if (r.AtAgreementFee != Condition.Any && r.Conventioned != Condition.Any)
            throw new RuleLoadException($"{Where()}: a row takes 'at_agreement_fee' or 'conventioned', not both: billed at agreement fees holds whether the provider is conventionné or not");
        if (r.MinPerUnit is { } least && (r.Method != ShareMethod.Percent || least.Cents < 0 || r.CapPerUnit is { } most && least > most))
            throw new RuleLoadException($"{Where()}: minimum {least} per unit is for method 'percent' only, of zero or more and not above the cap");
        switch (r.Method)
        {
            case ShareMethod.None:
                if (r.Amount.Cents != 0 || r.Less.Cents != 0 || r.BasisPoints != 0 || r.CapPerUnit is not null)
                    throw new RuleLoadException($"{Where()}: method 'none' takes no amount, percent nor cap");
                break;
            case ShareMethod.Fixed:
                if (r.Amount.Cents < 0 || r.Less.Cents < 0 || r.Less > r.Amount)
                    throw new RuleLoadException($"{Where()}: fixed share {r.Amount} less {r.Less} is not an amount of zero or more");
                if (r.BasisPoints != 0 || r.CapPerUnit is not null)
                    throw new RuleLoadException($"{Where()}: method 'fixed' takes no percent nor cap");
                break;
            case ShareMethod.Percent:
                if (r.BasisPoints is < 0 or > 10_000)
                    throw new RuleLoadException($"{Where()}: percent {r.BasisPoints / 100m} is not between 0 and 100");
                if (r.CapPerUnit is { Cents: < 0 })
                    throw new RuleLoadException($"{Where()}: cap {r.CapPerUnit} is negative");
                if (r.Amount.Cents != 0 || r.Less.Cents != 0)
                    throw new RuleLoadException($"{Where()}: method 'percent' takes no fixed amount");
                break;
            default:
                throw new RuleLoadException($"{Where()}: unknown share method {r.Method}");
        }
    }

    private static void CheckSupplementRow(SupplementRow r)
    {
        var o = r.Origin;
        CheckRuleId(r.RuleId, "supplement.", o);
        CheckPeriod(r.From, r.To, o);
        if (r.Allowed && r.Reason != ReasonCode.None)
            throw new RuleLoadException($"{o.File}:{o.Line}: a row that allows supplements takes no reason");
        if (!r.Allowed && r.Reason is not (ReasonCode.BimSupplementForbidden or ReasonCode.ConventionedSupplementForbidden))
            throw new RuleLoadException($"{o.File}:{o.Line}: a row that forbids supplements needs the reason bim_supplement_forbidden or conventioned_supplement_forbidden");
    }

    private readonly record struct ShareSituation(bool Bim, bool Dmg, bool DmgWithProvider, bool Referral, bool Conventioned,
        bool AtAgreementFee, int Age)
    {
        public override string ToString() =>
            $"bim={B(Bim)}, dmg={B(Dmg)}, dmg_with_provider={B(DmgWithProvider)}, referral={B(Referral)}, conventioned={B(Conventioned)}, " +
            $"at_agreement_fee={B(AtAgreementFee)}, age={Age}";

        private static string B(bool b) => b ? "true" : "false";
    }

    private static (LocalDate, LocalDate?) CheckShareScheme(string scheme, ShareRow[] rows)
    {
        var ages = new SortedSet<int> { 0 };
        foreach (var r in rows)
        {
            ages.Add(r.AgeMin);
            if (r.AgeMax is { } max && max < MaxAge) ages.Add(max + 1);
        }
        var situations = new List<ShareSituation>();
        foreach (var bim in new[] { false, true })
        foreach (var (dmg, here) in new[] { (false, false), (true, false), (true, true) })
        foreach (var referral in new[] { false, true })
        foreach (var conventioned in new[] { false, true })
        foreach (var atFee in new[] { false, true })
        foreach (var age in ages)
            situations.Add(new ShareSituation(bim, dmg, here, referral, conventioned, atFee, age));
        return CheckFirstHit($"share scheme '{scheme}'", rows, r => r.From, r => r.To, r => r.Origin, r => r.RuleId, situations,
            (r, s) => r.Bim.Holds(s.Bim) && r.Dmg.Holds(s.Dmg) && r.DmgWithProvider.Holds(s.DmgWithProvider)
                      && r.Referral.Holds(s.Referral) && r.Conventioned.Holds(s.Conventioned) && r.AtAgreementFee.Holds(s.AtAgreementFee)
                      && s.Age >= r.AgeMin && s.Age <= (r.AgeMax ?? int.MaxValue));
    }

    private static (LocalDate, LocalDate?) CheckSupplementTable(SupplementRow[] rows)
    {
        // (bim, bim_avantages, conventioned): only a BIM beneficiary can hold the right granted with a benefit.
        var situations = new[]
        {
            (false, false, false), (false, false, true), (true, false, false), (true, false, true), (true, true, false), (true, true, true),
        };
        static string B(bool b) => b ? "true" : "false";
        return CheckFirstHit("the supplement table", rows, r => r.From, r => r.To, r => r.Origin, r => r.RuleId, situations,
            (r, s) => r.Bim.Holds(s.Item1) && r.BimAvantages.Holds(s.Item2) && r.Conventioned.Holds(s.Item3),
            s => $"bim={B(s.Item1)}, bim_avantages={B(s.Item2)}, conventioned={B(s.Item3)}");
    }

    /// <summary>
    /// A first-hit table must give every situation a row on every date from its first row's start to its last
    /// row's end, and every row must be the first to apply somewhere. The rows' periods cut time into segments on
    /// which the answer cannot change, so checking the first day of every segment checks every day.
    /// </summary>
    private static (LocalDate From, LocalDate? To) CheckFirstHit<TRow, TSit>(string table, TRow[] rows,
        Func<TRow, LocalDate> from, Func<TRow, LocalDate?> to, Func<TRow, RuleOrigin> origin, Func<TRow, string> id,
        IReadOnlyList<TSit> situations, Func<TRow, TSit, bool> matches, Func<TSit, string>? describe = null)
    {
        describe ??= s => s!.ToString()!;
        var start = rows.Min(from);
        LocalDate? end = rows.Any(r => to(r) is null) ? null : rows.Max(r => to(r)!.Value);
        var boundaries = new SortedSet<LocalDate>(rows.Select(from));
        foreach (var r in rows)
            if (to(r) is { } t && (end is null || t < end.Value)) boundaries.Add(t.PlusDays(1));
        var reached = new bool[rows.Length];
        foreach (var day in boundaries)
        {
            foreach (var s in situations)
            {
                int hit = -1;
                for (int i = 0; i < rows.Length && hit < 0; i++)
                {
                    var r = rows[i];
                    if (day >= from(r) && (to(r) is null || day <= to(r)!.Value) && matches(r, s)) hit = i;
                }
                if (hit < 0)
                {
                    var o = origin(rows[0]);
                    throw new RuleLoadException($"{o.File}:{o.Line}: {table} has no row for {describe(s)} on {day:yyyy-MM-dd}");
                }
                reached[hit] = true;
            }
        }
        for (int i = 0; i < rows.Length; i++)
        {
            if (reached[i]) continue;
            var o = origin(rows[i]);
            throw new RuleLoadException($"{o.File}:{o.Line}: row '{id(rows[i])}' of {table} never applies: rows above it always match first");
        }
        return (start, end);
    }
}
