using System.Globalization;
using System.Text.Json;
using Engine.Core.Ceilings;
using Engine.Core.Money;
using Engine.Core.Payers;
using Engine.Core.Rules;
using Engine.Jobs.Data;

namespace Engine.Jobs.Runs;

/// <summary>
/// The maximum à facturer inside the nightly run: the personal shares of the run's accepted lines go to their
/// household's counter for the year of care (restored from the store), in service-date then line order; what passes
/// the ceiling becomes the line's MAF refund, paid to the member. A line counted once is never counted again
/// (the counter keeps its line ids), and a late line for an earlier year moves that year's counter.
/// A household-year the rules do not cover (2025 and later today) gets no refund and a note, never a guess.
/// <paramref name="earlierCounters"/> gives the counters as earlier runs left them (the latest ones, or for a replay those
/// before the replayed run).
/// </summary>
public sealed class MafStep(Func<IEnumerable<(string HouseholdId, int Year)>, IReadOnlyList<MafCounterRow>> earlierCounters, RuleSet rules)
{
    /// <param name="Settlements">Refunds of lines earlier runs left pending, computed now that their year has figures.</param>
    public sealed record Outcome(IReadOnlyList<LineResultRow> Results, IReadOnlyList<MafCounterRow> Counters, IReadOnlyList<string> Notes,
        IReadOnlyList<MafSettlementRow> Settlements);

