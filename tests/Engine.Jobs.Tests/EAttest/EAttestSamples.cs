using Engine.Core.Money;
using Engine.Jobs.EAttest;
using NodaTime;

namespace Engine.Jobs.Tests.EAttest;

internal static class EAttestSamples
{
    /// <summary>Two physiotherapy sessions paid by the member: 2 x EUR 31.64, one with a EUR 5.00 supplement.</summary>
    public static EAttestAttestation Physio() => new(
        AttestationId: "att-2024-0001",
        MessageId: "6f1d3c1e-2f6b-4f59-9b1a-3a0c2b9b7e11",
        Created: new LocalDateTime(2024, 3, 5, 18, 30, 0).WithOffset(Offset.FromHours(1)),
        AttestationType: "physiotherapy",
        MemberNiss: "73031805784",
        ProviderNihii: "54263481527",
        ProviderQualification: "persphysiotherapist",
        Supplement: null,
        Total: Money.Parse("63.28"),
        Lines: new[]
        {
            new EAttestLine(1, 560011, new LocalDate(2024, 3, 4), 1, Money.Parse("31.64"), Money.Parse("31.64"), null),
            new EAttestLine(2, 560011, new LocalDate(2024, 3, 5), 1, null, Money.Parse("31.64"), Money.Parse("5.00")),
        });
}
