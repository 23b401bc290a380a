using System.Text;

namespace Engine.Core.Reimbursement;

using Money = global::Engine.Core.Money.Money;

public enum LineStatus : byte { Accepted, Rejected }

/// <summary>Who receives the insurer amount: the provider (eFact third-party payment) or the member (eAttest).</summary>
public enum Payee : byte { Provider, Member }

/// <summary>
/// The rule ids a result used, in the order applied (fee, supplement policy, personal share): at most four small
/// numbers that <see cref="ReimbursementRules.RuleId"/> turns into ids. A value type: no allocation per line.
/// </summary>
public readonly record struct RuleRefs
{
    public const int Capacity = 4;
    private readonly short _r0, _r1, _r2, _r3;

    public int Count { get; }

    private RuleRefs(short r0, short r1, short r2, short r3, int count) { _r0 = r0; _r1 = r1; _r2 = r2; _r3 = r3; Count = count; }

    public int this[int i] => i switch
    {
        0 when Count > 0 => _r0,
        1 when Count > 1 => _r1,
        2 when Count > 2 => _r2,
        3 when Count > 3 => _r3,
        _ => throw new ArgumentOutOfRangeException(nameof(i)),
    };

    internal RuleRefs With(short rule) => Count switch
    {
        0 => new RuleRefs(rule, 0, 0, 0, 1),
        1 => new RuleRefs(_r0, rule, 0, 0, 2),
        2 => new RuleRefs(_r0, _r1, rule, 0, 3),
        3 => new RuleRefs(_r0, _r1, _r2, rule, 4),
        _ => throw new InvalidOperationException("a line uses at most four rules"),
    };

    /// <summary>The ids joined with '|' (the `rules` column of results.csv); empty when no rule applied.</summary>
    public string Format(ReimbursementRules rules)
    {
        if (Count == 0) return "";
        var sb = new StringBuilder();
        for (int i = 0; i < Count; i++)
        {
            if (i > 0) sb.Append('|');
            sb.Append(rules.RuleId(this[i]));
        }
        return sb.ToString();
    }

    public IEnumerable<string> Ids(ReimbursementRules rules)
    {
        for (int i = 0; i < Count; i++) yield return rules.RuleId(this[i]);
    }
}

/// <summary>
/// What the kernel decided for one line. Accepted: <see cref="Fee"/> = <see cref="InsurerAmount"/> +
/// <see cref="PersonalShare"/>, where the fee is the agreement fee (a medicine's listed price) of the line, or the
/// billed amount when the provider billed less; <see cref="Supplement"/> (billed above the fee) is never reimbursed.
/// <see cref="SupplementFlag"/>, on an accepted line, says why its supplement is forbidden (a BIM patient, a
/// conventionné provider, a medicine above its listed price): the line is paid as usual and the supplement is listed
/// for control, the provider's to refund. Rejected: every amount is zero and <see cref="Reason"/> says why; the insurer
/// pays nothing.
/// </summary>
public readonly record struct LineResult(
    LineStatus Status,
    ReasonCode Reason,
    Money Fee,
    Money InsurerAmount,
    Money PersonalShare,
    Money Supplement,
    Payee Payee,
    RuleRefs Rules,
    ReasonCode SupplementFlag = ReasonCode.None)
{
    public bool Accepted => Status == LineStatus.Accepted;

    /// <summary>An accepted line whose supplement is forbidden (flagged for control).</summary>
    public bool SupplementFlagged => SupplementFlag != ReasonCode.None;

    internal static LineResult Reject(ReasonCode reason, Payee payee, RuleRefs rules) =>
        new(LineStatus.Rejected, reason, Money.Zero, Money.Zero, Money.Zero, Money.Zero, payee, rules);

    /// <summary>A rejection decided outside the kernel (unreadable input, unknown beneficiary).</summary>
    public static LineResult RejectedInput(ReasonCode reason, Payee payee) => Reject(reason, payee, default);
}
