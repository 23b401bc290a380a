using Engine.Core.Indemnities;
using Engine.Core.Money;
using Engine.Core.Payers;
using Engine.Core.Payments;
using Engine.Jobs.Payers;
using Engine.Core.Rules;
using Engine.Jobs.Data;
using Engine.Jobs.Rules;
using Engine.Jobs.Runs;
using NodaTime;

namespace Engine.Jobs.Recalc;

/// <summary>What a recalculation recorded, the differences it found (complements and undue amounts) and its report.</summary>
public sealed record RecalcOutcome(RecalcRow Recalc, IReadOnlyList<AdjustmentRow> Differences, string ReportFolder, IReadOnlyList<string> Notes);

/// <summary>
/// Recalculation on demand: finance staff recompute a scope (a member, a household, a provider, a code, a period) with
/// what is known now (the registry as of now, the configured rules) and compare with what was paid: the original result
/// of each item and every complement or undue amount earlier recalculations recorded on it. Each difference is stored
/// with both explanations: a complement (owed) is paid by the next run as an item of its own, once; an undue amount is
/// listed for the recovery process, never deducted. Nothing already paid is paid again: recalculating twice finds
/// nothing the second time.
/// <list type="bullet">
/// <item>care lines: the insurer amount (reimbursement kernel), to the provider (third-party payment, with the eFact
/// sending it settles) or to the member (direct refund);</item>
/// <item>MAF refunds: every household-year a line in scope belongs to is counted again from its first line, run by run
/// in the order the runs computed, with every line's personal share recomputed now;</item>
/// <item>indemnities: each statement paid for a member in scope, recomputed over the same period with the case as
/// declared now.</item>
/// </list>
/// AC decisions are not recalculated (a request is decided once, against allowances that later requests consumed).
/// </summary>
public sealed class Recalculation(IEngineStore store, RuleSetProvider rules, EngineOptions options, IClock clock, Serilog.ILogger log)
{
    private sealed record Candidate(
        string Item, long? LineId, string PayeeKind, string PayeeId, PaymentPurpose Purpose, DateInterval Period, EfactSendingRef? Sending,
        Money Original, Money Recomputed, Func<Money, string> ExplainPaid, Func<string> ExplainNow, string Payer = "insurance");

