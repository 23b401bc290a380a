namespace Engine.Core.Complementary;

using Money = Engine.Core.Money.Money;

/// <summary>How an advantage pays a request: a flat sum per unit (one request is one unit: a session, an event, a
/// membership), or a percentage of the amount paid.</summary>
public enum AcPay { Flat, Percent }

/// <summary>What proves an advantage: an attestation of a kind, or a nomenclature code on a care line.</summary>
public enum AcProofKind { Attestation, Nomenclature }

/// <summary>
/// One advantage of an insurer's complementary-insurance catalogue, as in force for a period.
/// <para>Pays: <see cref="AcPay.Flat"/> pays <see cref="Amount"/> per request; <see cref="AcPay.Percent"/> pays
/// <see cref="PercentBasisPoints"/> of the amount paid, at most <see cref="Amount"/> per request when it is set.
/// When <see cref="CostBased"/>, a request never gets more than the amount paid (a premium or a voucher is not).</para>
/// <para>Caps (null = none): euros per calendar year, requests per calendar year, euros per event (the requests
/// sharing one evidence reference), euros over the member's lifetime, once in a lifetime.</para>
/// <para>Conditions: age on the request date within [<see cref="AgeMin"/>, <see cref="AgeMax"/>] (whole years,
/// inclusive); AC contribution in order on the date; a file with more than <see cref="ClosedAfterArrearsMonths"/>
/// months of arrears is closed; the date at least <see cref="WaitingMonths"/> after the member joined the AC.
/// Advantages sharing an <see cref="ExclusiveGroup"/> pay only one of them per event (birth premium or voucher).</para>
/// </summary>
public sealed record AcAdvantage(
    string Id,
    AcProofKind ProofKind,
    string Proof,
    AcPay Pay,
    Money? Amount,
    int? PercentBasisPoints,
    bool CostBased,
    Money? CapPerYear,
    int? UnitsPerYear,
    Money? CapPerEvent,
    Money? CapLifetime,
    bool OnceInLifetime,
    int? AgeMin,
    int? AgeMax,
    bool ContributionRequired,
    int? ClosedAfterArrearsMonths,
    int? WaitingMonths,
    string? ExclusiveGroup);
