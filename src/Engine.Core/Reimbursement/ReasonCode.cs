namespace Engine.Core.Reimbursement;

/// <summary>Why a line is rejected. <see cref="ReasonCodes.Text"/> gives the stable short code written in results.</summary>
public enum ReasonCode : byte
{
    None = 0,
    UnknownCode,
    CodeNotValidOnDate,
    QuantityInvalid,
    AmountInvalid,
    BilledBelowFee,
    ServiceBeforeBirth,
    BimSupplementForbidden,
    ConventionedSupplementForbidden,
    /// <summary>The input row could not be read (bad date, amount, missing field...): set by the reading shell.</summary>
    InvalidInput,
    /// <summary>The line names a beneficiary the shell does not know.</summary>
    UnknownBeneficiary,
    /// <summary>The beneficiary's own record could not be read or is ambiguous.</summary>
    InvalidBeneficiary,
}

public static class ReasonCodes
{
    private static readonly string[] Texts =
    [
        "", "unknown_code", "code_not_valid_on_date", "quantity_invalid", "amount_invalid", "billed_below_fee",
        "service_before_birth", "bim_supplement_forbidden", "conventioned_supplement_forbidden", "invalid_input",
        "unknown_beneficiary", "invalid_beneficiary",
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
