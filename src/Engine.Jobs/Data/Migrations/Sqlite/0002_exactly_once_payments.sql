-- Exactly-once payment, and the payment phase of a run shared by workers.
--
-- When a run has computed its results it claims, in one transaction, every item it owes (its own results, and the
-- items earlier runs held back that no run has paid since) into run_items, split into chunks of payees
-- (run_chunks). Each chunk is decided by one job: every item becomes paid (in a transfer), held, to_recover or zero.
-- The payment files are then written from these rows. An item can be paid by one run only: the unique index
-- ux_run_items_paid_once refuses a second 'paid' row for the same source reference, whatever the run.

CREATE TABLE run_chunks (
    run_id          TEXT    NOT NULL REFERENCES runs (run_id),
    chunk_id        INTEGER NOT NULL,
    -- The payee range of the chunk, 'provider:ID' or 'member:ID', both included (for people reading the table).
    first_payee     TEXT    NOT NULL,
    last_payee      TEXT    NOT NULL,
    items           INTEGER NOT NULL,
    status          TEXT    NOT NULL CHECK (status IN ('pending', 'done')),
    done_at         TEXT,
    worker          TEXT,
    PRIMARY KEY (run_id, chunk_id)
);

CREATE TABLE run_items (
    run_id              TEXT    NOT NULL REFERENCES runs (run_id),
    -- Position of the item in the run's stable item order.
    seq                 INTEGER NOT NULL,
    -- What the amount comes from, e.g. 'line:123' (the insurer amount of care line 123) or 'maf:123'.
    source_ref          TEXT    NOT NULL,
    chunk_id            INTEGER NOT NULL,
    -- The run that computed the amount: this run, or the earlier run that held it back.
    origin_run_id       TEXT    NOT NULL,
    payee_kind          TEXT    NOT NULL CHECK (payee_kind IN ('provider', 'member')),
    payee_id            TEXT    NOT NULL,
    payee_name          TEXT    NOT NULL,
    iban                TEXT,
    amount_cents        INTEGER NOT NULL,
    purpose             TEXT    NOT NULL,
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
    PRIMARY KEY (run_id, seq),
    FOREIGN KEY (run_id, chunk_id) REFERENCES run_chunks (run_id, chunk_id),
    CHECK ((outcome = 'paid') = (end_to_end_id IS NOT NULL)),
    CHECK ((outcome = 'held') = (hold_reason IS NOT NULL))
);
CREATE UNIQUE INDEX ux_run_items_paid_once ON run_items (source_ref) WHERE outcome = 'paid';
CREATE INDEX ix_run_items_chunk ON run_items (run_id, chunk_id);
CREATE INDEX ix_run_items_source ON run_items (source_ref, outcome);

-- The ledger of what runs paid says it too: an item is in at most one paid payment.
ALTER TABLE payment_items ADD COLUMN paid INTEGER NOT NULL DEFAULT 0;
UPDATE payment_items SET paid = 1 WHERE payment_id IN (SELECT payment_id FROM payments WHERE status = 'paid');
CREATE UNIQUE INDEX ux_payment_items_paid_once ON payment_items (item_kind, item_id) WHERE paid = 1;
