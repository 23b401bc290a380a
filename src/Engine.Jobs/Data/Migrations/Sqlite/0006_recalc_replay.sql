-- Recalculation (finance staff) and replay (auditors).
--
-- Rule sets: the files of every rule-set version a run or a recalculation used (relative path and bytes), so a past
-- run can be replayed with the rules of its time. The version is the SHA-256 of the files (RuleSetVersion).
CREATE TABLE rule_sets (
    version         TEXT    PRIMARY KEY,
    files           INTEGER NOT NULL,
    stored_at       TEXT    NOT NULL
);
CREATE TABLE rule_set_files (
    version         TEXT    NOT NULL REFERENCES rule_sets (version),
    path            TEXT    NOT NULL,
    content         BLOB    NOT NULL,
    PRIMARY KEY (version, path)
);

-- What a run read besides its as-of instant: the order in which runs computed (so a replay restores the MAF
-- counters, AC allowances and indemnity coverage as they stood before the run) and its scope (the indemnity cases of
-- a pay-on-arrival run, JSON; null for a nightly run). Runs computed before this migration get an order from their
-- start instants.
ALTER TABLE runs ADD COLUMN computed_seq INTEGER;
ALTER TABLE runs ADD COLUMN scope TEXT;
UPDATE runs SET computed_seq = (
    SELECT COUNT(*) FROM runs x WHERE x.status IN ('computed', 'completed')
      AND (x.started_at < runs.started_at OR (x.started_at = runs.started_at AND x.run_id <= runs.run_id)))
WHERE status IN ('computed', 'completed');
CREATE UNIQUE INDEX ux_runs_computed_seq ON runs (computed_seq);

-- A recalculation asked by finance staff: who, why, which scope, as of when, with which rules, and its outcome.
CREATE TABLE recalcs (
    recalc_id           INTEGER PRIMARY KEY,
    requested_by        TEXT    NOT NULL,
    reason              TEXT    NOT NULL,
    scope               TEXT    NOT NULL,
    as_of               TEXT    NOT NULL,
    rule_set_version    TEXT    NOT NULL,
    items               INTEGER NOT NULL,
    complements         INTEGER NOT NULL,
    complement_cents    INTEGER NOT NULL,
    undue               INTEGER NOT NULL,
    undue_cents         INTEGER NOT NULL,
    report_file         TEXT,
    created_at          TEXT    NOT NULL
);

-- What a recalculation found on one paid item ('line:12' the insurer amount of care line 12, 'maf:12' its MAF refund,
-- 'indemnity:7' an indemnity statement's net): the amount paid before (the original result and every earlier
-- adjustment), the amount recomputed, both explanations, and who the payee is. Amounts are positive.
--
-- adjustments: complements owed. The next run pays each as the payable item 'adj:<adjustment_id>', exactly once like
-- any item (ux_run_items_paid_once); known_at keeps a run from taking one recorded after its as-of instant.
CREATE TABLE adjustments (
    adjustment_id       INTEGER PRIMARY KEY,
    recalc_id           INTEGER NOT NULL REFERENCES recalcs (recalc_id),
    item                TEXT    NOT NULL,
    amount_cents        INTEGER NOT NULL CHECK (amount_cents > 0),
    paid_before_cents   INTEGER NOT NULL,
    recomputed_cents    INTEGER NOT NULL,
    payee_kind          TEXT    NOT NULL CHECK (payee_kind IN ('provider', 'member')),
    payee_id            TEXT    NOT NULL,
    purpose             TEXT    NOT NULL,
    period_from         TEXT,
    period_to           TEXT,
    sending_number      INTEGER,
    sending_month       TEXT,
    sending_mutuality   INTEGER,
    explanation_paid    TEXT    NOT NULL,
    explanation_now     TEXT    NOT NULL,
    known_at            TEXT    NOT NULL
);
CREATE INDEX ix_adjustments_item ON adjustments (item);
CREATE INDEX ix_adjustments_known ON adjustments (known_at);

-- recoveries: undue amounts, listed for the recovery process (its own decision and notice to the payee); never
-- deducted from a payment. status stays 'open' until the recovery process closes it.
CREATE TABLE recoveries (
    recovery_id         INTEGER PRIMARY KEY,
    recalc_id           INTEGER NOT NULL REFERENCES recalcs (recalc_id),
    item                TEXT    NOT NULL,
    amount_cents        INTEGER NOT NULL CHECK (amount_cents > 0),
    paid_before_cents   INTEGER NOT NULL,
    recomputed_cents    INTEGER NOT NULL,
    payee_kind          TEXT    NOT NULL CHECK (payee_kind IN ('provider', 'member')),
    payee_id            TEXT    NOT NULL,
    purpose             TEXT    NOT NULL,
    period_from         TEXT,
    period_to           TEXT,
    explanation_paid    TEXT    NOT NULL,
    explanation_now     TEXT    NOT NULL,
    known_at            TEXT    NOT NULL,
    status              TEXT    NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed'))
);
CREATE INDEX ix_recoveries_item ON recoveries (item);
