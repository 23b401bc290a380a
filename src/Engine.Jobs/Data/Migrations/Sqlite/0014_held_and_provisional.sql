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

-- The provisional rule values (confidence I or U) each amount was computed with, as the files show them in their last
-- column `provisional` (Engine.Core.Rules.Provisional: "rule@file:line(I);..."; empty = every value stated, S).
ALTER TABLE line_results ADD COLUMN provisional TEXT NOT NULL DEFAULT '';
ALTER TABLE indemnity_payments ADD COLUMN provisional TEXT NOT NULL DEFAULT '';
ALTER TABLE ac_decisions ADD COLUMN provisional TEXT NOT NULL DEFAULT '';

-- A site may refuse provisional figures for payment (Engine:Run:RefuseProvisional): the setting is fixed per run when it
-- starts (a restart and a replay decide alike), and each item carries the provisional values of what it pays.
ALTER TABLE runs ADD COLUMN refuse_provisional INTEGER NOT NULL DEFAULT 0;
ALTER TABLE run_items ADD COLUMN provisional TEXT NULL;
