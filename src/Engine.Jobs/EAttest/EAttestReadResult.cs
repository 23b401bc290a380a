using Engine.Jobs.Efact;

namespace Engine.Jobs.EAttest;

public enum EAttestMessageKind
{
    /// <summary>Not an eAttest message (not XML, not a FHIR Bundle, unknown event).</summary>
    Unknown,
    /// <summary>eattest-create: an attestation to refund.</summary>
    Create,
    /// <summary>eattest-cancel: the provider cancels an attestation sent before.</summary>
    Cancel,
}

/// <summary>Why an element was refused.</summary>
/// <param name="Element">The element's path in the message, e.g. "Bundle/entry[10]/resource/Claim/item[1]/net/value".</param>
/// <param name="Code">A short reason code (see <see cref="EAttestReasons"/>).</param>
/// <param name="Reason">Plain words: what was found and what was expected (never a NISS in clear).</param>
/// <param name="ItemSequence">The Claim.item sequence when the rejection refuses one line only.</param>
public sealed record EAttestRejection(string Element, string Code, string Reason, int? ItemSequence = null)
{
    public override string ToString() => $"{Code} at {Element}: {Reason}";
}

/// <summary>The reason codes of eAttest rejections.</summary>
public static class EAttestReasons
{
    public const string NotXml = "not-xml";
    /// <summary>Beyond the reader's limits (nesting depth, elements, entries, items): refused unread.</summary>
    public const string TooLarge = "too-large";
    public const string NotEAttest = "not-eattest";
    public const string Missing = "missing";
    public const string Invalid = "invalid";
    public const string Reference = "reference";
    public const string Mismatch = "mismatch";
    public const string MemberUnknown = "member-unknown";
    public const string MemberNotInsured = "member-not-insured";
    public const string ProviderUnknown = "provider-unknown";
    public const string CodeUnknown = "code-unknown";
}

public enum EAttestStatus
{
    Accepted,
    PartlyAccepted,
    Rejected,
}

/// <summary>One item read, with its own rejections (a line-level fault refuses that item only).</summary>
public sealed record EAttestReadLine(int Sequence, string Element, EAttestLine? Line, ValueList<EAttestRejection> Rejections)
{
    public bool IsAccepted => Line is not null && Rejections.Count == 0;
}

/// <summary>Everything read from one eAttest message.</summary>
/// <param name="ContentSha256">SHA-256 of the raw bytes (lower-case hex), for an idempotent import.</param>
/// <param name="Attestation">The attestation as parsed, when its own fields and at least one item could be parsed (whatever
/// the verdict); its lines are the items parsed, an item that could not be parsed is only in <paramref name="Lines"/>.</param>
/// <param name="CancelledAttestationId">For a cancel message: Claim.identifier, the attestation number to cancel.</param>
/// <param name="Rejections">Attestation-level rejections (the whole attestation is refused).</param>
/// <param name="Lines">Every Claim.item found, in order.</param>
public sealed record EAttestReadResult(
    string FileName,
    string ContentSha256,
    EAttestMessageKind Kind,
    string? MessageId,
    EAttestAttestation? Attestation,
    string? CancelledAttestationId,
    ValueList<EAttestRejection> Rejections,
    ValueList<EAttestReadLine> Lines)
{
    public EAttestStatus Status =>
        Kind == EAttestMessageKind.Unknown || Rejections.Count > 0 ||
        (Kind == EAttestMessageKind.Create && (Attestation is null || !Lines.Any(l => l.IsAccepted)))
            ? EAttestStatus.Rejected
            : Lines.All(l => l.IsAccepted) ? EAttestStatus.Accepted : EAttestStatus.PartlyAccepted;

    /// <summary>The lines to refund: none when the attestation is refused.</summary>
    public IEnumerable<EAttestLine> AcceptedLines =>
        Status == EAttestStatus.Rejected ? [] : Lines.Where(l => l.IsAccepted).Select(l => l.Line!);

    public IEnumerable<EAttestRejection> AllRejections => Rejections.Concat(Lines.SelectMany(l => l.Rejections));
}
