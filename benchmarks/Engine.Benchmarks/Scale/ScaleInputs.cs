using Engine.Core.Rules;
using Engine.Jobs.Efact;
using Engine.Jobs.Generation;
using Engine.Jobs.Registry;

namespace Engine.Benchmarks.Scale;

/// <summary>Where the generated night lies: the registry exchange files and the inbox, one folder per kind of file.</summary>
public sealed record ScaleInputs(string Registry, IReadOnlyList<string> Efact, IReadOnlyList<string> EAttest, IReadOnlyList<string> Others,
    int Sendings, int Messages)
{
    /// <summary>The same synthetic night as `demo` (same generator, same mix), written to <paramref name="folder"/>.</summary>
    public static ScaleInputs Write(string folder, GeneratorOptions generator, RuleSet rules, NodaTime.Instant registryKnownAt)
    {
        var registryFolder = Path.Combine(folder, "registry");
        var efactFolder = Directory.CreateDirectory(Path.Combine(folder, "efact")).FullName;
        var eattestFolder = Directory.CreateDirectory(Path.Combine(folder, "eattest")).FullName;
        var othersFolder = Directory.CreateDirectory(Path.Combine(folder, "others")).FullName;
        var registry = RegistryGenerator.Generate(generator, registryKnownAt);
        RegistryCsv.Write(registryFolder, registry);
        var events = CareGenerator.Generate(generator, registry,
            kind => rules.Reimbursement.CodesOfKind(kind).Select(c => c.Code).Where(c => c <= 999_999).ToList());
        var builder = new EfactSendingBuilder(rules, registry, generator.Mutuality);
        var efact = new List<string>();
        foreach (var (name, sending) in builder.Build(events, generator.RunDate.PlusDays(-1)))
        {
            efact.Add(Path.Combine(efactFolder, name));
            File.WriteAllBytes(efact[^1], EfactWriter.WriteBytes(sending));
        }
        var eattest = new List<string>();
        foreach (var (name, content) in new EAttestBuilder(registry).Build(events, builder))
        {
            eattest.Add(Path.Combine(eattestFolder, name));
            File.WriteAllBytes(eattest[^1], content);
        }
        var others = new List<string>
        {
            Path.Combine(othersFolder, $"indemnity-declarations-{generator.RunDate:yyyyMMdd}.csv"),
            Path.Combine(othersFolder, $"ac-requests-{generator.RunDate:yyyyMMdd}.csv"),
        };
        File.WriteAllText(others[0], IndemnityGenerator.Csv(generator, registry));
        File.WriteAllText(others[1], AcRequestGenerator.Csv(generator, registry));
        efact.Sort(StringComparer.Ordinal);
        eattest.Sort(StringComparer.Ordinal);
        return new ScaleInputs(registryFolder, efact, eattest, others, efact.Count, eattest.Count);
    }
}
