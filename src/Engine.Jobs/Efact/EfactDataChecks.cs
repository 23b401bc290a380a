using static Engine.Jobs.Efact.EfactLayout;
using E = Engine.Jobs.Efact.EfactErrors;

namespace Engine.Jobs.Efact;

/// <summary>
/// The checks against the insurer's data (<see cref="IEfactReferenceData"/>), on the invoices the format checks left
/// standing: destination mutuality ours, beneficiary known, invoice number not received before (invoice level);
/// beneficiary insured, provider known, code existing on the care date (line level).
/// </summary>
public static class EfactDataChecks
{
    public static EfactReadResult Apply(EfactReadResult result, IEfactReferenceData data)
    {
        var thirdParty = result.Identity?.ThirdPartyNihii;
        var seen = new HashSet<long>();
        var invoices = new List<EfactInvoiceResult>();
        foreach (var invoice in result.Invoices)
        {
            // A number repeated inside the file is refused on its second occurrence, like one received before.
            var duplicate = invoice.InvoiceNumber is { } number && !seen.Add(number);
            invoices.Add(invoice.Status == EfactInvoiceStatus.Rejected || invoice.Invoice is null
                ? invoice
                : Check(invoice, invoice.Invoice, data, thirdParty, duplicate));
        }
        return result with { Invoices = new ValueList<EfactInvoiceResult>(invoices) };
    }

    private static EfactInvoiceResult Check(EfactInvoiceResult result, EfactInvoice invoice, IEfactReferenceData data,
        string? thirdParty, bool duplicateInFile)
    {
        var first = new List<EfactRejection>();
        EfactRejection On20(EfactZone zone, EfactError error, string detail) =>
            new("20", result.FirstSequence, result.Offset, zone.Number, error, detail);

        if (!data.IsOurMutuality(invoice.DestinationMutuality))
            first.Add(On20(R20.DestinationMutuality, E.R20DestinationNotOurs, $"destination mutuality {invoice.DestinationMutuality:000} is not one this insurer pays for"));
        if (duplicateInFile)
            first.Add(On20(R20.InvoiceNumber, E.R20InvoiceNumberNotUnique, $"invoice number {invoice.InvoiceNumber} appears twice in this sending"));
        else if (thirdParty is not null && data.InvoiceAlreadyReceived(thirdParty, invoice.InvoiceNumber))
            first.Add(On20(R20.InvoiceNumber, E.R20InvoiceNumberNotUnique, $"invoice number {invoice.InvoiceNumber} was already received from this third party"));
        var careDate = invoice.Lines.Min(l => l.FirstServiceDate);
        var destination = invoice.DestinationMutuality;
        var mediprima = destination == Engine.Core.Payers.PayerDecision.MediprimaMutuality;
        if (data.Beneficiary(invoice.BeneficiaryNiss, careDate, destination) == EfactBeneficiaryStatus.Unknown)
            first.Add(On20(R20.Beneficiary, E.R20BeneficiaryUnknown, "the beneficiary is not a known member (NISS not shown)"));

        var lines = new List<EfactReadLine>();
        var found = false; // a line refused here
        foreach (var line in result.Lines)
        {
            var extra = new List<EfactRejection>();
            var l = line.Line;
            EfactRejection On50(EfactZone zone, EfactError error, string detail) =>
                new("50", line.RecordSequence, line.Offset, zone.Number, error, detail);
            if (!data.CodeExists(l.NomenclatureCode, l.FirstServiceDate))
                extra.Add(On50(R50.Code, E.R50CodeUnknownOnDate, $"code {l.NomenclatureCode:000000} does not exist on {l.FirstServiceDate:yyyy-MM-dd}"));
            if (!data.IsKnownProvider(l.ProviderNihii, l.FirstServiceDate))
                extra.Add(On50(R50.Provider, E.R50ProviderUnknown, $"provider {l.ProviderNihii} is not known on {l.FirstServiceDate:yyyy-MM-dd}"));
            if (first.All(r => r.Error != E.R20BeneficiaryUnknown) &&
                data.Beneficiary(invoice.BeneficiaryNiss, l.FirstServiceDate, destination) == EfactBeneficiaryStatus.NotInsured)
                extra.Add(On50(R50.FirstDate, E.R50NotInsured, mediprima
                    ? $"the beneficiary is not covered by MediPrima on {l.FirstServiceDate:yyyy-MM-dd} (no CPAS decision: registry mutuality 690 and its period)"
                    : $"the beneficiary is not insured on {l.FirstServiceDate:yyyy-MM-dd}"));
            found |= extra.Count > 0;
            lines.Add(extra.Count == 0 ? line : line with { Rejections = new ValueList<EfactRejection>(line.Rejections.Concat(extra)) });
        }

        // Nothing found here on an invoice read without a fault (the common case): its lists stay as they are.
        var clean = first.Count == 0 && !found && result.Lines.All(l => l.Rejections.Count == 0);
        IReadOnlyList<EfactRejection> all = clean ? result.Rejections
            : result.Rejections.Concat(first).Concat(lines.SelectMany(l => l.Rejections).Except(result.Rejections)).ToList();
        var status = all.Any(r => !r.Error.RejectsLineOnly) || lines.All(l => !l.IsAccepted) ? EfactInvoiceStatus.Rejected
            : lines.Any(l => !l.IsAccepted) ? EfactInvoiceStatus.PartlyAccepted
            : EfactInvoiceStatus.Accepted;
        return result with
        {
            Status = status,
            Rejections = clean ? result.Rejections : new ValueList<EfactRejection>(all),
            Lines = clean ? result.Lines : new ValueList<EfactReadLine>(lines),
        };
    }
}
