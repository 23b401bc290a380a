using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using Engine.Core.Ceilings;
using Engine.Core.Money;
using Engine.Jobs.Data;
using Engine.Jobs.Generation;
using NodaTime;

namespace Engine.Jobs.Registry;

/// <summary>
/// The registry exchange files (members.csv, statuses.csv, households.csv, household_members.csv, providers.csv):
/// how an insurer's member and provider data reach the engine. Written by the generator, read by `import registry`.
/// Every row read is stamped with the instant it became known to the engine.
/// </summary>
public static class RegistryCsv
{

    public static void Write(string folder, RegistrySnapshot registry)
    {
        Directory.CreateDirectory(folder);
        // The language column only when a member has one recorded: the files of a registry without languages stay as they were.
        var languages = registry.Beneficiaries.Any(b => b.Language is not null);
        string[] memberHeader = ["beneficiary_id", "niss", "name", "birth_date", "sex", "mutuality", "iban", "insured_from", "insured_to"];
        WriteFile(Path.Combine(folder, "members.csv"), languages ? [.. memberHeader, "language"] : memberHeader,
            registry.Beneficiaries.Select(b =>
            {
                string[] row = [b.BeneficiaryId, b.Niss, b.Name, D(b.BirthDate), I(b.Sex), I(b.Mutuality), b.Iban ?? "", D(b.InsuredFrom), D(b.InsuredTo)];
                return languages ? [.. row, b.Language ?? ""] : row;
            }));
        WriteFile(Path.Combine(folder, "statuses.csv"), ["beneficiary_id", "status", "from_date", "to_date", "provider_id", "bim_kind"],
            registry.Statuses.Select(s => new[] { s.BeneficiaryId, s.Status, D(s.FromDate), D(s.ToDate), s.ProviderId ?? "", s.BimKind ?? "" }));
        WriteFile(Path.Combine(folder, "households.csv"), ["household_id", "year", "reference_income", "bim_household", "chronic"],
            registry.Households.Select(h => new[] { h.HouseholdId, I(h.Year), h.ReferenceIncome?.ToString() ?? "", B(h.BimHousehold), B(h.Chronic) }));
        WriteFile(Path.Combine(folder, "household_members.csv"), ["household_id", "beneficiary_id", "year", "relation"],
            registry.HouseholdMembers.Select(m => new[] { m.HouseholdId, m.BeneficiaryId, I(m.Year), m.Relation ?? "" }));
        WriteFile(Path.Combine(folder, "providers.csv"), ["provider_id", "nihii", "name", "kind", "conventioned", "iban"],
            registry.Providers.Select(p => new[] { p.ProviderId, p.Nihii, p.Name, p.Kind, B(p.Conventioned), p.Iban ?? "" }));
    }

    /// <summary>The columns of each file, then its optional last ones (a file without them still reads).</summary>
    private static readonly Dictionary<string, (string[] Required, string[] Optional)> Headers = new(StringComparer.Ordinal)
    {
        ["members.csv"] = (["beneficiary_id", "niss", "name", "birth_date", "sex", "mutuality", "iban", "insured_from", "insured_to"], ["language"]),
        ["statuses.csv"] = (["beneficiary_id", "status", "from_date", "to_date", "provider_id"], ["bim_kind"]),
        ["households.csv"] = (["household_id", "year", "reference_income", "bim_household", "chronic"], []),
        ["household_members.csv"] = (["household_id", "beneficiary_id", "year"], ["relation"]),
        ["providers.csv"] = (["provider_id", "nihii", "name", "kind", "conventioned", "iban"], []),
    };

    /// <summary>
    /// Reads the five files. Every bad row of every file is reported (file, line, column, reason), not only the first:
    /// when there is any, nothing is read and the <see cref="InvalidDataException"/> lists them all, one a line.
    /// </summary>
    public static RegistrySnapshot Read(string folder, Instant knownAt)
    {
        var problems = new List<string>();
        var snapshot = Read(folder, knownAt, problems);
        if (problems.Count > 0) throw new InvalidDataException(string.Join("\n", problems));
        return snapshot;
    }

    private static RegistrySnapshot Read(string folder, Instant knownAt, List<string> problems) => new(
        [.. Members(folder, knownAt, problems)], [.. Statuses(folder, knownAt, problems)], [.. Households(folder, knownAt, problems)],
        [.. HouseholdMembers(folder, knownAt, problems)], [.. Providers(folder, knownAt, problems)]);

