namespace Engine.Jobs.Efact;

/// <summary>
/// The rejection codes this engine uses. Record codes are codes of the official eFact table (EfactErrors.json,
/// code = record type + zone + error number, with the official letter); a test checks each one against that table
/// (which stays in shared/, never in the repository). Texts written here from the meaning, not copied.
/// </summary>
public static class EfactErrors
{
    private static readonly Dictionary<string, EfactError> Records = new();

    /// <summary>Every record code defined here, for the test against the official table.</summary>
    public static IReadOnlyCollection<EfactError> All => Records.Values;

    /// <summary>The French fragment the official label of each code must contain (the test's meaning check).</summary>
    public static IReadOnlyDictionary<string, string> MeaningKeywords => Keywords;

    private static readonly Dictionary<string, string> Keywords = new();

    private static EfactError D(string code, char letter, string keyword, string fr, string nl)
    {
        var e = new EfactError(code, letter, fr, nl, EfactErrorKind.Record);
        Records.Add(code, e);
        Keywords.Add(code, keyword);
        return e;
    }

    /// <summary>A code defined above for this record type and suffix (zone + error), e.g. ("50", "0201").</summary>
    public static EfactError For(string recordType, string zoneAndError) =>
        Records.TryGetValue(recordType + zoneAndError, out var e)
            ? e
            : throw new InvalidOperationException($"eFact code {recordType}{zoneAndError} is not defined in {nameof(EfactErrors)}");

    /// <summary>True when <see cref="For"/> knows the code.</summary>
    public static bool Has(string recordType, string zoneAndError) => Records.ContainsKey(recordType + zoneAndError);

    // Record type (zone 1), sequence number (zone 2), record check digits (zone 99): same meaning for every record.
    private static void PerRecord(string type, char typeLetter = 'B')
    {
        D(type + "0101", typeLetter, "non numérique", "Type d'enregistrement illisible (pas des chiffres)", "Recordtype onleesbaar (geen cijfers)");
        D(type + "0103", typeLetter, "non autorisé", "Type d'enregistrement inattendu à cet endroit", "Recordtype niet verwacht op deze plaats");
        D(type + "0201", 'B', "numéro d'ordre", "Numéro d'ordre de l'enregistrement illisible", "Volgnummer van het record onleesbaar");
        D(type + "9902", 'B', "contrôle de l'enregistrement", "Chiffres de contrôle de l'enregistrement faux", "Controlecijfers van het record fout");
    }

    private static void Sequence(string type) =>
        D(type + "0210", 'B', "précédent + 1", "Numéro d'ordre ne suit pas celui de l'enregistrement précédent", "Volgnummer volgt niet op dat van het vorige record");

    static EfactErrors()
    {
        foreach (var t in new[] { "10", "20", "50", "51", "52", "80", "90" }) PerRecord(t);
        foreach (var t in new[] { "20", "50", "51", "52", "80", "90" }) Sequence(t);
    }

    // ---- structure ----
    public static readonly EfactError FirstSequenceNotOne = D("100110", 'B', "000001", "Le premier enregistrement ne porte pas le numéro d'ordre 000001", "Het eerste record draagt niet volgnummer 000001");
    public static readonly EfactError Record90Missing = D("900104", 'B', "90 absent", "Enregistrement 90 (fin d'envoi) manquant", "Record 90 (einde zending) ontbreekt");
    public static readonly EfactError Record90NotLast = D("900111", 'B', "pas le dernier", "Enregistrements inattendus après l'enregistrement 90", "Onverwachte records na record 90");
    public static readonly EfactError Record20WithoutLines = D("200111", 'B', "non suivi", "Facture sans ligne de prestation après l'enregistrement 20", "Factuur zonder prestatielijn na record 20");
    public static readonly EfactError Record50NotClosed = D("500111", 'B', "non suivi", "Ligne de prestation non suivie d'une autre ligne ou de l'enregistrement 80", "Prestatielijn niet gevolgd door een andere lijn of door record 80");
    public static readonly EfactError Record51NotClosed = D("510111", 'B', "non suivi", "Enregistrement 51 non suivi d'une ligne ou de l'enregistrement 80", "Record 51 niet gevolgd door een lijn of door record 80");
    public static readonly EfactError Record52NotClosed = D("520111", 'B', "non suivi", "Enregistrement 52 non suivi d'une ligne ou de l'enregistrement 80", "Record 52 niet gevolgd door een lijn of door record 80");
    public static readonly EfactError Record51Misplaced = D("510110", 'B', "non précédé", "Enregistrement 51 sans enregistrement 50 juste avant", "Record 51 zonder record 50 er vlak voor");
    public static readonly EfactError Record52Misplaced = D("520110", 'B', "non précédé", "Enregistrement 52 sans enregistrement 50 ou 51 juste avant", "Record 52 zonder record 50 of 51 er vlak voor");
    public static readonly EfactError Record80Misplaced = D("800110", 'B', "non précédé", "Enregistrement 80 sans ligne de prestation avant lui", "Record 80 zonder prestatielijn ervoor");

