using Engine.Core.Money;
using Engine.Core.Reimbursement;
using Engine.Jobs.Members;
using NodaTime;

namespace Engine.Jobs.Tests.Members;

/// <summary>
/// Issue 13, members' answers: each situation worded in French, Dutch and English, sentence by sentence, with the
/// real figures of the reference sheet (belgian-rules.md §1: GP consultation 31.98 in 2024, personal share 6.00 without
/// a DMG, 4.00 with one, 1.50 BIM without a DMG; specialist share 12.00 ordinary, 3.00 BIM).
/// </summary>
public sealed class MemberAnswerTests
{
    private static Money E(string euros) => Money.Parse(euros);

    private static void Check(MemberLineFacts facts, string fr, string nl, string en)
    {
        Assert.Equal(fr.Split('\n'), MemberAnswer.Write(facts, "fr"));
        Assert.Equal(nl.Split('\n'), MemberAnswer.Write(facts, "nl"));
        Assert.Equal(en.Split('\n'), MemberAnswer.Write(facts, "en"));
    }

    [Fact]
    public void A_GP_consultation_without_a_DMG_paid_to_the_GP_says_what_a_DMG_and_the_BIM_right_would_have_changed()
    {
        // Fee 31.98, share without DMG 6.00: insurer 31.98 - 6.00 = 25.98 paid to the GP (eFact third-party payment).
        // With a DMG the share would have been 4.00; with BIM (no DMG) 1.50.
        var facts = new MemberLineFacts
        {
            LineId = 12, ServiceDate = new LocalDate(2024, 2, 11), Code = 101076, CareKind = "gp_consultation", ProviderName = "Dr Anne Martin",
            ProviderConventioned = true, ThirdPartyPayment = true, Billed = E("31.98"), Insurer = E("25.98"), Share = E("6.00"),
            ShareWithDmg = E("4.00"), ShareWithBim = E("1.50"), Payment = MemberPayment.Paid, PaidOn = new LocalDate(2024, 3, 5),
            DecidedOn = new LocalDate(2024, 3, 5),
        };
        Check(facts,
            """
            Le 11 février 2024, Dr Anne Martin vous a facturé 31,98 € pour une consultation chez le médecin généraliste.
            Votre mutualité a payé 25,98 € directement à Dr Anne Martin (tiers payant).
            Le virement a été exécuté le 5 mars 2024.
            Votre part personnelle (ticket modérateur) est de 6,00 €.
            Vous n'avez pas de dossier médical global (DMG) : avec un DMG, votre part personnelle aurait été de 4,00 €.
            Avec l'intervention majorée (BIM), votre part personnelle aurait été de 1,50 €.
            Le prestataire Dr Anne Martin est conventionné : les tarifs officiels s'appliquent.

            Ce que vous pouvez faire :
            - Ouvrez un dossier médical global (DMG) chez votre médecin généraliste : votre part personnelle sera plus basse lors de vos prochaines consultations.
            - Si les revenus de votre ménage sont modestes, demandez l'intervention majorée (BIM) à votre mutualité.
            - Si vous n'êtes pas d'accord avec cette décision, contactez votre mutualité ; vous pouvez aussi la contester devant le tribunal du travail jusqu'au 5 juin 2024 (trois mois après la décision du 5 mars 2024).
            """,
            """
            Op 11 februari 2024 rekende Dr Anne Martin u € 31,98 aan voor een raadpleging bij de huisarts.
            Uw ziekenfonds betaalde € 25,98 rechtstreeks aan Dr Anne Martin (derdebetalersregeling).
            De overschrijving werd uitgevoerd op 5 maart 2024.
            Uw persoonlijk aandeel (remgeld) bedraagt € 6,00.
            U hebt geen globaal medisch dossier (GMD): met een GMD zou uw persoonlijk aandeel € 4,00 bedragen hebben.
            Met de verhoogde tegemoetkoming (VT) zou uw persoonlijk aandeel € 1,50 bedragen hebben.
            De zorgverlener Dr Anne Martin is geconventioneerd: de officiële tarieven gelden.

            Wat u kunt doen:
            - Laat een globaal medisch dossier (GMD) openen bij uw huisarts: uw persoonlijk aandeel wordt lager bij uw volgende raadplegingen.
            - Heeft uw gezin een bescheiden inkomen, vraag dan de verhoogde tegemoetkoming (VT) aan bij uw ziekenfonds.
            - Bent u het niet eens met deze beslissing, neem dan contact op met uw ziekenfonds; u kunt ze ook aanvechten bij de arbeidsrechtbank tot 5 juni 2024 (drie maanden na de beslissing van 5 maart 2024).
            """,
            """
            On 11 February 2024, Dr Anne Martin billed you €31.98 for a consultation with a GP.
            Your health insurer paid €25.98 directly to Dr Anne Martin (third-party payment).
            The transfer was made on 5 March 2024.
            Your personal share (the part left to the patient) is €6.00.
            You have no global medical record (DMG): with one, your personal share would have been €4.00.
            With the increased reimbursement right (BIM), your personal share would have been €1.50.
            Dr Anne Martin is conventioned: the official fees apply.

            What you can do:
            - Open a global medical record (DMG) with your GP: your personal share will be lower at your next consultations.
            - If your household's income is modest, ask your health insurer for the increased reimbursement right (BIM).
            - If you disagree with this decision, contact your health insurer; you can also contest it before the labour court until 5 June 2024 (three months after the decision of 5 March 2024).
            """);
    }

