using System.Data;
using Dapper;
using Engine.Jobs.Data;
using Engine.Jobs.Data.Sqlite;
using Microsoft.Data.SqlClient;
using NodaTime;

namespace Engine.Store.SqlServer;

public sealed partial class SqlServerStore
{
    public ISendingWriter OpenSendingWriter() => new SendingWriter(Open());

    private const string WriterSendingBySha256Sql = $"SELECT {SendingHeaderColumns} FROM sendings WHERE sha256 = @sha256";

    /// <summary>The sendings and identities of the files ahead, in one round trip (<see cref="ISendingWriter.Expect"/>).</summary>
    private const string ExpectSendingsSql = $"""
        SELECT {SendingHeaderColumns} FROM sendings WHERE sha256 IN (SELECT CAST(value AS nvarchar(450)) COLLATE Latin1_General_100_BIN2 FROM OPENJSON(@shas));
        SELECT [identity] FROM sendings WHERE [identity] IN (SELECT CAST(value AS nvarchar(450)) COLLATE Latin1_General_100_BIN2 FROM OPENJSON(@ids));
        """;

    private static readonly BulkTarget SendingsBulk = new("sendings",
        "sending_id", "channel", "file_name", "sha256", "identity", "sender_id", "sending_number", "invoiced_month", "raw", "status",
        "accepted_invoices", "rejected_invoices", "received_at", "raw_encoding");

    private static readonly BulkTarget CareLinesBulk = new("care_lines",
        "line_id", "sending_id", "invoice_number", "record_seq", "beneficiary_id", "provider_id", "code", "service_date", "quantity",
        "billed_cents", "claimed_insurer_cents", "claimed_share_cents", "supplement_cents", "conventioned", "channel", "referral", "known_at",
        "destination_mutuality");

    private const string LinesToComputeSql = """
        INSERT INTO lines_to_compute (line_id)
        SELECT line_id FROM care_lines WHERE line_id >= @first AND line_id < @next
        """;

    /// <summary>
    /// One connection; the transaction begins at the first file expected or added after a commit and takes the inputs'
    /// lock, so the keys it gives (greatest + 1, as SQLite's rowids) are taken by no other writer, and what it looked up
    /// stays true until it commits. A batch is held in memory and written at <see cref="Commit"/>: its sendings in one
    /// SqlBulkCopy, its care lines in another, then the commit; the lookups of the files ahead are made in one round trip
    /// (<see cref="Expect"/>) and answered, with the files of the open batch, from memory (as the PostgreSQL store).
    /// </summary>
    private sealed class SendingWriter(SqlConnection connection) : ISendingWriter
    {
        private SqlTransaction? _transaction;
        private long _nextSending, _nextLine;
        private readonly List<(long Id, SendingRow Sending, byte[] Stored, string Encoding, IReadOnlyList<CareLineRow> Lines)> _batch = [];
        // What the store (under the lock) and the open batch say of a hash or an identity; emptied at each commit.
        private readonly Dictionary<string, SendingRow?> _bySha = new(StringComparer.Ordinal);
        private readonly Dictionary<string, bool> _identities = new(StringComparer.Ordinal);

        public int PendingFiles => _batch.Count;
        public int PendingLines { get; private set; }

        private void Begin()
        {
            if (_transaction is not null) return;
            _transaction = connection.BeginTransaction();
            TakeInputLock(connection, _transaction);
            _nextSending = NextId(connection, _transaction, NextSendingIdSql);
            _nextLine = NextId(connection, _transaction, NextLineIdSql);
        }

        public SendingRow? SendingBySha256(string sha256) =>
            _bySha.TryGetValue(sha256, out var known) ? known
                : connection.QuerySingleOrDefault<SendingRow>(WriterSendingBySha256Sql, new { sha256 }, _transaction);

        public bool SendingIdentityExists(string identity) =>
            _identities.TryGetValue(identity, out var known) ? known
                : connection.ExecuteScalar<long>(SendingIdentityExistsSql, new { identity }, _transaction) > 0;

