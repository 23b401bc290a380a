using Engine.Core.Payments;
using Engine.Jobs.Data;
using Engine.Jobs.Runs;

namespace Engine.Jobs.Payments;

/// <summary>
/// The cells of the payment reports for a stored item and transfer, as those of the <see cref="PayableItem"/> it
/// stands for (<see cref="RunItems.Payable"/>) print, without building that item for each row: each stored spelling of
/// a payee kind, purpose and eFact sending is read once per file (a file holds a few of them, its rows by the hundred
/// thousand), through the same parsers, so a value they refuse is refused here too.
/// </summary>
public sealed class StoredItemCells
{
    private readonly Dictionary<string, string> _kinds = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PaymentPurpose> _purposes = new(StringComparer.Ordinal);
    private readonly Dictionary<(int, string, int), string> _sendings = [];

    /// <summary>"Provider" or "Member", as <see cref="PayeeKind"/> prints.</summary>
    public string Kind(string stored)
    {
        if (!_kinds.TryGetValue(stored, out var text)) _kinds[stored] = text = RunItems.Kind(stored).ToString();
        return text;
    }

    public PaymentPurpose Purpose(string stored)
    {
        if (!_purposes.TryGetValue(stored, out var purpose)) _purposes[stored] = purpose = Enum.Parse<PaymentPurpose>(stored);
        return purpose;
    }

    /// <summary>The sending the item settles, as <see cref="EfactSendingRef"/> prints it (SSS/YYYYMM/MMM); null when none.</summary>
    public string? Sending(RunItemRow i)
    {
        if (i.SendingNumber is not { } n) return null;
        var key = (n, i.SendingMonth!, i.SendingMutuality!.Value);
        if (!_sendings.TryGetValue(key, out var text)) _sendings[key] = text = RunItems.Sending(n, key.Item2, key.Item3).ToString();
        return text;
    }

    /// <summary>The period_from and period_to cells: both, when the item has a period (both ends), else both empty.</summary>
    public static void Period(CsvRowWriter csv, RunItemRow i)
    {
        if (i.PeriodFrom is { } from && i.PeriodTo is { } to)
        {
            if (to < from) throw new ArgumentException($"{i.SourceRef}: period ends {to} before it starts {from}");
            csv.Field(from);
            csv.Field(to);
        }
        else
        {
            csv.Field((string?)null);
            csv.Field((string?)null);
        }
    }
}
