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
/// Reads cases.csv: header exactly <see cref="Columns"/>, in that order. A malformed row gives a CaseRow with the
/// column and the reason; the other rows are read on.
/// </summary>
public static class CaseCsv
{
    public static readonly string[] Columns =
        ["case_id", "kind", "regime", "regular_worker", "first_day", "last_day", "daily_wage", "family_status", "period_start", "period_end"];

    public static IEnumerable<CaseRow> Read(TextReader text, string displayName)
    {
        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            IgnoreBlankLines = true, BadDataFound = null, DetectColumnCountChanges = false, TrimOptions = TrimOptions.None,
        };
        using var csv = new CsvReader(text, config);
        if (!csv.Read())
            throw new CliError($"{displayName}: the file is empty; expected the header '{string.Join(',', Columns)}'");
        var header = csv.Parser.Record!.Select(h => h.Trim()).ToArray();
        if (!header.SequenceEqual(Columns, StringComparer.Ordinal))
            throw new CliError($"{displayName}: wrong header '{string.Join(',', header)}'; expected '{string.Join(',', Columns)}'");
        while (csv.Read())
        {
            var line = csv.Parser.RawRow;
            var record = csv.Parser.Record!;
            if (record.Length != Columns.Length)
            {
                yield return new CaseRow(line, null, null, null, $"{record.Length} fields where the header has {Columns.Length}");
                continue;
            }
            yield return Parse(line, record);
        }
    }

    private sealed class RowError(string column, string reason) : Exception(reason)
    {
        public string Column { get; } = column;
    }

    private static CaseRow Parse(int line, string[] record)
    {
        string Cell(string column) => record[Array.IndexOf(Columns, column)].Trim();
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
                "true" => true,
                "false" => false,
                "" when status == MemberStatus.SelfEmployed => true,
                var b => throw new RowError("regular_worker", $"'{b}' is not true or false"),
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
            var family = Cell("family_status") switch
            {
                "family" => FamilyStatus.Family,
                "isolated" => FamilyStatus.Isolated,
                "cohabitant" => FamilyStatus.Cohabitant,
                var f => throw new RowError("family_status", $"'{f}' is not family, isolated or cohabitant"),
            };
            var periodStart = Date(Cell("period_start"), "period_start");
            var periodEnd = Date(Cell("period_end"), "period_end");
            if (periodEnd < periodStart)
                throw new RowError("period_end", $"{Cell("period_end")} is before period_start {Cell("period_start")}");
            var c = new IndemnityCase
            {
                Id = id, Kind = kind, Status = status, RegularWorker = regular, FirstDay = first, LastDay = last,
                Wage = wage, Family = [new FamilySituation(first, family)],
            };
            return new CaseRow(line, c, new DateInterval(periodStart, periodEnd), null, null);
        }
        catch (RowError e)
        {
            return new CaseRow(line, null, null, e.Column, e.Message);
        }
    }

    private static LocalDate Date(string text, string column)
    {
        if (text.Length == 0) throw new RowError(column, "is empty; expected a date yyyy-MM-dd");
        var r = LocalDatePattern.Iso.Parse(text);
        return r.Success ? r.Value : throw new RowError(column, $"'{text}' is not a date yyyy-MM-dd");
    }
}
