-- The run as an explicit pipeline of phases, computed in partitions (docs/architecture.md).
--
-- runs.phase replaces runs.status: started -> computed -> claimed -> decided -> files_written -> completed, each moved
-- forward by one idempotent transaction (RunPhase in C# is the only spelling of these values). runs.partitions is the
-- number of partitions the run's work list is split into, fixed when the list is made (null: not made yet).
--
-- run_lines: the run's work list, made once when it starts: every care line it computes, with the household the line
-- belongs to as of the run's as-of instant and the partition that computes it (lines of one household-year, one
-- member's AC requests and one indemnity case are always in one partition).
-- run_partitions: one row per partition committed (results, counters, statements, decisions and payable items in
-- the same transaction): a partition is computed once, whoever runs it.
-- run_items loses its payment chunks (the partitions replace them) and is keyed by its source reference; its
-- decisions (outcome, end-to-end id, hold reason) and run_transfers are the payment plan: the files are streamed
-- from them, nothing plans again.
--
-- Runs in flight when this migration runs: one computed and not yet claimed is computed again from its work list (its
-- as-of instant and rule set are kept, so it computes the same); one that claimed has its decisions taken again.

-- migrator: without foreign keys

-- A run computed but never claimed is computed again below from its work list. That is right only while no run computed
-- after it went on from what it stored (indemnity days covered, MAF counters, AC allowances): the run would then find
-- them covered, compute nothing for them, and they would never be paid. Such a database is refused whole: finish that
-- run with the previous version first (`engine run --date` its date), then upgrade.
CREATE TEMP TABLE migration_0011_guard (x INTEGER);
CREATE TEMP TRIGGER migration_0011_guard_check BEFORE INSERT ON migration_0011_guard
WHEN EXISTS (SELECT 1 FROM runs a WHERE a.status = 'computed' AND NOT EXISTS (SELECT 1 FROM run_items i WHERE i.run_id = a.run_id)
             AND EXISTS (SELECT 1 FROM runs b WHERE b.computed_seq > a.computed_seq))
BEGIN
    SELECT RAISE(ABORT, 'migration 0011 refused: a run was computed but never claimed, and a later run went on from it; finish that run (engine run --date its date) with the previous version, then upgrade');
END;
INSERT INTO migration_0011_guard VALUES (1);
DROP TRIGGER migration_0011_guard_check;
DROP TABLE migration_0011_guard;

DELETE FROM line_results WHERE run_id IN (SELECT run_id FROM runs r WHERE r.status = 'computed' AND NOT EXISTS (SELECT 1 FROM run_items i WHERE i.run_id = r.run_id));
DELETE FROM maf_counters WHERE run_id IN (SELECT run_id FROM runs r WHERE r.status = 'computed' AND NOT EXISTS (SELECT 1 FROM run_items i WHERE i.run_id = r.run_id));
DELETE FROM indemnity_payments WHERE run_id IN (SELECT run_id FROM runs r WHERE r.status = 'computed' AND NOT EXISTS (SELECT 1 FROM run_items i WHERE i.run_id = r.run_id));
DELETE FROM ac_decisions WHERE run_id IN (SELECT run_id FROM runs r WHERE r.status = 'computed' AND NOT EXISTS (SELECT 1 FROM run_items i WHERE i.run_id = r.run_id));
DELETE FROM ac_member_states WHERE run_id IN (SELECT run_id FROM runs r WHERE r.status = 'computed' AND NOT EXISTS (SELECT 1 FROM run_items i WHERE i.run_id = r.run_id));
UPDATE runs SET status = 'started', computed_seq = NULL
WHERE status = 'computed' AND NOT EXISTS (SELECT 1 FROM run_items i WHERE i.run_id = runs.run_id);

CREATE TABLE runs_new (
    run_id              TEXT    PRIMARY KEY,
    kind                TEXT    NOT NULL,
    run_date            TEXT    NOT NULL,
    as_of               TEXT    NOT NULL,
    rule_set_version    TEXT    NOT NULL,
    phase               TEXT    NOT NULL CHECK (phase IN ('started', 'computed', 'claimed', 'decided', 'files_written', 'completed')),
    started_at          TEXT    NOT NULL,
    finished_at         TEXT,
    summary             TEXT,
    computed_seq        INTEGER,
    scope               TEXT,
    partitions          INTEGER
);
INSERT INTO runs_new (run_id, kind, run_date, as_of, rule_set_version, phase, started_at, finished_at, summary, computed_seq, scope, partitions)
SELECT run_id, kind, run_date, as_of, rule_set_version,
       CASE WHEN status = 'computed' THEN 'claimed' WHEN status = 'failed' THEN 'started' ELSE status END,
       started_at, finished_at, summary, computed_seq, scope, CASE WHEN status = 'started' OR status = 'failed' THEN NULL ELSE 1 END
FROM runs;
DROP TABLE runs;
ALTER TABLE runs_new RENAME TO runs;
CREATE UNIQUE INDEX ux_runs_computed_seq ON runs (computed_seq);

CREATE TABLE run_lines (
    run_id          TEXT    NOT NULL REFERENCES runs (run_id),
    partition       INTEGER NOT NULL,
    line_id         INTEGER NOT NULL REFERENCES care_lines (line_id),
    household_id    TEXT,
    PRIMARY KEY (run_id, partition, line_id)
) WITHOUT ROWID;

CREATE TABLE run_partitions (
    run_id          TEXT    NOT NULL REFERENCES runs (run_id),
    partition       INTEGER NOT NULL,
    lines           INTEGER NOT NULL,
    items           INTEGER NOT NULL,
    committed_at    TEXT    NOT NULL,
    worker          TEXT    NOT NULL,
    PRIMARY KEY (run_id, partition)
);

CREATE TABLE run_items_new (
    run_id              TEXT    NOT NULL REFERENCES runs (run_id),
    -- What the amount comes from, e.g. 'line:123' (the insurer amount of care line 123) or 'maf:123'.
    source_ref          TEXT    NOT NULL,
    -- The run that computed the amount: this run, the earlier run that held it back, or 'recalc-ID'.
    origin_run_id       TEXT    NOT NULL,
    -- The partition that computed it (null for an item taken over from an earlier run or a recalculation).
    partition           INTEGER,
    payee_kind          TEXT    NOT NULL CHECK (payee_kind IN ('provider', 'member')),
    payee_id            TEXT    NOT NULL,
    payee_name          TEXT    NOT NULL,
    iban                TEXT,
    amount_cents        INTEGER NOT NULL,
    purpose             TEXT    NOT NULL,
    -- The purpose's place in the item order (PaymentPurpose's value), so the store sorts items as the grouping does.
    purpose_rank        INTEGER NOT NULL,
    execution_date      TEXT    NOT NULL,
    period_from         TEXT,
    period_to           TEXT,
    advantage_id        TEXT,
    sending_number      INTEGER,
    sending_month       TEXT,
    sending_mutuality   INTEGER,
    structured_communication TEXT,
    outcome             TEXT    NOT NULL CHECK (outcome IN ('pending', 'paid', 'held', 'to_recover', 'zero')),
    end_to_end_id       TEXT,
    hold_reason         TEXT,
    PRIMARY KEY (run_id, source_ref),
    CHECK ((outcome = 'paid') = (end_to_end_id IS NOT NULL)),
    CHECK ((outcome = 'held') = (hold_reason IS NOT NULL))
);
INSERT INTO run_items_new (run_id, source_ref, origin_run_id, partition, payee_kind, payee_id, payee_name, iban, amount_cents, purpose,
    purpose_rank, execution_date, period_from, period_to, advantage_id, sending_number, sending_month, sending_mutuality,
    structured_communication, outcome, end_to_end_id, hold_reason)
