using NodaTime;

namespace Engine.Jobs.Payments;

using Money = Engine.Core.Money.Money;

/// <summary>
/// A SEPA credit-transfer initiation (pain.001.001.03) as written and as read back: what the file says, counts and
/// sums included, so a reader can check them against the transfers.
/// </summary>
public sealed record Pain001Message(Pain001GroupHeader Header, IReadOnlyList<Pain001PaymentBlock> Blocks);

/// <summary>GrpHdr. <see cref="CreatedAt"/> is Europe/Brussels local time with its offset, to the second.</summary>
public sealed record Pain001GroupHeader(
    string MessageId,
    OffsetDateTime CreatedAt,
    int NumberOfTransactions,
    Money ControlSum,
    string InitiatingPartyName,
    string EnterpriseNumber);

/// <summary>PmtInf: one per requested execution date.</summary>
public sealed record Pain001PaymentBlock(
    string PaymentInfoId,
    LocalDate RequestedExecutionDate,
    int NumberOfTransactions,
    Money ControlSum,
    string DebtorName,
    string DebtorIban,
    string DebtorBic,
    IReadOnlyList<Pain001Transaction> Transactions)
{
    /// <summary>Safe to log: the IBAN is masked.</summary>
    public override string ToString() =>
        $"{PaymentInfoId} {RequestedExecutionDate:uuuu-MM-dd} {NumberOfTransactions} tx {ControlSum} from {Core.Payments.Iban.Mask(DebtorIban)}";
}

/// <summary>CdtTrfTxInf. Exactly one of the two remittances is set; the structured one is the OGM's 12 digits.</summary>
public sealed record Pain001Transaction(
    string EndToEndId,
    Money Amount,
    string CreditorName,
    string CreditorIban,
    string? UnstructuredRemittance,
    string? StructuredReference)
{
    /// <summary>Safe to log: the IBAN is masked.</summary>
    public override string ToString() => $"{EndToEndId} {Amount} to {Core.Payments.Iban.Mask(CreditorIban)}";
}
