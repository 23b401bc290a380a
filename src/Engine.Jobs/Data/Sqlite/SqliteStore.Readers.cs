using Engine.Core.Money;
using Microsoft.Data.Sqlite;
using NodaTime;

namespace Engine.Jobs.Data.Sqlite;

/// <summary>
/// The rows a run reads by the hundred thousand (its care lines and their members' registry rows: partitions; its
/// items and transfers: decide, files), read by column position instead of Dapper's mapping: Dapper boxes every value
/// and asks each column's type, which cost more than SQLite's own reading (measured: half the file phase's time, half
/// a partition's reading). The columns are those of <see cref="LineColumnsOf"/>, <see cref="StoreSql.BeneficiariesAsOf"/>,
/// <see cref="StoreSql.StatusesAsOf"/>, <see cref="StoreSql.HouseholdsAsOf"/>, <see cref="ItemColumns"/> and <see cref="TransferColumns"/>,
/// in their order.
/// </summary>
public sealed partial class SqliteStore
{
    /// <summary>The number of columns of <see cref="LineColumnsOf"/>.</summary>
    private const int LineColumnCount = 18;

    /// <summary>The care line whose <see cref="LineColumnsOf"/> start at column <paramref name="o"/> (its instant parsed once a reading when <paramref name="instants"/> is given).</summary>
    private static CareLineRow ReadLine(SqliteDataReader r, int o, Instants? instants = null) => new()
    {
        LineId = r.GetInt64(o), SendingId = r.GetInt64(o + 1), InvoiceNumber = r.GetString(o + 2), RecordSeq = r.GetInt32(o + 3),
        BeneficiaryId = r.GetString(o + 4), ProviderId = r.GetString(o + 5), Code = r.GetInt32(o + 6), ServiceDate = DbTypes.ParseDate(r.GetString(o + 7)),
        Quantity = r.GetInt32(o + 8), Billed = new Money(r.GetInt64(o + 9)), ClaimedInsurer = new Money(r.GetInt64(o + 10)),
        ClaimedShare = new Money(r.GetInt64(o + 11)), Supplement = new Money(r.GetInt64(o + 12)), Conventioned = r.GetInt64(o + 13) != 0,
        Channel = r.GetString(o + 14), Referral = r.GetInt64(o + 15) != 0, KnownAt = instants is null ? DbTypes.ParseInstant(r.GetString(o + 16)) : instants.Of(r.GetString(o + 16)),
        DestinationMutuality = r.IsDBNull(o + 17) ? null : r.GetInt32(o + 17),
    };

    private static BeneficiaryRow ReadBeneficiary(SqliteDataReader r, Instants instants) => new()
    {
        BeneficiaryId = r.GetString(0), Niss = r.GetString(1), Name = r.GetString(2), BirthDate = DbTypes.ParseDate(r.GetString(3)), Sex = r.GetInt32(4),
        Mutuality = r.GetInt32(5), Iban = Text(r, 6), InsuredFrom = DbTypes.ParseDate(r.GetString(7)), InsuredTo = r.IsDBNull(8) ? null : DbTypes.ParseDate(r.GetString(8)),
        KnownAt = instants.Of(r.GetString(9)), Language = Text(r, 10),
    };

    private static StatusRow ReadStatus(SqliteDataReader r, Instants instants) => new()
    {
        BeneficiaryId = r.GetString(0), Status = r.GetString(1), FromDate = DbTypes.ParseDate(r.GetString(2)), ToDate = r.IsDBNull(3) ? null : DbTypes.ParseDate(r.GetString(3)),
        ProviderId = Text(r, 4), KnownAt = instants.Of(r.GetString(5)), BimKind = Text(r, 6),
    };

    private static HouseholdRow ReadHousehold(SqliteDataReader r, Instants instants) => new()
    {
        HouseholdId = r.GetString(0), Year = r.GetInt32(1), ReferenceIncome = r.IsDBNull(2) ? null : new Money(r.GetInt64(2)),
        BimHousehold = r.GetInt64(3) != 0, Chronic = r.GetInt64(4) != 0, KnownAt = instants.Of(r.GetString(5)),
    };

    /// <summary>
    /// The stored instants of one reading, each parsed once: the rows of an import share its instant, and parsing one
    /// costs more than reading its row.
    /// </summary>
    private sealed class Instants
    {
        private readonly Dictionary<string, Instant> _parsed = new(StringComparer.Ordinal);

        public Instant Of(string stored)
        {
            if (!_parsed.TryGetValue(stored, out var instant)) _parsed[stored] = instant = DbTypes.ParseInstant(stored);
            return instant;
        }
    }

    /// <summary>The number of columns of <see cref="TransferColumns"/>.</summary>
    private const int TransferColumnCount = 16;

    /// <summary>The number of columns of <see cref="ResultColumnsOf"/>.</summary>
    private const int ResultColumnCount = 17;

    private static string? Text(SqliteDataReader r, int o) => r.IsDBNull(o) ? null : r.GetString(o);