    // ---- record 10 ----
    public static readonly EfactError R10IndexCode = D("100303", 'B', "code indice", "Code indice autre que 0 (seul le compte A est lu)", "Indexcode verschillend van 0 (enkel rekening A wordt gelezen)");
    public static readonly EfactError R10VersionNotNumeric = D("100401", 'B', "version", "Version des instructions illisible", "Versie van de onderrichtingen onleesbaar");
    public static readonly EfactError R10VersionNotAllowed = D("100403", 'B', "version", "Version des instructions ni 0001999 ni 9991999", "Versie van de onderrichtingen noch 0001999 noch 9991999");
    public static readonly EfactError R10VersionDiffers = D("100420", 'B', "version", "Version des instructions différente du segment 300", "Versie van de onderrichtingen verschilt van segment 300");
    public static readonly EfactError R10SendingNotNumeric = D("100701", 'B', "envoi", "Numéro d'envoi illisible", "Nummer van de zending onleesbaar");
    public static readonly EfactError R10SendingZero = D("100703", 'B', "envoi", "Numéro d'envoi nul", "Nummer van de zending is nul");
    public static readonly EfactError R10SendingDiffers = D("100720", 'B', "envoi", "Numéro d'envoi différent du segment 300", "Nummer van de zending verschilt van segment 300");
    public static readonly EfactError R10SendingTwice = D("100721", 'B', "double", "Numéro d'envoi déjà reçu de ce tiers payant", "Nummer van de zending al ontvangen van deze derdebetaler");
    public static readonly EfactError R10ThirdPartyNotNumeric = D("101401", 'B', "tiers payant", "Numéro du tiers payant illisible", "Nummer van de derdebetaler onleesbaar");
    public static readonly EfactError R10ThirdPartyFirstDigit = D("101404", 'B', "premier chiffre", "Numéro du tiers payant ne commence pas par 0", "Nummer van de derdebetaler begint niet met 0");
    public static readonly EfactError R10YearNotNumeric = D("102201", 'B', "année", "Année facturée illisible", "Gefactureerd jaar onleesbaar");
    public static readonly EfactError R10YearNotAllowed = D("102203", 'B', "année", "Année facturée impossible", "Gefactureerd jaar onmogelijk");
    public static readonly EfactError R10YearFirstDigit = D("102204", 'B', "premier chiffre", "Année facturée ne commence pas par 0", "Gefactureerd jaar begint niet met 0");
    public static readonly EfactError R10YearDiffers = D("102220", 'B', "année", "Année facturée différente du segment 300", "Gefactureerd jaar verschilt van segment 300");
    public static readonly EfactError R10MonthNotNumeric = D("102301", 'B', "mois", "Mois facturé illisible", "Gefactureerde maand onleesbaar");
    public static readonly EfactError R10MonthNotAllowed = D("102303", 'B', "mois", "Mois facturé hors de 01 à 12", "Gefactureerde maand niet van 01 tot 12");
    public static readonly EfactError R10MonthDiffers = D("102320", 'B', "mois", "Mois facturé différent du segment 300", "Gefactureerde maand verschilt van segment 300");
    public static readonly EfactError R10CreationDate = D("102501", 'B', "date de création", "Date de création illisible ou impossible", "Datum van opmaak onleesbaar of onmogelijk");
    public static readonly EfactError R10EnterpriseCheckDigits = D("102702", 'B', "bce", "Numéro d'entreprise (BCE) aux chiffres de contrôle faux", "Ondernemingsnummer (KBO) met foute controlecijfers");
    public static readonly EfactError R10EnterpriseNotNumeric = D("102704", 'B', "bce", "Numéro d'entreprise (BCE) illisible", "Ondernemingsnummer (KBO) onleesbaar");
    public static readonly EfactError R10EnterpriseMissing = D("102710", 'B', "bce", "Numéro d'entreprise (BCE) manquant (obligatoire depuis 2015-01)", "Ondernemingsnummer (KBO) ontbreekt (verplicht sinds 2015-01)");
    public static readonly EfactError R10BicMissing = D("103110", 'B', "bic", "BIC du compte A manquant", "BIC van rekening A ontbreekt");
    public static readonly EfactError R10IbanCheckDigits = D("103602", 'B', "iban", "IBAN du compte A aux chiffres de contrôle faux", "IBAN van rekening A met foute controlecijfers");
    public static readonly EfactError R10IbanMissing = D("103610", 'B', "iban", "IBAN du compte A manquant", "IBAN van rekening A ontbreekt");

