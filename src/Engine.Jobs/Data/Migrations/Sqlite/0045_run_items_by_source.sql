-- Fewer B-trees written for every item a run stores (issue 11): run_items was a rowid table with three B-trees that
-- each item entered when its partition committed, the table, its key (run_id, source_ref) and ix_run_items_source
-- (source_ref). It becomes one B-tree keyed (source_ref, run_id), WITHOUT ROWID: every lookup by source reference
-- (an item another run holds, the claim's checks, explain) goes through the key, every read of one run's items
-- through ix_run_items_payee (run_id first) or ix_run_items_transfer, and ix_run_items_source is gone. The guarantees
-- stay where they were: one item per (run, source reference) is the key, an item paid by one run at most
-- ux_run_items_paid_once.
CREATE TABLE run_items_new (
    run_id              TEXT    NOT NULL REFERENCES runs (run_id),
    source_ref          TEXT    NOT NULL,
    origin_run_id       TEXT    NOT NULL,
    partition           INTEGER,
    payee_kind          TEXT    NOT NULL CHECK (payee_kind IN ('provider', 'member')),
    payee_id            TEXT    NOT NULL,
    payee_name          TEXT    NOT NULL,
    iban                TEXT,
    amount_cents        INTEGER NOT NULL,
    purpose             TEXT    NOT NULL,
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
    provisional         TEXT NULL,
    payer               TEXT    NOT NULL DEFAULT 'insurance',
    PRIMARY KEY (source_ref, run_id),
    CHECK ((outcome = 'paid') = (end_to_end_id IS NOT NULL)),
    CHECK ((outcome = 'held') = (hold_reason IS NOT NULL))
) WITHOUT ROWID;
INSERT INTO run_items_new (run_id, source_ref, origin_run_id, partition, payee_kind, payee_id, payee_name, iban, amount_cents, purpose,
    purpose_rank, execution_date, period_from, period_to, advantage_id, sending_number, sending_month, sending_mutuality,
    structured_communication, outcome, end_to_end_id, hold_reason, provisional, payer)
SELECT run_id, source_ref, origin_run_id, partition, payee_kind, payee_id, payee_name, iban, amount_cents, purpose,
    purpose_rank, execution_date, period_from, period_to, advantage_id, sending_number, sending_month, sending_mutuality,
    structured_communication, outcome, end_to_end_id, hold_reason, provisional, payer
FROM run_items;
DROP TABLE run_items;
ALTER TABLE run_items_new RENAME TO run_items;
CREATE UNIQUE INDEX ux_run_items_paid_once ON run_items (source_ref) WHERE outcome = 'paid';
CREATE INDEX ix_run_items_payee ON run_items (run_id, payee_kind DESC, payee_id);
CREATE INDEX ix_run_items_transfer ON run_items (run_id, end_to_end_id, source_ref) WHERE end_to_end_id IS NOT NULL;
CREATE INDEX ix_run_items_held ON run_items (source_ref) WHERE outcome = 'held';

-- The ledger's items and a run's transfers likewise: one B-tree keyed by their primary key instead of a rowid table
-- beside its key's index (payment_items: every paid or held item of a run, copied when it completes). Their keys and
-- unique indexes are those they had: an item in at most one paid payment stays ux_payment_items_paid_once.
CREATE TABLE payment_items_new (
    payment_id      INTEGER NOT NULL REFERENCES payments (payment_id),
    item_kind       TEXT    NOT NULL,
    item_id         INTEGER NOT NULL,
    amount_cents    INTEGER NOT NULL,
    paid            INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (item_kind, item_id, payment_id)
) WITHOUT ROWID;
INSERT INTO payment_items_new (payment_id, item_kind, item_id, amount_cents, paid)
SELECT payment_id, item_kind, item_id, amount_cents, paid FROM payment_items;
DROP TABLE payment_items;
ALTER TABLE payment_items_new RENAME TO payment_items;
CREATE UNIQUE INDEX ux_payment_items_paid_once ON payment_items (item_kind, item_id) WHERE paid = 1;

CREATE TABLE run_transfers_new (
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
    payer               TEXT    NOT NULL DEFAULT 'insurance',
    UNIQUE (run_id, seq),
    CHECK ((structured_reference IS NULL) <> (unstructured IS NULL))
) WITHOUT ROWID;
INSERT INTO run_transfers_new (run_id, end_to_end_id, seq, execution_date, payee_kind, payee_id, purpose, sending, creditor_name,
    creditor_iban, amount_cents, structured_reference, unstructured, remittance, items, payer)
SELECT run_id, end_to_end_id, seq, execution_date, payee_kind, payee_id, purpose, sending, creditor_name,
    creditor_iban, amount_cents, structured_reference, unstructured, remittance, items, payer
FROM run_transfers;
DROP TABLE run_transfers;
ALTER TABLE run_transfers_new RENAME TO run_transfers;
CREATE INDEX ix_run_transfers_order ON run_transfers (run_id, execution_date, seq);
