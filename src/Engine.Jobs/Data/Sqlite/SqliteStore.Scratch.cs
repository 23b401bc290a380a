using Microsoft.Data.Sqlite;

namespace Engine.Jobs.Data.Sqlite;

public sealed partial class SqliteStore
{
    /// <summary>
    /// A throw-away store with the same schema (a replay's sink, whatever the store of the runs): it holds copies of
    /// rows kept elsewhere, so it checks no foreign keys (the care lines come without their sendings) and never waits
    /// for the disk (a crash loses nothing: the file is made again).
    /// </summary>
    public static SqliteStore Scratch(string path) => new($"Data Source={path}", scratch: true);

    /// <summary>
    /// Copies of care lines (their ids kept), for the results of a scratch store to be read with their lines; they enter
    /// its work list as every stored line does (its partition commit takes them out).
    /// </summary>
    public void CopyLines(IReadOnlyCollection<CareLineRow> lines) => InTransaction((c, tx) =>
    {
        InsertAll(c, tx, """
            INSERT INTO care_lines (line_id, sending_id, invoice_number, record_seq, beneficiary_id, provider_id, code, service_date, quantity,
                billed_cents, claimed_insurer_cents, claimed_share_cents, supplement_cents, conventioned, channel, referral, known_at, destination_mutuality)
            VALUES ($p0, $p1, $p2, $p3, $p4, $p5, $p6, $p7, $p8, $p9, $p10, $p11, $p12, $p13, $p14, $p15, $p16, $p17)
            """, 18, lines, (l, p) =>
        {
            p[0].Value = l.LineId; p[1].Value = l.SendingId; p[2].Value = l.InvoiceNumber; p[3].Value = l.RecordSeq; p[4].Value = l.BeneficiaryId;
            p[5].Value = l.ProviderId; p[6].Value = l.Code; p[7].Value = Db(l.ServiceDate); p[8].Value = l.Quantity; p[9].Value = l.Billed.Cents;
            p[10].Value = l.ClaimedInsurer.Cents; p[11].Value = l.ClaimedShare.Cents; p[12].Value = l.Supplement.Cents; p[13].Value = l.Conventioned ? 1 : 0;
            p[14].Value = l.Channel; p[15].Value = l.Referral ? 1 : 0; p[16].Value = Db(l.KnownAt); p[17].Value = (object?)l.DestinationMutuality ?? DBNull.Value;
        });
        InsertAll(c, tx, "INSERT INTO lines_to_compute (line_id) VALUES ($p0)", 1, lines, (l, p) =>
        {
            p[0].Value = l.LineId;
        });
    });

    /// <summary>Closes the pooled connections to the file, so that it can be deleted.</summary>
    public void ReleaseFile()
    {
        using var c = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(c);
    }
}
