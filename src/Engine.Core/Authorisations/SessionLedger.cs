using NodaTime;

namespace Engine.Core.Authorisations;

/// <summary>
/// Decides, line after line, whether care that needs the medical adviser's agreement is paid: only within a granted
/// authorisation of the member that names the code (or its group) and covers the care date, and within its count of
/// sessions. Sessions are counted over the lines accepted so far, in the order <see cref="Decide"/> is called: the
/// caller gives the lines already paid first, then the others in a fixed order, so the same lines give the same
/// decisions. Among several granted authorisations covering a line, the first by start date then reference with a
/// session left is used. Pure: no store, no clock.
/// </summary>
public sealed class SessionLedger
{
    private readonly AuthorisationRules _rules;
    private readonly Dictionary<string, PriorAuthorisation[]> _byMember;
    private readonly Dictionary<string, int> _used = new(StringComparer.Ordinal);

    public SessionLedger(AuthorisationRules rules, IEnumerable<PriorAuthorisation> authorisations)
    {
        _rules = rules;
        _byMember = authorisations.GroupBy(a => a.MemberId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.OrderBy(a => a.From).ThenBy(a => a.Reference, StringComparer.Ordinal).ToArray(), StringComparer.Ordinal);
    }

    /// <summary>Sessions used so far under an authorisation (by reference).</summary>
    public int Used(string reference) => _used.GetValueOrDefault(reference);

    /// <summary>
    /// The decision for one line; <paramref name="payable"/> says whether the kernel would pay it (a line it rejects for
    /// another reason uses no session). A covered line uses one session.
    /// </summary>
    public AuthorisationOutcome Decide(string memberId, int code, LocalDate date, bool payable)
    {
        if (!_rules.Requires(code, date)) return AuthorisationOutcome.NotRequired;
        if (!payable) return new AuthorisationOutcome(AuthorisationVerdict.NotPaid, null, 0, null);
        var group = _rules.GroupOf(code, date);
        PriorAuthorisation? exhausted = null, refused = null;
        foreach (var a in _byMember.GetValueOrDefault(memberId) ?? [])
        {
            if (!a.Covers(date) || !a.Names(code, group)) continue;
            if (a.Decision == AdviserDecision.Refused) { refused ??= a; continue; }
            var used = _used.GetValueOrDefault(a.Reference);
            if (a.Sessions is { } max && used >= max) { exhausted ??= a; continue; }
            _used[a.Reference] = used + 1;
            return new AuthorisationOutcome(AuthorisationVerdict.Covered, a, used + 1, a.Sessions - (used + 1));
        }
        if (exhausted is not null) return new AuthorisationOutcome(AuthorisationVerdict.SessionsUsed, exhausted, Used(exhausted.Reference), 0);
        if (refused is not null) return new AuthorisationOutcome(AuthorisationVerdict.Refused, refused, 0, null);
        return new AuthorisationOutcome(AuthorisationVerdict.Missing, null, 0, null);
    }
}
