using System.Globalization;
using Engine.Core.Complementary;
using Engine.Host.Commands.Households;
using NodaTime;
using NodaTime.Text;

namespace Engine.Host.Commands.Complementary;

using Money = Engine.Core.Money.Money;

/// <summary>One row of requests.csv: the request when the row is sound, else the reason it is not.</summary>
public sealed record AcRequestRow(int Line, string RequestId, AcRequest? Request, string? Error);

/// <summary>members.csv read: the sound members, and for each member id whose row is defective, why.</summary>
public sealed record AcMembersFile(IReadOnlyDictionary<string, AcMember> Members, IReadOnlyDictionary<string, string> Defective, IReadOnlyList<string> Errors);

/// <summary>
/// The input files of `calc ac`. requests.csv: request_id,member_id,advantage,date,amount_paid[,evidence_reference].
/// members.csv: member_id,birth_date,ac_in_order[,arrears_months][,ac_since]. The bracketed columns are optional
/// additions: without them the event of a request is its date, arrears are unknown (a member not in order is refused
/// for that, never closed on a guess), and the AC start date is unknown (an advantage with a waiting period is refused).
/// </summary>
public static class AcInputFiles
{
    public static readonly string[] RequestColumns = ["request_id", "member_id", "advantage", "date", "amount_paid"];
    public static readonly string[] RequestOptional = ["evidence_reference"];
    public static readonly string[] MemberColumns = ["member_id", "birth_date", "ac_in_order"];
    public static readonly string[] MemberOptional = ["arrears_months", "ac_since"];

    public static IReadOnlyList<AcRequestRow> ReadRequests(string path, string display = "requests.csv")
    {
        var (_, rows) = CsvInput.Read(path, display, RequestColumns, RequestOptional);
        return rows.Select(ParseRequest).ToList();
    }

    public static AcMembersFile ReadMembers(string path, string display = "members.csv")
    {
        var (_, rows) = CsvInput.Read(path, display, MemberColumns, MemberOptional);
        var members = new Dictionary<string, (AcMember Member, int Line)>(StringComparer.Ordinal);
        var defective = new Dictionary<string, string>(StringComparer.Ordinal);
        var errors = new List<string>();
        foreach (var row in rows)
        {
            var id = row["member_id"];
            var member = ParseMember(row, out var error);
            if (member is null)
            {
                errors.Add(error!);
                if (id.Length > 0) defective[id] = error!;
                continue;
            }
            if (members.TryGetValue(id, out var first))
            {
                var dup = $"{row.File}:{row.Line}: member {id} is already on line {first.Line}: both rows are left out";
                errors.Add(dup);
                defective[id] = dup;
                continue;
            }
            members[id] = (member, row.Line);
        }
        return new AcMembersFile(
            members.Where(kv => !defective.ContainsKey(kv.Key)).ToDictionary(kv => kv.Key, kv => kv.Value.Member, StringComparer.Ordinal),
            defective, errors);
    }

    private static AcRequestRow ParseRequest(CsvInputRow row)
    {
        var id = row["request_id"];
        AcRequestRow Bad(string error) => new(row.Line, id, null, error);
        if (row.ShapeError is { } shape) return Bad(shape);
        if (id.Length == 0) return Bad($"{row.Where("request_id")}: empty");
        var member = row["member_id"];
        if (member.Length == 0) return Bad($"{row.Where("member_id")}: empty");
        var advantage = row["advantage"];
        if (advantage.Length == 0) return Bad($"{row.Where("advantage")}: empty");
        if (!TryDate(row["date"], out var date)) return Bad($"{row.Where("date")}: '{row["date"]}' is not a date yyyy-MM-dd");
        if (!Money.TryParse(row["amount_paid"], out var paid) || paid < Money.Zero)
            return Bad($"{row.Where("amount_paid")}: '{row["amount_paid"]}' is not an amount in euros (dot, at most two decimals, not negative)");
        var evidence = row["evidence_reference"];
        return new(row.Line, id, new AcRequest(id, member, advantage, date, paid, evidence.Length == 0 ? null : evidence), null);
    }

    private static AcMember? ParseMember(CsvInputRow row, out string? error)
    {
        error = row.ShapeError;
        if (error is not null) return null;
        var id = row["member_id"];
        if (id.Length == 0) { error = $"{row.Where("member_id")}: empty"; return null; }
        if (!TryDate(row["birth_date"], out var birth)) { error = $"{row.Where("birth_date")}: '{row["birth_date"]}' is not a date yyyy-MM-dd"; return null; }
        if (!CsvInput.TryBool(row["ac_in_order"], out var inOrder)) { error = $"{row.Where("ac_in_order")}: '{row["ac_in_order"]}' is not true or false"; return null; }
        int? arrears = null;
        if (row["arrears_months"] is { Length: > 0 } a)
        {
            if (!int.TryParse(a, NumberStyles.None, CultureInfo.InvariantCulture, out var n)) { error = $"{row.Where("arrears_months")}: '{a}' is not a whole number of months"; return null; }
            arrears = n;
        }
        else if (inOrder) arrears = 0;
        LocalDate? since = null;
        if (row["ac_since"] is { Length: > 0 } s)
        {
            if (!TryDate(s, out var d)) { error = $"{row.Where("ac_since")}: '{s}' is not a date yyyy-MM-dd"; return null; }
            since = d;
        }
        return new AcMember(id, birth, inOrder, arrears, since);
    }

    private static bool TryDate(string text, out LocalDate date)
    {
        var r = LocalDatePattern.Iso.Parse(text);
        date = r.Success ? r.Value : default;
        return r.Success;
    }
}
