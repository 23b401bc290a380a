using System.Globalization;
using NodaTime;

namespace Engine.Jobs.Members;

/// <summary>
/// The message catalogues of members' answers, one per language (fr, nl, en): each sentence by key, with named
/// placeholders ({provider}, {billed}, ...), and how the language writes an amount and a date. Plain words, no rule
/// ids; the vocabulary members meet on their insurer's letters (ticket modérateur / remgeld, DMG / GMD, BIM / VT).
/// </summary>
public sealed class MemberMessages
{
    public static readonly IReadOnlyList<string> Languages = ["fr", "nl", "en"];

    public string Language { get; }
    private readonly IReadOnlyDictionary<string, string> _texts;
    private readonly string[] _months;

    private MemberMessages(string language, string[] months, Dictionary<string, string> texts) =>
        (Language, _months, _texts) = (language, months, texts);

    public static MemberMessages For(string language) => language switch
    {
        "fr" => Fr,
        "nl" => Nl,
        "en" => En,
        _ => throw new ArgumentException($"'{language}' is not one of {string.Join(", ", Languages)}"),
    };

    /// <summary>The sentence of a key with its placeholders filled; a key the catalogue lacks is a defect (every catalogue has every key).</summary>
    public string Text(string key, params (string Name, string Value)[] values)
    {
        var text = _texts[key];
        foreach (var (name, value) in values) text = text.Replace("{" + name + "}", value, StringComparison.Ordinal);
        return text;
    }

    public bool Has(string key) => _texts.ContainsKey(key);

    public IEnumerable<string> Keys => _texts.Keys;

    /// <summary>4,00 € (fr), € 4,00 (nl), €4.00 (en).</summary>
    public string Amount(Engine.Core.Money.Money m)
    {
        var text = m.ToString();
        return Language switch
        {
            "fr" => text.Replace('.', ',') + " €",
            "nl" => "€ " + text.Replace('.', ','),
            _ => "€" + text,
        };
    }

    /// <summary>1er mars 2024 / 1 maart 2024 / 1 March 2024.</summary>
    public string Date(LocalDate d) =>
        (Language == "fr" && d.Day == 1 ? "1er" : d.Day.ToString(CultureInfo.InvariantCulture)) + " " + _months[d.Month - 1] + " " + d.Year.ToString(CultureInfo.InvariantCulture);

