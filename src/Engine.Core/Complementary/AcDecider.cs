using Engine.Core.Calendar;
using Engine.Core.Rules;
using NodaTime;

namespace Engine.Core.Complementary;

using Money = Engine.Core.Money.Money;

/// <summary>
/// Decides one AC request against the member's allowances, as a pure function.
/// Order of the checks (the first that fails refuses the request, with its reason):
/// already paid (same request id) -> unknown advantage -> a date the catalogue has no figures for (no advantage in
/// force) -> date outside the advantage's periods -> file closed for arrears ->
/// contribution not in order -> waiting period -> age limit -> once in a lifetime -> exclusive group already paid for
/// the event -> requests per year used up. Then the amount for this request alone: the flat sum, or the percentage
/// of the amount paid (rounded to the cent, halves away from zero) up to the per-request maximum; never above the
/// amount paid for a cost-based advantage, never above any of its own caps. Then what is left of the yearly, event
/// and lifetime allowances: nothing left -> refused; less left -> partial; else granted.
/// </summary>
public static class AcDecider
{
    public static AcDecided Decide(AcMemberState state, AcRequest request, AcMember member, AcCatalogue catalogue)
    {
        if (state.MemberId != request.MemberId || member.MemberId != request.MemberId)
            throw new ArgumentException($"request {request.RequestId} of member {request.MemberId} decided with the state of {state.MemberId} and the member {member.MemberId}");

        AcDecided No(AcReason reason, string text, RuleOrigin? origin = null, AcAllowanceLeft? left = null) =>
            new(AcDecision.Refused(request, reason, text, left, origin), state);

        var date = request.Date.ToString("yyyy-MM-dd", null);
        if (request.AmountPaid < Money.Zero)
            return No(AcReason.Malformed, $"the amount paid {request.AmountPaid} is negative");
        if (state.PaidRequests.Contains(request.RequestId))
            return No(AcReason.Duplicate, $"request {request.RequestId} was already paid: not paid twice");
        if (!catalogue.Advantages.TryGetValue(request.AdvantageId, out var series))
            return No(AcReason.UnknownAdvantage, $"'{request.AdvantageId}' is not in the catalogue of insurer {catalogue.InsurerId}");
        if (!catalogue.Covers(request.Date))
            return No(AcReason.YearNotCovered,
                $"the catalogue of insurer {catalogue.InsurerId} has no figures for {date} (it covers {catalogue.Coverage()}): refused, never computed on another year's amounts");
        if (!series.TryAt(request.Date, out var row))
            return No(AcReason.OutsideCatalogue,
                $"{request.AdvantageId} is not in the catalogue on {date} (it runs {series.CoveredFrom:yyyy-MM-dd} to {(series.CoveredTo is { } t ? t.ToString("yyyy-MM-dd", null) : "open end")})");

        var a = row.Value;
        var origin = row.Origin;
        if (a.ClosedAfterArrearsMonths is { } closeAfter && member.MonthsInArrears is { } arrears && arrears > closeAfter)
            return No(AcReason.FileClosed, $"the member's AC file is closed: {arrears} months of unpaid contributions, more than {closeAfter}", origin);
        if (a.ContributionRequired && !member.ContributionInOrder)
            return No(AcReason.ContributionNotInOrder, $"the member's AC contribution is not in order on {date}", origin);
        if (a.WaitingMonths is { } wait && wait > 0)
        {
            if (member.AcSince is not { } since)
                return No(AcReason.WaitingPeriod, $"{a.Id} has a waiting period of {wait} months and the member's AC start date is not known", origin);
            var served = since.PlusMonths(wait);
            if (request.Date < served)
                return No(AcReason.WaitingPeriod, $"waiting period of {wait} months from {since:yyyy-MM-dd}: {a.Id} is paid from {served:yyyy-MM-dd}", origin);
        }
        int age = Age.On(member.BirthDate, request.Date);
        if ((a.AgeMin is { } min && age < min) || (a.AgeMax is { } max && age > max))
            return No(AcReason.AgeLimit, $"the member is {age} on {date}; {a.Id} is for ages {a.AgeMin?.ToString() ?? "0"} to {a.AgeMax?.ToString() ?? "any"}", origin);

        var yearKey = AcAllowanceKey.Year(a.Id, request.Date.Year);
        var lifeKey = AcAllowanceKey.Lifetime(a.Id);
        var eventKey = AcAllowanceKey.Event(a.Id, request.EventKey);
        AcAllowanceKey? groupKey = a.ExclusiveGroup is { } g ? AcAllowanceKey.GroupEvent(g, request.EventKey) : null;
        var year = state.Used(yearKey);
        var life = state.Used(lifeKey);
        var evt = state.Used(eventKey);

        AcAllowanceLeft LeftAfter(Money paid) => new(
            a.CapPerYear is { } cy ? Money.Max(Money.Zero, cy - year.Paid - paid) : null,
            a.UnitsPerYear is { } uy ? Math.Max(0, uy - year.Count - (paid > Money.Zero ? 1 : 0)) : null,
            a.CapPerEvent is { } ce ? Money.Max(Money.Zero, ce - evt.Paid - paid) : null,
            a.CapLifetime is { } cl ? Money.Max(Money.Zero, cl - life.Paid - paid) : null);

        if (a.OnceInLifetime && life.Count > 0)
            return No(AcReason.OnceInLifetime, $"{a.Id} is paid once in a lifetime and was already paid", origin, LeftAfter(Money.Zero));
        if (groupKey is { } gk && state.Used(gk).Count > 0)
            return No(AcReason.ExclusiveAlreadyPaid,
                $"only one of {string.Join(" or ", catalogue.GroupMembers(a.ExclusiveGroup!))} is paid per event, and one was already paid for {request.EventKey}", origin, LeftAfter(Money.Zero));
        if (a.UnitsPerYear is { } units && year.Count >= units)
            return No(AcReason.CountReached, $"{a.Id} is paid at most {units} time{(units == 1 ? "" : "s")} a year: {year.Count} already paid in {request.Date.Year}", origin, LeftAfter(Money.Zero));

        // The amount for this request alone.
        Money alone;
        string how;
        if (a.Pay == AcPay.Flat)
        {
            alone = a.Amount!.Value;
            how = $"flat {alone} per request";
        }
        else
        {
            var bp = a.PercentBasisPoints!.Value;
            alone = request.AmountPaid.Percent(bp);
            how = $"{bp / 100m:0.##} % of {request.AmountPaid} = {alone}";
            if (a.Amount is { } most && alone > most) { alone = most; how += $", at most {most} per request"; }
        }
        if (a.CostBased && alone > request.AmountPaid) { alone = request.AmountPaid; how += $", not above the amount paid {request.AmountPaid}"; }
        foreach (var (cap, name) in new[] { (a.CapPerYear, "a year"), (a.CapPerEvent, "per event"), (a.CapLifetime, "for life") })
            if (cap is { } c && alone > c) { alone = c; how += $", not above {c} {name}"; }
        if (alone <= Money.Zero)
            return No(AcReason.NothingToPay, $"nothing to pay: {how}", origin, LeftAfter(Money.Zero));

        // What is left of the allowances cuts it.
        var pay = alone;
        (AcReason Cut, AcReason Reached, string Text)? binding = null;
        void Limit(Money? cap, AcUsage used, AcReason cut, AcReason reached, string what)
        {
            if (cap is not { } c) return;
            var left = Money.Max(Money.Zero, c - used.Paid);
            if (left < pay) { pay = left; binding = (cut, reached, $"{c} {what}, {used.Paid} already paid, {left} left"); }
        }
        Limit(a.CapPerYear, year, AcReason.YearlyCapCut, AcReason.CapReached, $"a year in {request.Date.Year}");
        Limit(a.CapPerEvent, evt, AcReason.EventCapCut, AcReason.EventCapReached, $"for the event {request.EventKey}");
        Limit(a.CapLifetime, life, AcReason.LifetimeCapCut, AcReason.LifetimeCapReached, "for life");

        if (pay <= Money.Zero)
            return No(binding!.Value.Reached, $"{a.Id}: {binding.Value.Text}", origin, LeftAfter(Money.Zero));

        var keys = new List<AcAllowanceKey> { yearKey, lifeKey };
        if (a.CapPerEvent is not null) keys.Add(eventKey);
        if (groupKey is { } gk2) keys.Add(gk2);
        var next = state.Paid(request.RequestId, keys, pay);
        var leftAfter = LeftAfter(pay);
        var tail = leftAfter.ToString() is { Length: > 0 } l ? $"; {l}" : "";

        AcDecision decision = pay < alone
            ? new(request.RequestId, a.Id, pay, AcStatus.Partial, binding!.Value.Cut,
                $"{how}, cut to {pay}: {binding.Value.Text}{tail}", leftAfter,
                [new ExplanationStep("ac." + a.Id, $"request {request.RequestId} on {date}: {how}; cut to {pay} by the allowance left ({binding.Value.Text})", origin)])
            : new(request.RequestId, a.Id, pay, AcStatus.Granted, AcReason.Granted,
                $"{how}{tail}", leftAfter,
                [new ExplanationStep("ac." + a.Id, $"request {request.RequestId} on {date}: {how}: {pay} granted", origin)]);
        return new AcDecided(decision, next);
    }
}
