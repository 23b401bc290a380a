-- A household-year whose year of care has no MAF figures in rules/ (issue 16): its lines are paid as usual and its
-- counter is kept pending. `pending` holds the lines waiting for the year's figures (JSON, in counting order);
-- `pending_parameter` names the missing figure. NULL = an ordinary counter.
ALTER TABLE maf_counters ADD COLUMN pending TEXT NULL;
ALTER TABLE maf_counters ADD COLUMN pending_parameter TEXT NULL;

-- The refunds of pending lines a later run computed once the year's figures were added: one row per line, ever
-- (the unique line id is the exactly-once guard besides the item 'maf:LINE' of the paying run).
CREATE TABLE maf_settlements (
    run_id        TEXT    NOT NULL REFERENCES runs (run_id),
    line_id       INTEGER NOT NULL UNIQUE,
    origin_run_id TEXT    NOT NULL,
    household_id  TEXT    NOT NULL,
    year          INTEGER NOT NULL,
    beneficiary_id TEXT   NOT NULL,
    service_date  TEXT    NOT NULL,
    refund_cents  INTEGER NOT NULL,
    payee_kind    TEXT    NOT NULL,
    payee_id      TEXT    NOT NULL
);
CREATE INDEX ix_maf_settlements_run ON maf_settlements (run_id, line_id);