    /// <summary>
    /// Reads the five files through without keeping their rows: every bad row of every file reported as
    /// <see cref="Read(string, Instant)"/> does (the same <see cref="InvalidDataException"/>), nothing held but the
    /// problems. Then the import streams them (<see cref="Members(string, Instant)"/> and the others).
    /// </summary>
    public static void Check(string folder)
    {
        var problems = new List<string>();
        var knownAt = Instant.MinValue;
        foreach (var _ in Members(folder, knownAt, problems)) { }
        foreach (var _ in Statuses(folder, knownAt, problems)) { }
        foreach (var _ in Households(folder, knownAt, problems)) { }
        foreach (var _ in HouseholdMembers(folder, knownAt, problems)) { }
        foreach (var _ in Providers(folder, knownAt, problems)) { }
        if (problems.Count > 0) throw new InvalidDataException(string.Join("\n", problems));
    }

    // One file's rows read as they are taken, never all held: a bad row (the file changed since it was checked) throws.
    public static IEnumerable<BeneficiaryRow> Members(string folder, Instant knownAt) => Checked(problems => Members(folder, knownAt, problems));
    public static IEnumerable<StatusRow> Statuses(string folder, Instant knownAt) => Checked(problems => Statuses(folder, knownAt, problems));
    public static IEnumerable<HouseholdRow> Households(string folder, Instant knownAt) => Checked(problems => Households(folder, knownAt, problems));
    public static IEnumerable<HouseholdMemberRow> HouseholdMembers(string folder, Instant knownAt) => Checked(problems => HouseholdMembers(folder, knownAt, problems));
    public static IEnumerable<ProviderRow> Providers(string folder, Instant knownAt) => Checked(problems => Providers(folder, knownAt, problems));

    private static IEnumerable<T> Checked<T>(Func<List<string>, IEnumerable<T>> rows)
    {
        var problems = new List<string>();
        foreach (var row in rows(problems))
        {
            if (problems.Count > 0) break;
            yield return row;
        }
        if (problems.Count > 0) throw new InvalidDataException(string.Join("\n", problems));
    }

    private static IEnumerable<BeneficiaryRow> Members(string folder, Instant knownAt, List<string> problems) =>
        ReadFile(folder, "members.csv", problems, r => new BeneficiaryRow
        {
            BeneficiaryId = r.Text("beneficiary_id"), Niss = r.Text("niss"), Name = r.Text("name"), BirthDate = r.Date("birth_date"),
            Sex = r.Int("sex"), Mutuality = r.Int("mutuality"), Iban = r.Optional("iban"), InsuredFrom = r.Date("insured_from"),
            InsuredTo = r.OptionalDate("insured_to"), KnownAt = knownAt, Language = Language(r),
        });

    private static IEnumerable<StatusRow> Statuses(string folder, Instant knownAt, List<string> problems) =>
        ReadFile(folder, "statuses.csv", problems, r => new StatusRow
        {
            BeneficiaryId = r.Text("beneficiary_id"), Status = r.Text("status"), FromDate = r.Date("from_date"),
            ToDate = r.OptionalDate("to_date"), ProviderId = r.Optional("provider_id"), KnownAt = knownAt, BimKind = BimKind(r),
        });

    private static IEnumerable<HouseholdRow> Households(string folder, Instant knownAt, List<string> problems) =>
        ReadFile(folder, "households.csv", problems, r => new HouseholdRow
        {
            HouseholdId = r.Text("household_id"), Year = r.Int("year"), ReferenceIncome = r.OptionalMoney("reference_income"),
            BimHousehold = r.Bool("bim_household"), Chronic = r.Bool("chronic"), KnownAt = knownAt,
        });

    private static IEnumerable<HouseholdMemberRow> HouseholdMembers(string folder, Instant knownAt, List<string> problems) =>
        ReadFile(folder, "household_members.csv", problems, r => new HouseholdMemberRow
        {
            HouseholdId = r.Text("household_id"), BeneficiaryId = r.Text("beneficiary_id"), Year = r.Int("year"), KnownAt = knownAt,
            Relation = Relation(r),
        });

