using Engine.Jobs.Data;
using Engine.Jobs.Generation;
using Engine.Jobs.Rules;
using Engine.Jobs.Tests.Stores;
using Engine.Jobs.Time;
using Engine.Tests.Shared;

namespace Engine.Jobs.Tests;

/// <summary>
/// A synthetic night on a fresh store in a temporary folder: options with the shipped rules and the folders under
/// <c>root</c>, a clock at the evening before the run date, the registry generated and imported. On SQLite (the file
/// engine.db in <c>root</c>) by default, or on the store given (disposed with the night).
/// </summary>
internal sealed class SmallNight : IDisposable
{
    public required EngineOptions Options { get; init; }
    public required GeneratorOptions Generator { get; init; }
    public required FixedClock Clock { get; init; }
    public required IEngineStore Store { get; init; }
    public required TestStore TestStore { get; init; }
    public required RuleSetProvider Rules { get; init; }
    public required RegistrySnapshot Registry { get; init; }

    public static SmallNight Create(string root, GeneratorOptions generator, StoreKind kind = StoreKind.Sqlite)
    {
        var options = new EngineOptions
        {
            RulesFolder = Path.Combine(SharedFolder.RepositoryRoot, "rules"),
            InboxFolder = Path.Combine(root, "inbox"), ArchiveFolder = Path.Combine(root, "archive"),
            OutboxFolder = Path.Combine(root, "outbox"), OutputFolder = Path.Combine(root, "runs"),
        };
        var clock = new FixedClock(Brussels.At(generator.RunDate.PlusDays(-1), 18));
        Directory.CreateDirectory(root);
        var testStore = TestStores.Create(kind, root);
        var store = testStore.Store;
        store.Migrate(clock.GetCurrentInstant());
        var registry = RegistryGenerator.Generate(generator, clock.GetCurrentInstant());
        store.AddProviders(registry.Providers);
        store.AddBeneficiaries(registry.Beneficiaries);
        store.AddStatuses(registry.Statuses);
        store.AddHouseholds(registry.Households, registry.HouseholdMembers);
        return new SmallNight
        {
            Options = options, Generator = generator, Clock = clock, Store = store, TestStore = testStore, Rules = new RuleSetProvider(options), Registry = registry,
        };
    }

    public void Dispose() => TestStore.Dispose();

    /// <summary>The night's care, with the codes eFact and eAttest can carry (6 digits).</summary>
    public IReadOnlyList<CareEvent> Events() =>
        CareGenerator.Generate(Generator, Registry, k => Rules.Current.Reimbursement.CodeNumbersOfKind(k).Where(c => c <= 999_999).ToList());

    public EfactSendingBuilder Sendings() => new(Rules.Current, Registry, 131);
}
