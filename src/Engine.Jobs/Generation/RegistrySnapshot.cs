using Engine.Jobs.Data;

namespace Engine.Jobs.Generation;

/// <summary>The insurer's registry for a synthetic night: members, households, statuses, providers.</summary>
public sealed record RegistrySnapshot(
    IReadOnlyList<BeneficiaryRow> Beneficiaries,
    IReadOnlyList<StatusRow> Statuses,
    IReadOnlyList<HouseholdRow> Households,
    IReadOnlyList<HouseholdMemberRow> HouseholdMembers,
    IReadOnlyList<ProviderRow> Providers);