    private static IEnumerable<ProviderRow> Providers(string folder, Instant knownAt, List<string> problems) =>
        ReadFile(folder, "providers.csv", problems, r => new ProviderRow
        {
            ProviderId = r.Text("provider_id"), Nihii = r.Text("nihii"), Name = r.Text("name"), Kind = r.Text("kind"),
            Conventioned = r.Bool("conventioned"), Iban = r.Optional("iban"), KnownAt = knownAt,
        });

    /// <summary>
    /// The optional last column bim_kind of statuses.csv (added after provider_id; a file without it still reads):
    /// avantages or enquiry on a bim row, empty otherwise (an empty kind on a bim row: not recorded).
    /// </summary>
    private static string? BimKind(CsvRow r)
    {
        var kind = r.Optional("bim_kind");
        if (kind is null) return null;
        if (!BimKinds.IsKnown(kind)) throw r.Error("bim_kind", $"'{kind}' is not {BimKinds.Avantages} or {BimKinds.Enquiry}");
        if (r.Text("status") != "bim") throw r.Error("bim_kind", $"'{kind}' is given on a '{r.Text("status")}' row: only a bim row has a kind");
        return kind;
    }

    /// <summary>The languages a member's language may be recorded in (the optional last column language of members.csv).</summary>
    public static readonly string[] Languages = ["fr", "nl", "de", "en"];

    /// <summary>The optional last column language of members.csv: fr, nl, de or en (any case); empty or absent = not recorded.</summary>
    private static string? Language(CsvRow r)
    {
        var text = r.Optional("language")?.ToLowerInvariant();
        if (text is null) return null;
        return Languages.Contains(text) ? text : throw r.Error("language", $"'{text}' is not one of {string.Join(", ", Languages)} (or empty: not recorded)");
    }

    /// <summary>The optional relation column (added last; a file without it is read as before: relation not said).</summary>
    private static string? Relation(CsvRow r)
    {
        var text = r.Optional("relation");
        if (text is null) return null;
        if (!HouseholdRelations.TryParse(text, out var relation))
            throw r.Error("relation", $"'{text}' is not one of titulaire, partner, dependant, other (or empty: not said)");
        return relation.Word();
    }

    private static string D(LocalDate d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    private static string D(LocalDate? d) => d is { } v ? D(v) : "";
    private static string I(int i) => i.ToString(CultureInfo.InvariantCulture);
    private static string B(bool b) => b ? "true" : "false";

    // Generated inputs imitate the feeds of other systems: plain CSV, no BOM.
    private static void WriteFile(string path, string[] header, IEnumerable<string[]> rows) => CsvFile.Write(path, header, rows, excel: false);

    /// <summary>The rows of one file, read as they are taken; a bad row is added to <paramref name="problems"/> and skipped.</summary>
    private static IEnumerable<T> ReadFile<T>(string folder, string name, List<string> problems, Func<CsvRow, T> map)
    {
        var path = Path.Combine(folder, name);
        if (!File.Exists(path))
        {
            problems.Add($"{path}: registry file is missing");
            yield break;
        }
        var (reader, delimiter) = CsvDialect.Open(new StreamReader(path));
        using var csv = new CsvReader(reader, CsvDialect.With(CsvFile.ReadConfig, delimiter));
        if (!csv.Read() || !csv.ReadHeader())
        {
            problems.Add($"{path}: the file is empty: expected the header {string.Join(',', Headers[name].Required)}");
            yield break;
        }
        var (required, optional) = Headers[name];
        var header = csv.HeaderRecord!.Select(h => h.Trim()).ToArray();
        if (header.Length < required.Length || !header.Take(required.Length).SequenceEqual(required, StringComparer.Ordinal)
            || !header.Skip(required.Length).All(h => optional.Contains(h, StringComparer.Ordinal)))
        {
            problems.Add($"{path}:1: wrong header '{string.Join(delimiter, header)}': expected '{string.Join(',', required)}'" +
                         (optional.Length > 0 ? $" then optionally '{string.Join(',', optional)}'" : "") + CsvDialect.HeaderProblem(delimiter));
            yield break;
        }
        while (csv.Read())
        {
            T row;
            try { row = map(new CsvRow(path, csv)); }
            catch (InvalidDataException e)
            {
                problems.Add(e.Message);
                continue;
            }
            yield return row;
        }
    }
}
