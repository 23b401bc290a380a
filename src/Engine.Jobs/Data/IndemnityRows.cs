using Engine.Core.Money;
using NodaTime;

namespace Engine.Jobs.Data;

/// <summary>An indemnity case as declared (the employer's wage declaration or the member's notice).</summary>
public sealed class IndemnityCaseRow
{
    public string CaseId { get; init; } = "";
    public string BeneficiaryId { get; init; } = "";
    /// <summary>incapacity, maternity or birth_leave.</summary>
    public string Kind { get; init; } = "";
    /// <summary>employee, worker or self_employed.</summary>
    public string Regime { get; init; } = "";
    public bool RegularWorker { get; init; }
    public LocalDate FirstDay { get; init; }
    public LocalDate? LastDay { get; init; }
    /// <summary>Gross daily wage on a 6-day basis, up to 4 decimals, as declared; null for the self-employed.</summary>
    public string? DailyWage { get; init; }
    /// <summary>family, isolated or cohabitant.</summary>
    public string FamilyStatus { get; init; } = "";
    public string SourceFile { get; init; } = "";
    public Instant KnownAt { get; init; }
}

/// <summary>What one run paid for one case and period.</summary>
/// <summary>
/// Indemnity days a run held because a figure is missing from rules/ (the parameter and the date it lacks a value on):
/// days = calendar days from first to last day. The next runs compute them again from the case's "paid until".
/// </summary>
public sealed class IndemnityHeldRow
{
    public string RunId { get; init; } = "";
    public string CaseId { get; init; } = "";
    public string BeneficiaryId { get; init; } = "";
    public LocalDate FirstDay { get; init; }
    public LocalDate LastDay { get; init; }
    public int Days { get; init; }
    public string Parameter { get; init; } = "";
    public LocalDate Date { get; init; }
}

public sealed class IndemnityPaymentRow
{
    public long IndemnityPaymentId { get; init; }
    public string RunId { get; init; } = "";
    public string CaseId { get; init; } = "";
    public string BeneficiaryId { get; init; } = "";
    public LocalDate PeriodStart { get; init; }
    public LocalDate PeriodEnd { get; init; }
    public int PaidDays { get; init; }
    public Money Daily { get; init; }
    public Money Gross { get; init; }
    public Money Withholding { get; init; }
    public Money Net { get; init; }
    public string RuleSetVersion { get; init; } = "";
    public string Rules { get; init; } = "";
    /// <summary>The provisional rule values (I or U) the amounts were computed with (<see cref="Engine.Core.Rules.Provisional"/>); empty = none.</summary>
    public string Provisional { get; init; } = "";
}

/// <summary>A change of a case's family situation from a date.</summary>
public sealed class IndemnityFamilyRow
{
    public string CaseId { get; init; } = "";
    public LocalDate FromDate { get; init; }
    /// <summary>family, isolated or cohabitant.</summary>
    public string FamilyStatus { get; init; } = "";
    public string SourceFile { get; init; } = "";
    public Instant KnownAt { get; init; }
}
