using Dapper;
using Engine.Jobs.Data;
using Engine.Jobs.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;
using NodaTime;

namespace Engine.Store.Postgres;

public sealed partial class PostgresStore
{
    public ISendingWriter OpenSendingWriter() => new SendingWriter(Open());

    /// <summary>
    /// One connection; the transaction begins at the first file added after a commit and takes the inputs' lock, so the
    /// keys it gives (greatest + 1, as SQLite's rowids) are taken by no other writer. A file's lines go in one binary COPY.
    /// </summary>
    private sealed class SendingWriter(NpgsqlConnection connection) : ISendingWriter
    {
        private NpgsqlTransaction? _transaction;
        private long _nextSending, _nextLine;

        public int PendingFiles { get; private set; }
        public int PendingLines { get; private set; }

        public SendingRow? SendingBySha256(string sha256) =>
            connection.QuerySingleOrDefault<SendingRow>($"SELECT {SendingColumns.Replace("raw AS Raw,", "")} FROM sendings WHERE sha256 = @sha256",
                new { sha256 }, _transaction);

        public bool SendingIdentityExists(string identity) =>
            connection.ExecuteScalar<bool>("SELECT EXISTS (SELECT 1 FROM sendings WHERE identity = @identity)", new { identity }, _transaction);

        public long Add(SendingRow sending, IReadOnlyList<CareLineRow> lines)
        {
            if (_transaction is null)
            {
                _transaction = connection.BeginTransaction();
                TakeInputLock(connection, _transaction);
                _nextSending = NextId(connection, _transaction, "sendings", "sending_id");
                _nextLine = NextId(connection, _transaction, "care_lines", "line_id");
            }
            var id = _nextSending;
            var (stored, encoding) = RawEncoding.Encode(sending.Raw);
            using (var insert = new NpgsqlCommand("""
                INSERT INTO sendings (sending_id, channel, file_name, sha256, identity, sender_id, sending_number, invoiced_month, raw, status,
                    accepted_invoices, rejected_invoices, received_at, raw_encoding)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
                """, connection, _transaction))
            {
                insert.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Bigint, Value = id });
                foreach (var text in new[] { sending.Channel, sending.FileName, sending.Sha256, sending.Identity, sending.SenderId })
                    insert.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = (object?)text ?? DBNull.Value });
                insert.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Integer, Value = (object?)sending.SendingNumber ?? DBNull.Value });
                insert.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = (object?)sending.InvoicedMonth ?? DBNull.Value });
                insert.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Bytea, Value = stored });
                insert.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = sending.Status });
                insert.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Integer, Value = sending.AcceptedInvoices });
                insert.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Integer, Value = sending.RejectedInvoices });
                insert.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = DbTypes.Stored(sending.ReceivedAt) });
                insert.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = encoding });
                insert.ExecuteNonQuery();
            }
            _nextSending++;
            var knownAt = lines.Count > 0 ? DbTypes.Stored(lines[0].KnownAt) : "";
            var first = lines.Count > 0 ? lines[0].KnownAt : default;
            Copy(connection, """
                care_lines (line_id, sending_id, invoice_number, record_seq, beneficiary_id, provider_id, code, service_date, quantity,
                    billed_cents, claimed_insurer_cents, claimed_share_cents, supplement_cents, conventioned, channel, referral, known_at,
                    destination_mutuality)
                """, lines, (w, l) =>
            {
                w.Long(_nextLine++); w.Long(id); w.Text(l.InvoiceNumber); w.Int(l.RecordSeq); w.Text(l.BeneficiaryId); w.Text(l.ProviderId);
                w.Int(l.Code); w.Date(l.ServiceDate); w.Int(l.Quantity); w.Long(l.Billed.Cents); w.Long(l.ClaimedInsurer.Cents);
                w.Long(l.ClaimedShare.Cents); w.Long(l.Supplement.Cents); w.Bool(l.Conventioned); w.Text(l.Channel); w.Bool(l.Referral);
                // The lines of one file share their instant: formatted once.
                w.Text(l.KnownAt == first ? knownAt : DbTypes.Stored(l.KnownAt));
                w.Int(l.DestinationMutuality);
            });
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