    // ---- record 20 ----
    public static readonly EfactError R20AffiliationNotNumeric = D("200701", 'B', "mutualité d'affiliation", "Mutualité d'affiliation illisible", "Ziekenfonds van aansluiting onleesbaar");
    public static readonly EfactError R20BeneficiaryNotNumeric = D("200801", 'B', "bénéficiaire", "Identification du bénéficiaire illisible", "Identificatie van de rechthebbende onleesbaar");
    public static readonly EfactError R20BeneficiaryCheckDigits = D("200802", 'F', "check-digit", "NISS du bénéficiaire aux chiffres de contrôle faux", "INSZ van de rechthebbende met foute controlecijfers");
    public static readonly EfactError R20BeneficiaryMissing = D("200810", 'F', "absent", "Identification du bénéficiaire absente", "Identificatie van de rechthebbende afwezig");
    public static readonly EfactError R20BeneficiaryUnknown = D("200820", 'F', "non connu", "Bénéficiaire inconnu de la mutualité", "Rechthebbende niet gekend bij het ziekenfonds");
    public static readonly EfactError R20SexNotNumeric = D("200901", 'B', "sexe", "Code sexe illisible", "Code geslacht onleesbaar");
    public static readonly EfactError R20SexNotAllowed = D("200903", 'F', "sexe", "Code sexe ni 1 ni 2", "Code geslacht noch 1 noch 2");
    public static readonly EfactError R20InvoiceTypeNotNumeric = D("201001", 'B', "type de facture", "Type de facture illisible", "Type factuur onleesbaar");
    public static readonly EfactError R20InvoiceTypeNotAllowed = D("201003", 'F', "type de facture", "Type de facture non prévu", "Type factuur niet voorzien");
    public static readonly EfactError R20InvoicingTypeNotNumeric = D("201101", 'B', "type de facturation", "Type de facturation illisible", "Type facturering onleesbaar");
    public static readonly EfactError R20InvoicingTypeNotAllowed = D("201103", 'F', "type de facturation", "Type de facturation autre que 0 (facture normale): non lu par ce moteur", "Type facturering verschillend van 0 (gewone factuur): niet gelezen door deze motor");
    public static readonly EfactError R20InstitutionNotNumeric = D("201401", 'B', "établissement", "Numéro de l'établissement qui facture illisible", "Nummer van de facturerende instelling onleesbaar");
    public static readonly EfactError R20InstitutionDiffers = D("201412", 'F', "tiers payant", "Établissement qui facture différent du tiers payant de l'enregistrement 10", "Facturerende instelling verschilt van de derdebetaler in record 10");
    public static readonly EfactError R20DestinationNotNumeric = D("201801", 'B', "mutualité de destination", "Mutualité de destination illisible", "Ziekenfonds van bestemming onleesbaar");
    public static readonly EfactError R20DestinationNotOurs = D("201803", 'B', "mutualité de destination", "Mutualité de destination qui n'est pas la nôtre", "Ziekenfonds van bestemming is niet het onze");
    public static readonly EfactError R20DestinationOrder = D("201812", 'B', "inférieur", "Mutualité de destination plus petite que celle de la facture précédente", "Ziekenfonds van bestemming kleiner dan dat van de vorige factuur");
    public static readonly EfactError R20InvoiceNumberNotNumeric = D("202401", 'B', "facture individuelle", "Numéro de facture individuelle illisible", "Nummer van de individuele factuur onleesbaar");
    public static readonly EfactError R20InvoiceNumberZero = D("202403", 'B', "facture individuelle", "Numéro de facture individuelle nul", "Nummer van de individuele factuur is nul");
    public static readonly EfactError R20InvoiceNumberNotUnique = D("202420", 'B', "unique", "Numéro de facture individuelle déjà reçu de ce tiers payant", "Nummer van de individuele factuur al ontvangen van deze derdebetaler");
    public static readonly EfactError R20FlagNotNumeric = D("203201", 'B', "flag", "Indicateur d'identification du bénéficiaire illisible", "Vlag identificatie rechthebbende onleesbaar");
    public static readonly EfactError R20FlagNotAllowed = D("203203", 'F', "flag", "Indicateur d'identification autre que 1 (NISS): non lu par ce moteur", "Vlag identificatie verschillend van 1 (INSZ): niet gelezen door deze motor");

