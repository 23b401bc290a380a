-- The SQL Server store's schema: the end state of the PostgreSQL store's 0001_initial.sql (itself the end state of the
-- SQLite store's migrations), table for table and column for column (a test compares the two scripts), in T-SQL.
-- One batch (no GO), applied in one transaction by the Migrator.
--
-- Conventions (the files' bytes must be those of the other stores for the same night):
-- - money in integer cents (bigint *_cents), never a float;
-- - dates as `date`; instants as the fixed-width text the other stores write ('2024-03-05T01:00:00.000000000Z',
--   DbTypes.StoredInstant), so that comparing them (known_at <= as_of, MAX(known_at)) is comparing the instants and a
--   row keeps the exact nanoseconds it was written with;
-- - every text column nvarchar in binary collation (Latin1_General_100_BIN2): ORDER BY and comparisons are ordinal, as
--   in SQLite and PostgreSQL's COLLATE "C", whatever the database's own collation; columns in a key or an index are
--   nvarchar(450) (an index key is at most 900 bytes; SQL Server warns, without refusing, that a key of two such
--   columns could exceed it: they hold ids, instants and references far shorter), the others nvarchar(max);
-- - booleans as bit; raw files as varbinary(max);
-- - integer keys are given by the store as the greatest key + 1, under an application lock (sp_getapplock), as SQLite
--   gives a rowid: no IDENTITY, so no gap behind a transaction rolled back, and the ids that name amounts ('line:ID',
--   'adj:ID', ...) are those of the other stores;
-- - PostgreSQL's partial unique indexes are filtered unique indexes; a unique nullable column is filtered on NOT NULL
--   (SQL Server's unique index admits one NULL only).
-- Inputs are never overwritten: a correction is a new row with the instant it became known (known_at).

CREATE TABLE beneficiaries (
    beneficiary_id  nvarchar(450) COLLATE Latin1_General_100_BIN2 NOT NULL,
    niss            nvarchar(450) COLLATE Latin1_General_100_BIN2 NOT NULL,
    name            nvarchar(max) COLLATE Latin1_General_100_BIN2 NOT NULL,
    birth_date      date    NOT NULL,
    sex             int NOT NULL,
    mutuality       int NOT NULL,
    iban            nvarchar(max) COLLATE Latin1_General_100_BIN2,
    insured_from    date    NOT NULL,
    insured_to      date,
    known_at        nvarchar(450) COLLATE Latin1_General_100_BIN2 NOT NULL,
    -- The member's language as the registry records it (fr, nl, de, en); NULL = not recorded.
    language        nvarchar(max) COLLATE Latin1_General_100_BIN2,
    PRIMARY KEY (beneficiary_id, known_at)
);
CREATE INDEX ix_beneficiaries_niss ON beneficiaries (niss);

-- Who lives at one address on 1 January of a year (the MAF household), with the member's relation to its titular
-- member, and the household's yearly facts.
CREATE TABLE household_members (
    household_id    nvarchar(max) COLLATE Latin1_General_100_BIN2 NOT NULL,
    beneficiary_id  nvarchar(450) COLLATE Latin1_General_100_BIN2 NOT NULL,
    year            int NOT NULL,
    known_at        nvarchar(450) COLLATE Latin1_General_100_BIN2 NOT NULL,
    relation        nvarchar(max) COLLATE Latin1_General_100_BIN2 CHECK (relation IS NULL OR relation IN ('titulaire', 'partner', 'dependant', 'other')),
    PRIMARY KEY (beneficiary_id, year, known_at)
);
CREATE TABLE households (
    household_id            nvarchar(450) COLLATE Latin1_General_100_BIN2 NOT NULL,
    year                    int NOT NULL,
    reference_income_cents  bigint,
    bim_household           bit NOT NULL,
    chronic                 bit NOT NULL,
    known_at                nvarchar(450) COLLATE Latin1_General_100_BIN2 NOT NULL,
    PRIMARY KEY (household_id, year, known_at)
);

-- Dated statuses: bim (with its kind), dmg (provider_id = the GP holding the DMG), chronic, ac_in_order.
CREATE TABLE beneficiary_statuses (
    beneficiary_id  nvarchar(450) COLLATE Latin1_General_100_BIN2 NOT NULL,
    status          nvarchar(450) COLLATE Latin1_General_100_BIN2 NOT NULL CHECK (status IN ('bim', 'dmg', 'chronic', 'ac_in_order')),
    from_date       date    NOT NULL,
    to_date         date,
    provider_id     nvarchar(max) COLLATE Latin1_General_100_BIN2,
    known_at        nvarchar(max) COLLATE Latin1_General_100_BIN2 NOT NULL,
    bim_kind        nvarchar(max) COLLATE Latin1_General_100_BIN2,
    -- A table constraint: SQL Server refuses a column CHECK that reads another column (error 8141).
    CONSTRAINT ck_beneficiary_statuses_bim_kind CHECK (bim_kind IS NULL OR (status = 'bim' AND bim_kind IN ('avantages', 'enquiry')))
);
CREATE INDEX ix_statuses_beneficiary ON beneficiary_statuses (beneficiary_id, status);

CREATE TABLE providers (
    provider_id     nvarchar(450) COLLATE Latin1_General_100_BIN2 NOT NULL,
    nihii           nvarchar(450) COLLATE Latin1_General_100_BIN2 NOT NULL,
    name            nvarchar(max) COLLATE Latin1_General_100_BIN2 NOT NULL,
    kind            nvarchar(max) COLLATE Latin1_General_100_BIN2 NOT NULL,
    conventioned    bit NOT NULL,
    iban            nvarchar(max) COLLATE Latin1_General_100_BIN2,
    known_at        nvarchar(450) COLLATE Latin1_General_100_BIN2 NOT NULL,
    PRIMARY KEY (provider_id, known_at)
);
CREATE INDEX ix_providers_nihii ON providers (nihii);

-- Every file received, byte for byte (raw_encoding: 'identity' as received, 'br' Brotli), with the hash of the bytes
-- as received.
CREATE TABLE sendings (
    sending_id      bigint  PRIMARY KEY,
    channel         nvarchar(max) COLLATE Latin1_General_100_BIN2 NOT NULL CHECK (channel IN ('efact', 'eattest')),
    file_name       nvarchar(max) COLLATE Latin1_General_100_BIN2 NOT NULL,
    sha256          nvarchar(450) COLLATE Latin1_General_100_BIN2 NOT NULL UNIQUE,
    [identity]      nvarchar(450) COLLATE Latin1_General_100_BIN2 NOT NULL,
    sender_id       nvarchar(max) COLLATE Latin1_General_100_BIN2,
    sending_number  int,
    invoiced_month  nvarchar(max) COLLATE Latin1_General_100_BIN2,
    raw             varbinary(max) NOT NULL,
    status          nvarchar(max) COLLATE Latin1_General_100_BIN2 NOT NULL,
    accepted_invoices int NOT NULL DEFAULT 0,
    rejected_invoices int NOT NULL DEFAULT 0,
    received_at     nvarchar(max) COLLATE Latin1_General_100_BIN2 NOT NULL,
    raw_encoding    nvarchar(max) COLLATE Latin1_General_100_BIN2 NOT NULL DEFAULT 'identity' CHECK (raw_encoding IN ('identity', 'br'))
);
CREATE INDEX ix_sendings_identity ON sendings ([identity]);

CREATE TABLE care_lines (
    line_id                 bigint  PRIMARY KEY,
    sending_id              bigint  NOT NULL REFERENCES sendings (sending_id),
    invoice_number          nvarchar(max) COLLATE Latin1_General_100_BIN2 NOT NULL,
    record_seq              int NOT NULL,
    beneficiary_id          nvarchar(450) COLLATE Latin1_General_100_BIN2 NOT NULL,
    provider_id             nvarchar(max) COLLATE Latin1_General_100_BIN2 NOT NULL,
    code                    int NOT NULL,
    service_date            date    NOT NULL,
    quantity                int NOT NULL,
    billed_cents            bigint  NOT NULL,
    claimed_insurer_cents   bigint  NOT NULL,
    claimed_share_cents     bigint  NOT NULL,
    supplement_cents        bigint  NOT NULL,
    conventioned            bit NOT NULL,
    channel                 nvarchar(max) COLLATE Latin1_General_100_BIN2 NOT NULL CHECK (channel IN ('efact', 'eattest')),
    referral                bit NOT NULL,
    known_at                nvarchar(max) COLLATE Latin1_General_100_BIN2 NOT NULL
);
CREATE INDEX ix_care_lines_beneficiary ON care_lines (beneficiary_id, service_date);
CREATE INDEX ix_care_lines_sending ON care_lines (sending_id);

-- A run as a pipeline of phases (docs/architecture.md): started -> computed -> claimed -> decided -> files_written ->
-- completed. computed_seq: the order runs computed in; partitions: fixed when the work list is made (null: not yet).
CREATE TABLE runs (
    run_id              nvarchar(450) COLLATE Latin1_General_100_BIN2 PRIMARY KEY,
    kind                nvarchar(max) COLLATE Latin1_General_100_BIN2 NOT NULL,
    run_date            date    NOT NULL,
    as_of               nvarchar(max) COLLATE Latin1_General_100_BIN2 NOT NULL,
    rule_set_version    nvarchar(max) COLLATE Latin1_General_100_BIN2 NOT NULL,
    phase               nvarchar(max) COLLATE Latin1_General_100_BIN2 NOT NULL CHECK (phase IN ('started', 'computed', 'claimed', 'decided', 'files_written', 'completed')),
    started_at          nvarchar(max) COLLATE Latin1_General_100_BIN2 NOT NULL,
    finished_at         nvarchar(max) COLLATE Latin1_General_100_BIN2,
    summary             nvarchar(max) COLLATE Latin1_General_100_BIN2,
    computed_seq        bigint,
    scope               nvarchar(max) COLLATE Latin1_General_100_BIN2,
    partitions          int,
    refuse_provisional  bit NOT NULL DEFAULT 0,
    -- The engine build that started the run, and the folder it wrote its files to (recorded with run_files).
    engine_version      nvarchar(max) COLLATE Latin1_General_100_BIN2,
    engine_commit       nvarchar(max) COLLATE Latin1_General_100_BIN2,
    output_folder       nvarchar(max) COLLATE Latin1_General_100_BIN2
);

-- Every file a run wrote, with its SHA-256: replay compares with them when the files are not at hand.
CREATE TABLE run_files (
    run_id nvarchar(450) COLLATE Latin1_General_100_BIN2 NOT NULL REFERENCES runs (run_id),
    [file] nvarchar(450) COLLATE Latin1_General_100_BIN2 NOT NULL,
    sha256 nvarchar(max) COLLATE Latin1_General_100_BIN2 NOT NULL,
    bytes  bigint  NOT NULL,
    PRIMARY KEY (run_id, [file])
);

-- The store's identity: a random id made once, when this script runs; the output folder of its runs records it.
CREATE TABLE store_identity (
    singleton int NOT NULL PRIMARY KEY CHECK (singleton = 1),
    store_id  nvarchar(32) COLLATE Latin1_General_100_BIN2 NOT NULL CHECK (LEN(store_id) = 32)
);
INSERT INTO store_identity (singleton, store_id) VALUES (1, LOWER(REPLACE(CONVERT(nvarchar(36), NEWID()), '-', '')));
-- Unique among the runs computed (a unique index of SQL Server admits one NULL only: filtered).
CREATE UNIQUE INDEX ux_runs_computed_seq ON runs (computed_seq) WHERE computed_seq IS NOT NULL;

-- The run's work list: every care line it computes, with its household as of the run's instant and its partition.
CREATE TABLE run_lines (
    run_id          nvarchar(450) COLLATE Latin1_General_100_BIN2 NOT NULL REFERENCES runs (run_id),
    partition       int NOT NULL,
    line_id         bigint  NOT NULL REFERENCES care_lines (line_id),
    household_id    nvarchar(max) COLLATE Latin1_General_100_BIN2,
    PRIMARY KEY (run_id, partition, line_id)
);

-- One row per partition committed: a partition is computed once, whoever runs it.
CREATE TABLE run_partitions (
    run_id          nvarchar(450) COLLATE Latin1_General_100_BIN2 NOT NULL REFERENCES runs (run_id),
    partition       int NOT NULL,
    lines           int NOT NULL,
    items           int NOT NULL,
    committed_at    nvarchar(max) COLLATE Latin1_General_100_BIN2 NOT NULL,
    worker          nvarchar(max) COLLATE Latin1_General_100_BIN2 NOT NULL,
    PRIMARY KEY (run_id, partition)
);

-- What the kernel computed for a line in a run: one result per (run, line).
CREATE TABLE line_results (
    result_id           bigint  PRIMARY KEY,
    run_id              nvarchar(450) COLLATE Latin1_General_100_BIN2 NOT NULL REFERENCES runs (run_id),
    line_id             bigint  NOT NULL REFERENCES care_lines (line_id),
    rule_set_version    nvarchar(max) COLLATE Latin1_General_100_BIN2 NOT NULL,
    input_known_at      nvarchar(max) COLLATE Latin1_General_100_BIN2 NOT NULL,
    fee_cents           bigint  NOT NULL,
    insurer_cents       bigint  NOT NULL,
    share_cents         bigint  NOT NULL,
    supplement_cents    bigint  NOT NULL,
    maf_refund_cents    bigint  NOT NULL DEFAULT 0,
    payee               nvarchar(max) COLLATE Latin1_General_100_BIN2 NOT NULL,
    status              nvarchar(max) COLLATE Latin1_General_100_BIN2 NOT NULL,
    reason              nvarchar(max) COLLATE Latin1_General_100_BIN2 NOT NULL,
    rules               nvarchar(max) COLLATE Latin1_General_100_BIN2 NOT NULL,
    provisional         nvarchar(max) COLLATE Latin1_General_100_BIN2 NOT NULL DEFAULT '',
    UNIQUE (run_id, line_id)
);
CREATE INDEX ix_line_results_line ON line_results (line_id);

-- The payments ledger, written from the stored plan when a run completes.
CREATE TABLE payments (
    payment_id      bigint  PRIMARY KEY,
    run_id          nvarchar(450) COLLATE Latin1_General_100_BIN2 NOT NULL REFERENCES runs (run_id),
    end_to_end_id   nvarchar(450) COLLATE Latin1_General_100_BIN2 NOT NULL UNIQUE,
    payee_kind      nvarchar(max) COLLATE Latin1_General_100_BIN2 NOT NULL,
    payee_id        nvarchar(max) COLLATE Latin1_General_100_BIN2 NOT NULL,
    payee_name      nvarchar(max) COLLATE Latin1_General_100_BIN2 NOT NULL,
    iban            nvarchar(max) COLLATE Latin1_General_100_BIN2,
    amount_cents    bigint  NOT NULL,
    remittance      nvarchar(max) COLLATE Latin1_General_100_BIN2 NOT NULL,
    status          nvarchar(max) COLLATE Latin1_General_100_BIN2 NOT NULL CHECK (status IN ('paid', 'held')),
    hold_reason     nvarchar(max) COLLATE Latin1_General_100_BIN2,
    file_name       nvarchar(max) COLLATE Latin1_General_100_BIN2
);
CREATE TABLE payment_items (
    payment_id      bigint  NOT NULL REFERENCES payments (payment_id),
    item_kind       nvarchar(450) COLLATE Latin1_General_100_BIN2 NOT NULL,
    item_id         bigint  NOT NULL,
    amount_cents    bigint  NOT NULL,
    paid            bit NOT NULL DEFAULT 0,
    PRIMARY KEY (item_kind, item_id, payment_id)
);
-- The ledger says it too: an item is in at most one paid payment.
CREATE UNIQUE INDEX ux_payment_items_paid_once ON payment_items (item_kind, item_id) WHERE paid = 1;

-- The amounts a run owes and what became of each (the payment plan with run_transfers). An item is paid by one run at
-- most: the filtered unique index refuses a second 'paid' row for a source reference, whatever the run.
CREATE TABLE run_items (
    run_id              nvarchar(450) COLLATE Latin1_General_100_BIN2 NOT NULL REFERENCES runs (run_id),
    source_ref          nvarchar(450) COLLATE Latin1_General_100_BIN2 NOT NULL,
    origin_run_id       nvarchar(max) COLLATE Latin1_General_100_BIN2 NOT NULL,
    partition           int,
    payee_kind          nvarchar(450) COLLATE Latin1_General_100_BIN2 NOT NULL CHECK (payee_kind IN ('provider', 'member')),
    payee_id            nvarchar(450) COLLATE Latin1_General_100_BIN2 NOT NULL,
    payee_name          nvarchar(max) COLLATE Latin1_General_100_BIN2 NOT NULL,
    iban                nvarchar(max) COLLATE Latin1_General_100_BIN2,
    amount_cents        bigint  NOT NULL,
    purpose             nvarchar(max) COLLATE Latin1_General_100_BIN2 NOT NULL,
    purpose_rank        int NOT NULL,
    execution_date      date    NOT NULL,
    period_from         date,
    period_to           date,
    advantage_id        nvarchar(max) COLLATE Latin1_General_100_BIN2,
    sending_number      int,
    sending_month       nvarchar(max) COLLATE Latin1_General_100_BIN2,
    sending_mutuality   int,
    structured_communication nvarchar(max) COLLATE Latin1_General_100_BIN2,
    outcome             nvarchar(450) COLLATE Latin1_General_100_BIN2 NOT NULL CHECK (outcome IN ('pending', 'paid', 'held', 'to_recover', 'zero')),
    end_to_end_id       nvarchar(450) COLLATE Latin1_General_100_BIN2,
    hold_reason         nvarchar(max) COLLATE Latin1_General_100_BIN2,
    provisional         nvarchar(max) COLLATE Latin1_General_100_BIN2,
    PRIMARY KEY (run_id, source_ref),
    CHECK ((outcome = 'paid' AND end_to_end_id IS NOT NULL) OR (outcome <> 'paid' AND end_to_end_id IS NULL)),
    CHECK ((outcome = 'held' AND hold_reason IS NOT NULL) OR (outcome <> 'held' AND hold_reason IS NULL))
);
CREATE UNIQUE INDEX ux_run_items_paid_once ON run_items (source_ref) WHERE outcome = 'paid';
CREATE INDEX ix_run_items_source ON run_items (source_ref, outcome);
CREATE INDEX ix_run_items_payee ON run_items (run_id, payee_kind DESC, payee_id);
CREATE INDEX ix_run_items_transfer ON run_items (run_id, end_to_end_id, source_ref);
CREATE INDEX ix_run_items_held ON run_items (outcome) WHERE outcome = 'held';

CREATE TABLE run_transfers (
    run_id              nvarchar(450) COLLATE Latin1_General_100_BIN2 NOT NULL REFERENCES runs (run_id),
    end_to_end_id       nvarchar(450) COLLATE Latin1_General_100_BIN2 NOT NULL PRIMARY KEY,
    seq                 bigint  NOT NULL,
    execution_date      date    NOT NULL,
    payee_kind          nvarchar(max) COLLATE Latin1_General_100_BIN2 NOT NULL CHECK (payee_kind IN ('provider', 'member')),
    payee_id            nvarchar(max) COLLATE Latin1_General_100_BIN2 NOT NULL,
    purpose             nvarchar(max) COLLATE Latin1_General_100_BIN2 NOT NULL,
    sending             nvarchar(max) COLLATE Latin1_General_100_BIN2,
    creditor_name       nvarchar(max) COLLATE Latin1_General_100_BIN2 NOT NULL,
    creditor_iban       nvarchar(max) COLLATE Latin1_General_100_BIN2 NOT NULL,
    amount_cents        bigint  NOT NULL,
    structured_reference nvarchar(max) COLLATE Latin1_General_100_BIN2,
    unstructured        nvarchar(max) COLLATE Latin1_General_100_BIN2,
    remittance          nvarchar(max) COLLATE Latin1_General_100_BIN2 NOT NULL,
    items               int NOT NULL,
    UNIQUE (run_id, seq),
    CHECK ((structured_reference IS NULL AND unstructured IS NOT NULL) OR (structured_reference IS NOT NULL AND unstructured IS NULL))
);
CREATE INDEX ix_run_transfers_order ON run_transfers (run_id, execution_date, seq);

-- The MAF counter of each household and year of care as each run left it (a new version per run, never an update);
-- pending: the lines of a year without MAF figures waiting for them (JSON), pending_parameter the missing figure.
CREATE TABLE maf_counters (
    version         bigint  PRIMARY KEY,
    run_id          nvarchar(450) COLLATE Latin1_General_100_BIN2 NOT NULL REFERENCES runs (run_id),
    household_id    nvarchar(450) COLLATE Latin1_General_100_BIN2 NOT NULL,
    year            int NOT NULL,
    counted_cents   bigint  NOT NULL,
    refunded_cents  bigint  NOT NULL,
    child_counted   nvarchar(max) COLLATE Latin1_General_100_BIN2 NOT NULL,
    line_ids        nvarchar(max) COLLATE Latin1_General_100_BIN2 NOT NULL,
    pending         nvarchar(max) COLLATE Latin1_General_100_BIN2,
    pending_parameter nvarchar(max) COLLATE Latin1_General_100_BIN2,
    UNIQUE (run_id, household_id, year)
);
CREATE INDEX ix_maf_counters_key ON maf_counters (household_id, year, version);

-- The refunds of pending lines a later run computed: one row per line, ever.
CREATE TABLE maf_settlements (
    run_id        nvarchar(450) COLLATE Latin1_General_100_BIN2 NOT NULL REFERENCES runs (run_id),
    line_id       bigint  NOT NULL UNIQUE,
    origin_run_id nvarchar(max) COLLATE Latin1_General_100_BIN2 NOT NULL,
    household_id  nvarchar(max) COLLATE Latin1_General_100_BIN2 NOT NULL,
    year          int NOT NULL,
    beneficiary_id nvarchar(max) COLLATE Latin1_General_100_BIN2 NOT NULL,
    service_date  date    NOT NULL,
    refund_cents  bigint  NOT NULL,
    payee_kind    nvarchar(max) COLLATE Latin1_General_100_BIN2 NOT NULL,
    payee_id      nvarchar(max) COLLATE Latin1_General_100_BIN2 NOT NULL,
    provisional   nvarchar(max) COLLATE Latin1_General_100_BIN2 NOT NULL DEFAULT ''
);
CREATE INDEX ix_maf_settlements_run ON maf_settlements (run_id, line_id);

CREATE TABLE indemnity_cases (
    case_id         nvarchar(450) COLLATE Latin1_General_100_BIN2 NOT NULL,
    beneficiary_id  nvarchar(max) COLLATE Latin1_General_100_BIN2 NOT NULL,
    kind            nvarchar(max) COLLATE Latin1_General_100_BIN2 NOT NULL CHECK (kind IN ('incapacity', 'maternity', 'birth_leave')),
    regime          nvarchar(max) COLLATE Latin1_General_100_BIN2 NOT NULL CHECK (regime IN ('employee', 'worker', 'self_employed')),
    regular_worker  bit NOT NULL,
    first_day       date    NOT NULL,
    last_day        date,
    -- As declared (up to 4 decimals), kept as text: exact, never a float.
    daily_wage      nvarchar(max) COLLATE Latin1_General_100_BIN2,
    family_status   nvarchar(max) COLLATE Latin1_General_100_BIN2 NOT NULL CHECK (family_status IN ('family', 'isolated', 'cohabitant')),
    source_file     nvarchar(max) COLLATE Latin1_General_100_BIN2 NOT NULL,
    known_at        nvarchar(450) COLLATE Latin1_General_100_BIN2 NOT NULL,
    PRIMARY KEY (case_id, known_at)
);

CREATE TABLE indemnity_family (
    case_id         nvarchar(450) COLLATE Latin1_General_100_BIN2 NOT NULL,
    from_date       date    NOT NULL,
    family_status   nvarchar(max) COLLATE Latin1_General_100_BIN2 NOT NULL CHECK (family_status IN ('family', 'isolated', 'cohabitant')),
    source_file     nvarchar(max) COLLATE Latin1_General_100_BIN2 NOT NULL,
    known_at        nvarchar(450) COLLATE Latin1_General_100_BIN2 NOT NULL,
    PRIMARY KEY (case_id, from_date, known_at)
);

-- What each run computed for a case and period: one statement per (case, first day), ever.
CREATE TABLE indemnity_payments (
    indemnity_payment_id bigint PRIMARY KEY,
    run_id              nvarchar(450) COLLATE Latin1_General_100_BIN2 NOT NULL REFERENCES runs (run_id),
    case_id             nvarchar(450) COLLATE Latin1_General_100_BIN2 NOT NULL,
    beneficiary_id      nvarchar(max) COLLATE Latin1_General_100_BIN2 NOT NULL,
    period_start        date    NOT NULL,
    period_end          date    NOT NULL,
    paid_days           int NOT NULL,
    daily_cents         bigint  NOT NULL,
    gross_cents         bigint  NOT NULL,
    withholding_cents   bigint  NOT NULL,
    net_cents           bigint  NOT NULL,
    rule_set_version    nvarchar(max) COLLATE Latin1_General_100_BIN2 NOT NULL,
    rules               nvarchar(max) COLLATE Latin1_General_100_BIN2 NOT NULL,
    provisional         nvarchar(max) COLLATE Latin1_General_100_BIN2 NOT NULL DEFAULT '',
    UNIQUE (case_id, period_start)
);
CREATE INDEX ix_indemnity_payments_run ON indemnity_payments (run_id, case_id, period_start);

-- Indemnity days a run held because a figure is missing from rules/: one row per run and case.
CREATE TABLE indemnity_held (
    run_id         nvarchar(450) COLLATE Latin1_General_100_BIN2 NOT NULL REFERENCES runs (run_id),
    case_id        nvarchar(450) COLLATE Latin1_General_100_BIN2 NOT NULL,
    beneficiary_id nvarchar(max) COLLATE Latin1_General_100_BIN2 NOT NULL,
    first_day      date    NOT NULL,
    last_day       date    NOT NULL,
    days           int NOT NULL,
    parameter      nvarchar(max) COLLATE Latin1_General_100_BIN2 NOT NULL,
    date           date    NOT NULL,
    PRIMARY KEY (run_id, case_id)
);

CREATE TABLE ac_requests (
    seq             bigint  PRIMARY KEY,
    request_id      nvarchar(450) COLLATE Latin1_General_100_BIN2 NOT NULL UNIQUE,
    member_id       nvarchar(max) COLLATE Latin1_General_100_BIN2 NOT NULL,
    advantage       nvarchar(max) COLLATE Latin1_General_100_BIN2 NOT NULL,
    date            date    NOT NULL,
    amount_paid_cents bigint NOT NULL,
    evidence        nvarchar(max) COLLATE Latin1_General_100_BIN2,
    source_file     nvarchar(max) COLLATE Latin1_General_100_BIN2 NOT NULL,
    known_at        nvarchar(max) COLLATE Latin1_General_100_BIN2 NOT NULL
);

-- An AC request is decided once.
CREATE TABLE ac_decisions (
    ac_decision_id  bigint  PRIMARY KEY,
    run_id          nvarchar(450) COLLATE Latin1_General_100_BIN2 NOT NULL REFERENCES runs (run_id),
    request_id      nvarchar(450) COLLATE Latin1_General_100_BIN2 NOT NULL UNIQUE,
    member_id       nvarchar(max) COLLATE Latin1_General_100_BIN2 NOT NULL,
    advantage       nvarchar(max) COLLATE Latin1_General_100_BIN2 NOT NULL,
    date            date    NOT NULL,
    granted_cents   bigint  NOT NULL,
    status          nvarchar(max) COLLATE Latin1_General_100_BIN2 NOT NULL CHECK (status IN ('granted', 'partial', 'refused')),
    reason          nvarchar(max) COLLATE Latin1_General_100_BIN2 NOT NULL,
    rule_set_version nvarchar(max) COLLATE Latin1_General_100_BIN2 NOT NULL,
    provisional     nvarchar(max) COLLATE Latin1_General_100_BIN2 NOT NULL DEFAULT ''
);
CREATE INDEX ix_ac_decisions_run ON ac_decisions (run_id, request_id);

CREATE TABLE ac_member_states (
    version         bigint  PRIMARY KEY,
    run_id          nvarchar(450) COLLATE Latin1_General_100_BIN2 NOT NULL REFERENCES runs (run_id),
    member_id       nvarchar(450) COLLATE Latin1_General_100_BIN2 NOT NULL,
    allowances      nvarchar(max) COLLATE Latin1_General_100_BIN2 NOT NULL,
    paid_requests   nvarchar(max) COLLATE Latin1_General_100_BIN2 NOT NULL,
    UNIQUE (run_id, member_id)
);
CREATE INDEX ix_ac_member_states ON ac_member_states (member_id, version);

-- Rule sets: the files of every rule-set version a run or a recalculation used.
CREATE TABLE rule_sets (
    version         nvarchar(450) COLLATE Latin1_General_100_BIN2 PRIMARY KEY,
    files           int NOT NULL,
    stored_at       nvarchar(max) COLLATE Latin1_General_100_BIN2 NOT NULL
);
CREATE TABLE rule_set_files (
    version         nvarchar(450) COLLATE Latin1_General_100_BIN2 NOT NULL REFERENCES rule_sets (version),
    path            nvarchar(450) COLLATE Latin1_General_100_BIN2 NOT NULL,
    content         varbinary(max) NOT NULL,
    PRIMARY KEY (version, path)
);

CREATE TABLE recalcs (
    recalc_id           bigint  PRIMARY KEY,
    requested_by        nvarchar(max) COLLATE Latin1_General_100_BIN2 NOT NULL,
    reason              nvarchar(max) COLLATE Latin1_General_100_BIN2 NOT NULL,
    scope               nvarchar(max) COLLATE Latin1_General_100_BIN2 NOT NULL,
    as_of               nvarchar(max) COLLATE Latin1_General_100_BIN2 NOT NULL,
    rule_set_version    nvarchar(max) COLLATE Latin1_General_100_BIN2 NOT NULL,
    items               int NOT NULL,
    complements         int NOT NULL,
    complement_cents    bigint  NOT NULL,
    undue               int NOT NULL,
    undue_cents         bigint  NOT NULL,
    report_file         nvarchar(max) COLLATE Latin1_General_100_BIN2,
    created_at          nvarchar(max) COLLATE Latin1_General_100_BIN2 NOT NULL,
    -- What the recalculation could not recompute and why (JSON), so its report can be written again.
    notes               nvarchar(max) COLLATE Latin1_General_100_BIN2 NOT NULL DEFAULT '[]'
);

-- Complements owed (paid by the next run as the item 'adj:<adjustment_id>').
CREATE TABLE adjustments (
    adjustment_id       bigint  PRIMARY KEY,
    recalc_id           bigint  NOT NULL REFERENCES recalcs (recalc_id),
    item                nvarchar(450) COLLATE Latin1_General_100_BIN2 NOT NULL,
    amount_cents        bigint  NOT NULL CHECK (amount_cents > 0),
    paid_before_cents   bigint  NOT NULL,
    recomputed_cents    bigint  NOT NULL,
    payee_kind          nvarchar(max) COLLATE Latin1_General_100_BIN2 NOT NULL CHECK (payee_kind IN ('provider', 'member')),
    payee_id            nvarchar(max) COLLATE Latin1_General_100_BIN2 NOT NULL,
    purpose             nvarchar(max) COLLATE Latin1_General_100_BIN2 NOT NULL,
    period_from         date,
    period_to           date,
    sending_number      int,
    sending_month       nvarchar(max) COLLATE Latin1_General_100_BIN2,
    sending_mutuality   int,
    explanation_paid    nvarchar(max) COLLATE Latin1_General_100_BIN2 NOT NULL,
    explanation_now     nvarchar(max) COLLATE Latin1_General_100_BIN2 NOT NULL,
    known_at            nvarchar(450) COLLATE Latin1_General_100_BIN2 NOT NULL
);
CREATE INDEX ix_adjustments_item ON adjustments (item);
CREATE INDEX ix_adjustments_known ON adjustments (known_at);

-- Undue amounts, listed for the recovery process; never deducted from a payment.
CREATE TABLE recoveries (
    recovery_id         bigint  PRIMARY KEY,
    recalc_id           bigint  NOT NULL REFERENCES recalcs (recalc_id),
    item                nvarchar(450) COLLATE Latin1_General_100_BIN2 NOT NULL,
    amount_cents        bigint  NOT NULL CHECK (amount_cents > 0),
    paid_before_cents   bigint  NOT NULL,
    recomputed_cents    bigint  NOT NULL,
    payee_kind          nvarchar(max) COLLATE Latin1_General_100_BIN2 NOT NULL CHECK (payee_kind IN ('provider', 'member')),
    payee_id            nvarchar(max) COLLATE Latin1_General_100_BIN2 NOT NULL,
    purpose             nvarchar(max) COLLATE Latin1_General_100_BIN2 NOT NULL,
    period_from         date,
    period_to           date,
    explanation_paid    nvarchar(max) COLLATE Latin1_General_100_BIN2 NOT NULL,
    explanation_now     nvarchar(max) COLLATE Latin1_General_100_BIN2 NOT NULL,
    known_at            nvarchar(max) COLLATE Latin1_General_100_BIN2 NOT NULL,
    status              nvarchar(max) COLLATE Latin1_General_100_BIN2 NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed'))
);
CREATE INDEX ix_recoveries_item ON recoveries (item);
