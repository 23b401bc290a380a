using Engine.Core.Money;
using Engine.Jobs.Efact;
using NodaTime;

namespace Engine.Jobs.EAttest;

/// <summary>
/// One electronic attestation of care (eAttest, hl7-be FHIR "eattest-create" message): the member paid the provider and
/// the insurer refunds the member directly. Amounts are those on the attestation (euros, exact cents).
/// </summary>
/// <param name="AttestationId">Claim.id: the provider's identifier of this attestation (unique per sender).</param>
/// <param name="MessageId">MessageHeader.id: identifies the message; the answer refers to it.</param>
/// <param name="Created">Claim.created, with its offset.</param>
/// <param name="AttestationType">Claim.subType code (be-cs-eattestation-types: physiotherapy, specializedmedicine, ...).</param>
/// <param name="MemberNiss">Patient.identifier (ssin): the member, 11 digits.</param>
/// <param name="ProviderNihii">Practitioner (or Organization) identifier (nihdi) behind Claim.provider: 11 digits.</param>
/// <param name="ProviderQualification">PractitionerRole.code (cd-hcparty, e.g. persphysiotherapist); empty when absent.</param>
/// <param name="Supplement">Claim extension be-ext-eattestation-supplement, when given.</param>
/// <param name="Total">Claim.total: the fee of the whole attestation (= Σ item net).</param>
public sealed record EAttestAttestation(
    string AttestationId,
    string MessageId,
    OffsetDateTime Created,
    string AttestationType,
    string MemberNiss,
    string ProviderNihii,
    string ProviderQualification,
    Money? Supplement,
    Money Total,
    ValueList<EAttestLine> Lines);

/// <summary>One Claim.item: a nomenclature code performed on a date.</summary>
/// <param name="Sequence">item.sequence (1, 2, ...).</param>
/// <param name="NomenclatureCode">item.productOrService (be-ns-nihdi-nomenclature): 6 digits.</param>
/// <param name="ServiceDate">item.servicedDate.</param>
/// <param name="Units">item.quantity: a whole number, 1..9999.</param>
/// <param name="UnitPrice">item.unitPrice, when given (then Fee = Units x UnitPrice).</param>
/// <param name="Fee">item.net: the fee the member paid for the item.</param>
/// <param name="Supplement">item extension be-ext-eattestation-item-supplement, when given.</param>
public sealed record EAttestLine(
    int Sequence,
    int NomenclatureCode,
    LocalDate ServiceDate,
    int Units,
    Money? UnitPrice,
    Money Fee,
    Money? Supplement);
