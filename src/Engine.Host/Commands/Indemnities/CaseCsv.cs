using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using Engine.Core.Indemnities;
using NodaTime;
using NodaTime.Text;

namespace Engine.Host.Commands.Indemnities;

/// <summary>One data row of cases.csv: either a case and the period to pay, or the reason it is malformed.</summary>
public sealed record CaseRow(int Line, IndemnityCase? Case, DateInterval? Period, string? Column, string? Error);

/// <summary>
/// Reads cases.csv: header <see cref="Columns"/> exactly, in that order, then any of the <see cref="AddedColumns"/>
/// (each at most once, in any order; a column left out reads as empty). A malformed row gives a CaseRow with the
/// column and the reason; the other rows are read on.
/// </summary>
public static class CaseCsv
{
    public static readonly string[] Columns =
        ["case_id", "kind", "regime", "regular_worker", "first_day", "last_day", "daily_wage", "family_status", "period_start", "period_end"];

    /// <summary>
    /// Optional last columns, the kernel's other inputs: family_changes (`yyyy-MM-dd=status` separated by `;`, each
    /// change in force from its date), short_contract, unemployed, multiple_birth (true/false, empty = false),
    /// birth_date, relapse_after_last_day, relapse_in_resumption_from (a date or empty).
    /// </summary>
    public static readonly string[] AddedColumns =
        ["family_changes", "short_contract", "unemployed", "multiple_birth", "birth_date", "relapse_after_last_day", "relapse_in_resumption_from"];

