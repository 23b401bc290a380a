using NodaTime;

namespace Engine.Core.Indemnities;

public enum IndemnityKind { Incapacity, Maternity, BirthLeave }

/// <summary>The member's status at the start of the case: employé, ouvrier or self-employed.</summary>
public enum MemberStatus { Employee, Worker, SelfEmployed }

public enum FamilyStatus { Family, Isolated, Cohabitant }

/// <summary>The basis of the employer's declared daily wage: per day of a 5-day week or of a 6-day week.</summary>
public enum WageBasis { FiveDay, SixDay }

/// <summary>The gross daily wage declared by the employer, in euros (up to 4 decimals, as the legal ceiling).</summary>
public sealed record DeclaredWage(decimal Amount, WageBasis Basis = WageBasis.SixDay);

/// <summary>The family situation in force from <see cref="From"/> until the next entry.</summary>
public sealed record FamilySituation(LocalDate From, FamilyStatus Status);

/// <summary>
/// Part-time work authorised by the medical adviser, from <see cref="From"/> to <see cref="To"/> (inclusive; null =
/// still running), with the gross daily income it earns on a 6-day basis (a monthly income divided by 26).
/// </summary>
public sealed record PartTimeResumption(LocalDate From, LocalDate? To, decimal DailyIncome)
{
    public bool Covers(LocalDate date) => date >= From && (To is null || date <= To.Value);
}

/// <summary>
/// One incapacity or leave of one member: what the kernel needs to pay it. Field names in errors are those of the
/// calculator's cases.csv so a user can find the cell.
/// </summary>
public sealed record IndemnityCase
{
    public required string Id { get; init; }
    public required IndemnityKind Kind { get; init; }
    public required MemberStatus Status { get; init; }
    /// <summary>A regular worker (travailleur régulier) has the higher minimum of section 3.</summary>
    public bool RegularWorker { get; init; } = true;
    /// <summary>An employé whose contract is shorter than 3 months is paid by the insurer from day 15, like an ouvrier.</summary>
    public bool ShortContract { get; init; }
    public required LocalDate FirstDay { get; init; }
    /// <summary>The last day of the incapacity or leave; null while it is still open.</summary>
    public LocalDate? LastDay { get; init; }
    /// <summary>Required for employees and workers; ignored for the self-employed (flat amounts).</summary>
    public DeclaredWage? Wage { get; init; }
    /// <summary>The family situation over time; the first entry must start on or before the first day.</summary>
    public required IReadOnlyList<FamilySituation> Family { get; init; }
    public IReadOnlyList<PartTimeResumption> Resumptions { get; init; } = [];
    /// <summary>Maternity: 19 weeks instead of 15.</summary>
    public bool MultipleBirth { get; init; }
    /// <summary>Maternity of an unemployed member: 79.5 % capped for days 1-30 instead of 82 % uncapped.</summary>
    public bool Unemployed { get; init; }
    /// <summary>Birth leave: the child's birth date; null = the first day of the leave.</summary>
    public LocalDate? BirthDate { get; init; }
    /// <summary>
    /// Salaried incapacity that is a relapse after a return to work: the last day of the previous incapacity. Within
    /// indemnity.relapse.window_days of it (14 days; 8 weeks from 2026-01-01) no new guaranteed salary is due.
    /// </summary>
    public LocalDate? RelapseAfterLastDay { get; init; }
    /// <summary>
    /// Salaried incapacity that is a relapse during an authorised part-time resumption: the resumption's first day.
    /// The insurer pays from day 1 (within the first 20 weeks of the resumption; for the whole resumption from 2026-01-01).
    /// </summary>
    public LocalDate? RelapseInResumptionFrom { get; init; }

    public FamilyStatus FamilyOn(LocalDate date)
    {
        FamilySituation? found = null;
        foreach (var f in Family)
            if (f.From <= date && (found is null || f.From >= found.From)) found = f;
        return found?.Status ?? throw new IndemnityCaseException("family_status", $"no family situation is known on {date:yyyy-MM-dd}");
    }

    public PartTimeResumption? ResumptionOn(LocalDate date)
    {
        foreach (var r in Resumptions)
            if (r.Covers(date)) return r;
        return null;
    }
}

/// <summary>A case the kernel cannot compute as given: names the field (the cases.csv column) and the reason.</summary>
public sealed class IndemnityCaseException(string field, string reason) : Exception($"{field}: {reason}")
{
    public string Field { get; } = field;
    public string Reason { get; } = reason;
}