    /// <param name="pending">Pending counters earlier runs left for this step's households (a year without MAF figures):
    /// their lines are counted with this run's, first, and their refunds settled, once the rules cover the year.</param>
    public Outcome Apply(string runId, IReadOnlyList<LineResultRow> results, IReadOnlyDictionary<long, CareLineRow> lines,
        IReadOnlyDictionary<string, BeneficiaryRow> beneficiaries, IReadOnlyList<HouseholdRow> households,
        IReadOnlyList<HouseholdMemberRow> members, IReadOnlyList<MafCounterRow>? pending = null)
    {
        var memberOf = members.GroupBy(m => (m.BeneficiaryId, m.Year)).ToDictionary(g => g.Key, g => g.First());
        var batch = new List<PayerMafLine>();
        // What each batch row is: a line of this run (its index in results) or a line an earlier run left pending.
        var index = new List<int>();
        var waiting = new List<(PendingMafLine Line, MafCounterKey Key)?>();
        foreach (var row in pending ?? [])
            foreach (var p in JsonSerializer.Deserialize<List<PendingMafLine>>(row.Pending!)!)
            {
                HouseholdRelations.TryParse(p.Relation, out var relation);
                // A waiting line was counted by the insurance; a war victim's carries what the fund refunded then.
                batch.Add(new PayerMafLine(new MafBatchLine(p.Line, p.Beneficiary, new MafCounterKey(row.HouseholdId, row.Year).Address.HouseholdId,
                    DbTypes.ParseDate(p.Date), new Money(p.Share), p.Birth is { } birth ? DbTypes.ParseDate(birth) : null, p.Tpp, p.Code, relation),
                    Payer.Insurance, p.Fund is not null, p.Fund is { } fund ? new Money(fund) : null));
                index.Add(-1);
                waiting.Add((p, new MafCounterKey(row.HouseholdId, row.Year)));
            }
        for (int i = 0; i < results.Count; i++)
        {
            var r = results[i];
            if (r.Status != "accepted" || r.Share.Cents <= 0) continue;
            var line = lines[r.LineId];
            memberOf.TryGetValue((line.BeneficiaryId, line.ServiceDate.Year), out var member);
            HouseholdRelations.TryParse(member?.Relation, out var relation);
            beneficiaries.TryGetValue(line.BeneficiaryId, out var b);
            // Another payer's line goes to the kernel too, which counts it nowhere (PayerMaf); a war victim's line is
            // known by the fund's refund the line computation gave it (the fund refunds after the MAF, below).
            batch.Add(new PayerMafLine(new MafBatchLine(r.LineId.ToString(CultureInfo.InvariantCulture), line.BeneficiaryId, member?.HouseholdId, line.ServiceDate, r.Share, b?.BirthDate,
                ThirdPartyPayment: line.Channel == "efact", Code: line.Code, Relation: relation),
                PayerCodes.TryParse(r.Payer, out var payer) ? payer : Payer.Insurance, WarVictim: r.ShareRefund.Cents > 0));
            index.Add(i);
            waiting.Add(null);
        }
        var householdRows = households.ToDictionary(h => new MafCounterKey(h.HouseholdId, h.Year),
            h => new MafHousehold(h.HouseholdId, h.Year, h.ReferenceIncome, h.BimHousehold, h.Chronic));
        // Every counter a line may go to: its household-year, and the household's "…:others" counter (relation other).
        var keys = batch.Where(l => PayerMaf.Counts(l.Payer)).Select(l => l.Line).Where(l => l.HouseholdId is not null)
            .SelectMany(l => new[] { (l.HouseholdId!, l.ServiceDate.Year), (l.HouseholdId! + MafCounterKey.OthersSuffix, l.ServiceDate.Year) })
            .Distinct().ToList();
        var restored = new Dictionary<MafCounterKey, MafCounterState>();
        foreach (var row in earlierCounters(keys))
        {
            // A pending counter counted nothing yet: its lines are in the batch.
            if (row.IsPending) continue;
            var key = new MafCounterKey(row.HouseholdId, row.Year);
            if (MafHousehold.Of(key, householdRows) is not { } h) continue;
            var children = JsonSerializer.Deserialize<Dictionary<string, long>>(row.ChildCounted)!
                .Select(kv => new KeyValuePair<string, Money>(kv.Key, new Money(kv.Value)));
            restored[key] = MafCounterState.Restore(MafCeilings.For(rules, h), new Money(row.CountedCents), new Money(row.RefundedCents),
                children, JsonSerializer.Deserialize<List<string>>(row.LineIds)!);
        }

        // The outcomes' explanations serve only the provisional cells (Provisional.Of reads the steps that name an origin):
        // the words of the others are not written, a step of text a line being most of the MAF's time.
        var withPayers = PayerMaf.Run(rules, batch, householdRows, restored, explain: false);
        var outcome = withPayers.Batch;
        var updated = results.ToArray();
        var notes = new SortedSet<string>(StringComparer.Ordinal);
        var stillPending = new SortedDictionary<MafCounterKey, (List<PendingMafLine> Lines, string Parameter, bool Changed)>(KeyOrder.Instance);
        var settlements = new List<MafSettlementRow>();
        var settledKeys = new HashSet<MafCounterKey>();
        foreach (var row in pending ?? [])
            stillPending[new MafCounterKey(row.HouseholdId, row.Year)] = ([], row.PendingParameter ?? "", false);
        for (int j = 0; j < batch.Count; j++)
        {
            var paid = withPayers.Lines[j];
            // Another payer's line: not counted, no MAF refund by the insurance (its result stays as computed).
            if (paid.Maf is not { } o) continue;
            if (waiting[j] is var (earlier, from))
            {
                if (o.Refund is not null && o.Counter is { } counter)
                {
                    settledKeys.Add(from);
                    settledKeys.Add(counter);
                    var settled = paid.InsuranceRefund;
                    if (settled.Cents > 0)
                        settlements.Add(new MafSettlementRow
                        {
                            RunId = runId, LineId = long.Parse(earlier.Line, CultureInfo.InvariantCulture), OriginRunId = earlier.RunId,
                            HouseholdId = counter.HouseholdId, Year = counter.Year, BeneficiaryId = earlier.Beneficiary, ServiceDate = DbTypes.ParseDate(earlier.Date),
                            Refund = settled, PayeeKind = o.Payee == MafPayee.Provider ? "provider" : "member",
                            PayeeId = o.Payee == MafPayee.Provider ? earlier.Provider : earlier.Beneficiary,
                            Provisional = Provisional.Of(paid.Explanation),
                        });
                    continue;
                }
                // Still without figures (or without its household row): it keeps waiting in its counter.
                stillPending[from].Lines.Add(earlier);
                continue;
            }
            if (o.Error is not null)
            {
                if (o.Missing is { } missing && o.Counter is { } key)
                {
                    // A year without MAF figures: the line is paid as usual; its share waits in the counter, pending.
                    var line = lines[updated[index[j]].LineId];
                    memberOf.TryGetValue((line.BeneficiaryId, line.ServiceDate.Year), out var member);
                    if (!stillPending.TryGetValue(key, out var entry)) entry = ([], missing.Parameter, true);
                    var waitingLine = batch[j].Line;
                    entry.Lines.Add(new PendingMafLine(waitingLine.LineId, runId, line.BeneficiaryId, DbTypes.Text(line.ServiceDate), waitingLine.PersonalShare.Cents,
                        waitingLine.BirthDate is { } birth ? DbTypes.Text(birth) : null, waitingLine.ThirdPartyPayment, waitingLine.Code, line.ProviderId,
                        member?.Relation ?? "", batch[j].WarVictim ? paid.FundRefund.Cents : null));
                    // The fund refunds the whole share now (no MAF refund known yet); a MAF refund found later pays only what it left.
                    if (batch[j].WarVictim) updated[index[j]] = WithFund(updated[index[j]], paid);
                    stillPending[key] = (entry.Lines, missing.Parameter, true);
                    notes.Add($"MAF pending for the year of care {key.Year}: {missing}; the lines are paid, the refunds follow once the year's figures are added (households in summary.json)");
                    continue;
                }
                notes.Add(o.Error.Contains("MAF not computed") ? o.Error[(o.Error.IndexOf("MAF not computed", StringComparison.Ordinal))..] : o.Error);
                continue;
            }
            if (paid.InsuranceRefund is { Cents: > 0 } refund) updated[index[j]] = With(updated[index[j]], refund, o.Payee, Provisional.Of(o.Explanation));
            if (batch[j].WarVictim) updated[index[j]] = WithFund(updated[index[j]], paid);
        }
        var touched = batch.Where((l, j) => index[j] >= 0 && PayerMaf.Counts(l.Payer) && l.Line.HouseholdId is not null)
            .Select(l => new MafCounterKey(l.Line.HouseholdId!, l.Line.ServiceDate.Year))
            .Concat(withPayers.Lines.Where((p, j) => p.Maf is { Error: null, Counter: not null } && index[j] >= 0).Select(p => p.Maf!.Counter!.Value))
            .Concat(settledKeys).ToHashSet();
        var counters = outcome.Counters.Where(kv => touched.Contains(kv.Key))
            .Select(kv => new MafCounterRow
            {
                RunId = runId, HouseholdId = kv.Key.HouseholdId, Year = kv.Key.Year, CountedCents = kv.Value.Counted.Cents,
                RefundedCents = kv.Value.Refunded.Cents,
                ChildCounted = JsonSerializer.Serialize(kv.Value.ChildCounted.ToDictionary(c => c.Key, c => c.Value.Cents)),
                LineIds = JsonSerializer.Serialize(kv.Value.LineIds.ToList()),
            })
            // A pending counter is stored again only when this run added lines to it.
            .Concat(stillPending.Where(p => p.Value.Changed && !settledKeys.Contains(p.Key)).Select(p => new MafCounterRow
            {
                RunId = runId, HouseholdId = p.Key.HouseholdId, Year = p.Key.Year, CountedCents = p.Value.Lines.Sum(l => l.Share), RefundedCents = 0,
                LineIds = JsonSerializer.Serialize(p.Value.Lines.Select(l => l.Line).Order(StringComparer.Ordinal).ToList()),
                Pending = JsonSerializer.Serialize(p.Value.Lines), PendingParameter = p.Value.Parameter,
            }))
            .OrderBy(c => c.HouseholdId, StringComparer.Ordinal).ThenBy(c => c.Year).ToList();
        return new Outcome(updated, counters, notes.Take(20).ToList(), settlements.OrderBy(s => s.LineId).ToList());
    }

