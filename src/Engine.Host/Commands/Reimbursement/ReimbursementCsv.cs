using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using Engine.Core.Reimbursement;
using NodaTime;
using NodaTime.Text;
using Money = Engine.Core.Money.Money;

namespace Engine.Host.Commands.Reimbursement;

/// <summary>One problem of an input row: the column (null for the whole row) and the reason.</summary>
public sealed record InputProblem(string? Column, string Reason);

/// <summary>A claims.csv row: the care line when every field reads, otherwise the problems found.</summary>
public sealed record ClaimRow(int Line, string LineId, string? BeneficiaryId, Channel? Channel, CareLine? Care,
    IReadOnlyList<InputProblem> Problems);

/// <summary>A beneficiaries.csv row: the situation when every field reads, otherwise the problems found.</summary>
public sealed record BeneficiaryRow(int Line, string? Id, BeneficiarySituation? Situation, IReadOnlyList<InputProblem> Problems)
{
    /// <summary>The household (with --households only): its MAF counter.</summary>
    public string? HouseholdId { get; init; }
}

/// <summary>
/// Reads the calculator's input files. The header must hold exactly the expected columns (any order): otherwise the
/// file cannot be processed (<see cref="CliError"/>). A row with a bad field is returned with its problems, so that
/// it still gets a result line; the other rows go on.
/// </summary>
public static class ReimbursementCsv
{
    public static readonly string[] ClaimColumns =
        ["line_id", "beneficiary_id", "service_date", "code", "quantity", "billed_amount", "provider_id", "provider_conventioned", "channel", "referral"];

    public static readonly string[] BeneficiaryColumns = ["beneficiary_id", "birth_date", "bim", "dmg"];

    /// <summary>
    /// Optional beneficiaries.csv column (added): a BIM beneficiary's right, avantages (granted with a social benefit)
    /// or enquiry (after an income enquiry); empty on a BIM row = not recorded, read as avantages (the reading that
    /// protects the member, as for the registry); empty on any other row.
    /// </summary>
    public const string BimKindColumn = "bim_kind";

    public static readonly string[] ResultColumns =
        ["line_id", "fee", "insurer_amount", "personal_share", "supplement", "payee", "status", "reason", "rules"];

    /// <summary>The last column of results.csv (after maf_refund with --households): why the supplement of an accepted
    /// line is forbidden (bim_supplement_forbidden, conventioned_supplement_forbidden, billed_above_listed_price), for
    /// control; empty otherwise. The line is paid as usual.</summary>
    public const string SupplementFlagColumn = "supplement_flag";

    private static CsvConfiguration Config() => new(CultureInfo.InvariantCulture)
    {
        BadDataFound = null, DetectColumnCountChanges = false, MissingFieldFound = null, IgnoreBlankLines = true,
        TrimOptions = TrimOptions.None,
    };

    /// <summary>Fields of the current record by column name; a column the record is too short for is absent.</summary>
    private sealed class Fields(string[] header, string[] record, List<InputProblem> problems)
    {
        public string? Raw(string column)
        {
            int i = Array.IndexOf(header, column);
            if (i < record.Length) return record[i].Trim();
            problems.Add(new InputProblem(column, "is missing (the row has too few fields)"));
            return null;
        }

        public string? Text(string column)
        {
            var s = Raw(column);
            if (s is null) return null;
            if (s.Length > 0) return s;
            problems.Add(new InputProblem(column, "is empty"));
            return null;
        }

        public T? Parse<T>(string column, Func<string, T?> parse, string expected) where T : struct
        {
            var s = Text(column);
            if (s is null) return null;
            var v = parse(s);
            if (v is null) problems.Add(new InputProblem(column, $"'{s}' is not {expected}"));
            return v;
        }

        public LocalDate? Date(string column) =>
            Parse(column, s => LocalDatePattern.Iso.Parse(s) is { Success: true } r ? r.Value : (LocalDate?)null, "a date yyyy-MM-dd");

        public bool? Bool(string column) =>
            Parse(column, Engine.Jobs.CsvDialect.Bool, "true or false");
    }

    private static string[] ReadHeader(CsvReader csv, string file, string[] expected, params string[] optional)
    {
        var delimiter = csv.Configuration.Delimiter;
        if (!csv.Read() || !csv.ReadHeader())
            throw new CliError($"{file}: the file is empty: expected the header {string.Join(',', expected)}");
        var header = csv.HeaderRecord!.Select(h => h.Trim()).ToArray();
        var missing = expected.Where(c => !header.Contains(c)).ToList();
        var unknown = header.Where(c => !expected.Contains(c) && !optional.Contains(c)).ToList();
        var duplicate = header.GroupBy(h => h).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (missing.Count + unknown.Count + duplicate.Count > 0)
            throw new CliError($"{file}: wrong header: " + string.Join("; ",
                new[]
                {
                    missing.Count > 0 ? "missing column(s) " + string.Join(", ", missing) : null,
                    unknown.Count > 0 ? "unknown column(s) " + string.Join(", ", unknown) : null,
                    duplicate.Count > 0 ? "repeated column(s) " + string.Join(", ", duplicate) : null,
                }.Where(s => s is not null)) + $" (expected {string.Join(',', expected)})" + Engine.Jobs.CsvDialect.HeaderProblem(delimiter));
        return header;
    }

