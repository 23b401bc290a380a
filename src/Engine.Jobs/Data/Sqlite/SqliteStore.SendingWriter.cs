using Microsoft.Data.Sqlite;
using SQLitePCL;
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
        private readonly SqliteCommand _bySha, _identity, _sending;
        private readonly SqliteParameter[] _sendingValues;
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
        }

        private const string LineSql = """
            INSERT INTO care_lines (sending_id, invoice_number, record_seq, beneficiary_id, provider_id, code, service_date,
                quantity, billed_cents, claimed_insurer_cents, claimed_share_cents, supplement_cents, conventioned, channel, referral, known_at,
                destination_mutuality)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)
            """;

        private sqlite3_stmt? _lineStatement;

        /// <summary>The care lines' insert, prepared once on the writer's connection.</summary>
        private sqlite3_stmt LineStatement()
        {
            if (_lineStatement is not null) return _lineStatement;
            var rc = raw.sqlite3_prepare_v2(_connection.Handle, LineSql, out var statement);
            if (rc != raw.SQLITE_OK) SqliteException.ThrowExceptionForRC(rc, _connection.Handle);
            return _lineStatement = statement;
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

            // The care lines through SQLite's own statement, bound by position: Microsoft.Data.Sqlite looks each of the
            // 16 parameters up by name at every row, most of a line's insert. Same values, same types as it binds
            // (text, integer; a bool as 0 or 1), in the connection's open transaction.
            var line = LineStatement();
            foreach (var l in lines)
            {
                raw.sqlite3_bind_int64(line, 1, id);
                raw.sqlite3_bind_text(line, 2, l.InvoiceNumber);
                raw.sqlite3_bind_int64(line, 3, l.RecordSeq);
                raw.sqlite3_bind_text(line, 4, l.BeneficiaryId);
                raw.sqlite3_bind_text(line, 5, l.ProviderId);
                raw.sqlite3_bind_int64(line, 6, l.Code);
                raw.sqlite3_bind_text(line, 7, DbTypes.Text(l.ServiceDate));
                raw.sqlite3_bind_int64(line, 8, l.Quantity);
                raw.sqlite3_bind_int64(line, 9, l.Billed.Cents);
                raw.sqlite3_bind_int64(line, 10, l.ClaimedInsurer.Cents);
                raw.sqlite3_bind_int64(line, 11, l.ClaimedShare.Cents);
                raw.sqlite3_bind_int64(line, 12, l.Supplement.Cents);
                raw.sqlite3_bind_int64(line, 13, l.Conventioned ? 1 : 0);
                raw.sqlite3_bind_text(line, 14, l.Channel);
                raw.sqlite3_bind_int64(line, 15, l.Referral ? 1 : 0);
                raw.sqlite3_bind_text(line, 16, Stored(l.KnownAt));
                if (l.DestinationMutuality is { } destination) raw.sqlite3_bind_int64(line, 17, destination);
                else raw.sqlite3_bind_null(line, 17);
                var rc = raw.sqlite3_step(line);
                raw.sqlite3_reset(line);
                if (rc != raw.SQLITE_DONE) SqliteException.ThrowExceptionForRC(rc, _connection.Handle);
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
            _lineStatement?.Dispose(); // finalized before its connection closes
            foreach (var c in new[] { _bySha, _identity, _sending }) c.Dispose();
            _connection.Dispose();
        }
    }
}