SELECT i.run_id, i.source_ref, i.origin_run_id, NULL, i.payee_kind, i.payee_id, i.payee_name, i.iban, i.amount_cents, i.purpose,
    CASE i.purpose WHEN 'ThirdPartyCare' THEN 0 WHEN 'DirectRefund' THEN 1 WHEN 'MafRefund' THEN 2 WHEN 'AcAdvantage' THEN 3 ELSE 4 END,
    i.execution_date, i.period_from, i.period_to, i.advantage_id, i.sending_number, i.sending_month, i.sending_mutuality,
    i.structured_communication,
    CASE WHEN r.phase = 'claimed' THEN 'pending' ELSE i.outcome END,
    CASE WHEN r.phase = 'claimed' THEN NULL ELSE i.end_to_end_id END,
    CASE WHEN r.phase = 'claimed' THEN NULL ELSE i.hold_reason END
FROM run_items i JOIN runs r ON r.run_id = i.run_id;
DROP TABLE run_items;
DROP TABLE run_chunks;
ALTER TABLE run_items_new RENAME TO run_items;
CREATE UNIQUE INDEX ux_run_items_paid_once ON run_items (source_ref) WHERE outcome = 'paid';
CREATE INDEX ix_run_items_source ON run_items (source_ref, outcome);
-- The decide pass reads a run's items payee by payee, providers first (the item order).
CREATE INDEX ix_run_items_payee ON run_items (run_id, payee_kind DESC, payee_id);
CREATE INDEX ix_run_items_transfer ON run_items (run_id, end_to_end_id, source_ref);

-- The transfers of a run's payment plan, as decided with its items: the pain.001 and the remittance report are streamed
-- from them in (execution date, seq) order, which is the grouping's order of transfers.
CREATE TABLE run_transfers (
    run_id              TEXT    NOT NULL REFERENCES runs (run_id),
    end_to_end_id       TEXT    NOT NULL PRIMARY KEY,
    seq                 INTEGER NOT NULL,
    execution_date      TEXT    NOT NULL,
    payee_kind          TEXT    NOT NULL CHECK (payee_kind IN ('provider', 'member')),
    payee_id            TEXT    NOT NULL,
    purpose             TEXT    NOT NULL,
    sending             TEXT,
    creditor_name       TEXT    NOT NULL,
    creditor_iban       TEXT    NOT NULL,
    amount_cents        INTEGER NOT NULL,
    -- Exactly one: the structured communication's 12 digits, or the text.
    structured_reference TEXT,
    unstructured        TEXT,
    remittance          TEXT    NOT NULL,
    items               INTEGER NOT NULL,
    UNIQUE (run_id, seq),
    CHECK ((structured_reference IS NULL) <> (unstructured IS NULL))
);
CREATE INDEX ix_run_transfers_order ON run_transfers (run_id, execution_date, seq);

-- The decided items of the runs completed before this migration have their transfers in payments: they need none here.

-- The runs that claimed before this migration were computed whole, as one partition: recorded so, so that the job that
-- finds no partition left to compute hands the run to its phase job instead of waiting for the next night.
INSERT INTO run_partitions (run_id, partition, lines, items, committed_at, worker)
SELECT r.run_id, 0, (SELECT COUNT(*) FROM line_results l WHERE l.run_id = r.run_id), (SELECT COUNT(*) FROM run_items i WHERE i.run_id = r.run_id),
       COALESCE(r.finished_at, r.started_at), 'migration 0011'
FROM runs r WHERE r.partitions = 1;
