using Engine.Jobs.Payers;

namespace Engine.Jobs.Tests.Payers;

/// <summary>Engine:Payers:spp-is:AcceptInvoices (docs/payers.md): which destination mutualities the import accepts.</summary>
public sealed class PayerAccountsTests
{
    private static PayerAccountOptions Account(bool accept) =>
        new() { DebtorName = "Payer", Iban = "BE10679000010104", Bic = "PCHQBEBB", AcceptInvoices = accept };

    [Fact]
    public void Invoices_to_690_are_accepted_only_when_spp_is_says_so()
    {
        var none = new EngineOptions();
        Assert.Equal([131], PayerAccounts.InvoiceMutualities(none));
        var account = new EngineOptions { Payers = new(StringComparer.Ordinal) { ["spp-is"] = Account(false) } };
        Assert.Equal([131], PayerAccounts.InvoiceMutualities(account));
        var accepting = new EngineOptions { Payers = new(StringComparer.Ordinal) { ["spp-is"] = Account(true) } };
        Assert.Equal([131, 690], PayerAccounts.InvoiceMutualities(accepting));
        Assert.Empty(PayerAccounts.Problems(accepting));
    }

    [Fact]
    public void Fedasil_has_no_invoices_of_its_own_AcceptInvoices_on_it_is_refused()
    {
        var options = new EngineOptions { Payers = new(StringComparer.Ordinal) { ["fedasil"] = Account(true) } };
        var problem = Assert.Single(PayerAccounts.Problems(options));
        Assert.StartsWith("Engine:Payers:fedasil:AcceptInvoices: only spp-is has invoices of its own", problem);
        Assert.Equal([131], PayerAccounts.InvoiceMutualities(options));
    }
}
