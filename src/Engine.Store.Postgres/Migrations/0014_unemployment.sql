-- Periods of unemployment of members (the BCSS/ONEM flow): SQLite 0040, the same table; a proposal's basis may be
-- unemployment.
CREATE TABLE unemployment_periods (
    reference       text COLLATE "C" NOT NULL,
    member_id       text COLLATE "C" NOT NULL,
    from_date       date    NOT NULL,
    to_date         date    NULL,
    file_name       text COLLATE "C" NOT NULL,
    known_at        text COLLATE "C" NOT NULL,
    PRIMARY KEY (reference, known_at)
);
CREATE INDEX ix_unemployment_periods_member ON unemployment_periods (member_id);
ALTER TABLE bim_proposals DROP CONSTRAINT IF EXISTS bim_proposals_basis_check;
ALTER TABLE bim_proposals ADD CONSTRAINT bim_proposals_basis_check CHECK (basis IN ('incapacity', 'invalidity', 'unemployment'));
