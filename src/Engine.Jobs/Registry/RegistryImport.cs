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
/// (<see cref="RegistryCsv.Check"/>).
/// <para>The files are read twice and never held: once to check them all, then each streamed into the store, its rows
/// compared as they are read with the latest version known of their key (not the five files and their rows: 3.6 GB at a
/// million members before). The latest versions are streamed from the store and only their hashes held, one file's at a
/// time (<see cref="KnownVersions"/>: 16 bytes a key, instead of its strings: 1.8 GB at a million members before).</para>
/// </summary>
public sealed class RegistryImport(IEngineStore store)
{
    public RegistryImportReport Import(string folder, Instant now)
    {
        RegistryCsv.Check(folder);
        var counts = new List<RegistryFileCount>();

        var providers = Changed("providers.csv", store.StreamProviders(now), RegistryCsv.Providers(folder, now), (p, h) => h.Text(p.ProviderId),
            (p, h) => h.Text(p.Nihii).Text(p.Name).Text(p.Kind).Flag(p.Conventioned).Text(p.Iban ?? ""));
        Store(providers, store.AddProviders, counts);
        var members = Changed("members.csv", store.StreamBeneficiaries(now), RegistryCsv.Members(folder, now), (b, h) => h.Text(b.BeneficiaryId),
            (b, h) => h.Text(b.Niss).Text(b.Name).Date(b.BirthDate).Number(b.Sex).Number(b.Mutuality).Text(b.Iban ?? "").Date(b.InsuredFrom)
                .Date(b.InsuredTo).Text(b.Language ?? ""));
        Store(members, store.AddBeneficiaries, counts);
        var statuses = Changed("statuses.csv", store.StreamStatuses(now), RegistryCsv.Statuses(folder, now),
            (s, h) => h.Text(s.BeneficiaryId).Text(s.Status).Date(s.FromDate), (s, h) => h.Date(s.ToDate).Text(s.ProviderId ?? "").Text(s.BimKind ?? ""));
        Store(statuses, store.AddStatuses, counts);
        var households = Changed("households.csv", store.StreamHouseholds(now), RegistryCsv.Households(folder, now),
            (r, h) => h.Text(r.HouseholdId).Number(r.Year), (r, h) => h.Money(r.ReferenceIncome).Flag(r.BimHousehold).Flag(r.Chronic));
        var householdMembers = Changed("household_members.csv", store.StreamHouseholdMembers(now), RegistryCsv.HouseholdMembers(folder, now),
            (m, h) => h.Text(m.BeneficiaryId).Number(m.Year), (m, h) => h.Text(m.HouseholdId).Text(m.Relation ?? ""));
        // Households and their members go in together, as before: both streamed in one call when either changed.
        if (households.Any() | householdMembers.Any()) store.AddHouseholds(households.Rest(), householdMembers.Rest());
        counts.Add(households.Count);
        counts.Add(householdMembers.Count);
        // The report lists the files in the order the import always gave: providers, members, statuses, households, household_members.
        return new RegistryImportReport(counts);
    }

    private static void Store<T>(ChangedRows<T> rows, Action<IEnumerable<T>> add, List<RegistryFileCount> counts)
    {
        if (rows.Any()) add(rows.Rest());
        counts.Add(rows.Count);
    }

    /// <summary>
    /// The rows read that are new or differ from the latest known version of their key, as they are read. The known
    /// versions are streamed from the store and held as hashes (<see cref="KnownVersions"/>): the same fields the
    /// store's rows and the file's rows are compared by, a null text as an empty one.
    /// </summary>
    private static ChangedRows<T> Changed<T>(string file, IEnumerable<T> known, IEnumerable<T> read, Action<T, RowHash> key,
        Action<T, RowHash> content)
    {
        var latest = KnownVersions.Of(known, key, content);
        var hash = new RowHash();
        return new ChangedRows<T>(file, read, row =>
        {
            key(row, hash);
            var keyHash = hash.Hash();
            content(row, hash);
            return latest.Compare(keyHash, hash.Hash());
        });
    }

    /// <summary>
    /// A file's changed rows, streamed: <see cref="Any"/> reads up to the first one (a file with none stores nothing),
    /// <see cref="Rest"/> gives it and the others as they are read; <see cref="Count"/> once they are all read.
    /// </summary>
    private sealed class ChangedRows<T>(string file, IEnumerable<T> read, Func<T, Change> change)
    {
        private IEnumerator<T>? _rows;
        private bool _hasCurrent, _done;
        private int _new, _changed, _same;

        public RegistryFileCount Count
        {
            get
            {
                if (!_done) foreach (var _ in Rest()) { } // nothing changed: the file is read to its end to count
                return new RegistryFileCount(file, _new, _changed, _same);
            }
        }

        public bool Any()
        {
            _rows ??= read.GetEnumerator();
            _hasCurrent = Next();
            return _hasCurrent;
        }

        private bool Next()
        {
            while (_rows!.MoveNext())
            {
                switch (change(_rows.Current))
                {
                    case Change.New: _new++; return true;
                    case Change.Changed: _changed++; return true;
                    default: _same++; break;
                }
            }
            _done = true;
            _rows.Dispose();
            return false;
        }

        public IEnumerable<T> Rest()
        {
            if (_rows is null) Any();
            if (_hasCurrent)
            {
                _hasCurrent = false;
                yield return _rows!.Current;
            }
            while (!_done && Next()) yield return _rows!.Current;
        }
    }
}
