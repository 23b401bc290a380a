using Engine.Core.Money;
using NodaTime;

namespace Engine.Jobs.Generation;

/// <summary>
/// One synthetic act of care, before it is written as an eFact line (third-party payment) or an eAttest line
/// (direct refund). <see cref="Supplement"/> is what a provider bills above the agreement fee; a medicine is billed
/// at its listed price (rules/reimbursement/medicines.csv).
/// </summary>
public sealed record CareEvent(
    int Number,
    string BeneficiaryId,
    string ProviderId,
    string Kind,
    int Code,
    LocalDate Date,
    int Quantity,
    Money Supplement,
    string Channel,
    string? PrescriberId);
