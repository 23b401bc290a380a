using Microsoft.Data.Sqlite;
using NodaTime;

namespace Engine.Jobs.Data.Sqlite;

public sealed partial class SqliteStore
{
    public ISendingWriter OpenSendingWriter() => new SendingWriter(Open());

    /// <summary>
    /// Plain ADO.NET: each statement is prepared once and its parameters rebound per row (Dapper would rebuild them for
    /// every line). The transaction begins at the first file added after a commit.
    /// </summary>
    private sealed class SendingWriter : ISendingWriter
    {
        private readonly SqliteConnection _connection;
        private readonly SqliteCommand _bySha, _identity, _sending, _line;
        private readonly SqliteParameter[] _sendingValues, _lineValues;
        private SqliteTransaction? _transaction;
        private Instant _lastInstant = Instant.MinValue;
        private string _lastInstantText = "";

        public int PendingFiles { get; private set; }
        public int PendingLines { get; private set; }

        /// <summary>
        /// The writer's own page cache (the default is 2 MB): the content-hash and identity indexes take keys in random
        /// order, and every miss is a read from the file. Only this connection's memory; nothing about durability.
        /// </summary>
        private const int CacheKib = 64 * 1024;

        public SendingWriter(SqliteConnection connection)
        {
            _connection = connection;
            using (var pragma = connection.CreateCommand())
            {
                pragma.CommandText = $"PRAGMA cache_size = -{CacheKib}";
                pragma.ExecuteNonQuery();
            }
            _bySha = Command($"SELECT {SendingColumns.Replace("raw AS Raw,", "")} FROM sendings WHERE sha256 = $p0", 1, out _);
            _identity = Command("SELECT EXISTS (SELECT 1 FROM sendings WHERE identity = $p0)", 1, out _);
            _sending = Command("""
                INSERT INTO sendings (channel, file_name, sha256, identity, sender_id, sending_number, invoiced_month, raw, status,
                    accepted_invoices, rejected_invoices, received_at, raw_encoding)
                VALUES ($p0, $p1, $p2, $p3, $p4, $p5, $p6, $p7, $p8, $p9, $p10, $p11, $p12)
                RETURNING sending_id
                """, 13, out _sendingValues);
            _line = Command("""
                INSERT INTO care_lines (sending_id, invoice_number, record_seq, beneficiary_id, provider_id, code, service_date,
                    quantity, billed_cents, claimed_insurer_cents, claimed_share_cents, supplement_cents, conventioned, channel, referral, known_at,
                    destination_mutuality)
                VALUES ($p0, $p1, $p2, $p3, $p4, $p5, $p6, $p7, $p8, $p9, $p10, $p11, $p12, $p13, $p14, $p15, $p16)
                """, 17, out _lineValues);
        }

        private SqliteCommand Command(string sql, int parameters, out SqliteParameter[] values)
        {
            var command = _connection.CreateCommand();
            command.CommandText = sql;
            values = new SqliteParameter[parameters];
            for (int i = 0; i < parameters; i++) values[i] = command.Parameters.Add(new SqliteParameter($"$p{i}", null));
            return command;
        }

        private SqliteCommand Bound(SqliteCommand command)
        {
            command.Transaction = _transaction;
            return command;
        }

        public SendingRow? SendingBySha256(string sha256)
        {
            var command = Bound(_bySha);
            command.Parameters[0].Value = sha256;
            using var reader = command.ExecuteReader();
            if (!reader.Read()) return null;
            string? Text(string column) => reader.IsDBNull(reader.GetOrdinal(column)) ? null : reader.GetString(reader.GetOrdinal(column));
            return new SendingRow
            {
                SendingId = reader.GetInt64(reader.GetOrdinal("SendingId")), Channel = Text("Channel")!, FileName = Text("FileName")!,
                Sha256 = Text("Sha256")!, Identity = Text("Identity")!, SenderId = Text("SenderId"),
                SendingNumber = reader.IsDBNull(reader.GetOrdinal("SendingNumber")) ? null : reader.GetInt32(reader.GetOrdinal("SendingNumber")),
                InvoicedMonth = Text("InvoicedMonth"), Status = Text("Status")!,
                AcceptedInvoices = reader.GetInt32(reader.GetOrdinal("AcceptedInvoices")),
                RejectedInvoices = reader.GetInt32(reader.GetOrdinal("RejectedInvoices")),
                ReceivedAt = DbTypes.ParseInstant(Text("ReceivedAt")!),
            };
        }

        public bool SendingIdentityExists(string identity)
        {
            var command = Bound(_identity);
            command.Parameters[0].Value = identity;
            return Convert.ToInt64(command.ExecuteScalar()) != 0;
        }

        public long Add(SendingRow sending, IReadOnlyList<CareLineRow> lines)
        {
            _transaction ??= _connection.BeginTransaction();
            var s = _sendingValues;
            s[0].Value = sending.Channel;
            s[1].Value = sending.FileName;
            s[2].Value = sending.Sha256;
            s[3].Value = sending.Identity;
            s[4].Value = (object?)sending.SenderId ?? DBNull.Value;
            s[5].Value = (object?)sending.SendingNumber ?? DBNull.Value;
            s[6].Value = (object?)sending.InvoicedMonth ?? DBNull.Value;
            var (stored, encoding) = RawEncoding.Encode(sending.Raw);
            s[7].Value = stored;
            s[8].Value = sending.Status;
            s[9].Value = sending.AcceptedInvoices;
            s[10].Value = sending.RejectedInvoices;
            s[11].Value = Stored(sending.ReceivedAt);
            s[12].Value = encoding;
            var id = Convert.ToInt64(Bound(_sending).ExecuteScalar());

            var command = Bound(_line);
            var p = _lineValues;
            p[0].Value = id;
            foreach (var l in lines)
            {
                p[1].Value = l.InvoiceNumber;
                p[2].Value = l.RecordSeq;
                p[3].Value = l.BeneficiaryId;
                p[4].Value = l.ProviderId;
                p[5].Value = l.Code;
                p[6].Value = DbTypes.Text(l.ServiceDate);
                p[7].Value = l.Quantity;
                p[8].Value = l.Billed.Cents;
                p[9].Value = l.ClaimedInsurer.Cents;
                p[10].Value = l.ClaimedShare.Cents;
                p[11].Value = l.Supplement.Cents;
                p[12].Value = l.Conventioned;
                p[13].Value = l.Channel;
                p[14].Value = l.Referral;
                p[15].Value = Stored(l.KnownAt);
                p[16].Value = (object?)l.DestinationMutuality ?? DBNull.Value;
                command.ExecuteNonQuery();
            }
            PendingFiles++;
            PendingLines += lines.Count;
            return id;
        }

        /// <summary>The lines of one file share their instant: formatted once.</summary>
        private string Stored(Instant instant)
        {
            if (instant != _lastInstant)
            {
                _lastInstantText = DbTypes.Stored(instant);
                _lastInstant = instant;
            }
            return _lastInstantText;
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
            foreach (var c in new[] { _bySha, _identity, _sending, _line }) c.Dispose();
            _connection.Dispose();
        }
    }
}