    // ---- record 50 ----
    public static readonly EfactError R50NormNotNumeric = D("500301", 'B', "norme", "Norme de la prestation illisible", "Norm van de verstrekking onleesbaar");
    public static readonly EfactError R50CodeNotNumeric = D("500401", 'B', "nomenclature", "Code de nomenclature illisible", "Nomenclatuurcode onleesbaar");
    public static readonly EfactError R50CodeFirstDigit = D("500404", 'B', "premier chiffre", "Code de nomenclature ne commence pas par 0", "Nomenclatuurcode begint niet met 0");
    public static readonly EfactError R50CodeUnknownOnDate = D("500420", 'R', "non valable", "Code de nomenclature inexistant à la date de la prestation", "Nomenclatuurcode bestaat niet op de datum van de verstrekking");
    public static readonly EfactError R50FirstDate = D("500501", 'B', "date première", "Date de la (première) prestation illisible ou impossible", "Datum van de (eerste) verstrekking onleesbaar of onmogelijk");
    public static readonly EfactError R50NotInsured = D("500540", 'R', "en règle", "Bénéficiaire pas en ordre d'assurance à la date de la prestation", "Rechthebbende niet in orde van verzekering op de datum van de verstrekking");
    public static readonly EfactError R50LastDate = D("500601", 'B', "date dernière", "Date de la dernière prestation illisible ou impossible", "Datum van de laatste verstrekking onleesbaar of onmogelijk");
    public static readonly EfactError R50LastBeforeFirst = D("500612", 'R', "antérieure", "Date de la dernière prestation avant la première", "Datum van de laatste verstrekking voor de eerste");
    public static readonly EfactError R50AffiliationNotNumeric = D("500701", 'B', "mutualité d'affiliation", "Mutualité d'affiliation illisible", "Ziekenfonds van aansluiting onleesbaar");
    public static readonly EfactError R50AffiliationDiffers = D("500712", 'R', "différent", "Mutualité d'affiliation différente de l'enregistrement 20", "Ziekenfonds van aansluiting verschilt van record 20");
    public static readonly EfactError R50BeneficiaryNotNumeric = D("500801", 'B', "bénéficiaire", "Identification du bénéficiaire illisible", "Identificatie van de rechthebbende onleesbaar");
    public static readonly EfactError R50BeneficiaryDiffers = D("500812", 'F', "différent", "Bénéficiaire différent de celui de l'enregistrement 20", "Rechthebbende verschilt van die van record 20");
    public static readonly EfactError R50SexNotNumeric = D("500901", 'B', "sexe", "Code sexe illisible", "Code geslacht onleesbaar");
    public static readonly EfactError R50SexDiffers = D("500912", 'R', "différent", "Code sexe différent de l'enregistrement 20", "Code geslacht verschilt van record 20");
    public static readonly EfactError R50AccountNotNumeric = D("501101", 'B', "compte financier", "Référence du compte financier illisible", "Verwijzing financiële rekening onleesbaar");
    public static readonly EfactError R50AccountNotA = D("501110", 'B', "code indice", "Ligne au compte B alors que l'envoi n'a que le compte A", "Lijn op rekening B terwijl de zending enkel rekening A heeft");
    public static readonly EfactError R50ProviderNotNumeric = D("501501", 'B', "dispensateur", "Numéro INAMI du dispensateur illisible", "RIZIV-nummer van de verstrekker onleesbaar");
    public static readonly EfactError R50ProviderFirstDigit = D("501504", 'B', "premier chiffre", "Numéro du dispensateur ne commence pas par 0", "Nummer van de verstrekker begint niet met 0");
    public static readonly EfactError R50ProviderMissing = D("501505", 'R', "fait défaut", "Numéro INAMI du dispensateur absent", "RIZIV-nummer van de verstrekker ontbreekt");
    public static readonly EfactError R50ProviderUnknown = D("501520", 'R', "inconnu", "Dispensateur inconnu à la date de la prestation", "Verstrekker niet gekend op de datum van de verstrekking");
    public static readonly EfactError R50ProviderNormNotNumeric = D("501601", 'B', "norme dispensateur", "Norme du dispensateur illisible", "Norm van de verstrekker onleesbaar");
    public static readonly EfactError R50AmountNotNumeric = D("501901", 'B', "non numérique", "Intervention de l'assurance illisible", "Verzekeringstegemoetkoming onleesbaar");
    public static readonly EfactError R50AmountSign = D("501905", 'B', "+ ou -", "Intervention de l'assurance sans signe + ou - en tête", "Verzekeringstegemoetkoming zonder teken + of - vooraan");
    public static readonly EfactError R50AmountSignInDigits = D("501906", 'B', "signé", "Signe dans les chiffres de l'intervention de l'assurance", "Teken in de cijfers van de verzekeringstegemoetkoming");
    public static readonly EfactError R50PrescriptionDate = D("502001", 'B', "prescription", "Date de prescription illisible ou impossible", "Datum van het voorschrift onleesbaar of onmogelijk");
    public static readonly EfactError R50PrescriptionDateMissing = D("502011", 'R', "prescripteur présent", "Prescripteur sans date de prescription", "Voorschrijver zonder datum van het voorschrift");
    public static readonly EfactError R50PrescriberMissing = D("502012", 'R', "prescripteur absent", "Date de prescription sans prescripteur", "Datum van het voorschrift zonder voorschrijver");
    public static readonly EfactError R50UnitsNotNumeric = D("502201", 'B', "unités", "Nombre d'unités illisible", "Aantal eenheden onleesbaar");
    public static readonly EfactError R50UnitsSign = D("502205", 'B', "+ ou -", "Nombre d'unités sans signe + ou - en tête", "Aantal eenheden zonder teken + of - vooraan");
    public static readonly EfactError R50UnitsSignInDigits = D("502206", 'B', "signé", "Signe dans les chiffres du nombre d'unités", "Teken in de cijfers van het aantal eenheden");
    public static readonly EfactError R50UnitsSignMismatch = D("502212", 'R', "signe", "Signe du nombre d'unités contraire à celui du montant", "Teken van het aantal eenheden tegengesteld aan dat van het bedrag");
    public static readonly EfactError R50PrescriberNotNumeric = D("502401", 'B', "prescripteur", "Numéro du prescripteur illisible", "Nummer van de voorschrijver onleesbaar");
    public static readonly EfactError R50PrescriberFirstDigit = D("502404", 'B', "premier chiffre", "Numéro du prescripteur ne commence pas par 0", "Nummer van de voorschrijver begint niet met 0");
    public static readonly EfactError R50PrescriberNormNotNumeric = D("502601", 'B', "norme prescripteur", "Norme du prescripteur illisible", "Norm van de voorschrijver onleesbaar");
    public static readonly EfactError R50ShareNotNumeric = D("502701", 'B', "intervention personnelle", "Intervention personnelle illisible", "Persoonlijk aandeel onleesbaar");
    public static readonly EfactError R50ShareSign = D("502705", 'B', "+ ou -", "Intervention personnelle sans signe + ou - en tête", "Persoonlijk aandeel zonder teken + of - vooraan");
    public static readonly EfactError R50ShareSignInDigits = D("502706", 'B', "signé", "Signe dans les chiffres de l'intervention personnelle", "Teken in de cijfers van het persoonlijk aandeel");
    public static readonly EfactError R50ShareSignMismatch = D("502712", 'R', "signe", "Signe de l'intervention personnelle contraire à celui du montant", "Teken van het persoonlijk aandeel tegengesteld aan dat van het bedrag");
    public static readonly EfactError R50SupplementNotNumeric = D("503001", 'B', "supplément", "Supplément illisible", "Supplement onleesbaar");
    public static readonly EfactError R50SupplementSign = D("503005", 'B', "+ ou -", "Supplément sans signe + ou - en tête", "Supplement zonder teken + of - vooraan");
    public static readonly EfactError R50SupplementSignInDigits = D("503006", 'B', "signé", "Signe dans les chiffres du supplément", "Teken in de cijfers van het supplement");
    public static readonly EfactError R50SupplementSignMismatch = D("503012", 'R', "signe", "Signe du supplément contraire à celui du montant", "Teken van het supplement tegengesteld aan dat van het bedrag");
    public static readonly EfactError R50ConventionNotNumeric = D("503501", 'B', "conventionné", "Code conventionnement illisible", "Code verbintenis onleesbaar");

