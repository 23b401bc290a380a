using System.Runtime.CompilerServices;
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
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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
        var careDate = invoice.Lines[0].FirstServiceDate; // the earliest line's date
        for (var i = 1; i < invoice.Lines.Count; i++)
            if (invoice.Lines[i].FirstServiceDate < careDate) careDate = invoice.Lines[i].FirstServiceDate;
        var destination = invoice.DestinationMutuality;
        var mediprima = destination == Engine.Core.Payers.PayerDecision.MediprimaMutuality;
        var beneficiaryKnown = true;
        if (data.Beneficiary(invoice.BeneficiaryNiss, careDate, destination) == EfactBeneficiaryStatus.Unknown)
        {
            first.Add(On20(R20.Beneficiary, E.R20BeneficiaryUnknown, "the beneficiary is not a known member (NISS not shown)"));
            beneficiaryKnown = false;
        }

        // The lines are copied only once one of them is refused here (the common case refuses none).
        List<EfactReadLine>? lines = null;
        var readClean = true; // no line refused by the reading
        for (var i = 0; i < result.Lines.Count; i++)
        {
            var line = result.Lines[i];
            readClean &= line.Rejections.Count == 0;
            var l = line.Line;
            List<EfactRejection>? extra = null;
            EfactRejection On50(EfactZone zone, EfactError error, string detail) =>
                new("50", line.RecordSequence, line.Offset, zone.Number, error, detail);
            if (!data.CodeExists(l.NomenclatureCode, l.FirstServiceDate))
                (extra ??= []).Add(On50(R50.Code, E.R50CodeUnknownOnDate, $"code {l.NomenclatureCode:000000} does not exist on {l.FirstServiceDate:yyyy-MM-dd}"));
            if (!data.IsKnownProvider(l.ProviderNihii, l.FirstServiceDate))
                (extra ??= []).Add(On50(R50.Provider, E.R50ProviderUnknown, $"provider {l.ProviderNihii} is not known on {l.FirstServiceDate:yyyy-MM-dd}"));
            if (beneficiaryKnown &&
                data.Beneficiary(invoice.BeneficiaryNiss, l.FirstServiceDate, destination) == EfactBeneficiaryStatus.NotInsured)
                (extra ??= []).Add(On50(R50.FirstDate, E.R50NotInsured, mediprima
                    ? $"the beneficiary is not covered by MediPrima on {l.FirstServiceDate:yyyy-MM-dd} (no CPAS decision: registry mutuality 690 and its period)"
                    : $"the beneficiary is not insured on {l.FirstServiceDate:yyyy-MM-dd}"));
            if (extra is not null && lines is null)
            {
                lines = new List<EfactReadLine>(result.Lines.Count);
                for (var j = 0; j < i; j++) lines.Add(result.Lines[j]);
            }
            lines?.Add(extra is null ? line : line with { Rejections = new ValueList<EfactRejection>(line.Rejections.Concat(extra)) });
        }

        // Nothing found here on an invoice read without a fault (the common case): its lists stay as they are.
        var clean = first.Count == 0 && lines is null && readClean;
        IReadOnlyList<EfactReadLine> checkedLines = lines is null ? result.Lines : lines;
        IReadOnlyList<EfactRejection> all = clean ? result.Rejections
            : result.Rejections.Concat(first).Concat(checkedLines.SelectMany(l => l.Rejections).Except(result.Rejections)).ToList();
        var blocking = false;
        foreach (var r in all) blocking |= !r.Error.RejectsLineOnly;
        var accepted = 0;
        foreach (var l in checkedLines) if (l.IsAccepted) accepted++;
        var status = blocking || accepted == 0 ? EfactInvoiceStatus.Rejected
            : accepted < checkedLines.Count ? EfactInvoiceStatus.PartlyAccepted
            : EfactInvoiceStatus.Accepted;
        if (clean) return status == result.Status ? result : result with { Status = status };
        return result with
        {
            Status = status,
            Rejections = new ValueList<EfactRejection>(all),
            Lines = lines is null ? result.Lines : new ValueList<EfactReadLine>(lines),
        };
    }
}
