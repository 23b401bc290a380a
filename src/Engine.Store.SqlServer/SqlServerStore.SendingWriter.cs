using System.Data;
using Dapper;
using Engine.Jobs.Data;
using Engine.Jobs.Data.Sqlite;
using Microsoft.Data.SqlClient;

namespace Engine.Store.SqlServer;

public sealed partial class SqlServerStore
{
    public ISendingWriter OpenSendingWriter() => new SendingWriter(Open());

    private const string WriterSendingBySha256Sql = $"SELECT {SendingHeaderColumns} FROM sendings WHERE sha256 = @sha256";

    private const string AddSendingSql = """
        INSERT INTO sendings (sending_id, channel, file_name, sha256, [identity], sender_id, sending_number, invoiced_month, raw, status,
            accepted_invoices, rejected_invoices, received_at, raw_encoding)
        VALUES (@id, @channel, @fileName, @sha256, @identity, @senderId, @sendingNumber, @invoicedMonth, @raw, @status,
            @accepted, @rejected, @receivedAt, @encoding)
        """;

    private static readonly BulkTarget CareLinesBulk = new("care_lines",
        "line_id", "sending_id", "invoice_number", "record_seq", "beneficiary_id", "provider_id", "code", "service_date", "quantity",
        "billed_cents", "claimed_insurer_cents", "claimed_share_cents", "supplement_cents", "conventioned", "channel", "referral", "known_at",
        "destination_mutuality");

    /// <summary>
    /// One connection; the transaction begins at the first file added after a commit and takes the inputs' lock, so the
    /// keys it gives (greatest + 1, as SQLite's rowids) are taken by no other writer. A file's lines go in one SqlBulkCopy.
    /// </summary>
    private sealed class SendingWriter(SqlConnection connection) : ISendingWriter
    {
        private SqlTransaction? _transaction;
        private long _nextSending, _nextLine;

        public int PendingFiles { get; private set; }
        public int PendingLines { get; private set; }

        public SendingRow? SendingBySha256(string sha256) =>
            connection.QuerySingleOrDefault<SendingRow>(WriterSendingBySha256Sql, new { sha256 }, _transaction);

        public bool SendingIdentityExists(string identity) =>
            connection.ExecuteScalar<long>(SendingIdentityExistsSql, new { identity }, _transaction) > 0;

        public long Add(SendingRow sending, IReadOnlyList<CareLineRow> lines)
        {
            if (_transaction is null)
            {
                _transaction = connection.BeginTransaction();
                TakeInputLock(connection, _transaction);
                _nextSending = NextId(connection, _transaction, NextSendingIdSql);
                _nextLine = NextId(connection, _transaction, NextLineIdSql);
            }
            var id = _nextSending;
            var (stored, encoding) = RawEncoding.Encode(sending.Raw);
            using (var insert = new SqlCommand(AddSendingSql, connection, _transaction))
            {
                insert.Parameters.Add("@id", SqlDbType.BigInt).Value = id;
                insert.Parameters.Add("@channel", SqlDbType.NVarChar, 450).Value = sending.Channel;
                insert.Parameters.Add("@fileName", SqlDbType.NVarChar, -1).Value = sending.FileName;
                insert.Parameters.Add("@sha256", SqlDbType.NVarChar, 450).Value = sending.Sha256;
                insert.Parameters.Add("@identity", SqlDbType.NVarChar, 450).Value = sending.Identity;
                insert.Parameters.Add("@senderId", SqlDbType.NVarChar, -1).Value = (object?)sending.SenderId ?? DBNull.Value;
                insert.Parameters.Add("@sendingNumber", SqlDbType.Int).Value = (object?)sending.SendingNumber ?? DBNull.Value;
                insert.Parameters.Add("@invoicedMonth", SqlDbType.NVarChar, -1).Value = (object?)sending.InvoicedMonth ?? DBNull.Value;
                insert.Parameters.Add("@raw", SqlDbType.VarBinary, -1).Value = stored;
                insert.Parameters.Add("@status", SqlDbType.NVarChar, -1).Value = sending.Status;
                insert.Parameters.Add("@accepted", SqlDbType.Int).Value = sending.AcceptedInvoices;
                insert.Parameters.Add("@rejected", SqlDbType.Int).Value = sending.RejectedInvoices;
                insert.Parameters.Add("@receivedAt", SqlDbType.NVarChar, -1).Value = DbTypes.Stored(sending.ReceivedAt);
                insert.Parameters.Add("@encoding", SqlDbType.NVarChar, -1).Value = encoding;
                insert.ExecuteNonQuery();
            }
            _nextSending++;
            var first = lines.Count > 0 ? lines[0].KnownAt : default;
            var knownAt = lines.Count > 0 ? DbTypes.Stored(first) : "";
            Copy(connection, _transaction, CareLinesBulk, lines, l =>
            [
                _nextLine++, id, l.InvoiceNumber, l.RecordSeq, l.BeneficiaryId, l.ProviderId, l.Code, Date(l.ServiceDate), l.Quantity,
                l.Billed.Cents, l.ClaimedInsurer.Cents, l.ClaimedShare.Cents, l.Supplement.Cents, l.Conventioned, l.Channel, l.Referral,
                // The lines of one file share their instant: formatted once.
                l.KnownAt == first ? knownAt : DbTypes.Stored(l.KnownAt),
                l.DestinationMutuality,
            ]);
            PendingFiles++;
            PendingLines += lines.Count;
            return id;
        }

        public void Commit()
        {
            if (_transaction is null) return;
            _transaction.Commit();
            _transaction.Dispose();
            _transaction = null;
            PendingFiles = 0;
            PendingLines = 0;
        }

        public void Dispose()
        {
            _transaction?.Dispose(); // rolls back what was not committed
            connection.Dispose();
        }
    }
}
