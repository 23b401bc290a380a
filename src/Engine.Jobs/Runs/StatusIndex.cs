using Engine.Jobs.Data;
using NodaTime;

namespace Engine.Jobs.Runs;

/// <summary>
/// The dated statuses of every beneficiary, indexed for the run: "was this member BIM on that day, and who held
/// their DMG?" A later correction of a status is a new row; all rows known at the run's as-of instant count.
/// </summary>
public sealed class StatusIndex
{
    private readonly Dictionary<string, StatusRow[]> _byBeneficiary;

    public StatusIndex(IEnumerable<StatusRow> statuses) =>
        _byBeneficiary = statuses.GroupBy(s => s.BeneficiaryId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);

    public bool Has(string beneficiaryId, string status, LocalDate on)
    {
        if (!_byBeneficiary.TryGetValue(beneficiaryId, out var rows)) return false;
        foreach (var r in rows)
            if (r.Status == status && r.Covers(on)) return true;
        return false;
    }

    /// <summary>BIM that day with the right granted with a social benefit (see <see cref="StatusRow.BimAvantages"/>).</summary>
    public bool BimAvantages(string beneficiaryId, LocalDate on)
    {
        if (!_byBeneficiary.TryGetValue(beneficiaryId, out var rows)) return false;
        foreach (var r in rows)
            if (r.BimAvantages && r.Covers(on)) return true;
        return false;
    }

    /// <summary>The member's payer statuses (detainee, fedasil, mediprima, war_victim: docs/payers.md), every period known.</summary>
    public IReadOnlyList<Engine.Core.Payers.StatusPeriod> PayerPeriods(string beneficiaryId)
    {
        if (!_byBeneficiary.TryGetValue(beneficiaryId, out var rows)) return [];
        List<Engine.Core.Payers.StatusPeriod>? list = null;
        foreach (var r in rows)
            if (Engine.Core.Payers.PayerStatuses.IsPayerStatus(r.Status)) (list ??= []).Add(new(r.Status, r.FromDate, r.ToDate));
        return list ?? (IReadOnlyList<Engine.Core.Payers.StatusPeriod>)[];
    }

    /// <summary>The GP holding the beneficiary's DMG on that day, if any.</summary>
    public string? DmgHolder(string beneficiaryId, LocalDate on)
    {
        if (!_byBeneficiary.TryGetValue(beneficiaryId, out var rows)) return null;
        string? holder = null;
        foreach (var r in rows)
            if (r.Status == "dmg" && r.Covers(on)) holder = r.ProviderId;
        return holder;
    }
}
