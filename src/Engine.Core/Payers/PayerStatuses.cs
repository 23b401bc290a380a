namespace Engine.Core.Payers;

/// <summary>
/// The registry statuses (statuses.csv, dated periods) that move a member's care to another payer. A status starts
/// and ends without notice (a detention): each period is its own row, and the payer is decided per care date.
/// </summary>
public static class PayerStatuses
{
    /// <summary>In detention (or interned) on the day: the care is priced for SPF Justice.</summary>
    public const string Detainee = "detainee";
    /// <summary>Applicant for international protection in Fedasil's care on the day (eFact carries no Fedasil marker).</summary>
    public const string Fedasil = "fedasil";
    /// <summary>Covered by urgent medical aid of a CPAS (a MediPrima decision) on the day.</summary>
    public const string Mediprima = "mediprima";
    /// <summary>A "ressortissant" of the war-victims direction on the day: the personal share is refunded by its fund.</summary>
    public const string WarVictim = "war_victim";

    public static readonly string[] All = [Detainee, Fedasil, Mediprima, WarVictim];

    public static bool IsPayerStatus(string status) => All.Contains(status, StringComparer.Ordinal);
}

/// <summary>One dated status period of a member, as the registry holds it (to = null: open).</summary>
public sealed record StatusPeriod(string Status, NodaTime.LocalDate From, NodaTime.LocalDate? To)
{
    public bool Covers(NodaTime.LocalDate d) => d >= From && (To is null || d <= To.Value);
}