    private static readonly MemberMessages Fr = new("fr",
        ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"],
        new()
        {
            ["billed"] = "Le {date}, {provider} vous a facturé {billed} pour {care}.",
            ["care.gp_consultation"] = "une consultation chez le médecin généraliste",
            ["care.gp_home_visit"] = "une visite à domicile du médecin généraliste",
            ["care.gp_dmg_fee"] = "l'ouverture ou la prolongation de votre dossier médical global (DMG)",
            ["care.specialist_consultation"] = "une consultation chez un médecin spécialiste",
            ["care.physiotherapy"] = "une séance de kinésithérapie",
            ["care.dental_basic"] = "des soins dentaires",
            ["care.medicine"] = "un médicament",
            ["care.other"] = "la prestation {code}",
            ["paid.provider"] = "Votre mutualité a payé {insurer} directement à {provider} (tiers payant).",
            ["paid.member"] = "Votre mutualité vous rembourse {insurer}.",
            ["payment.paid"] = "Le virement a été exécuté le {date}.",
            ["payment.held.iban"] = "Nous n'avons pas encore pu vous verser ce montant : votre numéro de compte (IBAN) manque ou n'est pas valide. Communiquez-le à votre mutualité : le montant sera versé lors du prochain paiement.",
            ["payment.held.provider"] = "Le paiement à {provider} est en attente (ses coordonnées bancaires doivent être corrigées) ; vous n'avez rien à faire.",
            ["payment.held.other"] = "Ce paiement est provisoirement retenu ; il sera effectué dès que possible.",
            ["payment.pending"] = "Ce montant sera versé lors du prochain paiement.",
            ["share"] = "Votre part personnelle (ticket modérateur) est de {share}.",
            ["share.none"] = "Vous n'avez aucune part personnelle à payer pour cette prestation.",
            ["why.bim"] = "Vous bénéficiez de l'intervention majorée (BIM) : sans elle, votre part personnelle aurait été de {other}.",
            ["why.dmg"] = "Vous avez un dossier médical global (DMG) : sans lui, votre part personnelle aurait été de {other}.",
            ["why.nodmg"] = "Vous n'avez pas de dossier médical global (DMG) : avec un DMG, votre part personnelle aurait été de {other}.",
            ["why.nobim"] = "Avec l'intervention majorée (BIM), votre part personnelle aurait été de {other}.",
            ["why.conventioned"] = "Le prestataire {provider} est conventionné : les tarifs officiels s'appliquent.",
            ["why.notconventioned"] = "Le prestataire {provider} n'est pas conventionné : il peut demander plus que le tarif officiel, et ce supplément n'est pas remboursé.",
            ["supplement.allowed"] = "Le supplément de {supplement} au-delà du tarif officiel reste à votre charge : il n'est jamais remboursé.",
            ["supplement.forbidden.bim"] = "{provider} ne pouvait pas vous facturer le supplément de {supplement} : c'est interdit pour un bénéficiaire de l'intervention majorée (BIM). Le prestataire doit vous le rembourser ; votre mutualité l'a signalé pour contrôle.",
            ["supplement.forbidden.conventioned"] = "Le prestataire {provider} est conventionné et ne pouvait pas vous facturer de supplément : le prestataire doit vous rembourser les {supplement} demandés en trop ; votre mutualité l'a signalé pour contrôle.",
            ["supplement.listed"] = "Le prix facturé dépasse de {supplement} le prix public du médicament : cette différence n'est pas remboursée et a été signalée pour contrôle.",
            ["maf.member"] = "Votre ménage a atteint son plafond du maximum à facturer (MAF) : votre mutualité vous rembourse en plus {maf} de votre part personnelle.",
            ["maf.provider"] = "Votre ménage a atteint son plafond du maximum à facturer (MAF) : votre mutualité paie en plus {maf} de votre part personnelle directement à {provider}.",
            ["rejected"] = "Cette prestation n'a pas été remboursée : {reason}.",
            ["released"] = "Cette prestation attendait l'accord préalable du médecin-conseil : l'accord {reference} (soins du {from} au {to}), reçu le {known}, la couvre ; elle a été remboursée le {released}.",
            ["released.unnamed"] = "Cette prestation attendait l'accord préalable du médecin-conseil : l'accord reçu depuis la couvre ; elle a été remboursée le {released}.",
            ["reason.unknown_code"] = "son code n'existe pas dans la nomenclature",
            ["reason.code_not_valid_on_date"] = "ce code n'était pas remboursable à cette date",
            ["reason.service_before_birth"] = "la date de la prestation précède votre date de naissance",
            ["reason.service_after_receipt"] = "la prestation est datée après le jour où nous avons reçu la facture",
            ["reason.unknown_beneficiary"] = "nous ne vous avons pas trouvé parmi nos membres",
            ["reason.authorisation_missing"] = "ce soin demande l'accord préalable du médecin-conseil, et nous n'en avons pas (ou ses séances sont épuisées) ; dès que l'accord nous parvient, la prestation est remboursée",
            ["reason.authorisation_sessions_used"] = "toutes les séances accordées par le médecin-conseil ont déjà été remboursées ; un nouvel accord permettra de rembourser celle-ci",
            ["reason.authorisation_refused"] = "le médecin-conseil a refusé l'accord préalable pour ce soin",
            ["reason.other"] = "la facture contenait une erreur",
            ["notyet"] = "Cette prestation n'a pas encore été traitée : elle le sera lors du prochain traitement de nuit.",
            ["actions"] = "Ce que vous pouvez faire :",
            ["action.fix"] = "Demandez à votre prestataire de corriger la facture et de nous la renvoyer.",
            ["action.refund"] = "Demandez à {provider} de vous rembourser le supplément de {supplement}.",
            ["action.dmg"] = "Ouvrez un dossier médical global (DMG) chez votre médecin généraliste : votre part personnelle sera plus basse lors de vos prochaines consultations.",
            ["action.bim"] = "Si les revenus de votre ménage sont modestes, demandez l'intervention majorée (BIM) à votre mutualité.",
            ["action.contest"] = "Si vous n'êtes pas d'accord avec cette décision, contactez votre mutualité ; vous pouvez aussi la contester devant le tribunal du travail jusqu'au {contest} (trois mois après la décision du {decided}).",
        });

