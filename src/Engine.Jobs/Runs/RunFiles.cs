using System.Text;
using Engine.Core.Payers;
using Engine.Core.Payments;
using Engine.Jobs.Data;
using Engine.Jobs.Payers;
using Engine.Jobs.Payments;
using Engine.Jobs.Reports;
using NodaTime;

namespace Engine.Jobs.Runs;

using Money = Engine.Core.Money.Money;

/// <summary>
/// The file phase of a run: its payment files and reports streamed from its decided plan, in a fixed order, and beside
/// them, on another thread, results.csv, indemnities.csv and ac-decisions.csv (each file's bytes its own, whichever
/// finishes first), and the summary counted on the way (summary.json is written by the caller). Memory holds one row at a time, plus the distinct payees of the items not paid and the rows of the
/// payers other than the insurance (<see cref="OtherPayersOutput"/>). Reports first and the payment file last, its
/// sidecar the very last: whoever picks up payment files can take "{id}.pain001.xml.sha256 exists" as "this run's files
/// are complete". Files already present with the same bytes are left as they are.
/// </summary>
public static class RunFiles
{
    public static readonly string[] ComputedFiles = ["results.csv", "indemnities.csv", "ac-decisions.csv", "summary.json"];

    /// <param name="reached">Told each step done, by the names of <see cref="CrashPoints"/> (crash tests).</param>
    /// <param name="format">The format of the files (<see cref="RunFileFormat"/>): the current one for a run, the recorded one for a replay.</param>
    /// <param name="previous">The summary of the run before it (<see cref="Previous"/>), for the report's comparison.</param>
    /// <param name="debtors">The debtor account of each payer other than the insurance (docs/payers.md); null: the insurance's <paramref name="debtor"/>.</param>
    /// <param name="written">Given: told the SHA-256 of the large files as they are written, by file name, so that
    /// <see cref="Recorded"/> need not read them back.</param>
    public static RunSummary Write(RunRow run, string folder, IRunOutputSource source, PaymentDebtor debtor, Action<string> reached,
        int format = RunFileFormat.Current, RunSummary? previous = null, Func<Payer, PaymentDebtor>? debtors = null,
        IDictionary<string, string>? written = null)
    {
        debtor.EnsureValid();
        var excel = RunFileFormat.ExcelCsv(format);
        var purposes = new PurposeTally();
        Directory.CreateDirectory(folder);
        var runId = run.RunId;
        // The insurance's files keep their names and contents; the items of other payers go to their own files (below).
        // Before file format 3 a run had one set of payment files: a replay writes every item into them, as then.
        var insurance = RunFileFormat.Payers(format) ? "insurance" : null;
        var others = new SortedSet<Payer>();
        // The plan is read once, whole: the other payers met on the way (a transfer's items are all of its payer) and
        // their rows are kept for their own files (below).
        var kept = new OtherPayersOutput(source);
        var cells = new StoredItemCells();
        var paid = new PaidTally(runId);
        var unpaid = new UnpaidTally(runId);
        WrittenFile remittance = null!, remittanceSha = null!, held = null!, heldSha = null!;
        WrittenFile? pain = null, painSha = null;
        // results.csv, indemnities.csv and ac-decisions.csv owe nothing to the payment files: written beside them, on
        // another core, each file's bytes its own (the same whatever finishes first).
        var computed = Task.Run(() => WriteComputed(folder, source, excel, format, insurance));
        try
        {
            WritePayments();
        }
        catch
        {
            // Nothing of the run is left writing once its error is told (a restart writes the same files again).
            try { computed.Wait(); } catch (AggregateException) { }
            throw;
        }
        var (results, payerLines, statements, decisions, indemnitiesHeld, resultsSha) = computed.GetAwaiter().GetResult();

        void WritePayments()
        {
            remittance = AtomicFile.Write(Path.Combine(folder, PaymentRunFiles.RemittanceName(runId)), s =>
                CsvFiles.Write(s, RemittanceReportWriter.Columns, excel, csv =>
                {
                    foreach (var (transfer, item) in source.TransferItems())
                    {
                        if (!Own(transfer.Payer, insurance, others))
                        {
                            kept.Paid(transfer, item);
                            continue;
                        }
                        paid.Add(transfer, item);
                        purposes.Add(item, cells);
                        RemittanceReportWriter.Write(csv, cells, transfer, item);
                    }
                }));
            remittanceSha = Sha256Sidecar.Write(remittance);
            reached(CrashPoints.RemittanceWritten);

            held = AtomicFile.Write(Path.Combine(folder, PaymentRunFiles.HeldBackName(runId)), s =>
                CsvFiles.Write(s, HeldBackReportWriter.Columns, excel, csv =>
                {
                    foreach (var i in source.UnpaidItems())
                    {
                        if (!Own(i.Payer, insurance, others))
                        {
                            kept.Unpaid(i);
                            continue;
                        }
                        unpaid.Add(i);
                        purposes.Add(i, cells);
                        HeldBackReportWriter.Write(csv, cells, i);
                    }
                }));
            heldSha = Sha256Sidecar.Write(held);
            reached(CrashPoints.HeldBackWritten);

            if (paid.Transfers > 0)
            {
                var header = Pain001Builder.Header(runId, debtor, run.AsOf, paid.Transfers, paid.Total);
                pain = AtomicFile.Write(Path.Combine(folder, PaymentRunFiles.Pain001Name(runId)),
                    s => Pain001Writer.Write(header, Blocks(runId, source, paid, debtor, insurance), s), () => reached(CrashPoints.Pain001TempWritten));
                reached(CrashPoints.Pain001Renamed);
                painSha = Sha256Sidecar.Write(pain);
                reached(CrashPoints.Pain001Written);
            }
        }

        var settlements = source.MafSettlements();
        var files = new PaymentRunOutput(pain, painSha, remittance, remittanceSha, held, heldSha);
        var paymentFiles = new List<PaymentFileSummary>();
        if (pain is not null)
            foreach (var (date, d) in paid.ByDate)
                paymentFiles.Add(new PaymentFileSummary(Path.GetFileName(pain.Path), DbTypes.Text(date), d.Transfers, d.Lines, d.Payees, d.Total.ToString(), pain.Sha256));
        paymentFiles.Add(new PaymentFileSummary(Path.GetFileName(remittance.Path), null, paid.Transfers, paid.Lines,
            paid.ByDate.Count > 1 ? source.Transfers(insurance).Select(t => t.PayeeKind + ":" + t.PayeeId).Distinct(StringComparer.Ordinal).Count() : paid.ByDate.Values.Sum(d => d.Payees),
            paid.Total.ToString(), remittance.Sha256));
        paymentFiles.Add(new PaymentFileSummary(Path.GetFileName(held.Path), null, 0, unpaid.Lines, unpaid.Payees.Count, unpaid.HeldTotal.ToString(), held.Sha256));

        // One set of payment files per other payer: its own debtor account, pain.001, reports and statement.
        var payerFiles = new List<string>();
        List<PayerSummary>? payers = null;
        if (others.Count > 0)
        {
            payers = [PayerFiles.Insurance(paid.Transfers, paid.Lines, paid.Total, unpaid.Held, unpaid.HeldTotal, unpaid.ToRecover, unpaid.ToRecoverTotal,
                pain is null ? null : Path.GetFileName(pain.Path))];
            foreach (var payer in others)
            {
                var payerWritten = PayerFiles.Write(run, folder, kept, payer, (debtors ?? (_ => debtor))(payer), payerLines, excel);
                payers.Add(payerWritten.Summary);
                payerFiles.AddRange(payerWritten.Files);
                paymentFiles.AddRange(payerWritten.PaymentFiles);
            }
        }

        var rejections = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var (reason, count) in results.Rejections) rejections[reason] = count;
        var reports = RunFileFormat.Reports(format);
        var computedFiles = new List<string>(ComputedFiles.SkipLast(1));
        if (indemnitiesHeld.Count > 0) computedFiles.Add(IndemnitiesHeldCsv.Name);
        if (reports) computedFiles.AddRange([RunReport.Name, RunWorkbook.Name]);
        computedFiles.Add(ComputedFiles[^1]);
        var summary = new RunSummary
        {
            RunId = runId, RunDate = DbTypes.Text(run.RunDate), AsOf = DbTypes.Text(run.AsOf), RuleSetVersion = run.RuleSetVersion,
            FileFormat = format == RunFileFormat.Original ? null : format,
            Lines = results.Lines, Accepted = results.Accepted, Rejected = results.Lines - results.Accepted, RejectionsByReason = rejections,
            FeeTotal = results.Fee.ToString(), InsurerTotal = results.Insurer.ToString(), PersonalShareTotal = results.Share.ToString(),
            SupplementTotal = results.Supplement.ToString(), MafRefundTotal = results.MafRefund.ToString(),
            IndemnityStatements = statements.Count, IndemnityNetTotal = Sum(statements.Select(p => p.Net)).ToString(),
            IndemnityWithholdingTotal = Sum(statements.Select(p => p.Withholding)).ToString(),
            AcRequests = decisions.Count, AcGrantedTotal = Sum(decisions.Select(d => d.Granted)).ToString(),
            Transfers = paid.Transfers, PaidTotal = paid.Total.ToString(),
            HeldBack = unpaid.Held, HeldBackTotal = unpaid.HeldTotal.ToString(),
            HeldBackByReason = new SortedDictionary<string, HeldBackGroup>(
                unpaid.ByReason.ToDictionary(r => r.Key, r => new HeldBackGroup(r.Value.Items, r.Value.Payees.Count, r.Value.Total.ToString())), StringComparer.Ordinal),
            ToRecover = unpaid.ToRecover, ToRecoverTotal = unpaid.ToRecoverTotal.ToString(), ZeroAmounts = unpaid.Zero,
            ByPurpose = reports ? purposes.Summaries() : null,
            CarriedOver = paid.Origins.Carried + unpaid.Origins.Carried, CarriedOverPaid = paid.Origins.Carried,
            CarriedOverPaidTotal = paid.Origins.CarriedTotal.ToString(),
            Complements = paid.Origins.Complements + unpaid.Origins.Complements, ComplementsPaid = paid.Origins.Complements,
            ComplementsPaidTotal = paid.Origins.ComplementsTotal.ToString(),
            MafPending = NullIfEmpty(source.MafPending().GroupBy(c => c.Year).OrderBy(g => g.Key)
                .Select(g => Year(g.Key, g.Select(c => c.PendingParameter ?? "").Distinct(StringComparer.Ordinal), g.Select(c => c.HouseholdId))).ToList()),
            MafSettledLines = settlements.Count > 0 ? settlements.Count : null,
            MafSettledTotal = settlements.Count > 0 ? Sum(settlements.Select(x => x.Refund)).ToString() : null,
            MafSettled = NullIfEmpty(settlements.GroupBy(x => x.Year).OrderBy(g => g.Key).Select(g => Year(g.Key, [], g.Select(x => x.HouseholdId))).ToList()),
            PaymentFiles = paymentFiles,
            Provisional = Provisional(results, statements, decisions),
            IndemnitiesHeld = NullIfEmpty(indemnitiesHeld.Select(h => new IndemnityHeldSummary(h.CaseId, DbTypes.Text(h.FirstDay), DbTypes.Text(h.LastDay),
                h.Days, h.Parameter, DbTypes.Text(h.Date))).ToList()),
            Outputs = Names(files).Concat(payerFiles).Concat(computedFiles).ToList(),
            Payers = payers,
        };
        if (written is not null)
        {
            written["results.csv"] = resultsSha;
            foreach (var file in new[] { pain, painSha, remittance, remittanceSha, held, heldSha })
                if (file is not null) written[Path.GetFileName(file.Path)] = file.Sha256;
        }
        if (reports)
        {
            Replace(RunReport.Name, RunReport.Html(summary, unpaid.HeldPayees(), previous));
            var workbook = RunWorkbook.Write(Path.Combine(folder, RunWorkbook.Name), run, summary, source);
            written?[RunWorkbook.Name] = workbook;
        }
        return summary;

