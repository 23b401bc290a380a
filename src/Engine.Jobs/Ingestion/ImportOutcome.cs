using Engine.Jobs.Data;

namespace Engine.Jobs.Ingestion;

/// <summary>What happened to one received file.</summary>
/// <param name="Status">imported, duplicate (same bytes already received: nothing changes), or refused.</param>
public sealed record ImportOutcome(
    string FileName,
    string Channel,
    string Status,
    int AcceptedInvoices,
    int RejectedInvoices,
    int AcceptedLines,
    int RejectedLines,
    string Detail,
    string? AnswerFile)
{
    /// <summary>Every rejection, one line each: record, sequence, zone, official code and message (at most
    /// <see cref="MaxRejectionsTold"/>, then how many more: the answer holds them).</summary>
    public IReadOnlyList<string> Rejections { get; init; } = [];

    /// <summary>Most rejections told in an outcome (a sending of 150,000 damaged invoices has a million).</summary>
    public const int MaxRejectionsTold = 1_000;

    public static IReadOnlyList<string> Told(IEnumerable<string> rejections)
    {
        var told = new List<string>();
        var more = 0;
        foreach (var r in rejections)
            if (told.Count < MaxRejectionsTold) told.Add(r);
            else more++;
        if (more > 0) told.Add($"... and {more:N0} more rejections, not listed here");
        return told;
    }

    public override string ToString() =>
        $"{FileName}: {Status}; invoices accepted {AcceptedInvoices}, rejected {RejectedInvoices}; lines accepted {AcceptedLines}, rejected {RejectedLines}" +
        (Detail.Length > 0 ? $"; {Detail}" : "") + (AnswerFile is null ? "" : $"; answer {AnswerFile}");
}

public sealed record ImportReport(IReadOnlyList<ImportOutcome> Files)
{
    /// <summary>Indemnity cases new or changed by this import: the pay-on-arrival job pays them the same day.</summary>
    public IReadOnlyList<string> ArrivedIndemnityCases { get; init; } = [];

    /// <summary>BIM rights on the insurer's initiative granted by this import: a recalculation of each member pays the complements owed since.</summary>
    public IReadOnlyList<BimDecisionRow> GrantedBim { get; init; } = [];

    public string Describe()
    {
        int Count(string status) => Files.Count(f => f.Status == status);
        return $"{Files.Count:N0} files: {Count("imported"):N0} imported, {Count("duplicate"):N0} already received, {Count("refused"):N0} refused; " +
               $"lines accepted {Files.Sum(f => f.AcceptedLines):N0}, rejected {Files.Sum(f => f.RejectedLines):N0}; " +
               $"invoices rejected {Files.Sum(f => f.RejectedInvoices):N0}";
    }
}