    private static readonly MemberMessages Nl = new("nl",
        ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"],
        new()
        {
            ["billed"] = "Op {date} rekende {provider} u {billed} aan voor {care}.",
            ["care.gp_consultation"] = "een raadpleging bij de huisarts",
            ["care.gp_home_visit"] = "een huisbezoek van de huisarts",
            ["care.gp_dmg_fee"] = "het openen of verlengen van uw globaal medisch dossier (GMD)",
            ["care.specialist_consultation"] = "een raadpleging bij een arts-specialist",
            ["care.physiotherapy"] = "een zitting kinesitherapie",
            ["care.dental_basic"] = "tandzorg",
            ["care.medicine"] = "een geneesmiddel",
            ["care.other"] = "de verstrekking {code}",
            ["paid.provider"] = "Uw ziekenfonds betaalde {insurer} rechtstreeks aan {provider} (derdebetalersregeling).",
            ["paid.member"] = "Uw ziekenfonds betaalt u {insurer} terug.",
            ["payment.paid"] = "De overschrijving werd uitgevoerd op {date}.",
            ["payment.held.iban"] = "We konden u dit bedrag nog niet storten: uw rekeningnummer (IBAN) ontbreekt of is niet geldig. Geef het door aan uw ziekenfonds: het bedrag wordt bij de volgende betaling gestort.",
            ["payment.held.provider"] = "De betaling aan {provider} staat nog open (de bankgegevens moeten worden verbeterd); u hoeft niets te doen.",
            ["payment.held.other"] = "Deze betaling wordt voorlopig tegengehouden; ze gebeurt zo snel mogelijk.",
            ["payment.pending"] = "Dit bedrag wordt bij de volgende betaling gestort.",
            ["share"] = "Uw persoonlijk aandeel (remgeld) bedraagt {share}.",
            ["share.none"] = "U betaalt voor deze verstrekking geen persoonlijk aandeel.",
            ["why.bim"] = "U hebt recht op de verhoogde tegemoetkoming (VT): zonder die zou uw persoonlijk aandeel {other} bedragen hebben.",
            ["why.dmg"] = "U hebt een globaal medisch dossier (GMD): zonder dat zou uw persoonlijk aandeel {other} bedragen hebben.",
            ["why.nodmg"] = "U hebt geen globaal medisch dossier (GMD): met een GMD zou uw persoonlijk aandeel {other} bedragen hebben.",
            ["why.nobim"] = "Met de verhoogde tegemoetkoming (VT) zou uw persoonlijk aandeel {other} bedragen hebben.",
            ["why.conventioned"] = "De zorgverlener {provider} is geconventioneerd: de officiële tarieven gelden.",
            ["why.notconventioned"] = "De zorgverlener {provider} is niet geconventioneerd: er mag meer gevraagd worden dan het officiële tarief, en dat supplement wordt niet terugbetaald.",
            ["supplement.allowed"] = "Het supplement van {supplement} boven het officiële tarief blijft voor uw rekening: het wordt nooit terugbetaald.",
            ["supplement.forbidden.bim"] = "{provider} mocht u het supplement van {supplement} niet aanrekenen: dat is verboden voor wie recht heeft op de verhoogde tegemoetkoming (VT). De zorgverlener moet het u terugbetalen; uw ziekenfonds heeft het gemeld voor controle.",
            ["supplement.forbidden.conventioned"] = "De zorgverlener {provider} is geconventioneerd en mocht u geen supplement aanrekenen: de zorgverlener moet u de {supplement} die te veel gevraagd werd terugbetalen; uw ziekenfonds heeft het gemeld voor controle.",
            ["supplement.listed"] = "De aangerekende prijs ligt {supplement} boven de publieksprijs van het geneesmiddel: dat verschil wordt niet terugbetaald en werd gemeld voor controle.",
            ["maf.member"] = "Uw gezin heeft het plafond van de maximumfactuur (MAF) bereikt: uw ziekenfonds betaalt u bovendien {maf} van uw persoonlijk aandeel terug.",
            ["maf.provider"] = "Uw gezin heeft het plafond van de maximumfactuur (MAF) bereikt: uw ziekenfonds betaalt bovendien {maf} van uw persoonlijk aandeel rechtstreeks aan {provider}.",
            ["rejected"] = "Deze verstrekking werd niet terugbetaald: {reason}.",
            ["released"] = "Deze verstrekking wachtte op het voorafgaand akkoord van de adviserend arts: akkoord {reference} (zorg van {from} tot {to}), ontvangen op {known}, dekt ze; ze werd terugbetaald op {released}.",
            ["released.unnamed"] = "Deze verstrekking wachtte op het voorafgaand akkoord van de adviserend arts: het sindsdien ontvangen akkoord dekt ze; ze werd terugbetaald op {released}.",
            ["reason.unknown_code"] = "de code bestaat niet in de nomenclatuur",
            ["reason.code_not_valid_on_date"] = "deze code was op die datum niet terugbetaalbaar",
            ["reason.service_before_birth"] = "de datum van de verstrekking ligt vóór uw geboortedatum",
            ["reason.service_after_receipt"] = "de verstrekking is gedateerd na de dag waarop we de factuur ontvingen",
            ["reason.unknown_beneficiary"] = "we vonden u niet terug bij onze leden",
            ["reason.authorisation_missing"] = "voor deze verzorging is het voorafgaand akkoord van de adviserend arts nodig en we hebben er geen; zodra het akkoord er is, wordt de verstrekking terugbetaald",
            ["reason.authorisation_sessions_used"] = "alle door de adviserend arts toegestane zittingen zijn al terugbetaald; met een nieuw akkoord kan deze worden terugbetaald",
            ["reason.authorisation_refused"] = "de adviserend arts heeft het voorafgaand akkoord voor deze verzorging geweigerd",
            ["reason.other"] = "de factuur bevatte een fout",
            ["notyet"] = "Deze verstrekking werd nog niet behandeld: dat gebeurt bij de volgende nachtelijke verwerking.",
            ["actions"] = "Wat u kunt doen:",
            ["action.fix"] = "Vraag uw zorgverlener de factuur te verbeteren en opnieuw in te dienen.",
            ["action.refund"] = "Vraag {provider} u het supplement van {supplement} terug te betalen.",
            ["action.dmg"] = "Laat een globaal medisch dossier (GMD) openen bij uw huisarts: uw persoonlijk aandeel wordt lager bij uw volgende raadplegingen.",
            ["action.bim"] = "Heeft uw gezin een bescheiden inkomen, vraag dan de verhoogde tegemoetkoming (VT) aan bij uw ziekenfonds.",
            ["action.contest"] = "Bent u het niet eens met deze beslissing, neem dan contact op met uw ziekenfonds; u kunt ze ook aanvechten bij de arbeidsrechtbank tot {contest} (drie maanden na de beslissing van {decided}).",
        });

