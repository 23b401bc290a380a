namespace Engine.Core.Payments;

/// <summary>
/// IBAN lengths (ISO 13616 registry) of the countries in the SEPA credit-transfer scheme: the EEA, Switzerland,
/// the United Kingdom, Monaco, San Marino, Andorra, Vatican City and Gibraltar. Dependent territories that use their
/// parent's IBAN (e.g. French overseas departments: FR) need no entry. A country outside this list is refused with
/// the reason, never paid on a guess.
/// </summary>
public static class IbanCountries
{
    public static readonly IReadOnlyDictionary<string, int> Lengths = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        ["AD"] = 24, ["AT"] = 20, ["BE"] = 16, ["BG"] = 22, ["CH"] = 21, ["CY"] = 28, ["CZ"] = 24, ["DE"] = 22,
        ["DK"] = 18, ["EE"] = 20, ["ES"] = 24, ["FI"] = 18, ["FR"] = 27, ["GB"] = 22, ["GI"] = 23, ["GR"] = 27,
        ["HR"] = 21, ["HU"] = 28, ["IE"] = 22, ["IS"] = 26, ["IT"] = 27, ["LI"] = 21, ["LT"] = 20, ["LU"] = 20,
        ["LV"] = 21, ["MC"] = 27, ["MT"] = 31, ["NL"] = 18, ["NO"] = 15, ["PL"] = 28, ["PT"] = 25, ["RO"] = 24,
        ["SE"] = 24, ["SI"] = 19, ["SK"] = 24, ["SM"] = 27, ["VA"] = 22,
    };
}