    /// <summary>The care line whose <see cref="LineColumnsOf"/> start at column <paramref name="o"/>, as <see cref="ReadLine(SqliteDataReader, int, Instants?)"/> reads it.</summary>
    private static CareLineRow ReadLine(RowReader r, int o) => new()
    {
        LineId = r.Int64(o), SendingId = r.Int64(o + 1), InvoiceNumber = r.String(o + 2), RecordSeq = r.Int32(o + 3),
        BeneficiaryId = r.String(o + 4), ProviderId = r.String(o + 5), Code = r.Int32(o + 6), ServiceDate = r.Date(o + 7),
        Quantity = r.Int32(o + 8), Billed = new Money(r.Int64(o + 9)), ClaimedInsurer = new Money(r.Int64(o + 10)),
        ClaimedShare = new Money(r.Int64(o + 11)), Supplement = new Money(r.Int64(o + 12)), Conventioned = r.Int64(o + 13) != 0,
        Channel = r.String(o + 14), Referral = r.Int64(o + 15) != 0, KnownAt = r.Instant(o + 16),
        DestinationMutuality = r.NullableInt32(o + 17),
    };

    /// <summary>The item whose <see cref="ItemColumns"/> start at column <paramref name="o"/>.</summary>
    private static RunItemRow ReadItem(RowReader r, int o) => new()
    {
        SourceRef = r.String(o), RunId = r.String(o + 1), OriginRunId = r.String(o + 2), Partition = r.NullableInt32(o + 3),
        PayeeKind = r.String(o + 4), PayeeId = r.String(o + 5), PayeeName = r.String(o + 6), Iban = r.Text(o + 7),
        Amount = new Money(r.Int64(o + 8)), Purpose = r.String(o + 9), PurposeRank = r.Int32(o + 10),
        ExecutionDate = r.Date(o + 11), PeriodFrom = r.NullableDate(o + 12), PeriodTo = r.NullableDate(o + 13),
        AdvantageId = r.Text(o + 14), SendingNumber = r.NullableInt32(o + 15), SendingMonth = r.Text(o + 16),
        SendingMutuality = r.NullableInt32(o + 17), StructuredCommunication = r.Text(o + 18),
        Outcome = r.String(o + 19), EndToEndId = r.Text(o + 20), HoldReason = r.Text(o + 21), Provisional = r.Text(o + 22),
        Payer = r.String(o + 23),
    };

    /// <summary>The transfer whose <see cref="TransferColumns"/> start at column <paramref name="o"/>.</summary>
    private static RunTransferRow ReadTransfer(RowReader r, int o) => new()
    {
        RunId = r.String(o), EndToEndId = r.String(o + 1), Seq = r.Int64(o + 2), ExecutionDate = r.Date(o + 3),
        PayeeKind = r.String(o + 4), PayeeId = r.String(o + 5), Purpose = r.String(o + 6), Sending = r.Text(o + 7),
        CreditorName = r.String(o + 8), CreditorIban = r.String(o + 9), Amount = new Money(r.Int64(o + 10)),
        StructuredReference = r.Text(o + 11), Unstructured = r.Text(o + 12), Remittance = r.String(o + 13), Items = r.Int32(o + 14),
        Payer = r.String(o + 15),
    };

    /// <summary>The result whose <see cref="ResultColumnsOf"/> start at column <paramref name="o"/>.</summary>
    private static LineResultRow ReadResult(RowReader r, int o) => new()
    {
        ResultId = r.Int64(o), RunId = r.String(o + 1), LineId = r.Int64(o + 2), RuleSetVersion = r.String(o + 3),
        InputKnownAt = r.Instant(o + 4), Fee = new Money(r.Int64(o + 5)), Insurer = new Money(r.Int64(o + 6)),
        Share = new Money(r.Int64(o + 7)), Supplement = new Money(r.Int64(o + 8)), MafRefund = new Money(r.Int64(o + 9)),
        Payee = r.String(o + 10), Status = r.String(o + 11), Reason = r.String(o + 12), Rules = r.String(o + 13),
        Provisional = r.String(o + 14), Payer = r.String(o + 15), ShareRefund = new Money(r.Int64(o + 16)),
    };

    /// <summary>
    /// Streams the rows of <paramref name="sql"/> read by position (<see cref="RowReader"/>), on a connection of its own:
    /// the reads by the hundred thousand rows. The parameters are texts (or null).
    /// </summary>
    private IEnumerable<T> Raw<T>(string sql, Func<RowReader, T> read, params (string Name, string? Value)[] parameters)
    {
        using var c = Open();
        using var reader = new RowReader(c, sql);
        foreach (var (name, value) in parameters) reader.Bind(name, value);
        while (reader.Read()) yield return read(reader);
    }

    /// <summary>The rows of <paramref name="sql"/>, each read by <paramref name="read"/> (with the reading's instants), on a connection of its own.</summary>
    private List<T> Rows<T>(string sql, Func<SqliteDataReader, Instants, T> read, params (string Name, object? Value)[] parameters) =>
        Streamed(sql, read, parameters).ToList();

    /// <summary>The rows of <paramref name="sql"/> as <see cref="Rows"/> reads them, streamed (none held).</summary>
    private IEnumerable<T> Streamed<T>(string sql, Func<SqliteDataReader, Instants, T> read, params (string Name, object? Value)[] parameters)
    {
        var instants = new Instants();
        return Stream(sql, r => read(r, instants), parameters);
    }

    /// <summary>Streams the rows of <paramref name="sql"/>, each read by <paramref name="read"/>, on a connection of its own.</summary>
    private IEnumerable<T> Stream<T>(string sql, Func<SqliteDataReader, T> read, params (string Name, object? Value)[] parameters)
    {
        using var c = Open();
        using var command = c.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        using var reader = command.ExecuteReader();
        while (reader.Read()) yield return read(reader);
    }
}