        void Replace(string name, byte[] bytes)
        {
            AtomicFile.Replace(Path.Combine(folder, name), bytes);
            written?[name] = AtomicFile.Sha256Hex(bytes);
        }
    }

    /// <summary>results.csv, indemnities.csv, ac-decisions.csv (and indemnities-held.csv), counted on the way.</summary>
    private static ComputedOutput WriteComputed(string folder, IRunOutputSource source, bool excel, int format, string? insurance)
    {
        var results = new ResultTally();
        // The care lines other payers pay (and war victims' shares), for their statements: few, kept in memory.
        var payerLines = new Dictionary<long, CareLineRow>();
        var sha = ResultsCsv.Write(Path.Combine(folder, "results.csv"), source.ResultLines().Select(x =>
        {
            results.Add(x.Result);
            if (insurance is not null && (x.Result.Payer != insurance || x.Result.ShareRefund.Cents != 0)) payerLines[x.Line.LineId] = x.Line;
            return x;
        }), excel, RunFileFormat.Payers(format));
        var statements = source.IndemnityPayments();
        IndemnityCsv.Write(Path.Combine(folder, "indemnities.csv"), statements, excel);
        var decisions = source.AcDecisions();
        AcDecisionsCsv.Write(Path.Combine(folder, "ac-decisions.csv"), decisions, excel);
        var indemnitiesHeld = source.IndemnitiesHeld();
        if (indemnitiesHeld.Count > 0) IndemnitiesHeldCsv.Write(Path.Combine(folder, IndemnitiesHeldCsv.Name), indemnitiesHeld, excel);
        return new ComputedOutput(results, payerLines, statements, decisions, indemnitiesHeld, sha);
    }

    private sealed record ComputedOutput(ResultTally Results, Dictionary<long, CareLineRow> PayerLines, IReadOnlyList<IndemnityPaymentRow> Statements,
        IReadOnlyList<AcDecisionRow> Decisions, IReadOnlyList<IndemnityHeldRow> IndemnitiesHeld, string ResultsSha256);

    /// <summary>
    /// The run before this one, for the report's comparison: of the same kind, the last computed before it whose files
    /// are written (its summary stored), looked for in the 40 days before its run date, then in all the history (the
    /// summaries of every earlier run are not read each night). Replaying the run finds the same one.
    /// </summary>
    public static RunSummary? Previous(IRunStateStore store, RunRow run)
    {
        if (run.ComputedSeq is not { } seq) return null;
        RunRow? Last(LocalDate from) => store.RunsBetween(from, run.RunDate)
            .Where(r => r.Kind == run.Kind && r.RunId != run.RunId && r.ComputedSeq < seq && r.Summary is not null)
            .MaxBy(r => r.ComputedSeq);
        var before = Last(run.RunDate.PlusDays(-40)) ?? Last(new LocalDate(1, 1, 1));
        return before is null ? null : RunSummary.FromJson(before.Summary!);
    }

    /// <summary>The payment files written, in the order of the summary's outputs.</summary>
    public static IEnumerable<string> Names(PaymentRunOutput files) =>
        new[] { files.Pain001, files.Pain001Sha256, files.Remittance, files.RemittanceSha256, files.HeldBack, files.HeldBackSha256 }
            .Where(f => f is not null).Select(f => Path.GetFileName(f!.Path));

    /// <summary>Each file of the summary's outputs with its SHA-256 and size, as the store records them for replay.</summary>
    /// <param name="written">The SHA-256 of files as <see cref="Write"/> wrote them, by name: those are not read back.</param>
    public static List<RunFileRow> Recorded(string folder, RunSummary summary, IReadOnlyDictionary<string, string>? written = null) =>
        summary.Outputs.Select(name => Path.Combine(folder, name)).Where(File.Exists)
            .Select(path => new RunFileRow(Path.GetFileName(path),
                written?.GetValueOrDefault(Path.GetFileName(path)) ?? AtomicFile.Sha256HexOfFile(path), new FileInfo(path).Length)).ToList();

    /// <summary>summary.json: its bytes, written whole (a restart rewrites it).</summary>
    public static void WriteSummary(string folder, RunSummary summary) =>
        AtomicFile.Replace(Path.Combine(folder, "summary.json"), Encoding.UTF8.GetBytes(summary.ToJson()));

    /// <summary>One payment block per execution date, its transfers streamed in one pass over the plan.</summary>
    internal static IEnumerable<(Pain001PaymentBlock, IEnumerable<Pain001Transaction>)> Blocks(string runId, IRunOutputSource source, PaidTally paid,
        PaymentDebtor debtor, string? payer)
    {
        using var transfers = source.Transfers(payer).GetEnumerator();
        var more = transfers.MoveNext();
        foreach (var (date, d) in paid.ByDate)
            yield return (Pain001Builder.Block(runId, date, d.Transfers, d.Total, debtor), Take(date));

        IEnumerable<Pain001Transaction> Take(LocalDate date)
        {
            while (more && transfers.Current.ExecutionDate == date)
            {
                var t = transfers.Current;
                yield return new Pain001Transaction(t.EndToEndId, t.Amount, t.CreditorName, t.CreditorIban, t.Unstructured, t.StructuredReference);
                more = transfers.MoveNext();
            }
        }
    }

    /// <summary>What was computed on provisional figures (I or U); null when nothing was.</summary>
    private static ProvisionalSummary? Provisional(ResultTally results, IReadOnlyList<IndemnityPaymentRow> statements, IReadOnlyList<AcDecisionRow> decisions)
    {
        var cases = statements.Where(p => p.Provisional.Length > 0).ToList();
        var granted = decisions.Where(d => d.Provisional.Length > 0).ToList();
        if (results.ProvisionalLines == 0 && cases.Count == 0 && granted.Count == 0) return null;
        var lines = results.ProvisionalAmount;
        var net = Sum(cases.Select(p => p.Net));
        var ac = Sum(granted.Select(d => d.Granted));
        return new ProvisionalSummary(results.ProvisionalLines, lines.ToString(), cases.Select(p => p.CaseId).Distinct(StringComparer.Ordinal).Count(),
            cases.Count, net.ToString(), granted.Count, ac.ToString(), (lines + net + ac).ToString());
    }

    private static List<T>? NullIfEmpty<T>(List<T> list) => list.Count == 0 ? null : list;

    private static MafPendingYear Year(int year, IEnumerable<string> parameters, IEnumerable<string> households)
    {
        var ids = households.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return new MafPendingYear(year, string.Join(";", parameters.Order(StringComparer.Ordinal)), ids.Count, ids);
    }

    private static Money Sum(IEnumerable<Money> amounts) => amounts.Aggregate(Money.Zero, (s, m) => s + m);

    /// <summary>Items a run took over: from earlier runs (held back there) and from recalculations (complements).</summary>
    internal sealed class OriginTally(string runId)
    {
        public int Carried, Complements;
        public Money CarriedTotal = Money.Zero, ComplementsTotal = Money.Zero;

        public void Add(RunItemRow i)
        {
            if (i.OriginRunId == runId) return;
            if (RunItems.IsRecalcOrigin(i.OriginRunId)) { Complements++; ComplementsTotal += i.Amount; }
            else { Carried++; CarriedTotal += i.Amount; }
        }
    }

    internal sealed class DateTally
    {
        public int Transfers, Lines, Payees;
        public Money Total = Money.Zero;
    }

    /// <summary>The paid items, in transfer order: transfers, lines, payees and euros by execution date.</summary>
    /// <summary>An item of the payer whose files are being written; notes any other payer met on the way.</summary>
    private static bool Own(string itemPayer, string? payer, SortedSet<Payer> others)
    {
        if (payer is null || itemPayer == payer) return true;
        others.Add(PayerCodes.Parse(itemPayer));
        return false;
    }

    internal sealed class PaidTally(string runId)
    {
        public readonly SortedDictionary<LocalDate, DateTally> ByDate = [];
        public readonly OriginTally Origins = new(runId);
        public int Transfers, Lines;
        public Money Total = Money.Zero;
        private string? _transfer;
        private (LocalDate, string)? _payee;

        public void Add(RunTransferRow t, RunItemRow i)
        {
            if (!ByDate.TryGetValue(t.ExecutionDate, out var d)) ByDate[t.ExecutionDate] = d = new DateTally();
            if (t.EndToEndId != _transfer)
            {
                _transfer = t.EndToEndId;
                d.Transfers++;
                d.Total += t.Amount;
                Transfers++;
                Total += t.Amount;
                // Transfers of one date are in payee order: a payee's transfers follow each other.
                var payee = (t.ExecutionDate, t.PayeeKind + ":" + t.PayeeId);
                if (_payee != payee) { _payee = payee; d.Payees++; }
            }
            d.Lines++;
            Lines++;
            Origins.Add(i);
        }
    }

    private sealed class ReasonTally
    {
        public int Items;
        public readonly HashSet<string> Payees = new(StringComparer.Ordinal);
        public Money Total = Money.Zero;
    }

    /// <summary>The items by purpose (in <see cref="PaymentPurpose"/> order): paid, held back, to recover.</summary>
    private sealed class PurposeTally
    {
        private readonly (int Paid, Money PaidTotal, int Held, Money HeldTotal, int Recover, Money RecoverTotal)[] _by =
            new (int, Money, int, Money, int, Money)[Enum.GetValues<PaymentPurpose>().Length];

        public void Add(RunItemRow i, StoredItemCells cells)
        {
            ref var p = ref _by[(int)cells.Purpose(i.Purpose)];
            switch (i.Outcome)
            {
                case "paid": p.Paid++; p.PaidTotal += i.Amount; break;
                case "held": p.Held++; p.HeldTotal += i.Amount; break;
                case "to_recover": p.Recover++; p.RecoverTotal += i.Amount; break;
            }
        }

        // A purpose added after format 2 (the war victims' share refund) is listed only when the run has some.
        public List<PurposeSummary> Summaries() => Enum.GetValues<PaymentPurpose>()
            .Where(purpose => purpose <= PaymentPurpose.Indemnity || _by[(int)purpose] != default).Select(purpose =>
        {
            var p = _by[(int)purpose];
            return new PurposeSummary(purpose.ToString(), p.Paid, p.PaidTotal.ToString(), p.Held, p.HeldTotal.ToString(), p.Recover,
                p.RecoverTotal.ToString());
        }).ToList();
    }

    /// <summary>The items not paid: held back (by reason), to recover, zero.</summary>
    private sealed class UnpaidTally(string runId)
    {
        public readonly SortedDictionary<string, ReasonTally> ByReason = new(StringComparer.Ordinal);
        public readonly HashSet<string> Payees = new(StringComparer.Ordinal);
        public readonly OriginTally Origins = new(runId);
        private readonly SortedDictionary<(string Payee, string Reason), HeldPayee> _heldPayees = new(Comparer<(string Payee, string Reason)>.Create((a, b) =>
            string.CompareOrdinal(a.Payee, b.Payee) is var c and not 0 ? c : string.CompareOrdinal(a.Reason, b.Reason)));
        public int Lines, Held, ToRecover, Zero;

        /// <summary>Each payee held back, by payee then reason: what waits for them.</summary>
        public IReadOnlyList<HeldPayee> HeldPayees() => _heldPayees.Values.ToList();
        public Money HeldTotal = Money.Zero, ToRecoverTotal = Money.Zero;

        public void Add(RunItemRow i)
        {
            var payee = i.PayeeKind + ":" + i.PayeeId;
            Lines++;
            Payees.Add(payee);
            Origins.Add(i);
            switch (i.Outcome)
            {
                case "held":
                    Held++;
                    HeldTotal += i.Amount;
                    if (!ByReason.TryGetValue(i.HoldReason!, out var r)) ByReason[i.HoldReason!] = r = new ReasonTally();
                    r.Items++;
                    r.Payees.Add(payee);
                    r.Total += i.Amount;
                    var key = (payee, i.HoldReason!);
                    _heldPayees[key] = _heldPayees.TryGetValue(key, out var h)
                        ? h with { Items = h.Items + 1, Total = h.Total + i.Amount }
                        : new HeldPayee(i.PayeeKind, i.PayeeId, i.Iban, i.HoldReason!, 1, i.Amount);
                    break;
                case "to_recover":
                    ToRecover++;
                    ToRecoverTotal += i.Amount;
                    break;
                default:
                    Zero++;
                    break;
            }
        }
    }

    /// <summary>The computed lines: counts and totals for the summary.</summary>
    private sealed class ResultTally
    {
        public int Lines, Accepted;
        public readonly Dictionary<string, int> Rejections = new(StringComparer.Ordinal);
        public Money Fee = Money.Zero, Insurer = Money.Zero, Share = Money.Zero, Supplement = Money.Zero, MafRefund = Money.Zero;

        public void Add(LineResultRow r)
        {
            Lines++;
            if (r.Status == "accepted") Accepted++;
            else Rejections[r.Reason] = Rejections.GetValueOrDefault(r.Reason) + 1;
            Fee += r.Fee;
            Insurer += r.Insurer;
            Share += r.Share;
            Supplement += r.Supplement;
            MafRefund += r.MafRefund;
            if (r.Provisional.Length > 0)
            {
                ProvisionalLines++;
                ProvisionalAmount += r.Insurer + r.MafRefund;
            }
        }

        public int ProvisionalLines;
        public Money ProvisionalAmount = Money.Zero;
    }
}
