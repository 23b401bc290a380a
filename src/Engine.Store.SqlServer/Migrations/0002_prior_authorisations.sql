-- Decisions of the medical adviser on prior-authorisation requests: PostgreSQL 0004, SQLite 0030, the same table.
CREATE TABLE prior_authorisations (
    reference       nvarchar(450) COLLATE Latin1_General_100_BIN2 NOT NULL,
    member_id       nvarchar(450) COLLATE Latin1_General_100_BIN2 NOT NULL,
    codes           nvarchar(max) COLLATE Latin1_General_100_BIN2 NOT NULL,
    from_date       date    NOT NULL,
    to_date         date    NOT NULL,
    sessions        int     NULL CHECK (sessions IS NULL OR sessions > 0),
    decision        nvarchar(max) COLLATE Latin1_General_100_BIN2 NOT NULL CHECK (decision IN ('granted', 'refused')),
    file_name       nvarchar(max) COLLATE Latin1_General_100_BIN2 NOT NULL,
    known_at        nvarchar(450) COLLATE Latin1_General_100_BIN2 NOT NULL,
    PRIMARY KEY (reference, known_at)
);
CREATE INDEX ix_prior_authorisations_member ON prior_authorisations (member_id);
-- The lines awaiting an authorisation are found by their rejection reason: a key column cannot be nvarchar(max).
ALTER TABLE line_results ALTER COLUMN status nvarchar(450) COLLATE Latin1_General_100_BIN2 NOT NULL;
ALTER TABLE line_results ALTER COLUMN reason nvarchar(450) COLLATE Latin1_General_100_BIN2 NOT NULL;
CREATE INDEX ix_line_results_reason ON line_results (reason) WHERE status = 'rejected';
