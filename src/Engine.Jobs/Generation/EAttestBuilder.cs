using Engine.Core.Money;
using Engine.Jobs.Data;
using Engine.Jobs.EAttest;
using Engine.Jobs.Efact;
using Engine.Jobs.Time;
using NodaTime;

namespace Engine.Jobs.Generation;

/// <summary>
/// Writes the direct-refund care of a synthetic night as eAttest messages: one attestation per provider and member,
/// with one item per act (the fee the member paid, and any supplement).
/// </summary>
public sealed class EAttestBuilder(RegistrySnapshot registry)
{
    private readonly Dictionary<string, BeneficiaryRow> _members = registry.Beneficiaries.ToDictionary(b => b.BeneficiaryId);
    private readonly Dictionary<string, ProviderRow> _providers = registry.Providers.ToDictionary(p => p.ProviderId);

    public IReadOnlyList<(string FileName, byte[] Content)> Build(IReadOnlyList<CareEvent> events, EfactSendingBuilder amounts)
    {
        var groups = Groups(events);
        // Each message depends on its own acts only: written on every core, each in its place, so the files are the
        // same whatever the number of threads.
        var files = new (string, byte[])[groups.Length];
        Parallel.For(0, groups.Length, i => files[i] = Message(groups[i], amounts));
        return files;
    }

    /// <summary>
    /// The same messages, each handed to <paramref name="write"/> once made (from every core, in no set order: each
    /// file's bytes depend on its own acts only), none held: the number of messages.
    /// </summary>
    public int Build(IReadOnlyList<CareEvent> events, EfactSendingBuilder amounts, Action<string, byte[]> write)
    {
        var groups = Groups(events);
        Parallel.For(0, groups.Length, i =>
        {
            var (fileName, content) = Message(groups[i], amounts);
            write(fileName, content);
        });
        return groups.Length;
    }

    private static IGrouping<(string ProviderId, string BeneficiaryId), CareEvent>[] Groups(IReadOnlyList<CareEvent> events) =>
        events.Where(e => e.Channel == "eattest")
            .GroupBy(e => (e.ProviderId, e.BeneficiaryId))
            .OrderBy(g => g.Key.ProviderId, StringComparer.Ordinal).ThenBy(g => g.Key.BeneficiaryId, StringComparer.Ordinal)
            .ToArray();

    private (string FileName, byte[] Content) Message(IGrouping<(string ProviderId, string BeneficiaryId), CareEvent> g, EfactSendingBuilder amounts)
    {
        var provider = _providers[g.Key.ProviderId];
        var member = _members[g.Key.BeneficiaryId];
        var acts = g.OrderBy(e => e.Date).ThenBy(e => e.Number).ToList();
        var lines = acts.Select((e, i) =>
        {
            var fee = amounts.Billed(e) - e.Supplement;
            return new EAttestLine(i + 1, e.Code, e.Date, e.Quantity, null, fee, e.Supplement.Cents > 0 ? e.Supplement : null);
        }).ToList();
        var created = Brussels.At(acts[^1].Date, 18).InZone(Brussels.Zone).ToOffsetDateTime();
        var id = $"A{acts[0].Number:0000000}";
        var attestation = new EAttestAttestation(id, $"M{acts[0].Number:0000000}", created, TypeOf(provider.Kind), member.Niss,
            provider.Nihii, QualificationOf(provider.Kind), null, lines.Aggregate(Money.Zero, (s, l) => s + l.Fee),
            new ValueList<EAttestLine>(lines));
        return ($"{provider.Nihii}-{id}.eattest.xml", EAttestWriter.WriteBytes(attestation));
    }

    private static string TypeOf(string kind) => kind switch
    {
        "physiotherapist" => "physiotherapy",
        "specialist" => "specializedmedicine",
        "dentist" => "dentalcare",
        _ => "generalpractice",
    };

    private static string QualificationOf(string kind) => kind switch
    {
        "physiotherapist" => "persphysiotherapist",
        "dentist" => "persdentist",
        _ => "persphysician",
    };
}
