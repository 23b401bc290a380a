using Engine.Jobs.Data;
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

    public static bool Looks(byte[] content) => CsvFile.StartsWithHeader(content, Columns, 3);

    public ImportOutcome Import(string fileName, byte[] content)
    {
        var now = clock.GetCurrentInstant();
        var rows = new List<AcRequestRow>();
        var problems = CsvFile.ReadRows(fileName, content, Columns, r =>
        {
            var amount = r.Money("amount_paid");
            if (amount.Cents < 0) throw r.Error("amount_paid", "is negative");
            rows.Add(new AcRequestRow
            {
                RequestId = r.Text("request_id"), MemberId = r.Text("member_id"), Advantage = r.Text("advantage"), Date = r.Date("date"),
                AmountPaid = amount, Evidence = r.Optional("evidence_reference"), SourceFile = fileName, KnownAt = now,
            });
        }, out var headerProblem);
        if (problems is null) return new ImportOutcome(fileName, "ac", "refused", 0, 0, 0, 0, headerProblem!, null);
        var added = store.AddAcRequests(rows);
        return new ImportOutcome(fileName, "ac", "imported", added, problems.Count, added, problems.Count,
            rows.Count > added ? $"{rows.Count - added} request(s) already received" : "", null) { Rejections = problems };
    }
}