        public void Expect(IReadOnlyCollection<string> sha256s, IReadOnlyCollection<string> identities)
        {
            var shas = sha256s.Where(h => !_bySha.ContainsKey(h)).Distinct().ToArray();
            var ids = identities.Where(i => !_identities.ContainsKey(i)).Distinct().ToArray();
            if (shas.Length == 0 && ids.Length == 0) return;
            Begin(); // under the lock: what is found stays true until the commit
            using var found = connection.QueryMultiple(ExpectSendingsSql, new { shas = Json(shas), ids = Json(ids) }, _transaction);
            foreach (var h in shas) _bySha[h] = null;
            foreach (var row in found.Read<SendingRow>()) _bySha[row.Sha256] = row;
            foreach (var i in ids) _identities[i] = false;
            foreach (var i in found.Read<string>()) _identities[i] = true;
        }

        public long Add(SendingRow sending, IReadOnlyList<CareLineRow> lines)
        {
            Begin();
            var id = _nextSending++;
            var (stored, encoding) = RawEncoding.Encode(sending.Raw); // held compressed until the commit
            _batch.Add((id, sending, stored, encoding, lines));
            // Seen by the next files' lookups as SQLite's writer sees its uncommitted rows (the raw bytes left out, as there).
            _bySha[sending.Sha256] = new SendingRow
            {
                SendingId = id, Channel = sending.Channel, FileName = sending.FileName, Sha256 = sending.Sha256, Identity = sending.Identity,
                SenderId = sending.SenderId, SendingNumber = sending.SendingNumber, InvoicedMonth = sending.InvoicedMonth, Status = sending.Status,
                AcceptedInvoices = sending.AcceptedInvoices, RejectedInvoices = sending.RejectedInvoices, ReceivedAt = sending.ReceivedAt,
            };
            _identities[sending.Identity] = true;
            PendingLines += lines.Count;
            return id;
        }

        public void Commit()
        {
            if (_transaction is null) return;
            if (_batch.Count > 0) Write(_transaction);
            _transaction.Commit();
            _transaction.Dispose();
            _transaction = null;
            _batch.Clear();
            _bySha.Clear();
            _identities.Clear();
            PendingLines = 0;
        }

        private void Write(SqlTransaction tx)
        {
            var first = _nextLine;
            Copy(connection, tx, SendingsBulk, _batch, b =>
            [
                b.Id, b.Sending.Channel, b.Sending.FileName, b.Sending.Sha256, b.Sending.Identity, b.Sending.SenderId, b.Sending.SendingNumber,
                b.Sending.InvoicedMonth, b.Stored, b.Sending.Status, b.Sending.AcceptedInvoices, b.Sending.RejectedInvoices,
                Stored(b.Sending.ReceivedAt), b.Encoding,
            ]);
            Copy(connection, tx, CareLinesBulk, _batch.SelectMany(b => b.Lines.Select(l => (b.Id, Line: l))), x =>
            [
                _nextLine++, x.Id, x.Line.InvoiceNumber, x.Line.RecordSeq, x.Line.BeneficiaryId, x.Line.ProviderId, x.Line.Code,
                Date(x.Line.ServiceDate), x.Line.Quantity, x.Line.Billed.Cents, x.Line.ClaimedInsurer.Cents, x.Line.ClaimedShare.Cents,
                x.Line.Supplement.Cents, x.Line.Conventioned, x.Line.Channel, x.Line.Referral, KnownAt(x.Line.KnownAt),
                x.Line.DestinationMutuality,
            ]);
            // The batch's lines enter the runs' work list with it (migration 0018).
            connection.Execute(LinesToComputeSql, new { first, next = _nextLine }, tx);
        }

        // The lines of one file share their instant: formatted once.
        private Instant _lastKnownAt = Instant.MinValue;
        private string _lastKnownAtText = "";

        private string KnownAt(Instant at)
        {
            if (at != _lastKnownAt) (_lastKnownAt, _lastKnownAtText) = (at, DbTypes.Stored(at));
            return _lastKnownAtText;
        }

        public void Dispose()
        {
            _transaction?.Dispose(); // rolls back what was not committed
            connection.Dispose();
        }
    }
}