    private sealed class KeyOrder : IComparer<MafCounterKey>
    {
        public static readonly KeyOrder Instance = new();
        public int Compare(MafCounterKey a, MafCounterKey b)
        {
            var c = string.CompareOrdinal(a.HouseholdId, b.HouseholdId);
            return c != 0 ? c : a.Year.CompareTo(b.Year);
        }
    }

    /// <summary>The rule id names who gets the refund: maf.refund (the member) or maf.refund.provider (third-party payment, when the rules say so).</summary>
    public const string RefundToProvider = "maf.refund.provider";

    /// <summary>Whether the line's MAF refund goes to the provider (<see cref="RefundToProvider"/> in its rules).</summary>
    public static bool PaidToProvider(LineResultRow r) => r.Rules.Split('|').Contains(RefundToProvider);

    /// <summary>A war victim's line: what the fund refunds once the insurance's MAF refund is known (compulsory insurance first).</summary>
    private static LineResultRow WithFund(LineResultRow r, PayerMafOutcome paid) => paid.FundRefund == r.ShareRefund && !paid.FundAfterMaf ? r : new()
    {
        RunId = r.RunId, LineId = r.LineId, RuleSetVersion = r.RuleSetVersion, InputKnownAt = r.InputKnownAt, Fee = r.Fee,
        Insurer = r.Insurer, Share = r.Share, Supplement = r.Supplement, MafRefund = r.MafRefund, Payee = r.Payee, Status = r.Status,
        Reason = r.Reason, Rules = paid.FundAfterMaf ? r.Rules + "|" + PayerMaf.FundAfterMafRule : r.Rules,
        Provisional = r.Provisional, Payer = r.Payer, ShareRefund = paid.FundRefund,
    };

    private static LineResultRow With(LineResultRow r, Money refund, MafPayee payee, string provisional) => new()
    {
        RunId = r.RunId, LineId = r.LineId, RuleSetVersion = r.RuleSetVersion, InputKnownAt = r.InputKnownAt, Fee = r.Fee,
        Insurer = r.Insurer, Share = r.Share, Supplement = r.Supplement, MafRefund = refund, Payee = r.Payee, Status = r.Status,
        Reason = r.Reason, Rules = r.Rules + (payee == MafPayee.Provider ? "|" + RefundToProvider : "|maf.refund"),
        Provisional = Provisional.Join(r.Provisional, provisional), Payer = r.Payer, ShareRefund = r.ShareRefund,
    };
}