    // ---- records 51 and 52 ----
    public static readonly EfactError R51CodeNotNumeric = D("510401", 'B', "nomenclature", "Code de nomenclature illisible", "Nomenclatuurcode onleesbaar");
    public static readonly EfactError R51CodeDiffers = D("510412", 'R', "zone 4", "Code différent de celui de l'enregistrement 50", "Code verschilt van dat van record 50");
    public static readonly EfactError R51DateNotNumeric = D("510501", 'B', "date", "Date de prestation illisible ou impossible", "Datum van de verstrekking onleesbaar of onmogelijk");
    public static readonly EfactError R51DateDiffers = D("510512", 'R', "zone 5", "Date différente de celle de l'enregistrement 50", "Datum verschilt van die van record 50");
    public static readonly EfactError R51BeneficiaryNotNumeric = D("510801", 'B', "bénéficiaire", "Identification du bénéficiaire illisible", "Identificatie van de rechthebbende onleesbaar");
    public static readonly EfactError R51BeneficiaryDiffers = D("510812", 'R', "zone 8", "Bénéficiaire différent de celui de l'enregistrement 20", "Rechthebbende verschilt van die van record 20");
    public static readonly EfactError R52CodeNotNumeric = D("520401", 'B', "nomenclature", "Code de nomenclature illisible", "Nomenclatuurcode onleesbaar");
    public static readonly EfactError R52CodeDiffers = D("520412", 'R', "zone 4", "Code différent de celui de l'enregistrement 50", "Code verschilt van dat van record 50");
    public static readonly EfactError R52DateNotNumeric = D("520501", 'B', "date", "Date de prestation illisible ou impossible", "Datum van de verstrekking onleesbaar of onmogelijk");
    public static readonly EfactError R52DateDiffers = D("520512", 'R', "zone 5", "Date différente de celle de l'enregistrement 50", "Datum verschilt van die van record 50");
    public static readonly EfactError R52BeneficiaryNotNumeric = D("520801", 'B', "bénéficiaire", "Identification du bénéficiaire illisible", "Identificatie van de rechthebbende onleesbaar");
    public static readonly EfactError R52BeneficiaryDiffers = D("520812", 'R', "zone 8", "Bénéficiaire différent de celui de l'enregistrement 20", "Rechthebbende verschilt van die van record 20");

