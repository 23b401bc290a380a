using System.Globalization;
using CsvHelper;
using Engine.Jobs.Data;
using Engine.Jobs.Registry;
using NodaTime;

namespace Engine.Jobs.Ingestion;

/// <summary>
/// Complementary-insurance requests (the member's attestations: a sport club receipt, a psychologist's note, a birth
/// certificate...), one per row: columns <see cref="Columns"/>. A malformed row is refused with line, column and
/// reason; a request id already received is not taken twice.
/// </summary>
public sealed class AcRequestImport(IEngineStore store, IClock clock)
{
    public static readonly string[] Columns = ["request_id", "member_id", "advantage", "date", "amount_paid", "evidence_reference"];

    public static bool Looks(byte[] content) =>
        System.Text.Encoding.UTF8.GetString(content, 0, Math.Min(content.Length, 200)).TrimStart('\uFEFF').StartsWith("request_id,member_id,advantage", StringComparison.Ordinal);

    public ImportOutcome Import(string fileName, byte[] content)
    {
        var now = clock.GetCurrentInstant();
        var rows = new List<AcRequestRow>();
        var problems = new List<string>();
        using var reader = new StreamReader(new MemoryStream(content));
        using var csv = new CsvReader(reader, RegistryCsv.Config);
        csv.Read();
        csv.ReadHeader();
        var header = csv.HeaderRecord!.Select(h => h.Trim()).ToArray();
        if (!header.SequenceEqual(Columns))
            return new ImportOutcome(fileName, "ac", "refused", 0, 0, 0, 0, $"wrong header '{string.Join(',', header)}': expected '{string.Join(',', Columns)}'", null);
        while (csv.Read())
        {
            var r = new CsvRow(fileName, csv);
            try
            {
                var amount = r.Money("amount_paid");
                if (amount.Cents < 0) throw r.Error("amount_paid", "is negative");
                rows.Add(new AcRequestRow
                {
                    RequestId = r.Text("request_id"), MemberId = r.Text("member_id"), Advantage = r.Text("advantage"), Date = r.Date("date"),
                    AmountPaid = amount, Evidence = r.Optional("evidence_reference"), SourceFile = fileName, KnownAt = now,
                });
            }
            catch (InvalidDataException e)
            {
                problems.Add(e.Message);
            }
        }
        var added = store.AddAcRequests(rows);
        return new ImportOutcome(fileName, "ac", "imported", added, problems.Count, added, problems.Count,
            rows.Count > added ? $"{rows.Count - added} request(s) already received" : "", null) { Rejections = problems };
    }
}