    public static List<ClaimRow> ReadClaims(TextReader text, string file)
    {
        var (reader, delimiter) = Engine.Jobs.CsvDialect.Open(text);
        using var csv = new CsvReader(reader, Engine.Jobs.CsvDialect.With(Config(), delimiter));
        var header = ReadHeader(csv, file, ClaimColumns);
        var rows = new List<ClaimRow>();
        while (csv.Read())
        {
            var problems = new List<InputProblem>();
            var f = new Fields(header, csv.Parser.Record!, problems);
            if (csv.Parser.Record!.Length > header.Length)
                problems.Add(new InputProblem(null, $"{csv.Parser.Record.Length} fields where the header has {header.Length}"));
            var lineId = f.Text("line_id");
            var beneficiary = f.Text("beneficiary_id");
            var date = f.Date("service_date");
            var code = f.Parse("code", s => CareCode.TryParse(s, out var c) ? c : (int?)null, "a nomenclature code of 1 to 7 digits");
            var quantity = f.Parse("quantity",
                s => int.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var q) ? q : (int?)null, "a whole number");
            var billed = f.Parse("billed_amount", s => Money.TryParse(s, out var m) ? m : (Money?)null,
                "an amount in euros with a dot and at most two decimals");
            f.Text("provider_id");
            var conventioned = f.Bool("provider_conventioned");
            var channel = f.Parse("channel", s => s switch { "efact" => Channel.Efact, "eattest" => (Channel?)Channel.Eattest, _ => null },
                "efact or eattest");
            var referral = f.Bool("referral");
            CareLine? care = problems.Count == 0
                ? new CareLine(code!.Value, date!.Value, quantity!.Value, billed!.Value, conventioned!.Value, channel!.Value,
                    referral!.Value, DmgWithProvider: false)
                : null;
            rows.Add(new ClaimRow(csv.Parser.RawRow, lineId ?? "", beneficiary, channel, care, problems));
        }
        return rows;
    }

    /// <summary>With --households the beneficiaries carry a household_id column as well.</summary>
    public static readonly string[] BeneficiaryColumnsWithHousehold = [.. BeneficiaryColumns, "household_id"];

    public static List<BeneficiaryRow> ReadBeneficiaries(TextReader text, string file, bool withHousehold = false)
    {
        var (reader, delimiter) = Engine.Jobs.CsvDialect.Open(text);
        using var csv = new CsvReader(reader, Engine.Jobs.CsvDialect.With(Config(), delimiter));
        var header = ReadHeader(csv, file, withHousehold ? BeneficiaryColumnsWithHousehold : BeneficiaryColumns, BimKindColumn);
        bool hasKind = header.Contains(BimKindColumn);
        var rows = new List<BeneficiaryRow>();
        while (csv.Read())
        {
            var problems = new List<InputProblem>();
            var f = new Fields(header, csv.Parser.Record!, problems);
            if (csv.Parser.Record!.Length > header.Length)
                problems.Add(new InputProblem(null, $"{csv.Parser.Record.Length} fields where the header has {header.Length}"));
            var id = f.Text("beneficiary_id");
            var birth = f.Date("birth_date");
            var bim = f.Bool("bim");
            var dmg = f.Bool("dmg");
            var kind = hasKind ? f.Raw(BimKindColumn) : null;
            if (kind is { Length: > 0 } && kind is not ("avantages" or "enquiry"))
                problems.Add(new InputProblem(BimKindColumn, $"'{kind}' is not avantages, enquiry or empty"));
            else if (kind is { Length: > 0 } && bim == false)
                problems.Add(new InputProblem(BimKindColumn, $"'{kind}' is given for a beneficiary who is not BIM"));
            BeneficiarySituation? who = problems.Count == 0
                ? new BeneficiarySituation(birth!.Value, bim!.Value, dmg!.Value, BimAvantages: bim!.Value && kind != "enquiry")
                : null;
            var household = withHousehold ? f.Raw("household_id") : null;
            rows.Add(new BeneficiaryRow(csv.Parser.RawRow, id, who, problems) { HouseholdId = string.IsNullOrEmpty(household) ? null : household });
        }
        return rows;
    }
}