    public RecalcOutcome Run(RecalcScope scope, string reason, string requestedBy)
    {
        if (scope.Problem is { } problem) throw new ArgumentException(problem);
        if (string.IsNullOrWhiteSpace(reason)) throw new ArgumentException("a recalculation needs a reason (--reason)");
        if (string.IsNullOrWhiteSpace(requestedBy)) throw new ArgumentException("a recalculation needs the name of who asks for it (--by)");
        // The output folder is this store's (a recalc-ID folder of another database is never overwritten), and the report
        // of a recalculation stopped after its commit is written first: it is in the database, not yet on disk.
        OutputFolderOwner.Ensure(options.OutputFolder, store.StoreId());
        WriteMissingReports();
        var now = clock.GetCurrentInstant();
        var archive = new RuleSetArchive(store, rules);
        var ruleSet = archive.KeepCurrent(now);
        var notes = new SortedSet<string>(StringComparer.Ordinal);

        var context = new Context(store, now);
        if (Unknown(scope, context, now) is { } unknown)
            throw new EngineRefusal($"{unknown} is not known to this database (as of {DbTypes.Text(now)}): nothing recalculated");
        var householdOf = context.Members.ToDictionary(m => (m.BeneficiaryId, m.Year), m => m.HouseholdId);
        IReadOnlyCollection<string>? who = scope.Member is { } member ? [member]
            : scope.Household is { } household ? context.Members.Where(m => m.HouseholdId == household).Select(m => m.BeneficiaryId)
                .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList()
            : null;
        var lines = store.ComputedLines(new LineSelection(who, scope.Provider, scope.Code, scope.From, scope.To)).ToList();
        if (scope.Household is { } h)
            lines = lines.Where(l => householdOf.GetValueOrDefault((l.Line.BeneficiaryId, l.Line.ServiceDate.Year)) == h).ToList();

        // Lines under prior authorisation: their members' lines are recomputed first, those paid so far before the others,
        // so the sessions go to the lines already paid and a late authorisation releases the lines awaiting it.
        var (authorisations, authorisedOrder) = Authorisations.AuthorisationCheck.ForRecalculation(store, ruleSet, lines.Select(l => l.Line), now);
        var computation = new LineComputation(ruleSet, context.Beneficiaries, context.Statuses, authorisations);
        var recomputed = new Dictionary<long, LineResultRow>();
        LineResultRow Recompute(CareLineRow line) =>
            recomputed.TryGetValue(line.LineId, out var r) ? r : recomputed[line.LineId] = computation.Compute("recalc", line);
        foreach (var line in authorisedOrder) Recompute(line);
        var sendings = store.SendingHeaders(lines.Select(l => l.Line.SendingId).Distinct()).ToDictionary(s => s.SendingId);
        var then = new ThenContexts(store, archive);
        var candidates = new List<Candidate>();

        foreach (var l in lines)
        {
            var now1 = Recompute(l.Line);
            var period = new DateInterval(l.Line.ServiceDate, l.Line.ServiceDate);
            var toProvider = l.Result.Payee == "provider";
            // The insurer amount is owed by the payer of the care date (docs/payers.md). The item 'line:ID' is what the
            // line's payer paid; what another payer owes for it is the item 'line:ID@payer'. A line whose payer changed
            // (a detention imported late) is undue on the first and owed by the other: never paid by both.
            // Only a line whose member has payer statuses (or was or is another payer's) can move: the others keep one item.
            var payers = l.Result.Payer != now1.Payer || l.Result.Payer != Payer.Insurance.Code()
                         || context.Statuses.PayerPeriods(l.Line.BeneficiaryId).Count > 0
                ? PayerItems.LinePayers : [PayerCodes.Parse(l.Result.Payer)];
            foreach (var payer in payers)
            {
                var code = payer.Code();
                var own = code == l.Result.Payer;
                var owed = now1.Payer == code ? now1.Insurer : Money.Zero;
                candidates.Add(new Candidate(PayerItems.LineItem(l.Line.LineId, l.Result.Payer, payer), l.Line.LineId, toProvider ? "provider" : "member",
                    toProvider ? l.Line.ProviderId : l.Line.BeneficiaryId, toProvider ? PaymentPurpose.ThirdPartyCare : PaymentPurpose.DirectRefund,
                    period, toProvider ? PayablesBuilder.SendingOf(sendings[l.Line.SendingId], l.Line, options.Payer.Mutuality) : null,
                    own ? l.Result.Insurer : Money.Zero, owed,
                    prior => Earlier(own ? then.ExplainLine(l) : $"nothing paid by {payer.Label()} for this line", prior),
                    () => $"as of {DbTypes.Text(now)}, rules {ruleSet.Version[..12]}: {Describe(now1)}, payer {now1.Payer}: {Join(computation.Explain(l.Line))}",
                    code));
            }
        }

        // MAF: every household-year a line in scope counts in, recounted with the shares recomputed now.
        var keys = lines.Select(l => householdOf.TryGetValue((l.Line.BeneficiaryId, l.Line.ServiceDate.Year), out var hh) ? (hh, l.Line.ServiceDate.Year) : default)
            .Where(k => k.hh is not null).Distinct().ToHashSet();
        if (keys.Count > 0)
        {
            var inHouseholds = context.Members.Where(m => keys.Contains((m.HouseholdId, m.Year))).Select(m => m.BeneficiaryId)
                .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            var years = keys.Select(k => k.Year).ToList();
            // A long list of members is not sent to the store (every line of the years is read and filtered here instead).
            var householdLines = store.ComputedLines(new LineSelection(inHouseholds.Count > 5000 ? null : inHouseholds, null, null,
                    new LocalDate(years.Min(), 1, 1), new LocalDate(years.Max(), 12, 31)))
                .Where(l => householdOf.TryGetValue((l.Line.BeneficiaryId, l.Line.ServiceDate.Year), out var hh) && keys.Contains((hh, l.Line.ServiceDate.Year)))
                .ToList();
            var recount = MafRecount.Run(ruleSet, householdLines, Recompute, context.Beneficiaries, context.Households, context.Members, notes);
            // A line left pending (a year without MAF figures) had its refund paid by a later run: that is what was paid.
            var settled = store.MafSettlementsOfLines(householdLines.Select(l => l.Line.LineId)).ToDictionary(x => x.LineId);
            foreach (var l in householdLines)
            {
                var (counted, toProviderNow) = recount[l.Line.LineId];
                // A war victim's line: the fund refunded (share:ID, never recomputed) what the insurance's MAF refund left
                // when the line was computed; a MAF refund found now is the insurance's only for what the fund left the
                // member (PayerMaf: the same euro never refunded twice).
                var refund = l.Result.ShareRefund.Cents > 0
                    ? PayerMaf.InsuranceRefundAfterFund(counted, Recompute(l.Line).Share, l.Result.ShareRefund) : counted;
                var key = (householdOf[(l.Line.BeneficiaryId, l.Line.ServiceDate.Year)], l.Line.ServiceDate.Year);
                var later = settled.GetValueOrDefault(l.Line.LineId);
                var paid = l.Result.MafRefund + (later?.Refund ?? Money.Zero);
                // The payee of the refund: whoever the run paid it to (an undue amount is claimed from them), or, when
                // nothing was paid, whoever the rules send it to now (the provider for a third-party payment, if they say so).
                var toProvider = l.Result.MafRefund.Cents != 0 ? MafStep.PaidToProvider(l.Result)
                    : later is not null ? later.PayeeKind == "provider" : toProviderNow;
                candidates.Add(new Candidate($"maf:{l.Line.LineId}", l.Line.LineId, toProvider ? "provider" : "member",
                    toProvider ? l.Line.ProviderId : l.Line.BeneficiaryId, PaymentPurpose.MafRefund,
                    new DateInterval(l.Line.ServiceDate, l.Line.ServiceDate), null, paid, refund,
                    prior => Earlier($"run {l.Result.RunId}: MAF refund {l.Result.MafRefund} (household {key.Item1}, {key.Item2}, counted in that run's order)"
                                     + (later is null ? "" : $"; the year's figures were missing then: refund {later.Refund} paid by run {later.RunId}"), prior),
                    () => $"as of {DbTypes.Text(now)}, rules {ruleSet.Version[..12]}: MAF refund {refund}: household {key.Item1}, {key.Item2} counted again " +
                          $"run by run with the personal shares recomputed now (this line's share {Recompute(l.Line).Share})" +
                          (refund != counted ? $"; the war-victims fund refunded {l.Result.ShareRefund} of it, so the insurance owes only {refund} of the {counted} counted" : "")));
            }
        }

        if (scope.Indemnities)
        {
            var cases = store.IndemnityCases(now).ToDictionary(c => c.CaseId, StringComparer.Ordinal);
            var familyChanges = store.IndemnityFamily(now).GroupBy(f => f.CaseId, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => (IReadOnlyList<IndemnityFamilyRow>)g.ToList(), StringComparer.Ordinal);
            foreach (var p in store.ComputedIndemnities(who, scope.From, scope.To))
            {
                if (!cases.TryGetValue(p.CaseId, out var row)) { notes.Add($"indemnity case {p.CaseId}: not declared as of now, not recalculated"); continue; }
                IndemnityStatement statement;
                try
                {
                    statement = IndemnityKernel.Compute(IndemnityStep.ToCase(row, familyChanges.GetValueOrDefault(row.CaseId)), new DateInterval(p.PeriodStart, p.PeriodEnd), ruleSet);
                }
                catch (Exception e) when (e is RuleCoverageException or IndemnityCaseException)
                {
                    notes.Add($"indemnity case {p.CaseId} {p.PeriodStart:yyyy-MM-dd}..{p.PeriodEnd:yyyy-MM-dd}: not recalculated: {e.Message}");
                    continue;
                }
                candidates.Add(new Candidate($"indemnity:{p.IndemnityPaymentId}", null, "member", p.BeneficiaryId, PaymentPurpose.Indemnity,
                    new DateInterval(p.PeriodStart, p.PeriodEnd), null, p.Net, statement.Net,
                    prior => Earlier($"run {p.RunId}, rules {p.RuleSetVersion[..12]}: case {p.CaseId} {p.PeriodStart:yyyy-MM-dd}..{p.PeriodEnd:yyyy-MM-dd}: " +
                                     $"{p.PaidDays} days at {p.Daily}, gross {p.Gross}, withholding {p.Withholding}, net {p.Net} ({p.Rules})", prior),
                    () => $"as of {DbTypes.Text(now)}, rules {ruleSet.Version[..12]}: case {p.CaseId} as declared by {DbTypes.Text(row.KnownAt)}: " +
                          $"{statement.PaidDays} days at {statement.DailyAmount}, gross {statement.Gross}, withholding {statement.Withholding}, net {statement.Net}: " +
                          Join(statement.Stretches.SelectMany(s => s.Explanation).Concat(statement.Explanation))));
            }
        }

        var saved = store.SaveRecalc(new RecalcRow
        {
            RequestedBy = requestedBy.Trim(), Reason = reason.Trim(), Scope = scope.ToString(), AsOf = now, RuleSetVersion = ruleSet.Version, CreatedAt = now,
            Notes = System.Text.Json.JsonSerializer.Serialize(notes.ToList()),
        }, candidates.Select(c => c.Item).ToList(), (id, prior) =>
        {
            var found = new List<AdjustmentRow>();
            foreach (var c in candidates)
            {
                var earlier = prior.GetValueOrDefault(c.Item);
                var before = c.Original + earlier;
                var difference = c.Recomputed - before;
                if (difference.Cents == 0) continue;
                found.Add(new AdjustmentRow
                {
                    RecalcId = id, Item = c.Item, Kind = difference.Cents > 0 ? "complement" : "undue",
                    Amount = difference.Cents > 0 ? difference : -difference, PaidBefore = before, Recomputed = c.Recomputed,
                    PayeeKind = c.PayeeKind, PayeeId = c.PayeeId, Purpose = c.Purpose.ToString(), PeriodFrom = c.Period.Start, PeriodTo = c.Period.End,
                    SendingNumber = c.Sending?.SendingNumber, SendingMonth = c.Sending?.InvoicedMonth.ToString("yyyy-MM", null),
                    SendingMutuality = c.Sending?.MutualityNumber, ExplanationPaid = c.ExplainPaid(earlier), ExplanationNow = c.ExplainNow(), KnownAt = now,
                    Payer = c.Payer,
                });
            }
            return found;
        });

        CrashPoints.Reach(CrashPoints.RecalcSaved);
        var (folder, differences) = WriteReport(saved);
        log.ForContext<Recalculation>().Information(
            "Recalculation {RecalcId} ({Scope}) by {By}: {Items} items, {Complements} complements ({ComplementTotal}), {Undue} undue ({UndueTotal})",
            saved.RecalcId, saved.Scope, saved.RequestedBy, saved.Items, saved.Complements, saved.ComplementTotal, saved.Undue, saved.UndueTotal);
        return new RecalcOutcome(store.Recalc(saved.RecalcId)!, differences, folder, notes.ToList());
    }

