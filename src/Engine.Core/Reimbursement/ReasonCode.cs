namespace Engine.Core.Reimbursement;

/// <summary>
/// Why a line is rejected, or (<see cref="LineResult.SupplementFlag"/>) why the supplement of an accepted line is
/// flagged for control. <see cref="ReasonCodes.Text"/> gives the stable short code written in results.
/// </summary>
public enum ReasonCode : byte
{
    None = 0,
    UnknownCode,
    CodeNotValidOnDate,
    QuantityInvalid,
    AmountInvalid,
    /// <summary>No longer produced: a line billed below the fee is paid (sheet §9.7). Kept so that old results read back.</summary>
    BilledBelowFee,
    ServiceBeforeBirth,
    /// <summary>Supplement flag: a supplement billed to a BIM patient while forbidden (sheet §1, §9.4).</summary>
    BimSupplementForbidden,
    /// <summary>Supplement flag: a conventionné provider billed above the agreement fee.</summary>
    ConventionedSupplementForbidden,
    /// <summary>The input row could not be read (bad date, amount, missing field...): set by the reading shell.</summary>
    InvalidInput,
    /// <summary>The line names a beneficiary the shell does not know.</summary>
    UnknownBeneficiary,
    /// <summary>The beneficiary's own record could not be read or is ambiguous.</summary>
    InvalidBeneficiary,
    /// <summary>Supplement flag: a medicine billed above its listed public price; the line is priced at the list.</summary>
    BilledAboveListedPrice,
}

public static class ReasonCodes
{
    private static readonly string[] Texts =
    [
        "", "unknown_code", "code_not_valid_on_date", "quantity_invalid", "amount_invalid", "billed_below_fee",
        "service_before_birth", "bim_supplement_forbidden", "conventioned_supplement_forbidden", "invalid_input",
        "unknown_beneficiary", "invalid_beneficiary", "billed_above_listed_price",
    ];

    /// <summary>The stable text code ("unknown_code", ...); empty for <see cref="ReasonCode.None"/>.</summary>
    public static string Text(this ReasonCode reason) => Texts[(int)reason];

    public static IReadOnlyList<ReasonCode> All { get; } = Enum.GetValues<ReasonCode>();

    public static bool TryParse(string text, out ReasonCode reason)
    {
        int i = Array.IndexOf(Texts, text);
        reason = i > 0 ? (ReasonCode)i : ReasonCode.None;
        return i > 0;
    }
}