    // ---- record 80 ----
    public static readonly EfactError R80AffiliationNotNumeric = D("800701", 'B', "mutualité d'affiliation", "Mutualité d'affiliation illisible", "Ziekenfonds van aansluiting onleesbaar");
    public static readonly EfactError R80AffiliationDiffers = D("800712", 'F', "différent", "Mutualité d'affiliation différente de l'enregistrement 20", "Ziekenfonds van aansluiting verschilt van record 20");
    public static readonly EfactError R80BeneficiaryNotNumeric = D("800801", 'B', "bénéficiaire", "Identification du bénéficiaire illisible", "Identificatie van de rechthebbende onleesbaar");
    public static readonly EfactError R80BeneficiaryDiffers = D("800812", 'F', "différent", "Bénéficiaire différent de celui de l'enregistrement 20", "Rechthebbende verschilt van die van record 20");
    public static readonly EfactError R80SexNotNumeric = D("800901", 'B', "sexe", "Code sexe illisible", "Code geslacht onleesbaar");
    public static readonly EfactError R80SexDiffers = D("800912", 'F', "différent", "Code sexe différent de l'enregistrement 20", "Code geslacht verschilt van record 20");
    public static readonly EfactError R80InvoiceTypeNotNumeric = D("801001", 'B', "type de facture", "Type de facture illisible", "Type factuur onleesbaar");
    public static readonly EfactError R80InvoiceTypeDiffers = D("801012", 'F', "différent", "Type de facture différent de l'enregistrement 20", "Type factuur verschilt van record 20");
    public static readonly EfactError R80InstitutionNotNumeric = D("801401", 'B', "établissement", "Numéro de l'établissement qui facture illisible", "Nummer van de facturerende instelling onleesbaar");
    public static readonly EfactError R80InstitutionDiffers = D("801412", 'F', "différent", "Établissement qui facture différent de l'enregistrement 20", "Facturerende instelling verschilt van record 20");
    public static readonly EfactError R80AmountBNotNumeric = D("801501", 'B', "non numérique", "Montant du compte B illisible", "Bedrag van rekening B onleesbaar");
    public static readonly EfactError R80AmountBSign = D("801505", 'B', "+ ou -", "Montant du compte B sans signe + ou - en tête", "Bedrag van rekening B zonder teken + of - vooraan");
    public static readonly EfactError R80AmountBSignInDigits = D("801506", 'B', "signé", "Signe dans les chiffres du montant du compte B", "Teken in de cijfers van het bedrag van rekening B");
    public static readonly EfactError R80AmountBTotal = D("801510", 'F', "total", "Montant du compte B différent de la somme des lignes au compte B", "Bedrag van rekening B verschilt van de som van de lijnen op rekening B");
    public static readonly EfactError R80DestinationNotNumeric = D("801801", 'B', "mutualité de destination", "Mutualité de destination illisible", "Ziekenfonds van bestemming onleesbaar");
    public static readonly EfactError R80DestinationDiffers = D("801812", 'B', "différent", "Mutualité de destination différente de l'enregistrement 20", "Ziekenfonds van bestemming verschilt van record 20");
    public static readonly EfactError R80AmountANotNumeric = D("801901", 'B', "non numérique", "Montant du compte A illisible", "Bedrag van rekening A onleesbaar");
    public static readonly EfactError R80AmountASign = D("801905", 'B', "+ ou -", "Montant du compte A sans signe + ou - en tête", "Bedrag van rekening A zonder teken + of - vooraan");
    public static readonly EfactError R80AmountASignInDigits = D("801906", 'B', "signé", "Signe dans les chiffres du montant du compte A", "Teken in de cijfers van het bedrag van rekening A");
    public static readonly EfactError R80AmountATotal = D("801910", 'F', "total", "Montant du compte A différent de la somme des lignes de la facture", "Bedrag van rekening A verschilt van de som van de lijnen van de factuur");
    public static readonly EfactError R80InvoiceNumberNotNumeric = D("802401", 'B', "facture individuelle", "Numéro de facture individuelle illisible", "Nummer van de individuele factuur onleesbaar");
    public static readonly EfactError R80InvoiceNumberDiffers = D("802412", 'F', "différent", "Numéro de facture différent de l'enregistrement 20", "Factuurnummer verschilt van record 20");
    public static readonly EfactError R80ShareNotNumeric = D("802701", 'B', "intervention personnelle", "Total des interventions personnelles illisible", "Totaal persoonlijke aandelen onleesbaar");
    public static readonly EfactError R80ShareSign = D("802705", 'B', "+ ou -", "Total des interventions personnelles sans signe + ou - en tête", "Totaal persoonlijke aandelen zonder teken + of - vooraan");
    public static readonly EfactError R80ShareSignInDigits = D("802706", 'B', "signé", "Signe dans les chiffres du total des interventions personnelles", "Teken in de cijfers van het totaal persoonlijke aandelen");
    public static readonly EfactError R80ShareTotal = D("802710", 'F', "total", "Total des interventions personnelles différent de la somme des lignes", "Totaal persoonlijke aandelen verschilt van de som van de lijnen");
    public static readonly EfactError R80SupplementNotNumeric = D("803001", 'B', "supplément", "Total des suppléments illisible", "Totaal supplementen onleesbaar");
    public static readonly EfactError R80SupplementSign = D("803005", 'B', "+ ou -", "Total des suppléments sans signe + ou - en tête", "Totaal supplementen zonder teken + of - vooraan");
    public static readonly EfactError R80SupplementSignInDigits = D("803006", 'B', "signé", "Signe dans les chiffres du total des suppléments", "Teken in de cijfers van het totaal supplementen");
    public static readonly EfactError R80SupplementTotal = D("803010", 'F', "total", "Total des suppléments différent de la somme des lignes", "Totaal supplementen verschilt van de som van de lijnen");
    public static readonly EfactError R80FlagNotNumeric = D("803201", 'B', "flag", "Indicateur d'identification du bénéficiaire illisible", "Vlag identificatie rechthebbende onleesbaar");
    public static readonly EfactError R80FlagDiffers = D("803212", 'F', "différent", "Indicateur d'identification différent de l'enregistrement 20", "Vlag identificatie verschilt van record 20");
    public static readonly EfactError R80ControlDigits = D("809802", 'B', "contrôle de la facture", "Chiffres de contrôle de la facture faux (somme des codes modulo 97)", "Controlecijfers van de factuur fout (som van de codes modulo 97)");