    /// <summary>Writes the report of a stored recalculation (from the database alone) and records where it is.</summary>
    private (string Folder, IReadOnlyList<AdjustmentRow> Differences) WriteReport(RecalcRow saved)
    {
        var differences = Ordered(store.Adjustments(saved.RecalcId));
        var folder = Path.Combine(options.OutputFolder, $"recalc-{saved.RecalcId}");
        var notes = System.Text.Json.JsonSerializer.Deserialize<List<string>>(saved.Notes) ?? [];
        store.SetRecalcReport(saved.RecalcId, RecalcReport.Write(folder, saved, differences, notes));
        return (folder, differences);
    }

    /// <summary>The reports of recalculations stored without one (the process stopped between its commit and its report).</summary>
    public int WriteMissingReports()
    {
        var missing = store.RecalcsWithoutReport();
        foreach (var r in missing)
        {
            WriteReport(r);
            log.ForContext<Recalculation>().Warning("Recalculation {RecalcId} had no report (stopped after its commit): written now", r.RecalcId);
        }
        return missing.Count;
    }

    /// <summary>The member, household or provider of the scope when the registry does not know it (a mistyped id), else null.</summary>
    private string? Unknown(RecalcScope scope, Context context, Instant now) =>
        scope.Member is { } m && !context.Beneficiaries.ContainsKey(m) ? $"member '{m}'"
        : scope.Household is { } h && !context.Households.Any(x => x.HouseholdId == h) && !context.Members.Any(x => x.HouseholdId == h) ? $"household '{h}'"
        : scope.Provider is { } p && !store.Providers(now).Any(x => x.ProviderId == p) ? $"provider '{p}'"
        : null;