    [Fact]
    public void A_BIM_member_billed_a_forbidden_supplement_is_told_the_provider_must_refund_it_and_why_the_refund_waits()
    {
        // 2025, BIM avantages: billed 60.00 for a specialist consultation at fee 45.00: supplement 60.00 - 45.00 = 15.00,
        // forbidden; the line is paid as if billed at the fee: BIM share 3.00, insurer 45.00 - 3.00 = 42.00 refunded to
        // the member (eAttest), held for a missing IBAN. Without BIM the share would have been 12.00.
        var facts = new MemberLineFacts
        {
            LineId = 7, ServiceDate = new LocalDate(2025, 2, 10), Code = 102535, CareKind = "specialist_consultation", ProviderName = "Dr Noah Maes",
            ProviderConventioned = false, ThirdPartyPayment = false, Billed = E("60.00"), Insurer = E("42.00"), Share = E("3.00"),
            Supplement = E("15.00"), SupplementFlag = ReasonCode.BimSupplementForbidden, Bim = true, ShareWithoutBim = E("12.00"),
            Payment = MemberPayment.HeldIban, DecidedOn = new LocalDate(2025, 3, 1),
        };
        Check(facts,
            """
            Le 10 février 2025, Dr Noah Maes vous a facturé 60,00 € pour une consultation chez un médecin spécialiste.
            Votre mutualité vous rembourse 42,00 €.
            Nous n'avons pas encore pu vous verser ce montant : votre numéro de compte (IBAN) manque ou n'est pas valide. Communiquez-le à votre mutualité : le montant sera versé lors du prochain paiement.
            Votre part personnelle (ticket modérateur) est de 3,00 €.
            Vous bénéficiez de l'intervention majorée (BIM) : sans elle, votre part personnelle aurait été de 12,00 €.
            Dr Noah Maes ne pouvait pas vous facturer le supplément de 15,00 € : c'est interdit pour un bénéficiaire de l'intervention majorée (BIM). Le prestataire doit vous le rembourser ; votre mutualité l'a signalé pour contrôle.

            Ce que vous pouvez faire :
            - Demandez à Dr Noah Maes de vous rembourser le supplément de 15,00 €.
            - Si vous n'êtes pas d'accord avec cette décision, contactez votre mutualité ; vous pouvez aussi la contester devant le tribunal du travail jusqu'au 1er juin 2025 (trois mois après la décision du 1er mars 2025).
            """,
            """
            Op 10 februari 2025 rekende Dr Noah Maes u € 60,00 aan voor een raadpleging bij een arts-specialist.
            Uw ziekenfonds betaalt u € 42,00 terug.
            We konden u dit bedrag nog niet storten: uw rekeningnummer (IBAN) ontbreekt of is niet geldig. Geef het door aan uw ziekenfonds: het bedrag wordt bij de volgende betaling gestort.
            Uw persoonlijk aandeel (remgeld) bedraagt € 3,00.
            U hebt recht op de verhoogde tegemoetkoming (VT): zonder die zou uw persoonlijk aandeel € 12,00 bedragen hebben.
            Dr Noah Maes mocht u het supplement van € 15,00 niet aanrekenen: dat is verboden voor wie recht heeft op de verhoogde tegemoetkoming (VT). De zorgverlener moet het u terugbetalen; uw ziekenfonds heeft het gemeld voor controle.

            Wat u kunt doen:
            - Vraag Dr Noah Maes u het supplement van € 15,00 terug te betalen.
            - Bent u het niet eens met deze beslissing, neem dan contact op met uw ziekenfonds; u kunt ze ook aanvechten bij de arbeidsrechtbank tot 1 juni 2025 (drie maanden na de beslissing van 1 maart 2025).
            """,
            """
            On 10 February 2025, Dr Noah Maes billed you €60.00 for a consultation with a specialist.
            Your health insurer refunds you €42.00.
            We could not pay you this amount yet: your bank account number (IBAN) is missing or not valid. Give it to your health insurer: the amount will be paid with the next payment.
            Your personal share (the part left to the patient) is €3.00.
            You have the increased reimbursement right (BIM): without it, your personal share would have been €12.00.
            Dr Noah Maes was not allowed to charge you the supplement of €15.00: this is forbidden for a beneficiary of the increased reimbursement (BIM). The provider must refund it to you; your health insurer has reported it for control.

            What you can do:
            - Ask Dr Noah Maes to refund you the supplement of €15.00.
            - If you disagree with this decision, contact your health insurer; you can also contest it before the labour court until 1 June 2025 (three months after the decision of 1 March 2025).
            """);
    }

