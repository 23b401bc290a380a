using Dapper;
using Engine.Jobs.Data;
using Engine.Jobs.Data.Sqlite;
using NodaTime;

namespace Engine.Store.Postgres;

public sealed partial class PostgresStore
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

    /// <summary>The raw bytes as received, whatever the encoding they are kept in.</summary>
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
        using var c = Open();
        return c.Query<SendingRow>($"SELECT {SendingColumns.Replace("raw AS Raw,", "")} FROM sendings WHERE sending_id = ANY(@ids) ORDER BY sending_id",
            new { ids = sendingIds.Distinct().ToArray() }).AsList();
    }

    public IReadOnlyList<CareLineRow> UnprocessedLines(Instant asOf)
    {
        using var c = Open();
        return c.Query<CareLineRow>($"""
            SELECT {LineColumnsOf("l.")} FROM lines_to_compute t JOIN care_lines l ON l.line_id = t.line_id
            WHERE l.known_at <= @asOf
            ORDER BY t.line_id
            """, new { asOf }).AsList();
    }

    public IReadOnlyList<PartitionLine> PartitionLines(string runId, int partition)
    {
        using var c = Open();
        // The member's relation in the household, as of the run's instant (the MAF social covers the BIM beneficiary's family only).
        return c.Query<CareLineRow, string?, string?, PartitionLine>($"""
            SELECT {LineColumnsOf("l.")}, w.household_id AS HouseholdId,
                   (SELECT m.relation FROM household_members m
                    WHERE m.beneficiary_id = l.beneficiary_id AND m.household_id = w.household_id
                      AND m.year = CAST(EXTRACT(YEAR FROM l.service_date) AS integer)
                      AND m.known_at <= (SELECT r.as_of FROM runs r WHERE r.run_id = w.run_id)
                    ORDER BY m.known_at DESC LIMIT 1) AS Relation
            FROM run_lines w JOIN lines_to_compute t ON t.line_id = w.line_id JOIN care_lines l ON l.line_id = w.line_id
            WHERE w.run_id = @runId AND w.partition = @partition
            ORDER BY w.line_id
            """, (line, household, relation) => new PartitionLine(line, household, relation), new { runId, partition }, splitOn: "HouseholdId,Relation").AsList();
    }

    public IReadOnlyList<CareLineRow> Lines(IEnumerable<long> lineIds)
    {
        using var c = Open();
        return c.Query<CareLineRow>($"SELECT {LineColumns} FROM care_lines WHERE line_id = ANY(@ids) ORDER BY line_id",
            new { ids = lineIds.Distinct().ToArray() }).AsList();
    }
}