    /// <summary>Care lines in line order, the insurer amount before the MAF refund, then indemnity statements.</summary>
    public static IReadOnlyList<AdjustmentRow> Ordered(IEnumerable<AdjustmentRow> rows) =>
        rows.OrderBy(a => LineIdOf(a.Item) ?? long.MaxValue).ThenBy(a => a.Item.StartsWith("maf:", StringComparison.Ordinal))
            .ThenBy(a => a.Item, StringComparer.Ordinal).ThenBy(a => a.AdjustmentId).ToList();

    /// <summary>The care line of a 'line:ID', 'line:ID@payer' or 'maf:ID' item.</summary>
    public static long? LineIdOf(string item)
    {
        if (!item.StartsWith("line:", StringComparison.Ordinal) && !item.StartsWith("maf:", StringComparison.Ordinal)) return null;
        var id = item[(item.IndexOf(':') + 1)..];
        var at = id.IndexOf('@');
        return long.Parse(at < 0 ? id : id[..at], System.Globalization.CultureInfo.InvariantCulture);
    }

    private static string Earlier(string text, Money prior) =>
        prior.Cents == 0 ? text : $"{text}; then earlier recalculations {(prior.Cents > 0 ? "+" : "")}{prior}";

    internal static string Describe(LineResultRow r) =>
        r.Status == "accepted"
            ? $"fee {r.Fee}, personal share {r.Share}, insurer {r.Insurer}"
            : $"rejected ({r.Reason}), insurer {r.Insurer}";

