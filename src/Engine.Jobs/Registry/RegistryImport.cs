using Engine.Jobs.Data;
using Engine.Jobs.Generation;
using NodaTime;

namespace Engine.Jobs.Registry;

/// <summary>What one registry import did, per file: rows new, rows changed (a new version), rows unchanged (nothing added).</summary>
public sealed record RegistryImportReport(IReadOnlyList<RegistryFileCount> Files)
{
    public int Added => Files.Sum(f => f.New + f.Changed);

    public string Describe() =>
        "registry imported: " + string.Join("; ", Files.Select(f => $"{f.File} {f.New} new, {f.Changed} changed, {f.Unchanged} unchanged"));
}

public sealed record RegistryFileCount(string File, int New, int Changed, int Unchanged);

/// <summary>
/// `import registry`: incremental. The insurer sends its whole registry again and again; only what differs from the
/// latest version the store knows becomes a new version, stamped with the instant it became known: importing an
/// unchanged registry adds no row, a changed row adds exactly one version. A row is identified as the store reads it
/// back (a member, a provider, a household and year, a member's household in a year, a status period by member,
/// status and first day). Every bad row of every file is reported before anything is stored
/// (<see cref="RegistryCsv.Read"/>).
/// </summary>
public sealed class RegistryImport(IEngineStore store)
{
    public RegistryImportReport Import(string folder, Instant now)
    {
        var read = RegistryCsv.Read(folder, now);
        var counts = new List<RegistryFileCount>();

        var providers = Changed("providers.csv", store.Providers(now), read.Providers, p => p.ProviderId,
            p => (p.Nihii, p.Name, p.Kind, p.Conventioned, p.Iban ?? ""), counts);
        var members = Changed("members.csv", store.Beneficiaries(now), read.Beneficiaries, b => b.BeneficiaryId,
            b => (b.Niss, b.Name, b.BirthDate, b.Sex, b.Mutuality, b.Iban ?? "", b.InsuredFrom, b.InsuredTo, b.Language ?? ""), counts);
        var statuses = Changed("statuses.csv", store.Statuses(now), read.Statuses, s => (s.BeneficiaryId, s.Status, s.FromDate),
            s => (s.ToDate, s.ProviderId ?? "", s.BimKind ?? ""), counts);
        var households = Changed("households.csv", store.Households(now), read.Households, h => (h.HouseholdId, h.Year),
            h => (h.ReferenceIncome, h.BimHousehold, h.Chronic), counts);
        var householdMembers = Changed("household_members.csv", store.HouseholdMembers(now), read.HouseholdMembers, m => (m.BeneficiaryId, m.Year),
            m => (m.HouseholdId, m.Relation ?? ""), counts);

        if (providers.Count > 0) store.AddProviders(providers);
        if (members.Count > 0) store.AddBeneficiaries(members);
        if (statuses.Count > 0) store.AddStatuses(statuses);
        if (households.Count + householdMembers.Count > 0) store.AddHouseholds(households, householdMembers);
        return new RegistryImportReport(counts);
    }

    /// <summary>The rows read that are new or differ from the latest known version of their key.</summary>
    private static List<T> Changed<T, TKey, TContent>(string file, IEnumerable<T> known, IEnumerable<T> read, Func<T, TKey> key,
        Func<T, TContent> content, List<RegistryFileCount> counts) where TKey : notnull
    {
        var latest = known.GroupBy(key).ToDictionary(g => g.Key, g => content(g.Last()));
        int fresh = 0, changed = 0, same = 0;
        var list = new List<T>();
        foreach (var row in read)
        {
            if (!latest.TryGetValue(key(row), out var was)) fresh++;
            else if (EqualityComparer<TContent>.Default.Equals(was, content(row))) { same++; continue; }
            else changed++;
            list.Add(row);
        }
        counts.Add(new RegistryFileCount(file, fresh, changed, same));
        return list;
    }
}
