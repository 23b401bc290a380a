using Engine.Core.Payments;
using NodaTime;

namespace Engine.Jobs.Payments;

/// <summary>The files of one run's payments, each with its ".sha256". <see cref="Pain001"/> is null when nothing is paid.</summary>
public sealed record PaymentRunOutput(
    WrittenFile? Pain001, WrittenFile? Pain001Sha256,
    WrittenFile Remittance, WrittenFile RemittanceSha256,
    WrittenFile HeldBack, WrittenFile HeldBackSha256);

/// <summary>
/// Writes a run's payment files into a folder: {id}.pain001.xml, {id}.remittance.csv and {id}.held-back.csv, id =
/// <see cref="PaymentIds.MessageId"/> of the run. Each is written atomically then its sidecar. Calling it again for
/// the same run with the same plan, debtor and creation instant finds the files present and leaves them
/// (AlreadyPresent = true); different content is a <see cref="PaymentFileConflictException"/>.
/// </summary>
public static class PaymentRunFiles
{
    public static string Pain001Name(string runId) => PaymentIds.MessageId(runId) + ".pain001.xml";
    public static string RemittanceName(string runId) => PaymentIds.MessageId(runId) + ".remittance.csv";
    public static string HeldBackName(string runId) => PaymentIds.MessageId(runId) + ".held-back.csv";

    /// <param name="reached">Told each step done, by the names of <c>Engine.Jobs.Runs.CrashPoints</c> (crash tests).</param>
    public static PaymentRunOutput Write(string folder, PaymentPlan plan, PaymentDebtor debtor, Instant createdAt, Action<string>? reached = null)
    {
        ArgumentNullException.ThrowIfNull(plan);
        debtor.EnsureValid();
        reached ??= _ => { };
        // Reports first and the payment file last, its sidecar the very last: whoever picks up payment files can take
        // "{id}.pain001.xml.sha256 exists" as "this run's files are complete".
        var remittance = AtomicFile.Write(Path.Combine(folder, RemittanceName(plan.RunId)), RemittanceReportWriter.ToBytes(plan));
        var remittanceSha = Sha256Sidecar.Write(remittance);
        reached("remittance-written");
        var held = AtomicFile.Write(Path.Combine(folder, HeldBackName(plan.RunId)), HeldBackReportWriter.ToBytes(plan));
        var heldSha = Sha256Sidecar.Write(held);
        reached("held-back-written");
        WrittenFile? pain = null, painSha = null;
        if (plan.Transfers.Count > 0)
        {
            pain = AtomicFile.Write(Path.Combine(folder, Pain001Name(plan.RunId)), Pain001Writer.ToBytes(plan, debtor, createdAt),
                () => reached("pain001-temp-written"));
            reached("pain001-renamed");
            painSha = Sha256Sidecar.Write(pain);
            reached("pain001-written");
        }
        return new PaymentRunOutput(pain, painSha, remittance, remittanceSha, held, heldSha);
    }
}
