namespace Engine.Jobs.Efact;

/// <summary>
/// A rejection reason. <see cref="EfactErrorKind.Record"/>: a code of the official eFact table, 6 characters
/// RRZZEE (record type, zone, error), with its letter (B blocking, F invoice, R line, E, S). 
/// <see cref="EfactErrorKind.Segment"/>: a 2-digit code of the kind the mutualities write in the error zones (xxx1)
/// of segments 200/300 and records 95/96, which the official table does not list.
/// The French and Dutch texts are written for this engine from the meaning of the official labels.
/// </summary>
public sealed record EfactError(string Code, char Letter, string French, string Dutch, EfactErrorKind Kind)
{
    /// <summary>Letter + code as they appear in the replies: "B509902".</summary>
    public string LetterCode => Letter + Code;

    /// <summary>A line-level rejection (letter R): the line is refused, the rest of its invoice can be paid.</summary>
    public bool RejectsLineOnly => Letter == 'R';

    public override string ToString() => $"{LetterCode} {French}";
}

public enum EfactErrorKind
{
    Record,
    Segment,
}

/// <summary>One rejection: where (record type, sequence number, byte offset, zone) and why.</summary>
/// <param name="RecordType">The record type as found ("50"), or "200"/"300" for the header segments.</param>
/// <param name="Sequence">The record's sequence number (zone 2) when it could be read; null for 95/96/segments.</param>
/// <param name="Offset">Byte offset of the record (or segment) in the file, 0-based; null when the file has no such record.</param>
/// <param name="Zone">Official zone number ("19", "24-25", "404"), or "length" for the size of the file.</param>
/// <param name="Detail">Plain words naming the value found and the value expected (never a NISS or an IBAN).</param>
public sealed record EfactRejection(string RecordType, int? Sequence, long? Offset, string Zone, EfactError Error, string Detail)
{
    public string Code => Error.Code;

    public override string ToString() =>
        $"{Error.LetterCode} record {RecordType}{(Sequence is { } s ? $" #{s}" : "")}" +
        $"{(Offset is { } o ? $" at byte {o}" : "")} zone {Zone}: {Detail} ({Error.French})";
}
