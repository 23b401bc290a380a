namespace Engine.Core.Authorisations;

/// <summary>What the check of prior authorisation decided for one line.</summary>
public enum AuthorisationVerdict : byte
{
    /// <summary>The code needs no authorisation on the care date.</summary>
    NotRequired,
    /// <summary>Paid within a granted authorisation, one session used.</summary>
    Covered,
    /// <summary>No decision of the adviser covers the line: rejected, awaiting an authorisation (eFact 5004L0).</summary>
    Missing,
    /// <summary>The adviser refused the care for that date (eFact 500449).</summary>
    Refused,
    /// <summary>Granted authorisations cover the date but their sessions are used (eFact 5004L0).</summary>
    SessionsUsed,
    /// <summary>The kernel rejected the line for another reason: no session is used.</summary>
    NotPaid,
}

/// <summary>
/// The outcome of the check for one line: the verdict, the authorisation used or found (null when none), and the
/// sessions used with this line and left after it (null when the authorisation has no count).
/// </summary>
public sealed record AuthorisationOutcome(AuthorisationVerdict Verdict, PriorAuthorisation? Authorisation, int Used, int? Left)
{
    public static AuthorisationOutcome NotRequired { get; } = new(AuthorisationVerdict.NotRequired, null, 0, null);

    public bool Rejects => Verdict is AuthorisationVerdict.Missing or AuthorisationVerdict.Refused or AuthorisationVerdict.SessionsUsed;

    /// <summary>The official eFact rejection code (EfactErrors.json, record 50) of a rejecting verdict; empty otherwise.</summary>
    public string EfactCode => Verdict switch
    {
        AuthorisationVerdict.Refused => AuthorisationCodes.Refused,
        AuthorisationVerdict.Missing or AuthorisationVerdict.SessionsUsed => AuthorisationCodes.MissingOrSessionsUsed,
        _ => "",
    };

    /// <summary>The explanation a finance officer reads: which authorisation, sessions used and left, or why none.</summary>
    public string Explain(int code, NodaTime.LocalDate date) => Verdict switch
    {
        AuthorisationVerdict.NotRequired => $"code {code} needs no prior authorisation on {date:yyyy-MM-dd}",
        AuthorisationVerdict.Covered => $"{Authorisation!.Describe()}: session {Used}{(Authorisation.Sessions is { } s ? $" of {s}, {Left} left" : ", no count")}",
        AuthorisationVerdict.Missing =>
            $"code {code} on {date:yyyy-MM-dd} needs the medical adviser's agreement and none covers it: rejected, eFact {EfactCode} " +
            $"'{AuthorisationCodes.MissingLabelFr}' / '{AuthorisationCodes.MissingLabelNl}'; kept awaiting an authorisation",
        AuthorisationVerdict.Refused =>
            $"{Authorisation!.Describe()}: rejected, eFact {EfactCode} '{AuthorisationCodes.RefusedLabelFr}' / '{AuthorisationCodes.RefusedLabelNl}'",
        AuthorisationVerdict.SessionsUsed =>
            $"{Authorisation!.Describe()}: its {Authorisation.Sessions} sessions are used: rejected, eFact {EfactCode} " +
            $"'{AuthorisationCodes.MissingLabelFr}' / '{AuthorisationCodes.MissingLabelNl}'; kept awaiting an authorisation",
        _ => $"code {code} needs prior authorisation; the line is rejected for another reason and uses no session",
    };
}

/// <summary>The official eFact codes (shared/efact-samples/reference-data/EfactErrors.json, record 50 zone 4).</summary>
public static class AuthorisationCodes
{
    /// <summary>5004L0 (R): "Pas d'accord médecin-conseil ou nombre de séances dépassé".</summary>
    public const string MissingOrSessionsUsed = "5004L0";
    public const string MissingLabelFr = "Pas d'accord médecin-conseil ou nombre de séances dépassé";
    public const string MissingLabelNl = "Geen akkoord adviserend geneesheer of aantal zittingen is overschreden";

    /// <summary>500449 (R): "Prestation pour laquelle un accord médical est requis et cet accord a été refusé".</summary>
    public const string Refused = "500449";
    public const string RefusedLabelFr = "Prestation pour laquelle un accord médical est requis et cet accord a été refusé";
    public const string RefusedLabelNl = "Verstrekking waarvoor een akkoord adviserend geneesheer vereist is en dit akkoord is geweigerd.";
}
