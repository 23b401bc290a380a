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
        private readonly SqliteCommand _bySha;
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
        }

        // The statements run for every file through SQLite's own API, bound by position: Microsoft.Data.Sqlite looks each
        // parameter up by name and builds a data reader at every call, more than the statement itself takes. Same values,
        // same types as it binds (text, integer, blob, null), in the connection's open transaction.
        private const string SendingSql = """
            INSERT INTO sendings (channel, file_name, sha256, identity, sender_id, sending_number, invoiced_month, raw, status,
                accepted_invoices, rejected_invoices, received_at, raw_encoding)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)
            RETURNING sending_id
            """;

        private const string ShaExistsSql = "SELECT EXISTS (SELECT 1 FROM sendings WHERE sha256 = ?1)";
        private const string IdentityExistsSql = "SELECT EXISTS (SELECT 1 FROM sendings WHERE identity = ?1)";

        private const string LineSql = """
            INSERT INTO care_lines (sending_id, invoice_number, record_seq, beneficiary_id, provider_id, code, service_date,
                quantity, billed_cents, claimed_insurer_cents, claimed_share_cents, supplement_cents, conventioned, channel, referral, known_at,
                destination_mutuality)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)
            """;

        private const string LastLineSql = "SELECT COALESCE(MAX(line_id), 0) FROM care_lines";

        /// <summary>The lines of the transaction enter the runs' work list with it (migration 0044), in one statement.</summary>
        private const string ToComputeSql = "INSERT INTO lines_to_compute (line_id) SELECT line_id FROM care_lines WHERE line_id > ?1";

        private sqlite3_stmt? _lineStatement, _sendingStatement, _shaExists, _identityExists, _lastLine, _toCompute;
        private long _linesBefore;

        /// <summary>A statement prepared once on the writer's connection.</summary>
        private sqlite3_stmt Prepared(ref sqlite3_stmt? statement, string sql)
        {
            if (statement is not null) return statement;
            var rc = raw.sqlite3_prepare_v2(_connection.Handle, sql, out var prepared);
            if (rc != raw.SQLITE_OK) SqliteException.ThrowExceptionForRC(rc, _connection.Handle);
            return statement = prepared;
        }

        /// <summary>Runs a statement that answers one integer, and resets it.</summary>
        private long Scalar(sqlite3_stmt statement)
        {
            var rc = raw.sqlite3_step(statement);
            var value = rc == raw.SQLITE_ROW ? raw.sqlite3_column_int64(statement, 0) : 0;
            if (rc == raw.SQLITE_ROW) rc = raw.sqlite3_step(statement);
            raw.sqlite3_reset(statement);
            if (rc != raw.SQLITE_DONE) SqliteException.ThrowExceptionForRC(rc, _connection.Handle);
            return value;
        }

        private bool Exists(ref sqlite3_stmt? statement, string sql, string key)
        {
            var exists = Prepared(ref statement, sql);
            raw.sqlite3_bind_text(exists, 1, key);
            return Scalar(exists) != 0;
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
            // Nearly every file is new: asked first whether any sending holds the bytes, read whole only when one does.
            if (!Exists(ref _shaExists, ShaExistsSql, sha256)) return null;
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

        public bool SendingIdentityExists(string identity) => Exists(ref _identityExists, IdentityExistsSql, identity);

        public long Add(SendingRow sending, IReadOnlyList<CareLineRow> lines)
        {
            if (_transaction is null)
            {
                _transaction = _connection.BeginTransaction();
                // Under the write lock (BEGIN IMMEDIATE): every line stored until the commit gets a greater id.
                _linesBefore = Scalar(Prepared(ref _lastLine, LastLineSql));
            }
            var s = Prepared(ref _sendingStatement, SendingSql);
            raw.sqlite3_bind_text(s, 1, sending.Channel);
            raw.sqlite3_bind_text(s, 2, sending.FileName);
            raw.sqlite3_bind_text(s, 3, sending.Sha256);
            raw.sqlite3_bind_text(s, 4, sending.Identity);
            BindTextOrNull(s, 5, sending.SenderId);
            if (sending.SendingNumber is { } number) raw.sqlite3_bind_int64(s, 6, number);
            else raw.sqlite3_bind_null(s, 6);
            BindTextOrNull(s, 7, sending.InvoicedMonth);
            var (stored, encoding) = RawEncoding.Encode(sending.Raw);
            raw.sqlite3_bind_blob(s, 8, stored);
            raw.sqlite3_bind_text(s, 9, sending.Status);
            raw.sqlite3_bind_int64(s, 10, sending.AcceptedInvoices);
            raw.sqlite3_bind_int64(s, 11, sending.RejectedInvoices);
            raw.sqlite3_bind_text(s, 12, Stored(sending.ReceivedAt));
            raw.sqlite3_bind_text(s, 13, encoding);
            var id = Scalar(s);

            // The care lines (a bool as 0 or 1).
            var line = Prepared(ref _lineStatement, LineSql);
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

        private static void BindTextOrNull(sqlite3_stmt statement, int index, string? text)
        {
            if (text is null) raw.sqlite3_bind_null(statement, index);
            else raw.sqlite3_bind_text(statement, index, text);
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
            var toCompute = Prepared(ref _toCompute, ToComputeSql);
            raw.sqlite3_bind_int64(toCompute, 1, _linesBefore);
            var rc = raw.sqlite3_step(toCompute);
            raw.sqlite3_reset(toCompute);
            if (rc != raw.SQLITE_DONE) SqliteException.ThrowExceptionForRC(rc, _connection.Handle);
            _transaction.Commit();
            _transaction.Dispose();
            _transaction = null;
            PendingFiles = 0;
            PendingLines = 0;
        }

        public void Dispose()
        {
            _transaction?.Dispose(); // rolls back what was not committed
            // finalized before their connection closes
            foreach (var statement in new[] { _lineStatement, _sendingStatement, _shaExists, _identityExists, _lastLine, _toCompute }) statement?.Dispose();
            _bySha.Dispose();
            _connection.Dispose();
        }
    }
}
