using NodaTime;

namespace Engine.Core.Authorisations;

/// <summary>The medical adviser's decision on a request (médecin-conseil / adviserend arts).</summary>
public enum AdviserDecision : byte { Granted, Refused }

/// <summary>
/// One decision of the medical adviser on a prior-authorisation request: for a member, a nomenclature code or a group
/// of codes (<see cref="Codes"/>: the code's digits, or a group name of rules/authorisations), care dated
/// <see cref="From"/> to <see cref="To"/> (inclusive), at most <see cref="Sessions"/> lines (null = no count).
/// <see cref="Reference"/> is the adviser's own reference: the key of the decision (a later version replaces it).
/// </summary>
public sealed record PriorAuthorisation(
    string Reference, string MemberId, string Codes, LocalDate From, LocalDate To, int? Sessions, AdviserDecision Decision)
{
    public bool Covers(LocalDate date) => date >= From && date <= To;

    /// <summary>Whether the decision names this code (by its digits, leading zeros ignored) or its group.</summary>
    public bool Names(int code, string? group) =>
        (int.TryParse(Codes, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var c) && c == code)
        || (group is not null && string.Equals(Codes, group, StringComparison.Ordinal));

    public string Describe() =>
        $"authorisation {Reference} ({(Decision == AdviserDecision.Granted ? "granted" : "refused")} by the medical adviser, {Codes}, " +
        $"{From:yyyy-MM-dd} to {To:yyyy-MM-dd}, {(Sessions is { } s ? $"{s} session{(s == 1 ? "" : "s")}" : "no count of sessions")})";
}
