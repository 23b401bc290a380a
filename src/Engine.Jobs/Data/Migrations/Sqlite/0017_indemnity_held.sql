-- Indemnity days a run could not compute because a figure is missing from rules/ (issue 16): held, listed for finance
-- staff (indemnities-held.csv), and computed by the first run after the figure is added. A case's "paid until" comes
-- from indemnity_payments only, so it never moves past held days. One row per run and case (the days held that night).
CREATE TABLE indemnity_held (
    run_id         TEXT    NOT NULL REFERENCES runs (run_id),
    case_id        TEXT    NOT NULL,
    beneficiary_id TEXT    NOT NULL,
    first_day      TEXT    NOT NULL,
    last_day       TEXT    NOT NULL,
    days           INTEGER NOT NULL,
    parameter      TEXT    NOT NULL,
    date           TEXT    NOT NULL,
    PRIMARY KEY (run_id, case_id)
);