    // ---- record 90 ----
    public static readonly EfactError R90SendingNotNumeric = D("900701", 'B', "envoi", "Numéro d'envoi illisible", "Nummer van de zending onleesbaar");
    public static readonly EfactError R90SendingDiffers = D("900712", 'B', "différent", "Numéro d'envoi différent de l'enregistrement 10", "Nummer van de zending verschilt van record 10");
    public static readonly EfactError R90ThirdPartyNotNumeric = D("901401", 'B', "tiers payant", "Numéro du tiers payant illisible", "Nummer van de derdebetaler onleesbaar");
    public static readonly EfactError R90ThirdPartyDiffers = D("901412", 'B', "différent", "Tiers payant différent de l'enregistrement 10", "Derdebetaler verschilt van record 10");
    public static readonly EfactError R90AmountBNotNumeric = D("901501", 'B', "non numérique", "Total du compte B illisible", "Totaal van rekening B onleesbaar");
    public static readonly EfactError R90AmountBSign = D("901505", 'B', "+ ou -", "Total du compte B sans signe + ou - en tête", "Totaal van rekening B zonder teken + of - vooraan");
    public static readonly EfactError R90AmountBSignInDigits = D("901506", 'B', "signé", "Signe dans les chiffres du total du compte B", "Teken in de cijfers van het totaal van rekening B");
    public static readonly EfactError R90AmountBTotal = D("901510", 'B', "80", "Total du compte B différent de la somme des enregistrements 80", "Totaal van rekening B verschilt van de som van de records 80");
    public static readonly EfactError R90AmountANotNumeric = D("901901", 'B', "non numérique", "Total du compte A illisible", "Totaal van rekening A onleesbaar");
    public static readonly EfactError R90AmountASign = D("901905", 'B', "+ ou -", "Total du compte A sans signe + ou - en tête", "Totaal van rekening A zonder teken + of - vooraan");
    public static readonly EfactError R90AmountASignInDigits = D("901906", 'B', "signé", "Signe dans les chiffres du total du compte A", "Teken in de cijfers van het totaal van rekening A");
    public static readonly EfactError R90AmountATotal = D("901910", 'B', "80", "Total du compte A différent de la somme des enregistrements 80", "Totaal van rekening A verschilt van de som van de records 80");
    public static readonly EfactError R90YearNotNumeric = D("902201", 'B', "année", "Année facturée illisible", "Gefactureerd jaar onleesbaar");
    public static readonly EfactError R90YearDiffers = D("902212", 'B', "différent", "Année facturée différente de l'enregistrement 10", "Gefactureerd jaar verschilt van record 10");
    public static readonly EfactError R90MonthNotNumeric = D("902301", 'B', "mois", "Mois facturé illisible", "Gefactureerde maand onleesbaar");
    public static readonly EfactError R90MonthDiffers = D("902312", 'B', "différent", "Mois facturé différent de l'enregistrement 10", "Gefactureerde maand verschilt van record 10");
    public static readonly EfactError R90EnterpriseDiffers = D("902712", 'B', "différent", "Numéro d'entreprise différent de l'enregistrement 10", "Ondernemingsnummer verschilt van record 10");
    public static readonly EfactError R90BicDiffers = D("903112", 'B', "différent", "BIC différent de l'enregistrement 10", "BIC verschilt van record 10");
    public static readonly EfactError R90IbanDiffers = D("903612", 'B', "différent", "IBAN différent de l'enregistrement 10", "IBAN verschilt van record 10");
    public static readonly EfactError R90ControlNotNumeric = D("909801", 'B', "non numérique", "Chiffres de contrôle de l'envoi illisibles", "Controlecijfers van de zending onleesbaar");
    public static readonly EfactError R90ControlDigits = D("909802", 'B', "contrôle de l'envoi", "Chiffres de contrôle de l'envoi faux (somme des codes modulo 97)", "Controlecijfers van de zending fout (som van de codes modulo 97)");
}

/// <summary>
/// Two-digit codes written in the error zones (xxx1) of segments 200/300 and records 95/96 (efact-layout.md §6.2).
/// The official table does not list them; meanings as observed in replies.
/// </summary>
public static class EfactSegmentErrors
{
    private static EfactError S(string code, string fr, string nl) => new(code, 'B', fr, nl, EfactErrorKind.Segment);

    public static readonly EfactError Unknown = S("20", "Valeur inconnue ou erreur de codage", "Onbekende waarde of coderingsfout");
    public static readonly EfactError Incompatible = S("21", "Valeur incompatible avec le reste de l'envoi", "Waarde niet in overeenstemming met de rest van de zending");
    public static readonly EfactError NotASending = S("22", "Message autre que 920000 (envoi de facturation)", "Bericht verschillend van 920000 (facturatiezending)");
    public static readonly EfactError Sign = S("40", "Signe autre que + ou -", "Teken verschillend van + of -");
    public static readonly EfactError AmountMismatch = S("41", "Montant différent du total des factures du fichier", "Bedrag verschilt van het totaal van de facturen in het bestand");
}
