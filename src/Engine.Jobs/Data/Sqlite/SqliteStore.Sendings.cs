using Dapper;
using NodaTime;

namespace Engine.Jobs.Data.Sqlite;

public sealed partial class SqliteStore
{
    private const string SendingColumns = """
        sending_id AS SendingId, channel AS Channel, file_name AS FileName, sha256 AS Sha256, identity AS Identity,
        sender_id AS SenderId, sending_number AS SendingNumber, invoiced_month AS InvoicedMonth, raw AS Raw, status AS Status, accepted_invoices AS AcceptedInvoices,
        rejected_invoices AS RejectedInvoices, received_at AS ReceivedAt
        """;

    private static readonly string LineColumns = LineColumnsOf("");

    /// <param name="t">Table alias with its dot, or empty.</param>
    private static string LineColumnsOf(string t) => $"""
        {t}line_id AS LineId, {t}sending_id AS SendingId, {t}invoice_number AS InvoiceNumber, {t}record_seq AS RecordSeq,
        {t}beneficiary_id AS BeneficiaryId, {t}provider_id AS ProviderId, {t}code AS Code, {t}service_date AS ServiceDate,
        {t}quantity AS Quantity, {t}billed_cents AS Billed, {t}claimed_insurer_cents AS ClaimedInsurer,
        {t}claimed_share_cents AS ClaimedShare, {t}supplement_cents AS Supplement, {t}conventioned AS Conventioned,
        {t}channel AS Channel, {t}referral AS Referral, {t}known_at AS KnownAt,
        {t}destination_mutuality AS DestinationMutuality
        """;

    public SendingRow? SendingBySha256(string sha256)
    {
        using var c = Open();
        return c.Query<SendingRow, string, SendingRow>($"SELECT {SendingColumns}, raw_encoding AS RawEncoding FROM sendings WHERE sha256 = @sha256",
            AsReceived, new { sha256 }, splitOn: "RawEncoding").SingleOrDefault();
    }

    /// <summary>The raw bytes as received, whatever the encoding they are kept in (migration 0010).</summary>
    private static SendingRow AsReceived(SendingRow s, string encoding) => encoding == RawEncoding.Identity ? s : new SendingRow
    {
        SendingId = s.SendingId, Channel = s.Channel, FileName = s.FileName, Sha256 = s.Sha256, Identity = s.Identity, SenderId = s.SenderId,
        SendingNumber = s.SendingNumber, InvoicedMonth = s.InvoicedMonth, Raw = RawEncoding.Decode(s.Raw, encoding), Status = s.Status,
        AcceptedInvoices = s.AcceptedInvoices, RejectedInvoices = s.RejectedInvoices, ReceivedAt = s.ReceivedAt,
    };

    public bool SendingIdentityExists(string identity)
    {
        using var c = Open();
        return c.ExecuteScalar<long>("SELECT COUNT(*) FROM sendings WHERE identity = @identity", new { identity }) > 0;
    }

    public long AddSending(SendingRow sending, IReadOnlyList<CareLineRow> lines)
    {
        using var writer = OpenSendingWriter();
        var id = writer.Add(sending, lines);
        writer.Commit();
        return id;
    }

    public IReadOnlyList<SendingRow> Sendings()
    {
        using var c = Open();
        return c.Query<SendingRow, string, SendingRow>($"SELECT {SendingColumns}, raw_encoding AS RawEncoding FROM sendings ORDER BY sending_id",
            AsReceived, splitOn: "RawEncoding").AsList();
    }

    public IReadOnlyList<(string Sender, string InvoiceNumber)> ReceivedInvoices()
    {
        using var c = Open();
        return c.Query<(string, string)>("""
            SELECT DISTINCT s.sender_id, l.invoice_number FROM care_lines l JOIN sendings s ON s.sending_id = l.sending_id
            WHERE s.sender_id IS NOT NULL ORDER BY 1, 2
            """).AsList();
    }

    public IReadOnlyList<SendingRow> SendingHeaders(IEnumerable<long> sendingIds)
    {
        return QueryIn<SendingRow, long>($"SELECT {SendingColumns.Replace("raw AS Raw,", "")} FROM sendings WHERE sending_id {InKeys("@ids")} ORDER BY sending_id",
            sendingIds);
    }

    public IReadOnlyList<CareLineRow> UnprocessedLines(Instant asOf)
    {
        using var c = Open();
        return c.Query<CareLineRow>($"""
            SELECT {LineColumnsOf("l.")} FROM lines_to_compute t CROSS JOIN care_lines l ON l.line_id = t.line_id
            WHERE l.known_at <= @asOf
            ORDER BY t.line_id
            """, new { asOf }).AsList();
    }

    public IReadOnlyList<PartitionLine> PartitionLines(string runId, int partition)
    {
        var lines = Rows($"""
            SELECT {LineColumnsOf("l.")}, w.household_id AS HouseholdId
            FROM run_lines w JOIN lines_to_compute t ON t.line_id = w.line_id JOIN care_lines l ON l.line_id = w.line_id
            WHERE w.run_id = @runId AND w.partition = @partition
            ORDER BY w.line_id
            """, (r, instants) => new PartitionLine(ReadLine(r, 0, instants), Text(r, LineColumnCount)),
            ("@runId", runId), ("@partition", partition));
        // The member's relation in the household, as of the run's instant (the MAF social covers the BIM beneficiary's
        // family only): that of the latest of the member's rows for the line's year and household known by then. Read for
        // the partition's members in their key's order, not looked up line by line in the lines' order (a search of the
        // whole table for each line was most of the partition's reading).
        var housed = lines.Where(l => l.HouseholdId is not null).ToList();
        if (housed.Count == 0) return lines;
        using var c = Open();
        var asOf = c.ExecuteScalar<string?>("SELECT as_of FROM runs WHERE run_id = @runId", new { runId });
        if (asOf is null) return lines;
        var latest = new Dictionary<(string Beneficiary, int Year), List<(string Household, string? Relation)>>();
        using (var command = c.CreateCommand())
        {
            command.CommandText = $"""
                SELECT m.beneficiary_id, m.year, m.household_id, m.relation FROM household_members m
                WHERE m.beneficiary_id {InKeys("@ids")} AND m.known_at <= @asOf
                ORDER BY m.beneficiary_id, m.year, m.known_at DESC
                """;
            command.Parameters.AddWithValue("@ids", JsonKeys(housed.Select(l => l.Line.BeneficiaryId)));
            command.Parameters.AddWithValue("@asOf", asOf);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var key = (reader.GetString(0), reader.GetInt32(1));
                if (!latest.TryGetValue(key, out var rows)) latest[key] = rows = [];
                rows.Add((reader.GetString(2), Text(reader, 3)));
            }
        }
        var result = new List<PartitionLine>(lines.Count);
        foreach (var line in lines)
        {
            string? relation = null;
            if (line.HouseholdId is { } household && latest.TryGetValue((line.Line.BeneficiaryId, line.Line.ServiceDate.Year), out var rows))
                foreach (var (h, r) in rows)
                    if (h == household) { relation = r; break; }
            result.Add(relation is null ? line : line with { Relation = relation });
        }
        return result;
    }

    public IReadOnlyList<CareLineRow> Lines(IEnumerable<long> lineIds)
    {
        return QueryIn<CareLineRow, long>($"SELECT {LineColumns} FROM care_lines WHERE line_id {InKeys("@ids")} ORDER BY line_id", lineIds);
    }
}
