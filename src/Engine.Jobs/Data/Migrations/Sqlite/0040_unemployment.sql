-- Periods of unemployment of members, as the insurer receives them (the BCSS/ONEM flow; issue 14,
-- docs/authorisations-and-bim.md): BIM on the insurer's initiative examines isolated members unemployed for three
-- months or more. Versioned like the registry: a reference sent again with other values (a period closed later) is a
-- new row stamped with the instant it became known; the proposals read the latest version known. Nothing is overwritten.
CREATE TABLE unemployment_periods (
    reference       TEXT    NOT NULL,
    member_id       TEXT    NOT NULL,
    from_date       TEXT    NOT NULL,
    to_date         TEXT    NULL,
    file_name       TEXT    NOT NULL,
    known_at        TEXT    NOT NULL,
    PRIMARY KEY (reference, known_at)
);
CREATE INDEX ix_unemployment_periods_member ON unemployment_periods (member_id);
-- A proposal's basis may be unemployment. SQLite cannot change a CHECK: the table is rebuilt with the same columns and
-- rows.
CREATE TABLE bim_proposals_new (
    member_id       TEXT    NOT NULL,
    basis           TEXT    NOT NULL CHECK (basis IN ('incapacity', 'invalidity', 'unemployment')),
    month           TEXT    NOT NULL,
    case_id         TEXT    NOT NULL,
    since           TEXT    NOT NULL,
    household       TEXT    NOT NULL,
    reason          TEXT    NOT NULL,
    proposed_at     TEXT    NOT NULL,
    PRIMARY KEY (member_id, basis)
);
INSERT INTO bim_proposals_new (member_id, basis, month, case_id, since, household, reason, proposed_at)
    SELECT member_id, basis, month, case_id, since, household, reason, proposed_at FROM bim_proposals;
DROP TABLE bim_proposals;
ALTER TABLE bim_proposals_new RENAME TO bim_proposals;
