-- BIM on the insurer's initiative (since 2024-10-01; issue 14, docs/authorisations-and-bim.md): the members proposed
-- for examination (once per member and basis) and the decisions imported back (once per member and reference). The
-- right itself is a BIM period of the registry's statuses, from the decision's date.
CREATE TABLE bim_proposals (
    member_id       TEXT    NOT NULL,
    basis           TEXT    NOT NULL CHECK (basis IN ('incapacity', 'invalidity')),
    month           TEXT    NOT NULL,
    case_id         TEXT    NOT NULL,
    since           TEXT    NOT NULL,
    household       TEXT    NOT NULL,
    reason          TEXT    NOT NULL,
    proposed_at     TEXT    NOT NULL,
    PRIMARY KEY (member_id, basis)
);
CREATE TABLE bim_decisions (
    member_id       TEXT    NOT NULL,
    granted_from    TEXT    NOT NULL,
    reference       TEXT    NOT NULL,
    file_name       TEXT    NOT NULL,
    known_at        TEXT    NOT NULL,
    PRIMARY KEY (member_id, reference)
);
