namespace Engine.Jobs.Data;

/// <summary>
/// The SQL the three stores (SQLite, PostgreSQL, SQL Server) run word for word: one text, so that a column added or a
/// condition changed reaches every store at once. A store imports it with <c>using static</c> and adds only its own
/// dialect around it (its IN list, its parameter casts).
/// </summary>
public static class StoreSql
{
    // The registry as of an instant: the latest version of each key known by @asOf. Beneficiaries, statuses and
    // households are read for the whole registry (replay, recalc, explain) and for one partition's members (a run): both
    // readings are the one query below, the partition's adding only its IN list, so a column added to a table reaches
    // every path at once (a status's bim_kind once went missing from the partition's reading: runs took an enquiry BIM
    // for avantages and no replay reproduced them).
    public const string BeneficiariesAsOf = """
        SELECT b.beneficiary_id AS BeneficiaryId, b.niss AS Niss, b.name AS Name, b.birth_date AS BirthDate, b.sex AS Sex,
               b.mutuality AS Mutuality, b.iban AS Iban, b.insured_from AS InsuredFrom, b.insured_to AS InsuredTo, b.known_at AS KnownAt, b.language AS Language

        """ + BeneficiariesLatest;

    /// <summary>The latest version of each beneficiary known by @asOf: what any reading of the beneficiaries selects from.</summary>
    public const string BeneficiariesLatest = """
        FROM beneficiaries b
        WHERE b.known_at = (SELECT MAX(x.known_at) FROM beneficiaries x
                            WHERE x.beneficiary_id = b.beneficiary_id AND x.known_at <= @asOf)
        """;

    public const string BeneficiariesOrder = " ORDER BY b.beneficiary_id";

    // Statuses are dated periods: a period is one row by member, status and first day, and its latest version known by
    // @asOf counts (the registry sends the period again with its end when a right ends). Another first day is another
    // period, added to the others.
    public const string StatusesAsOf = """
        SELECT s.beneficiary_id AS BeneficiaryId, s.status AS Status, s.from_date AS FromDate, s.to_date AS ToDate,
               s.provider_id AS ProviderId, s.known_at AS KnownAt, s.bim_kind AS BimKind
        FROM beneficiary_statuses s
        WHERE s.known_at = (SELECT MAX(x.known_at) FROM beneficiary_statuses x
                            WHERE x.beneficiary_id = s.beneficiary_id AND x.status = s.status AND x.from_date = s.from_date
                              AND x.known_at <= @asOf)
        """;

    public const string StatusesOrder = " ORDER BY s.beneficiary_id, s.status, s.from_date, s.known_at";

    public const string HouseholdsAsOf = """
        SELECT h.household_id AS HouseholdId, h.year AS Year, h.reference_income_cents AS ReferenceIncome,
               h.bim_household AS BimHousehold, h.chronic AS Chronic, h.known_at AS KnownAt
        FROM households h
        WHERE h.known_at = (SELECT MAX(x.known_at) FROM households x
                            WHERE x.household_id = h.household_id AND x.year = h.year AND x.known_at <= @asOf)
        """;

    public const string HouseholdsOrder = " ORDER BY h.household_id, h.year";

    public const string ProvidersAsOf = """
        SELECT p.provider_id AS ProviderId, p.nihii AS Nihii, p.name AS Name, p.kind AS Kind,
               p.conventioned AS Conventioned, p.iban AS Iban, p.known_at AS KnownAt
        FROM providers p
        WHERE p.known_at = (SELECT MAX(x.known_at) FROM providers x
                            WHERE x.provider_id = p.provider_id AND x.known_at <= @asOf)
        ORDER BY p.provider_id
        """;

    public const string HouseholdMembersAsOf = """
        SELECT m.household_id AS HouseholdId, m.beneficiary_id AS BeneficiaryId, m.year AS Year, m.known_at AS KnownAt,
               m.relation AS Relation
        FROM household_members m
        WHERE m.known_at = (SELECT MAX(x.known_at) FROM household_members x
                            WHERE x.beneficiary_id = m.beneficiary_id AND x.year = m.year AND x.known_at <= @asOf)
        ORDER BY m.beneficiary_id, m.year
        """;

    public const string PriorAuthorisationsAsOf = """
        SELECT a.reference AS Reference, a.member_id AS MemberId, a.codes AS Codes, a.from_date AS FromDate, a.to_date AS ToDate,
               a.sessions AS Sessions, a.decision AS Decision, a.file_name AS FileName, a.known_at AS KnownAt
        FROM prior_authorisations a
        WHERE a.known_at = (SELECT MAX(x.known_at) FROM prior_authorisations x WHERE x.reference = a.reference AND x.known_at <= @asOf)
        """;

    // The columns of the run's own tables, named as their row records' properties.
    public const string RunColumns = """
        run_id AS RunId, kind AS Kind, run_date AS RunDate, as_of AS AsOf, rule_set_version AS RuleSetVersion,
        phase AS PhaseName, started_at AS StartedAt, finished_at AS FinishedAt, summary AS Summary,
        computed_seq AS ComputedSeq, scope AS Scope, partitions AS Partitions, refuse_provisional AS RefuseProvisional,
        engine_version AS EngineVersion, engine_commit AS EngineCommit, output_folder AS OutputFolder
        """;

    public const string MafCounterColumns = """
        m.run_id AS RunId, m.household_id AS HouseholdId, m.year AS Year, m.counted_cents AS CountedCents,
        m.refunded_cents AS RefundedCents, m.child_counted AS ChildCounted, m.line_ids AS LineIds,
        m.pending AS Pending, m.pending_parameter AS PendingParameter
        """;

    public const string SettlementColumns = """
        run_id AS RunId, line_id AS LineId, origin_run_id AS OriginRunId, household_id AS HouseholdId, year AS Year,
        beneficiary_id AS BeneficiaryId, service_date AS ServiceDate, refund_cents AS Refund, payee_kind AS PayeeKind, payee_id AS PayeeId,
        provisional AS Provisional
        """;

    public const string AcDecisionColumns = """
        ac_decision_id AS AcDecisionId, run_id AS RunId, request_id AS RequestId, member_id AS MemberId,
        advantage AS Advantage, date AS Date, granted_cents AS Granted, status AS Status, reason AS Reason,
        rule_set_version AS RuleSetVersion, provisional AS Provisional
        """;

    public const string IndemnityPaymentColumns = """
        indemnity_payment_id AS IndemnityPaymentId, run_id AS RunId, case_id AS CaseId, beneficiary_id AS BeneficiaryId,
        period_start AS PeriodStart, period_end AS PeriodEnd, paid_days AS PaidDays, daily_cents AS Daily, gross_cents AS Gross,
        withholding_cents AS Withholding, net_cents AS Net, rule_set_version AS RuleSetVersion, rules AS Rules,
        provisional AS Provisional
        """;

    public const string RecalcColumns = """
        recalc_id AS RecalcId, requested_by AS RequestedBy, reason AS Reason, scope AS Scope, as_of AS AsOf,
        rule_set_version AS RuleSetVersion, items AS Items, complements AS Complements, complement_cents AS ComplementTotal,
        undue AS Undue, undue_cents AS UndueTotal, report_file AS ReportFile, created_at AS CreatedAt, notes AS Notes
        """;
}
