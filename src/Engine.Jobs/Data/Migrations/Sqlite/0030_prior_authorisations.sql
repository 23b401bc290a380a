-- Decisions of the medical adviser on prior-authorisation requests (issue 14; docs/authorisations-and-bim.md).
-- Versioned like the registry: a reference sent again with other values is a new row stamped with the instant it
-- became known; a computation reads the latest version known by its as-of instant. Nothing is overwritten.
CREATE TABLE prior_authorisations (
    reference       TEXT    NOT NULL,
    member_id       TEXT    NOT NULL,
    codes           TEXT    NOT NULL,
    from_date       TEXT    NOT NULL,
    to_date         TEXT    NOT NULL,
    sessions        INTEGER NULL CHECK (sessions IS NULL OR sessions > 0),
    decision        TEXT    NOT NULL CHECK (decision IN ('granted', 'refused')),
    file_name       TEXT    NOT NULL,
    known_at        TEXT    NOT NULL,
    PRIMARY KEY (reference, known_at)
);
CREATE INDEX ix_prior_authorisations_member ON prior_authorisations (member_id);
-- The lines awaiting an authorisation are found by their result's reason.
CREATE INDEX ix_line_results_reason ON line_results (reason) WHERE status = 'rejected';
