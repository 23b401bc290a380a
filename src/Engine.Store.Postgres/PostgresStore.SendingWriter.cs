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
    /// One connection; the transaction begins at the first file expected or added after a commit and takes the inputs'
    /// lock, so the keys it gives (greatest + 1, as SQLite's rowids) are taken by no other writer, and what it looked up
    /// stays true until it commits. A batch is held in memory and written at <see cref="Commit"/>: its sendings in one
    /// binary COPY, its care lines in another, then the commit; the lookups of the files ahead are made in one round trip
    /// (<see cref="Expect"/>) and answered, with the files of the open batch, from memory. Three round trips a batch
    /// where there were five or six a file.
    /// </summary>
    private sealed class SendingWriter(NpgsqlConnection connection) : ISendingWriter
    {
        private NpgsqlTransaction? _transaction;
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
            _nextSending = NextId(connection, _transaction, "sendings", "sending_id");
            _nextLine = NextId(connection, _transaction, "care_lines", "line_id");
        }

        public SendingRow? SendingBySha256(string sha256) =>
            _bySha.TryGetValue(sha256, out var known) ? known
                : connection.QuerySingleOrDefault<SendingRow>(BySha256Sql, new { sha256 }, _transaction);

        private static readonly string BySha256Sql = $"SELECT {SendingColumns.Replace("raw AS Raw,", "")} FROM sendings WHERE sha256 = @sha256";

        public bool SendingIdentityExists(string identity) =>
            _identities.TryGetValue(identity, out var known) ? known
                : connection.ExecuteScalar<bool>("SELECT EXISTS (SELECT 1 FROM sendings WHERE identity = @identity)", new { identity }, _transaction);

        public void Expect(IReadOnlyCollection<string> sha256s, IReadOnlyCollection<string> identities)
        {
            var shas = sha256s.Where(h => !_bySha.ContainsKey(h)).Distinct().ToArray();
            var ids = identities.Where(i => !_identities.ContainsKey(i)).Distinct().ToArray();
            if (shas.Length == 0 && ids.Length == 0) return;
            Begin(); // under the lock: what is found stays true until the commit
            using var found = connection.QueryMultiple($"""
                SELECT {SendingColumns.Replace("raw AS Raw,", "")} FROM sendings WHERE sha256 = ANY(@shas);
                SELECT identity FROM sendings WHERE identity = ANY(@ids);
                """, new { shas, ids }, _transaction);
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
            if (_batch.Count > 0) Write();
            _transaction.Commit();
            _transaction.Dispose();
            _transaction = null;
            _batch.Clear();
            _bySha.Clear();
            _identities.Clear();
            PendingLines = 0;
        }

        private void Write()
        {
            var first = _nextLine;
            Copy(connection, """
                sendings (sending_id, channel, file_name, sha256, identity, sender_id, sending_number, invoiced_month, raw, status,
                    accepted_invoices, rejected_invoices, received_at, raw_encoding)
                """, _batch, (w, b) =>
            {
                var s = b.Sending;
                w.Long(b.Id); w.Text(s.Channel); w.Text(s.FileName); w.Text(s.Sha256); w.Text(s.Identity); w.Text(s.SenderId);
                w.Int(s.SendingNumber); w.Text(s.InvoicedMonth); w.Bytes(b.Stored); w.Text(s.Status); w.Int(s.AcceptedInvoices);
                w.Int(s.RejectedInvoices); w.Instant(s.ReceivedAt); w.Text(b.Encoding);
            });
            Copy(connection, """
                care_lines (line_id, sending_id, invoice_number, record_seq, beneficiary_id, provider_id, code, service_date, quantity,
                    billed_cents, claimed_insurer_cents, claimed_share_cents, supplement_cents, conventioned, channel, referral, known_at,
                    destination_mutuality)
                """, _batch.SelectMany(b => b.Lines.Select(l => (b.Id, Line: l))), (w, x) =>
            {
                var l = x.Line;
                w.Long(_nextLine++); w.Long(x.Id); w.Text(l.InvoiceNumber); w.Int(l.RecordSeq); w.Text(l.BeneficiaryId); w.Text(l.ProviderId);
                w.Int(l.Code); w.Date(l.ServiceDate); w.Int(l.Quantity); w.Long(l.Billed.Cents); w.Long(l.ClaimedInsurer.Cents);
                w.Long(l.ClaimedShare.Cents); w.Long(l.Supplement.Cents); w.Bool(l.Conventioned); w.Text(l.Channel); w.Bool(l.Referral);
                KnownAt(w, l.KnownAt);
                w.Int(l.DestinationMutuality);
            });
            // The batch's lines enter the runs' work list with it (migration 0018).
            connection.Execute("""
                INSERT INTO lines_to_compute (line_id)
                SELECT line_id FROM care_lines WHERE line_id >= @first AND line_id < @next
                """, new { first, next = _nextLine }, _transaction);
        }

        // The lines of one file share their instant: formatted once.
        private Instant _lastKnownAt = Instant.MinValue;
        private string _lastKnownAtText = "";

        private void KnownAt(NpgsqlBinaryImporter w, Instant at)
        {
            if (at != _lastKnownAt) (_lastKnownAt, _lastKnownAtText) = (at, DbTypes.Stored(at));
            w.Write(_lastKnownAtText, NpgsqlDbType.Text);
        }

        public void Dispose()
        {
            _transaction?.Dispose(); // rolls back what was not committed
            connection.Dispose();
        }
    }
}
