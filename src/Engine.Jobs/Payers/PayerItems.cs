using Engine.Core.Payers;

namespace Engine.Jobs.Payers;

/// <summary>The items a recalculation settles a line's insurer amount on, one per payer that can pay a line.</summary>
public static class PayerItems
{
    /// <summary>The payers of a line's insurer amount (the war-victims fund pays shares, never a line).</summary>
    public static readonly Payer[] LinePayers = [Payer.Insurance, Payer.SppIs, Payer.Fedasil, Payer.Justice];

    /// <summary>
    /// 'line:ID' for the payer the run charged the line to (the item of every recalculation before payers), else
    /// 'line:ID@code': what that other payer owes for the line.
    /// </summary>
    public static string LineItem(long lineId, string paidBy, Payer payer) =>
        payer.Code() == paidBy ? $"line:{lineId}" : $"line:{lineId}@{payer.Code()}";
}