    internal static string Join(IEnumerable<ExplanationStep> steps) => string.Join(" | ", steps.Select(s => s.ToString()));

    /// <summary>The registry as known at one instant.</summary>
    private sealed class Context
    {
        public Context(IEngineStore store, Instant asOf)
        {
            Beneficiaries = store.Beneficiaries(asOf).ToDictionary(b => b.BeneficiaryId, StringComparer.Ordinal);
            StatusRows = store.Statuses(asOf);
            Statuses = new StatusIndex(StatusRows);
            Households = store.Households(asOf);
            Members = store.HouseholdMembers(asOf);
        }

        public Dictionary<string, BeneficiaryRow> Beneficiaries { get; }
        public IReadOnlyList<StatusRow> StatusRows { get; }
        public StatusIndex Statuses { get; }
        public IReadOnlyList<HouseholdRow> Households { get; }
        public IReadOnlyList<HouseholdMemberRow> Members { get; }
    }

    /// <summary>How each original result was computed: its run's rules (from the archive) and registry as of its as-of instant.</summary>
    private sealed class ThenContexts(IEngineStore store, RuleSetArchive archive)
    {
        private readonly Dictionary<string, LineComputation?> _byRun = new(StringComparer.Ordinal);
        private readonly Dictionary<string, RunRow> _runs = new(StringComparer.Ordinal);

        public string ExplainLine(ComputedLine l)
        {
            var run = _runs.TryGetValue(l.Result.RunId, out var r) ? r : _runs[l.Result.RunId] = store.Run(l.Result.RunId)!;
            if (!_byRun.TryGetValue(run.RunId, out var computation))
            {
                RuleSet? ruleSet;
                try { ruleSet = archive.Version(l.Result.RuleSetVersion); }
                catch (RuleLoadException) { ruleSet = null; }
                computation = ruleSet is null ? null : new LineComputation(ruleSet,
                    store.Beneficiaries(run.AsOf).ToDictionary(b => b.BeneficiaryId, StringComparer.Ordinal), new StatusIndex(store.Statuses(run.AsOf)));
                _byRun[run.RunId] = computation;
            }
            var head = $"run {run.RunId} as of {DbTypes.Text(run.AsOf)}, rules {l.Result.RuleSetVersion[..12]}: {Describe(l.Result)}";
            return computation is null ? $"{head}: rules used {l.Result.Rules} (the rule set's files are not stored)" : $"{head}: {Join(computation.Explain(l.Line))}";
        }
    }
}
