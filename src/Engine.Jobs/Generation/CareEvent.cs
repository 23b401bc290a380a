using Engine.Core.Money;
using NodaTime;

namespace Engine.Jobs.Generation;

/// <summary>
/// One synthetic act of care, before it is written as an eFact line (third-party payment) or an eAttest line
/// (direct refund). <see cref="PublicPrice"/> is set for medicines (the fee is the price billed);
/// <see cref="Supplement"/> is what a provider bills above the agreement fee.
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
    Money? PublicPrice,
    string Channel,
    string? PrescriberId);
