namespace Engine.Core.Payers;

/// <summary>
/// Whose budget pays an amount. The insurer prices every line; for some members or invoices the money comes from
/// another budget than the compulsory insurance's, and that budget gets its own payment file and statement.
/// </summary>
public enum Payer
{
    /// <summary>The compulsory health insurance (the default).</summary>
    Insurance,
    /// <summary>SPP IS / POD MI (social integration): MediPrima, urgent medical aid granted by a CPAS/OCMW.</summary>
    SppIs,
    /// <summary>Fedasil: care of applicants for international protection.</summary>
    Fedasil,
    /// <summary>SPF Justice / FOD Justitie: care of detainees.</summary>
    Justice,
    /// <summary>The war-victims fund (direction Victimes de guerre): the personal share refunded to its "ressortissants".</summary>
    WarVictims,
}

/// <summary>The payers' codes, as written in files, configuration (Engine:Payers:&lt;code&gt;) and the store.</summary>
public static class PayerCodes
{
    public static string Code(this Payer payer) => payer switch
    {
        Payer.Insurance => "insurance",
        Payer.SppIs => "spp-is",
        Payer.Fedasil => "fedasil",
        Payer.Justice => "justice",
        Payer.WarVictims => "war-victims",
        _ => throw new ArgumentOutOfRangeException(nameof(payer), payer, null),
    };

    /// <summary>The name for a reader.</summary>
    public static string Label(this Payer payer) => payer switch
    {
        Payer.Insurance => "compulsory insurance",
        Payer.SppIs => "SPP IS (MediPrima)",
        Payer.Fedasil => "Fedasil",
        Payer.Justice => "SPF Justice (detainees)",
        Payer.WarVictims => "war-victims fund",
        _ => throw new ArgumentOutOfRangeException(nameof(payer), payer, null),
    };

    public static Payer Parse(string code) => TryParse(code, out var p) ? p
        : throw new ArgumentException($"payer '{code}' is not one of {string.Join(", ", Enum.GetValues<Payer>().Select(Code))}", nameof(code));

    public static bool TryParse(string? code, out Payer payer)
    {
        foreach (var p in Enum.GetValues<Payer>())
            if (string.Equals(p.Code(), code, StringComparison.Ordinal)) { payer = p; return true; }
        payer = Payer.Insurance;
        return false;
    }
}