    private static readonly MemberMessages En = new("en",
        ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"],
        new()
        {
            ["billed"] = "On {date}, {provider} billed you {billed} for {care}.",
            ["care.gp_consultation"] = "a consultation with a GP",
            ["care.gp_home_visit"] = "a home visit by a GP",
            ["care.gp_dmg_fee"] = "opening or renewing your global medical record (DMG)",
            ["care.specialist_consultation"] = "a consultation with a specialist",
            ["care.physiotherapy"] = "a physiotherapy session",
            ["care.dental_basic"] = "dental care",
            ["care.medicine"] = "a medicine",
            ["care.other"] = "the service {code}",
            ["paid.provider"] = "Your health insurer paid {insurer} directly to {provider} (third-party payment).",
            ["paid.member"] = "Your health insurer refunds you {insurer}.",
            ["payment.paid"] = "The transfer was made on {date}.",
            ["payment.held.iban"] = "We could not pay you this amount yet: your bank account number (IBAN) is missing or not valid. Give it to your health insurer: the amount will be paid with the next payment.",
            ["payment.held.provider"] = "The payment to {provider} is waiting (their bank details must be corrected); you have nothing to do.",
            ["payment.held.other"] = "This payment is held for now; it will be made as soon as possible.",
            ["payment.pending"] = "This amount will be paid with the next payment.",
            ["share"] = "Your personal share (the part left to the patient) is {share}.",
            ["share.none"] = "You have no personal share to pay for this service.",
            ["why.bim"] = "You have the increased reimbursement right (BIM): without it, your personal share would have been {other}.",
            ["why.dmg"] = "You have a global medical record (DMG): without it, your personal share would have been {other}.",
            ["why.nodmg"] = "You have no global medical record (DMG): with one, your personal share would have been {other}.",
            ["why.nobim"] = "With the increased reimbursement right (BIM), your personal share would have been {other}.",
            ["why.conventioned"] = "{provider} is conventioned: the official fees apply.",
            ["why.notconventioned"] = "{provider} is not conventioned: more than the official fee may be charged, and that supplement is not reimbursed.",
            ["supplement.allowed"] = "The supplement of {supplement} above the official fee is yours to pay: it is never reimbursed.",
            ["supplement.forbidden.bim"] = "{provider} was not allowed to charge you the supplement of {supplement}: this is forbidden for a beneficiary of the increased reimbursement (BIM). The provider must refund it to you; your health insurer has reported it for control.",
            ["supplement.forbidden.conventioned"] = "{provider} is conventioned and was not allowed to charge you a supplement: the provider must refund you the extra {supplement}; your health insurer has reported it for control.",
            ["supplement.listed"] = "The price charged is {supplement} above the medicine's public price: this difference is not reimbursed and has been reported for control.",
            ["maf.member"] = "Your household has reached its maximum billing (MAF) ceiling: your health insurer also refunds you {maf} of your personal share.",
            ["maf.provider"] = "Your household has reached its maximum billing (MAF) ceiling: your health insurer also pays {maf} of your personal share directly to {provider}.",
            ["rejected"] = "This service was not reimbursed: {reason}.",
            ["released"] = "This care was waiting for the medical adviser's prior agreement: agreement {reference} (care from {from} to {to}), received on {known}, covers it; it was reimbursed on {released}.",
            ["released.unnamed"] = "This care was waiting for the medical adviser's prior agreement: the agreement received since covers it; it was reimbursed on {released}.",
            ["reason.unknown_code"] = "its code is not in the nomenclature",
            ["reason.code_not_valid_on_date"] = "this code was not reimbursable on that date",
            ["reason.service_before_birth"] = "the date of the service is before your date of birth",
            ["reason.service_after_receipt"] = "the service is dated after the day we received the invoice",
            ["reason.unknown_beneficiary"] = "we could not find you among our members",
            ["reason.authorisation_missing"] = "this care needs the prior agreement of the medical adviser and we have none; as soon as the agreement reaches us, the care is reimbursed",
            ["reason.authorisation_sessions_used"] = "every session the medical adviser agreed to has already been reimbursed; a new agreement will let us reimburse this one",
            ["reason.authorisation_refused"] = "the medical adviser refused the prior agreement for this care",
            ["reason.other"] = "the invoice contained an error",
            ["notyet"] = "This service has not been processed yet: it will be in the next nightly run.",
            ["actions"] = "What you can do:",
            ["action.fix"] = "Ask your provider to correct the invoice and send it to us again.",
            ["action.refund"] = "Ask {provider} to refund you the supplement of {supplement}.",
            ["action.dmg"] = "Open a global medical record (DMG) with your GP: your personal share will be lower at your next consultations.",
            ["action.bim"] = "If your household's income is modest, ask your health insurer for the increased reimbursement right (BIM).",
            ["action.contest"] = "If you disagree with this decision, contact your health insurer; you can also contest it before the labour court until {contest} (three months after the decision of {decided}).",
        });
}
