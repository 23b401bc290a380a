using System.Text;
using Engine.Core.Money;
using Engine.Jobs.EAttest;
using Engine.Jobs.Efact;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;

namespace Engine.Jobs.Tests.EAttest;

public sealed record ValidAttestation(EAttestAttestation Attestation)
{
    public override string ToString() => $"attestation {Attestation.AttestationId} with {Attestation.Lines.Count} items";
}

public sealed record DamagedAttestation(EAttestAttestation Attestation, int Position, byte Value, int Count)
{
    public override string ToString() => $"{Count} bytes from {Position} set to 0x{Value:X2} in {Attestation.AttestationId}";
}

public static class EAttestArbitraries
{
    private static readonly string[] Types = ["physiotherapy", "specializedmedicine", "generalpractice", "dentistry"];

    private static Gen<EAttestLine> Line(int sequence) =>
        from code in Gen.Choose(100_000, 999_999)
        from day in Gen.Choose(0, 3000)
        from units in Gen.Choose(1, 20)
        from priceCents in Gen.Choose(0, 50_000)
        from withPrice in Gen.Elements(true, false)
        from supplementCents in Gen.Choose(0, 10_000)
        from withSupplement in Gen.Elements(true, false)
        let price = new Money(priceCents)
        select new EAttestLine(sequence, code, new LocalDate(2020, 1, 1).PlusDays(day), units, withPrice ? price : null,
            price.Times(units), withSupplement ? new Money(supplementCents) : null);

    public static Gen<EAttestAttestation> Attestations =>
        from id in Gen.Choose(1, 99_999_999)
        from message in Gen.Choose(1, int.MaxValue - 1)
        from minutes in Gen.Choose(0, 5_000_000)
        from offsetHours in Gen.Choose(-2, 3)
        from type in Gen.Elements(Types)
        from niss in Gen.Choose(1, 999_999_999)
        from provider in Gen.Choose(10_000_000, 99_999_999)
        from qualification in Gen.Elements("", "persphysician", "persphysiotherapist")
        from supplementCents in Gen.Choose(-1, 10_000)
        from count in Gen.Choose(1, 5)
        from lines in Gen.CollectToArray(Enumerable.Range(1, count).Select(Line))
        select new EAttestAttestation($"att-{id}", $"msg-{message}",
            new LocalDateTime(2020, 1, 1, 0, 0).PlusMinutes(minutes).WithOffset(Offset.FromHours(offsetHours)), type,
            BelgianIdentifiers.NissFromBody(niss), provider.ToString("00000000") + "004", qualification,
            supplementCents < 0 ? null : new Money(supplementCents), lines.Aggregate(Money.Zero, (s, l) => s + l.Fee), lines);

    public static Arbitrary<ValidAttestation> ValidAttestations() => Attestations.Select(a => new ValidAttestation(a)).ToArbitrary();

    public static Arbitrary<DamagedAttestation> DamagedAttestations() =>
        (from a in Attestations
         from position in Gen.Choose(0, int.MaxValue - 1)
         from value in Gen.Choose(0, 255)
         from count in Gen.Choose(1, 4)
         select new DamagedAttestation(a, position, (byte)value, count)).ToArbitrary();
}

[Properties(Arbitrary = [typeof(EAttestArbitraries)], MaxTest = 200)]
public class EAttestPropertyTests
{
    [Property]
    public void A_written_attestation_reads_back_exactly(ValidAttestation valid)
    {
        var result = EAttestReader.Read("p.xml", EAttestWriter.WriteBytes(valid.Attestation));
        Assert.Empty(result.AllRejections);
        Assert.Equal(valid.Attestation, result.Attestation);
    }

    [Property]
    public void Damaged_messages_never_throw_and_refusals_carry_a_reason(DamagedAttestation d)
    {
        var bytes = EAttestWriter.WriteBytes(d.Attestation);
        var at = d.Position % bytes.Length;
        for (var i = at; i < Math.Min(bytes.Length, at + d.Count); i++) bytes[i] = d.Value;
        var result = EAttestReader.Read("d.xml", bytes);
        Assert.DoesNotContain(result.AllRejections, r => r.Reason.StartsWith("reader failure", StringComparison.Ordinal));
        if (result.Status == EAttestStatus.Rejected) Assert.NotEmpty(result.AllRejections);
        if (result.Status == EAttestStatus.Accepted) Assert.Empty(result.AllRejections);
        Assert.All(result.AllRejections, r => Assert.False(string.IsNullOrEmpty(r.Element) || string.IsNullOrEmpty(r.Reason)));
        // the answer can always be written
        Assert.NotEmpty(EAttestAnswerWriter.Write(result, new EAttestAnswerContext("300", "U", "1", default)));
    }
}