    [Fact]
    public void A_non_conventioned_provider_s_allowed_supplement_and_a_MAF_refund_are_explained()
    {
        // Physiotherapy billed 40.00 by a provider who is not conventionné, fee 30.00: supplement 40.00 - 30.00 = 10.00,
        // allowed, never reimbursed. Share 7.50, insurer 30.00 - 7.50 = 22.50 to the member; the household passed its MAF
        // ceiling: the 7.50 share is refunded too.
        var facts = new MemberLineFacts
        {
            LineId = 40, ServiceDate = new LocalDate(2024, 2, 20), Code = 560011, CareKind = "physiotherapy", ProviderName = "Kiné Dubois",
            ProviderConventioned = false, ThirdPartyPayment = false, Billed = E("40.00"), Insurer = E("22.50"), Share = E("7.50"),
            Supplement = E("10.00"), MafRefund = E("7.50"), Payment = MemberPayment.Paid, PaidOn = new LocalDate(2024, 3, 6),
            DecidedOn = new LocalDate(2024, 3, 5),
        };
        Check(facts,
            """
            Le 20 février 2024, Kiné Dubois vous a facturé 40,00 € pour une séance de kinésithérapie.
            Votre mutualité vous rembourse 22,50 €.
            Le virement a été exécuté le 6 mars 2024.
            Votre part personnelle (ticket modérateur) est de 7,50 €.
            Le prestataire Kiné Dubois n'est pas conventionné : il peut demander plus que le tarif officiel, et ce supplément n'est pas remboursé.
            Le supplément de 10,00 € au-delà du tarif officiel reste à votre charge : il n'est jamais remboursé.
            Votre ménage a atteint son plafond du maximum à facturer (MAF) : votre mutualité vous rembourse en plus 7,50 € de votre part personnelle.

            Ce que vous pouvez faire :
            - Si vous n'êtes pas d'accord avec cette décision, contactez votre mutualité ; vous pouvez aussi la contester devant le tribunal du travail jusqu'au 5 juin 2024 (trois mois après la décision du 5 mars 2024).
            """,
            """
            Op 20 februari 2024 rekende Kiné Dubois u € 40,00 aan voor een zitting kinesitherapie.
            Uw ziekenfonds betaalt u € 22,50 terug.
            De overschrijving werd uitgevoerd op 6 maart 2024.
            Uw persoonlijk aandeel (remgeld) bedraagt € 7,50.
            De zorgverlener Kiné Dubois is niet geconventioneerd: er mag meer gevraagd worden dan het officiële tarief, en dat supplement wordt niet terugbetaald.
            Het supplement van € 10,00 boven het officiële tarief blijft voor uw rekening: het wordt nooit terugbetaald.
            Uw gezin heeft het plafond van de maximumfactuur (MAF) bereikt: uw ziekenfonds betaalt u bovendien € 7,50 van uw persoonlijk aandeel terug.

            Wat u kunt doen:
            - Bent u het niet eens met deze beslissing, neem dan contact op met uw ziekenfonds; u kunt ze ook aanvechten bij de arbeidsrechtbank tot 5 juni 2024 (drie maanden na de beslissing van 5 maart 2024).
            """,
            """
            On 20 February 2024, Kiné Dubois billed you €40.00 for a physiotherapy session.
            Your health insurer refunds you €22.50.
            The transfer was made on 6 March 2024.
            Your personal share (the part left to the patient) is €7.50.
            Kiné Dubois is not conventioned: more than the official fee may be charged, and that supplement is not reimbursed.
            The supplement of €10.00 above the official fee is yours to pay: it is never reimbursed.
            Your household has reached its maximum billing (MAF) ceiling: your health insurer also refunds you €7.50 of your personal share.

            What you can do:
            - If you disagree with this decision, contact your health insurer; you can also contest it before the labour court until 5 June 2024 (three months after the decision of 5 March 2024).
            """);
    }

