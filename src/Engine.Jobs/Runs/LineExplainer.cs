using Engine.Jobs.Data;
using Engine.Jobs.Rules;

namespace Engine.Jobs.Runs;

/// <summary>
/// "Why was this not fully reimbursed?": for one stored care line, where it came from, what each run decided, and
/// the kernel's explanation recomputed with that run's own rule set and the inputs as known at its as-of instant —
/// checked against what was stored, so the answer is the one that was paid, from the data.
/// </summary>
public sealed class LineExplainer(IEngineStore store, RuleSetArchive rules)
{
    public IReadOnlyList<string> Explain(long lineId)
    {
        var line = store.Lines([lineId]).SingleOrDefault()
                   ?? throw new KeyNotFoundException($"care line {lineId} is not in the store");
        var sending = store.SendingHeaders([line.SendingId]).Single();
        var text = new List<string>
        {
            $"care line {line.LineId}: code {line.Code:0000000} on {line.ServiceDate:yyyy-MM-dd}, quantity {line.Quantity}, billed {line.Billed}" +
            $" (asked: insurer {line.ClaimedInsurer}, personal share {line.ClaimedShare}, supplement {line.Supplement})",
            $"  beneficiary {line.BeneficiaryId}, provider {line.ProviderId} ({(line.Conventioned ? "conventionné" : "not conventionné")}), " +
            $"{(line.Channel == "efact" ? "eFact third-party payment" : "eAttest direct refund")}{(line.Referral ? ", with a referral" : "")}",
            $"  received in {sending.FileName} (sending {sending.SendingId}, sha256 {sending.Sha256[..16]}...), invoice {line.InvoiceNumber}, " +
            $"record {line.RecordSeq}, known since {DbTypes.Text(line.KnownAt)}" +
            (line.DestinationMutuality == Engine.Core.Payers.PayerDecision.MediprimaMutuality
                ? $", invoice addressed to MediPrima (destination mutuality {line.DestinationMutuality}: paid by SPP IS)" : ""),
        };
        var results = store.ResultsOfLine(lineId);
        if (results.Count == 0) text.Add("  no run has computed it yet: the next nightly run will.");
        foreach (var stored in results)
        {
            var run = store.Run(stored.RunId)!;
            var ruleSet = rules.Version(stored.RuleSetVersion);
            // A line under prior authorisation: the sessions used before it, by earlier runs and by this run's earlier lines.
            var computation = new LineComputation(ruleSet,
                store.Beneficiaries(run.AsOf).ToDictionary(b => b.BeneficiaryId, StringComparer.Ordinal),
                new StatusIndex(store.Statuses(run.AsOf)),
                Authorisations.AuthorisationCheck.For(store, ruleSet, [line], run.AsOf,
                    l => (l.ComputedSeq > 0 && l.ComputedSeq < (run.ComputedSeq ?? long.MaxValue) && l.Result.RunId != run.RunId)
                         || (l.Result.RunId == run.RunId && l.Line.LineId < line.LineId)));
            var again = computation.Compute(stored.RunId, line);
            text.Add("");
            text.Add($"run {run.RunId} (rules {stored.RuleSetVersion[..12]}, inputs as of {DbTypes.Text(run.AsOf)}): {stored.Status}" +
                     (stored.Reason.Length > 0 ? $" ({stored.Reason})" : "") +
                     $"; fee {stored.Fee}, insurer {stored.Insurer} to the {stored.Payee}, personal share {stored.Share}, " +
                     $"supplement {stored.Supplement} (not reimbursed), MAF refund {stored.MafRefund}");
            foreach (var step in computation.Explain(line)) text.Add("  " + step);
            if (stored.MafRefund.Cents > 0)
                text.Add($"  [maf.refund] the household's MAF counter for {line.ServiceDate.Year} passed its ceiling: {stored.MafRefund} of this personal share is refunded to the " +
                         (stored.Rules.Split('|').Contains(MafStep.RefundToProvider) ? "provider (third-party payment, as the rules say)" : "member"));
            if (stored.Rules.Split('|').Contains(Core.Payers.PayerMaf.FundAfterMafRule))
                text.Add($"  [{Core.Payers.PayerMaf.FundAfterMafRule}] compulsory insurance first: the war-victims fund refunds {stored.ShareRefund} of the personal share " +
                         $"{stored.Share} after the insurance's MAF refund {stored.MafRefund} (what the MAF left, never the same euro twice)");
            if (stored.Status == "accepted" && !Core.Payers.PayerMaf.Counts(stored.Payer))
                text.Add($"  [maf.payer] paid by {stored.Payer}, not by the compulsory insurance: its personal share is not counted for the household's MAF " +
                         "and the insurance refunds no MAF for it");
            if (stored.Provisional.Length > 0)
                text.Add($"  provisional: these amounts rest on rule values that are inferred (I) or unverified (U), not stated by a named source: {stored.Provisional}");
            var same = again.Fee == stored.Fee && again.Insurer == stored.Insurer && again.Share == stored.Share &&
                       again.Supplement == stored.Supplement && again.Status == stored.Status && again.Reason == stored.Reason;
            text.Add(same
                ? "  recomputed with that run's rules and inputs: the same figures."
                : $"  recomputed with that run's rules and inputs: DIFFERENT (fee {again.Fee}, insurer {again.Insurer}, share {again.Share}, {again.Status} {again.Reason}): the store does not match its own rules.");
        }
        var payments = LinePayment.Of(store, lineId);
        if (results.Count > 0)
        {
            text.Add("");
            text.Add("payment decision:");
            if (payments.Count == 0) text.Add("  nothing to pay: no run owed an amount for this line (rejected, or zero).");
            foreach (var p in payments) text.Add("  " + p.Describe());
        }
        return text;
    }
}
