using Engine.Core.Money;
using Microsoft.Data.Sqlite;
using NodaTime;

namespace Engine.Jobs.Data.Sqlite;

/// <summary>
/// The rows a run reads by the hundred thousand (its care lines and their members' registry rows: partitions; its
/// items and transfers: decide, files), read by column position instead of Dapper's mapping: Dapper boxes every value
/// and asks each column's type, which cost more than SQLite's own reading (measured: half the file phase's time, half
/// a partition's reading). The columns are those of <see cref="LineColumnsOf"/>, <see cref="BeneficiariesAsOf"/>,
/// <see cref="StatusesAsOf"/>, <see cref="HouseholdsAsOf"/>, <see cref="ItemColumns"/> and <see cref="TransferColumns"/>,
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

    /// <summary>The item whose <see cref="ItemColumns"/> start at column <paramref name="o"/>.</summary>
    private static RunItemRow ReadItem(SqliteDataReader r, int o) => new()
    {
        SourceRef = r.GetString(o), RunId = r.GetString(o + 1), OriginRunId = r.GetString(o + 2),
        Partition = r.IsDBNull(o + 3) ? null : r.GetInt32(o + 3),
        PayeeKind = r.GetString(o + 4), PayeeId = r.GetString(o + 5), PayeeName = r.GetString(o + 6), Iban = Text(r, o + 7),
        Amount = new Money(r.GetInt64(o + 8)), Purpose = r.GetString(o + 9), PurposeRank = r.GetInt32(o + 10),
        ExecutionDate = DbTypes.ParseDate(r.GetString(o + 11)),
        PeriodFrom = r.IsDBNull(o + 12) ? null : DbTypes.ParseDate(r.GetString(o + 12)), PeriodTo = r.IsDBNull(o + 13) ? null : DbTypes.ParseDate(r.GetString(o + 13)),
        AdvantageId = Text(r, o + 14), SendingNumber = r.IsDBNull(o + 15) ? null : r.GetInt32(o + 15), SendingMonth = Text(r, o + 16),
        SendingMutuality = r.IsDBNull(o + 17) ? null : r.GetInt32(o + 17), StructuredCommunication = Text(r, o + 18),
        Outcome = r.GetString(o + 19), EndToEndId = Text(r, o + 20), HoldReason = Text(r, o + 21), Provisional = Text(r, o + 22),
        Payer = r.GetString(o + 23),
    };

    /// <summary>The item whose <see cref="ItemColumns"/> start at column <paramref name="o"/> of a raw query's current row
    /// (<see cref="ReadItem(SqliteDataReader, int)"/>'s values). The columns that repeat from item to item in payee order
    /// (the run, a payee's name and account, a purpose, a date, a month) are read as the row before's string when their
    /// bytes are the same.</summary>
    private static RunItemRow ReadItem(RowStatement r, int o) => new()
    {
        SourceRef = r.TextOrNull(o)!, RunId = r.RepeatedTextOrNull(o + 1)!, OriginRunId = r.RepeatedTextOrNull(o + 2)!,
        Partition = r.IsNull(o + 3) ? null : (int)r.Int64(o + 3),
        PayeeKind = r.RepeatedTextOrNull(o + 4)!, PayeeId = r.RepeatedTextOrNull(o + 5)!, PayeeName = r.RepeatedTextOrNull(o + 6)!,
        Iban = r.RepeatedTextOrNull(o + 7),
        Amount = new Money(r.Int64(o + 8)), Purpose = r.RepeatedTextOrNull(o + 9)!, PurposeRank = (int)r.Int64(o + 10),
        ExecutionDate = DbTypes.ParseDate(r.RepeatedTextOrNull(o + 11)!),
        PeriodFrom = r.IsNull(o + 12) ? null : DbTypes.ParseDate(r.RepeatedTextOrNull(o + 12)!),
        PeriodTo = r.IsNull(o + 13) ? null : DbTypes.ParseDate(r.RepeatedTextOrNull(o + 13)!),
        AdvantageId = r.TextOrNull(o + 14), SendingNumber = r.IsNull(o + 15) ? null : (int)r.Int64(o + 15),
        SendingMonth = r.RepeatedTextOrNull(o + 16),
        SendingMutuality = r.IsNull(o + 17) ? null : (int)r.Int64(o + 17), StructuredCommunication = r.TextOrNull(o + 18),
        Outcome = r.RepeatedTextOrNull(o + 19)!, EndToEndId = r.TextOrNull(o + 20), HoldReason = r.RepeatedTextOrNull(o + 21),
        Provisional = r.RepeatedTextOrNull(o + 22), Payer = r.RepeatedTextOrNull(o + 23)!,
    };

    /// <summary>The number of columns of <see cref="TransferColumns"/>.</summary>
    private const int TransferColumnCount = 16;

    /// <summary>The transfer whose <see cref="TransferColumns"/> start at column <paramref name="o"/>.</summary>
    private static RunTransferRow ReadTransfer(SqliteDataReader r, int o) => new()
    {
        RunId = r.GetString(o), EndToEndId = r.GetString(o + 1), Seq = r.GetInt64(o + 2), ExecutionDate = DbTypes.ParseDate(r.GetString(o + 3)),
        PayeeKind = r.GetString(o + 4), PayeeId = r.GetString(o + 5), Purpose = r.GetString(o + 6), Sending = Text(r, o + 7),
        CreditorName = r.GetString(o + 8), CreditorIban = r.GetString(o + 9), Amount = new Money(r.GetInt64(o + 10)),
        StructuredReference = Text(r, o + 11), Unstructured = Text(r, o + 12), Remittance = r.GetString(o + 13), Items = r.GetInt32(o + 14),
        Payer = r.GetString(o + 15),
    };

    /// <summary>The number of columns of <see cref="ResultColumnsOf"/>.</summary>
    private const int ResultColumnCount = 17;

    /// <summary>The result whose <see cref="ResultColumnsOf"/> start at column <paramref name="o"/>.</summary>
    private static LineResultRow ReadResult(SqliteDataReader r, int o) => new()
    {
        ResultId = r.GetInt64(o), RunId = r.GetString(o + 1), LineId = r.GetInt64(o + 2), RuleSetVersion = r.GetString(o + 3),
        InputKnownAt = DbTypes.ParseInstant(r.GetString(o + 4)), Fee = new Money(r.GetInt64(o + 5)), Insurer = new Money(r.GetInt64(o + 6)),
        Share = new Money(r.GetInt64(o + 7)), Supplement = new Money(r.GetInt64(o + 8)), MafRefund = new Money(r.GetInt64(o + 9)),
        Payee = r.GetString(o + 10), Status = r.GetString(o + 11), Reason = r.GetString(o + 12), Rules = r.GetString(o + 13),
        Provisional = r.GetString(o + 14), Payer = r.GetString(o + 15), ShareRefund = new Money(r.GetInt64(o + 16)),
    };

    private static string? Text(SqliteDataReader r, int o) => r.IsDBNull(o) ? null : r.GetString(o);

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