    [Fact]
    public void A_refused_line_says_why_and_that_the_provider_can_send_it_again()
    {
        var facts = new MemberLineFacts
        {
            LineId = 3, ServiceDate = new LocalDate(2024, 3, 9), Code = 101076, CareKind = "gp_consultation", ProviderName = "Dr Anne Martin",
            ProviderConventioned = true, ThirdPartyPayment = true, Billed = E("31.98"), Rejected = ReasonCode.ServiceAfterReceipt,
            DecidedOn = new LocalDate(2024, 3, 5),
        };
        Check(facts,
            """
            Le 9 mars 2024, Dr Anne Martin vous a facturé 31,98 € pour une consultation chez le médecin généraliste.
            Cette prestation n'a pas été remboursée : la prestation est datée après le jour où nous avons reçu la facture.

            Ce que vous pouvez faire :
            - Demandez à votre prestataire de corriger la facture et de nous la renvoyer.
            - Si vous n'êtes pas d'accord avec cette décision, contactez votre mutualité ; vous pouvez aussi la contester devant le tribunal du travail jusqu'au 5 juin 2024 (trois mois après la décision du 5 mars 2024).
            """,
            """
            Op 9 maart 2024 rekende Dr Anne Martin u € 31,98 aan voor een raadpleging bij de huisarts.
            Deze verstrekking werd niet terugbetaald: de verstrekking is gedateerd na de dag waarop we de factuur ontvingen.

            Wat u kunt doen:
            - Vraag uw zorgverlener de factuur te verbeteren en opnieuw in te dienen.
            - Bent u het niet eens met deze beslissing, neem dan contact op met uw ziekenfonds; u kunt ze ook aanvechten bij de arbeidsrechtbank tot 5 juni 2024 (drie maanden na de beslissing van 5 maart 2024).
            """,
            """
            On 9 March 2024, Dr Anne Martin billed you €31.98 for a consultation with a GP.
            This service was not reimbursed: the service is dated after the day we received the invoice.

            What you can do:
            - Ask your provider to correct the invoice and send it to us again.
            - If you disagree with this decision, contact your health insurer; you can also contest it before the labour court until 5 June 2024 (three months after the decision of 5 March 2024).
            """);
    }