    public static IEnumerable<CaseRow> Read(TextReader text, string displayName)
    {
        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            IgnoreBlankLines = true, BadDataFound = null, DetectColumnCountChanges = false, TrimOptions = TrimOptions.None,
        };
        var (reader, delimiter) = Engine.Jobs.CsvDialect.Open(text);
        using var csv = new CsvReader(reader, Engine.Jobs.CsvDialect.With(config, delimiter));
        if (!csv.Read())
            throw new CliError($"{displayName}: the file is empty; expected the header '{string.Join(',', Columns)}'");
        var header = csv.Parser.Record!.Select(h => h.Trim()).ToArray();
        var added = header.Skip(Columns.Length).ToArray();
        if (header.Length < Columns.Length || !header.Take(Columns.Length).SequenceEqual(Columns, StringComparer.Ordinal) ||
            added.Any(a => !AddedColumns.Contains(a, StringComparer.Ordinal)) || added.Distinct(StringComparer.Ordinal).Count() != added.Length)
            throw new CliError($"{displayName}: wrong header '{string.Join(delimiter, header)}'; expected '{string.Join(',', Columns)}' " +
                               $"then any of '{string.Join(',', AddedColumns)}', each at most once" + Engine.Jobs.CsvDialect.HeaderProblem(delimiter));
        while (csv.Read())
        {
            var line = csv.Parser.RawRow;
            var record = csv.Parser.Record!;
            if (record.Length != header.Length)
            {
                yield return new CaseRow(line, null, null, null, $"{record.Length} fields where the header has {header.Length}");
                continue;
            }
            yield return Parse(line, header, record);
        }
    }

    private sealed class RowError(string column, string reason) : Exception(reason)
    {
        public string Column { get; } = column;
    }

    private static CaseRow Parse(int line, string[] header, string[] record)
    {
        string Cell(string column) => Array.IndexOf(header, column) is var i and >= 0 ? record[i].Trim() : "";
        try
        {
            var id = Cell("case_id");
            if (id.Length == 0) throw new RowError("case_id", "is empty");
            var kind = Cell("kind") switch
            {
                "incapacity" => IndemnityKind.Incapacity,
                "maternity" => IndemnityKind.Maternity,
                "birth_leave" => IndemnityKind.BirthLeave,
                var k => throw new RowError("kind", $"'{k}' is not incapacity, maternity or birth_leave"),
            };
            var status = Cell("regime") switch
            {
                "employee" => MemberStatus.Employee,
                "worker" => MemberStatus.Worker,
                "self_employed" => MemberStatus.SelfEmployed,
                var r => throw new RowError("regime", $"'{r}' is not employee, worker or self_employed"),
            };
            bool regular = Cell("regular_worker") switch
            {
                "" when status == MemberStatus.SelfEmployed => true,
                var b => Engine.Jobs.CsvDialect.Bool(b) ?? throw new RowError("regular_worker", $"'{b}' is not true or false"),
            };
            var first = Date(Cell("first_day"), "first_day");
            var lastText = Cell("last_day");
            LocalDate? last = lastText.Length == 0 ? null : Date(lastText, "last_day");
            if (last is { } l && l < first) throw new RowError("last_day", $"{lastText} is before first_day {Cell("first_day")}");
            var wageText = Cell("daily_wage");
            DeclaredWage? wage = null;
            if (status == MemberStatus.SelfEmployed)
            {
                if (wageText.Length != 0) throw new RowError("daily_wage", $"'{wageText}' must be empty for self_employed (flat amounts)");
            }
            else
            {
                if (wageText.Length == 0) throw new RowError("daily_wage", "is required for employee and worker");
                if (!decimal.TryParse(wageText, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount) ||
                    amount <= 0 || decimal.Round(amount, 4) != amount)
                    throw new RowError("daily_wage", $"'{wageText}' is not a positive amount written with a dot and at most 4 decimals");
                wage = new DeclaredWage(amount, WageBasis.SixDay);
            }
            var family = Family(Cell("family_status"), "family_status");
            var periodStart = Date(Cell("period_start"), "period_start");
            var periodEnd = Date(Cell("period_end"), "period_end");
            if (periodEnd < periodStart)
                throw new RowError("period_end", $"{Cell("period_end")} is before period_start {Cell("period_start")}");
            // A change dated on or before the first day replaces the declared situation (as the nightly run reads them).
            var situations = new SortedDictionary<LocalDate, FamilyStatus> { [first] = family };
            foreach (var (from, changed) in FamilyChanges(Cell("family_changes")))
                situations[from <= first ? first : from] = changed;
            bool shortContract = Flag(Cell("short_contract"), "short_contract");
            if (shortContract && (status != MemberStatus.Employee || kind != IndemnityKind.Incapacity))
                throw new RowError("short_contract", "applies to the incapacity of an employee only");
            bool unemployed = Flag(Cell("unemployed"), "unemployed");
            if (unemployed && kind != IndemnityKind.Maternity) throw new RowError("unemployed", "applies to a maternity only");
            bool multiple = Flag(Cell("multiple_birth"), "multiple_birth");
            if (multiple && kind != IndemnityKind.Maternity) throw new RowError("multiple_birth", "applies to a maternity only");
            LocalDate? birth = OptionalDate(Cell("birth_date"), "birth_date");
            if (birth is not null && kind != IndemnityKind.BirthLeave) throw new RowError("birth_date", "applies to a birth leave only");
            var c = new IndemnityCase
            {
                Id = id, Kind = kind, Status = status, RegularWorker = regular, FirstDay = first, LastDay = last,
                Wage = wage, Family = situations.Select(f => new FamilySituation(f.Key, f.Value)).ToList(),
                ShortContract = shortContract, Unemployed = unemployed, MultipleBirth = multiple, BirthDate = birth,
                RelapseAfterLastDay = OptionalDate(Cell("relapse_after_last_day"), "relapse_after_last_day"),
                RelapseInResumptionFrom = OptionalDate(Cell("relapse_in_resumption_from"), "relapse_in_resumption_from"),
            };
            return new CaseRow(line, c, new DateInterval(periodStart, periodEnd), null, null);
        }
        catch (RowError e)
        {
            return new CaseRow(line, null, null, e.Column, e.Message);
        }
    }

    private static FamilyStatus Family(string text, string column) => text switch
    {
        "family" => FamilyStatus.Family,
        "isolated" => FamilyStatus.Isolated,
        "cohabitant" => FamilyStatus.Cohabitant,
        var f => throw new RowError(column, $"'{f}' is not family, isolated or cohabitant"),
    };

    /// <summary>`2025-03-10=cohabitant;2025-06-01=family`: each change in force from its date; empty = none.</summary>
    private static IEnumerable<(LocalDate From, FamilyStatus Status)> FamilyChanges(string text)
    {
        if (text.Length == 0) yield break;
        var seen = new HashSet<LocalDate>();
        foreach (var part in text.Split(';'))
        {
            var pair = part.Trim().Split('=');
            if (pair.Length != 2)
                throw new RowError("family_changes", $"'{part.Trim()}' is not yyyy-MM-dd=status (changes separated by ';')");
            var from = Date(pair[0].Trim(), "family_changes");
            if (!seen.Add(from)) throw new RowError("family_changes", $"{pair[0].Trim()} is given twice");
            yield return (from, Family(pair[1].Trim(), "family_changes"));
        }
    }

    private static bool Flag(string text, string column) =>
        text.Length == 0 ? false : Engine.Jobs.CsvDialect.Bool(text) ?? throw new RowError(column, $"'{text}' is not true or false");

    private static LocalDate? OptionalDate(string text, string column) => text.Length == 0 ? null : Date(text, column);

    private static LocalDate Date(string text, string column)
    {
        if (text.Length == 0) throw new RowError(column, "is empty; expected a date yyyy-MM-dd");
        var r = LocalDatePattern.Iso.Parse(text);
        return r.Success ? r.Value : throw new RowError(column, $"'{text}' is not a date yyyy-MM-dd");
    }
}
