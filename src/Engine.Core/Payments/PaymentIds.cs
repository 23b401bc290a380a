using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using NodaTime;
using NodaTime.Text;

namespace Engine.Core.Payments;

/// <summary>
/// The identifiers written in the payment file. All are pure functions of the run id and the group key, so a run
/// restarted after a crash writes the same ids and the bank's duplicate checks (MsgId, EndToEndId) can work.
/// Every id is at most 35 characters of [A-Za-z0-9.-] (a subset of the SEPA set, no "/").
/// </summary>
public static partial class PaymentIds
{
    public const int MaxLength = 35;

    private static readonly LocalDatePattern Compact = LocalDatePattern.CreateWithInvariantCulture("uuuuMMdd");

    /// <summary>
    /// {P}{yyyyMMdd}-{24 hex}: P the purpose letter (T third-party care, D direct refund, M MAF refund, A AC advantage,
    /// I indemnity), the execution date, then the first 96 bits of SHA-256("e2e.v1\n" + run id + "\n" + group key).
    /// 34 characters. A collision inside one run is checked for by <see cref="PaymentGrouping"/> (it would throw).
    /// </summary>
    public static string EndToEndId(string runId, PaymentGroupKey key)
    {
        RequireRunId(runId);
        return PurposeLetter(key.Purpose) + Compact.Format(key.ExecutionDate) + "-"
               + Hex("e2e.v1\n" + runId + "\n" + key.Canonical, 24);
    }

    /// <summary>The run id itself when it is 1-35 characters of [A-Za-z0-9.-] starting with a letter or digit (also safe in a file name); otherwise "R" + 34 hex of its SHA-256.</summary>
    public static string MessageId(string runId)
    {
        RequireRunId(runId);
        return PlainId().IsMatch(runId) ? runId : "R" + Hex("msg.v1\n" + runId, 34);
    }

    /// <summary>B{yyyyMMdd}-{24 hex of SHA-256("pmtinf.v1\n" + run id + "\n" + date)}: one per execution date.</summary>
    public static string PaymentInfoId(string runId, LocalDate executionDate)
    {
        RequireRunId(runId);
        var date = Compact.Format(executionDate);
        return "B" + date + "-" + Hex("pmtinf.v1\n" + runId + "\n" + date, 24);
    }

    public static char PurposeLetter(PaymentPurpose purpose) => purpose switch
    {
        PaymentPurpose.ThirdPartyCare => 'T',
        PaymentPurpose.DirectRefund => 'D',
        PaymentPurpose.MafRefund => 'M',
        PaymentPurpose.AcAdvantage => 'A',
        PaymentPurpose.Indemnity => 'I',
        PaymentPurpose.ShareRefund => 'V',
        _ => throw new ArgumentOutOfRangeException(nameof(purpose), purpose, null),
    };

    private static void RequireRunId(string runId)
    {
        if (string.IsNullOrWhiteSpace(runId)) throw new ArgumentException("the run id is empty", nameof(runId));
    }

    private static string Hex(string text, int length) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..length];

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9.-]{0,34}$")]
    private static partial Regex PlainId();
}