    [Fact]
    public void Every_catalogue_has_every_key_and_no_answer_shows_a_rule_id()
    {
        var fr = MemberMessages.For("fr").Keys.Order().ToList();
        Assert.Equal(fr, MemberMessages.For("nl").Keys.Order().ToList());
        Assert.Equal(fr, MemberMessages.For("en").Keys.Order().ToList());
        foreach (var lang in MemberMessages.Languages)
        foreach (var key in fr)
            Assert.DoesNotMatch(@"\b[a-z_]+\.[a-z0-9_]+", MemberMessages.For(lang).Text(key));
    }

    [Fact]
    public void A_line_released_by_a_late_authorisation_tells_the_release_not_the_rejection()
    {
        // Physiotherapy 27.50, rejected on 5 March awaiting the adviser's agreement (5004L0); agreement MC-2026-001
        // (1 March to 30 June) received on 5 March, the line released on 6 March: 27.50 - 6.88 (25 %) = 20.62 refunded,
        // not yet paid. The release is the decision: contest until 6 June.
        var facts = new MemberLineFacts
        {
            LineId = 3, ServiceDate = new LocalDate(2026, 3, 2), Code = 563010, CareKind = "physiotherapy", ProviderName = "Kine One",
            ProviderConventioned = true, Billed = E("27.50"), Rejected = ReasonCode.AuthorisationMissing, DecidedOn = new LocalDate(2026, 3, 6),
            Released = new MemberRelease("MC-2026-001", new LocalDate(2026, 3, 1), new LocalDate(2026, 6, 30), new LocalDate(2026, 3, 5),
                new LocalDate(2026, 3, 6), E("20.62"), MemberPayment.Pending, null),
        };
        Check(facts,
            """
            Le 2 mars 2026, Kine One vous a facturé 27,50 € pour une séance de kinésithérapie.
            Cette prestation attendait l'accord préalable du médecin-conseil : l'accord MC-2026-001 (soins du 1er mars 2026 au 30 juin 2026), reçu le 5 mars 2026, la couvre ; elle a été remboursée le 6 mars 2026.
            Votre mutualité vous rembourse 20,62 €.
            Ce montant sera versé lors du prochain paiement.

            Ce que vous pouvez faire :
            - Si vous n'êtes pas d'accord avec cette décision, contactez votre mutualité ; vous pouvez aussi la contester devant le tribunal du travail jusqu'au 6 juin 2026 (trois mois après la décision du 6 mars 2026).
            """,
            """
            Op 2 maart 2026 rekende Kine One u € 27,50 aan voor een zitting kinesitherapie.
            Deze verstrekking wachtte op het voorafgaand akkoord van de adviserend arts: akkoord MC-2026-001 (zorg van 1 maart 2026 tot 30 juni 2026), ontvangen op 5 maart 2026, dekt ze; ze werd terugbetaald op 6 maart 2026.
            Uw ziekenfonds betaalt u € 20,62 terug.
            Dit bedrag wordt bij de volgende betaling gestort.

            Wat u kunt doen:
            - Bent u het niet eens met deze beslissing, neem dan contact op met uw ziekenfonds; u kunt ze ook aanvechten bij de arbeidsrechtbank tot 6 juni 2026 (drie maanden na de beslissing van 6 maart 2026).
            """,
            """
            On 2 March 2026, Kine One billed you €27.50 for a physiotherapy session.
            This care was waiting for the medical adviser's prior agreement: agreement MC-2026-001 (care from 1 March 2026 to 30 June 2026), received on 5 March 2026, covers it; it was reimbursed on 6 March 2026.
            Your health insurer refunds you €20.62.
            This amount will be paid with the next payment.

            What you can do:
            - If you disagree with this decision, contact your health insurer; you can also contest it before the labour court until 6 June 2026 (three months after the decision of 6 March 2026).
            """);
    }
}
