namespace Engine.Core.Rules;

/// <summary>
/// Everything the kernel needs from rules/, loaded and checked once. <see cref="Version"/> is the content hash of
/// the rules folder: every result records it so an auditor can tell which figures produced it.
/// Each domain adds its own tables here as a property.
/// </summary>
public sealed class RuleSet
{
    public required string Version { get; init; }
    public required ParameterSet Parameters { get; init; }
    private readonly global::Engine.Core.Reimbursement.ReimbursementRules? _reimbursement;

    /// <summary>The reimbursement tables; a rules folder without reimbursement/ leaves them out, and asking for them then fails.</summary>
    [System.Diagnostics.CodeAnalysis.AllowNull]
    public global::Engine.Core.Reimbursement.ReimbursementRules Reimbursement
    {
        get => _reimbursement ?? throw new InvalidOperationException("this rule set was built without reimbursement tables");
        init => _reimbursement = value;
    }
    public Engine.Core.Ceilings.MafRules Ceilings { get; init; } = Engine.Core.Ceilings.MafRules.Empty;
    public Engine.Core.Complementary.AcCatalogues Complementary { get; init; } = Engine.Core.Complementary.AcCatalogues.Empty;
    /// <summary>Which codes need the medical adviser's prior agreement, when (rules/authorisations/); none without the folder.</summary>
    public Engine.Core.Authorisations.AuthorisationRules Authorisations { get; init; } = Engine.Core.Authorisations.AuthorisationRules.Empty;
}
