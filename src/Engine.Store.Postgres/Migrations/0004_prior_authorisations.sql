-- Decisions of the medical adviser on prior-authorisation requests: SQLite 0030, the same table.
CREATE TABLE prior_authorisations (
    reference       text COLLATE "C" NOT NULL,
    member_id       text COLLATE "C" NOT NULL,
    codes           text COLLATE "C" NOT NULL,
    from_date       date    NOT NULL,
    to_date         date    NOT NULL,
    sessions        integer NULL CHECK (sessions IS NULL OR sessions > 0),
    decision        text COLLATE "C" NOT NULL CHECK (decision IN ('granted', 'refused')),
    file_name       text COLLATE "C" NOT NULL,
    known_at        text COLLATE "C" NOT NULL,
    PRIMARY KEY (reference, known_at)
);
CREATE INDEX ix_prior_authorisations_member ON prior_authorisations (member_id);
CREATE INDEX ix_line_results_reason ON line_results (reason) WHERE status = 'rejected';
