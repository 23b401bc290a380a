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
    /// <summary>The care is dated after the day the insurer received it: set by the shell, which knows when it arrived.</summary>
    ServiceAfterReceipt,
    /// <summary>The code needs the medical adviser's agreement and none covers the care date (eFact 5004L0): awaiting an authorisation.</summary>
    AuthorisationMissing,
    /// <summary>The medical adviser refused the care (eFact 500449).</summary>
    AuthorisationRefused,
    /// <summary>The granted authorisation's sessions are used (eFact 5004L0): awaiting an authorisation.</summary>
    AuthorisationSessionsUsed,
}

public static class ReasonCodes
{
    private static readonly string[] Texts =
    [
        "", "unknown_code", "code_not_valid_on_date", "quantity_invalid", "amount_invalid", "billed_below_fee",
        "service_before_birth", "bim_supplement_forbidden", "conventioned_supplement_forbidden", "invalid_input",
        "unknown_beneficiary", "invalid_beneficiary", "billed_above_listed_price", "service_after_receipt",
        "authorisation_missing", "authorisation_refused", "authorisation_sessions_used",
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
