-- The PostgreSQL store's schema: in meaning, the end state of the SQLite store's migrations 0001..0014
-- (src/Engine.Jobs/Data/Migrations/Sqlite) and of 0015..0018 and 0025, written fresh; later changes are new scripts here, numbered on their own.
--
-- Conventions (the files' bytes must be those of the SQLite store for the same night):
-- - money in integer cents (bigint *_cents), never a float;
-- - dates as `date`; instants as the fixed-width text the SQLite store writes ('2024-03-05T01:00:00.000000000Z',
--   DbTypes.StoredInstant), so that comparing them (known_at <= as_of, MAX(known_at)) is comparing the instants and a
--   row keeps the exact nanoseconds it was written with;
-- - every text column in binary collation (COLLATE "C"): ORDER BY and comparisons are ordinal, as in SQLite, whatever
--   the database's own collation;
-- - integer keys are given by the store as the greatest key + 1, under a transaction-scoped advisory lock (as SQLite
--   gives a rowid): the ids that name amounts ('line:ID', 'adj:ID', ...) are the same on both stores, and no sequence
--   leaves gaps behind a transaction rolled back.
-- Inputs are never overwritten: a correction is a new row with the instant it became known (known_at).

CREATE TABLE beneficiaries (
    beneficiary_id  text COLLATE "C" NOT NULL,
    niss            text COLLATE "C" NOT NULL,
    name            text COLLATE "C" NOT NULL,
    birth_date      date    NOT NULL,
    sex             integer NOT NULL,
    mutuality       integer NOT NULL,
    iban            text COLLATE "C",
    insured_from    date    NOT NULL,
    insured_to      date,
    known_at        text COLLATE "C" NOT NULL,
    -- The member's language as the registry records it (fr, nl, de, en); NULL = not recorded.
    language        text COLLATE "C",
    PRIMARY KEY (beneficiary_id, known_at)
);
CREATE INDEX ix_beneficiaries_niss ON beneficiaries (niss);

-- Who lives at one address on 1 January of a year (the MAF household), with the member's relation to its titular
-- member, and the household's yearly facts.
CREATE TABLE household_members (
    household_id    text COLLATE "C" NOT NULL,
    beneficiary_id  text COLLATE "C" NOT NULL,
    year            integer NOT NULL,
    known_at        text COLLATE "C" NOT NULL,
    relation        text COLLATE "C" CHECK (relation IS NULL OR relation IN ('titulaire', 'partner', 'dependant', 'other')),
    PRIMARY KEY (beneficiary_id, year, known_at)
);
CREATE TABLE households (
    household_id            text COLLATE "C" NOT NULL,
    year                    integer NOT NULL,
    reference_income_cents  bigint,
    bim_household           boolean NOT NULL,
    chronic                 boolean NOT NULL,
    known_at                text COLLATE "C" NOT NULL,
    PRIMARY KEY (household_id, year, known_at)
);

-- Dated statuses: bim (with its kind), dmg (provider_id = the GP holding the DMG), chronic, ac_in_order.
CREATE TABLE beneficiary_statuses (
    beneficiary_id  text COLLATE "C" NOT NULL,
    status          text COLLATE "C" NOT NULL CHECK (status IN ('bim', 'dmg', 'chronic', 'ac_in_order')),
    from_date       date    NOT NULL,
    to_date         date,
    provider_id     text COLLATE "C",
    known_at        text COLLATE "C" NOT NULL,
    bim_kind        text COLLATE "C" CHECK (bim_kind IS NULL OR (status = 'bim' AND bim_kind IN ('avantages', 'enquiry')))
);
CREATE INDEX ix_statuses_beneficiary ON beneficiary_statuses (beneficiary_id, status);

CREATE TABLE providers (
    provider_id     text COLLATE "C" NOT NULL,
    nihii           text COLLATE "C" NOT NULL,
    name            text COLLATE "C" NOT NULL,
    kind            text COLLATE "C" NOT NULL,
    conventioned    boolean NOT NULL,
    iban            text COLLATE "C",
    known_at        text COLLATE "C" NOT NULL,
    PRIMARY KEY (provider_id, known_at)
);
CREATE INDEX ix_providers_nihii ON providers (nihii);

-- Every file received, byte for byte (raw_encoding: 'identity' as received, 'br' Brotli), with the hash of the bytes
-- as received.
CREATE TABLE sendings (
    sending_id      bigint  PRIMARY KEY,
    channel         text COLLATE "C" NOT NULL CHECK (channel IN ('efact', 'eattest')),
    file_name       text COLLATE "C" NOT NULL,
    sha256          text COLLATE "C" NOT NULL UNIQUE,
    identity        text COLLATE "C" NOT NULL,
    sender_id       text COLLATE "C",
    sending_number  integer,
    invoiced_month  text COLLATE "C",
    raw             bytea   NOT NULL,
    status          text COLLATE "C" NOT NULL,
    accepted_invoices integer NOT NULL DEFAULT 0,
    rejected_invoices integer NOT NULL DEFAULT 0,
    received_at     text COLLATE "C" NOT NULL,
    raw_encoding    text COLLATE "C" NOT NULL DEFAULT 'identity' CHECK (raw_encoding IN ('identity', 'br'))
);
CREATE INDEX ix_sendings_identity ON sendings (identity);

CREATE TABLE care_lines (
    line_id                 bigint  PRIMARY KEY,
    sending_id              bigint  NOT NULL REFERENCES sendings (sending_id),
    invoice_number          text COLLATE "C" NOT NULL,
    record_seq              integer NOT NULL,
    beneficiary_id          text COLLATE "C" NOT NULL,
    provider_id             text COLLATE "C" NOT NULL,
    code                    integer NOT NULL,
    service_date            date    NOT NULL,
    quantity                integer NOT NULL,
    billed_cents            bigint  NOT NULL,
    claimed_insurer_cents   bigint  NOT NULL,
    claimed_share_cents     bigint  NOT NULL,
    supplement_cents        bigint  NOT NULL,
    conventioned            boolean NOT NULL,
    channel                 text COLLATE "C" NOT NULL CHECK (channel IN ('efact', 'eattest')),
    referral                boolean NOT NULL,
    known_at                text COLLATE "C" NOT NULL
);
CREATE INDEX ix_care_lines_beneficiary ON care_lines (beneficiary_id, service_date);
CREATE INDEX ix_care_lines_sending ON care_lines (sending_id);

-- A run as a pipeline of phases (docs/architecture.md): started -> computed -> claimed -> decided -> files_written ->
-- completed. computed_seq: the order runs computed in; partitions: fixed when the work list is made (null: not yet).
CREATE TABLE runs (
    run_id              text COLLATE "C" PRIMARY KEY,
    kind                text COLLATE "C" NOT NULL,
    run_date            date    NOT NULL,
    as_of               text COLLATE "C" NOT NULL,
    rule_set_version    text COLLATE "C" NOT NULL,
    phase               text COLLATE "C" NOT NULL CHECK (phase IN ('started', 'computed', 'claimed', 'decided', 'files_written', 'completed')),
    started_at          text COLLATE "C" NOT NULL,
    finished_at         text COLLATE "C",
    summary             text COLLATE "C",
    computed_seq        bigint,
    scope               text COLLATE "C",
    partitions          integer,
    refuse_provisional  boolean NOT NULL DEFAULT false,
    -- The engine build that started the run, and the folder it wrote its files to (recorded with run_files).
    engine_version      text COLLATE "C",
    engine_commit       text COLLATE "C",
    output_folder       text COLLATE "C"
);

-- Every file a run wrote, with its SHA-256: replay compares with them when the files are not at hand.
CREATE TABLE run_files (
    run_id text COLLATE "C" NOT NULL REFERENCES runs (run_id),
    file   text COLLATE "C" NOT NULL,
    sha256 text COLLATE "C" NOT NULL,
    bytes  bigint  NOT NULL,
    PRIMARY KEY (run_id, file)
);

-- The store's identity: a random id made once, when this script runs; the output folder of its runs records it.
CREATE TABLE store_identity (
    singleton integer NOT NULL PRIMARY KEY CHECK (singleton = 1),
    store_id  text COLLATE "C" NOT NULL CHECK (length(store_id) = 32)
);
INSERT INTO store_identity (singleton, store_id) VALUES (1, replace(gen_random_uuid()::text, '-', ''));
CREATE UNIQUE INDEX ux_runs_computed_seq ON runs (computed_seq);

-- The run's work list: every care line it computes, with its household as of the run's instant and its partition.
CREATE TABLE run_lines (
    run_id          text COLLATE "C" NOT NULL REFERENCES runs (run_id),
    partition       integer NOT NULL,
    line_id         bigint  NOT NULL REFERENCES care_lines (line_id),
    household_id    text COLLATE "C",
    PRIMARY KEY (run_id, partition, line_id)
);

-- One row per partition committed: a partition is computed once, whoever runs it.
CREATE TABLE run_partitions (
    run_id          text COLLATE "C" NOT NULL REFERENCES runs (run_id),
    partition       integer NOT NULL,
    lines           integer NOT NULL,
    items           integer NOT NULL,
    committed_at    text COLLATE "C" NOT NULL,
    worker          text COLLATE "C" NOT NULL,
    PRIMARY KEY (run_id, partition)
);

-- What the kernel computed for a line in a run: one result per (run, line).
CREATE TABLE line_results (
    result_id           bigint  PRIMARY KEY,
    run_id              text COLLATE "C" NOT NULL REFERENCES runs (run_id),
    line_id             bigint  NOT NULL REFERENCES care_lines (line_id),
    rule_set_version    text COLLATE "C" NOT NULL,
    input_known_at      text COLLATE "C" NOT NULL,
    fee_cents           bigint  NOT NULL,
    insurer_cents       bigint  NOT NULL,
    share_cents         bigint  NOT NULL,
    supplement_cents    bigint  NOT NULL,
    maf_refund_cents    bigint  NOT NULL DEFAULT 0,
    payee               text COLLATE "C" NOT NULL,
    status              text COLLATE "C" NOT NULL,
    reason              text COLLATE "C" NOT NULL,
    rules               text COLLATE "C" NOT NULL,
    provisional         text COLLATE "C" NOT NULL DEFAULT '',
    UNIQUE (run_id, line_id)
);
CREATE INDEX ix_line_results_line ON line_results (line_id);

-- The payments ledger, written from the stored plan when a run completes.
CREATE TABLE payments (
    payment_id      bigint  PRIMARY KEY,
    run_id          text COLLATE "C" NOT NULL REFERENCES runs (run_id),
    end_to_end_id   text COLLATE "C" NOT NULL UNIQUE,
    payee_kind      text COLLATE "C" NOT NULL,
    payee_id        text COLLATE "C" NOT NULL,
    payee_name      text COLLATE "C" NOT NULL,
    iban            text COLLATE "C",
    amount_cents    bigint  NOT NULL,
    remittance      text COLLATE "C" NOT NULL,
    status          text COLLATE "C" NOT NULL CHECK (status IN ('paid', 'held')),
    hold_reason     text COLLATE "C",
    file_name       text COLLATE "C"
);
CREATE TABLE payment_items (
    payment_id      bigint  NOT NULL REFERENCES payments (payment_id),
    item_kind       text COLLATE "C" NOT NULL,
    item_id         bigint  NOT NULL,
    amount_cents    bigint  NOT NULL,
    paid            boolean NOT NULL DEFAULT false,
    PRIMARY KEY (item_kind, item_id, payment_id)
);
-- The ledger says it too: an item is in at most one paid payment.
CREATE UNIQUE INDEX ux_payment_items_paid_once ON payment_items (item_kind, item_id) WHERE paid;

-- The amounts a run owes and what became of each (the payment plan with run_transfers). An item is paid by one run at
-- most: the partial unique index refuses a second 'paid' row for a source reference, whatever the run.
CREATE TABLE run_items (
    run_id              text COLLATE "C" NOT NULL REFERENCES runs (run_id),
    source_ref          text COLLATE "C" NOT NULL,
    origin_run_id       text COLLATE "C" NOT NULL,
    partition           integer,
    payee_kind          text COLLATE "C" NOT NULL CHECK (payee_kind IN ('provider', 'member')),
    payee_id            text COLLATE "C" NOT NULL,
    payee_name          text COLLATE "C" NOT NULL,
    iban                text COLLATE "C",
    amount_cents        bigint  NOT NULL,
    purpose             text COLLATE "C" NOT NULL,
    purpose_rank        integer NOT NULL,
    execution_date      date    NOT NULL,
    period_from         date,
    period_to           date,
    advantage_id        text COLLATE "C",
    sending_number      integer,
    sending_month       text COLLATE "C",
    sending_mutuality   integer,
    structured_communication text COLLATE "C",
    outcome             text COLLATE "C" NOT NULL CHECK (outcome IN ('pending', 'paid', 'held', 'to_recover', 'zero')),
    end_to_end_id       text COLLATE "C",
    hold_reason         text COLLATE "C",
    provisional         text COLLATE "C",
    PRIMARY KEY (run_id, source_ref),
    CHECK ((outcome = 'paid') = (end_to_end_id IS NOT NULL)),
    CHECK ((outcome = 'held') = (hold_reason IS NOT NULL))
);
CREATE UNIQUE INDEX ux_run_items_paid_once ON run_items (source_ref) WHERE outcome = 'paid';
CREATE INDEX ix_run_items_source ON run_items (source_ref, outcome);
CREATE INDEX ix_run_items_payee ON run_items (run_id, payee_kind DESC, payee_id);
CREATE INDEX ix_run_items_transfer ON run_items (run_id, end_to_end_id, source_ref);
CREATE INDEX ix_run_items_held ON run_items (outcome) WHERE outcome = 'held';

CREATE TABLE run_transfers (
    run_id              text COLLATE "C" NOT NULL REFERENCES runs (run_id),
    end_to_end_id       text COLLATE "C" NOT NULL PRIMARY KEY,
    seq                 bigint  NOT NULL,
    execution_date      date    NOT NULL,
    payee_kind          text COLLATE "C" NOT NULL CHECK (payee_kind IN ('provider', 'member')),
    payee_id            text COLLATE "C" NOT NULL,
    purpose             text COLLATE "C" NOT NULL,
    sending             text COLLATE "C",
    creditor_name       text COLLATE "C" NOT NULL,
    creditor_iban       text COLLATE "C" NOT NULL,
    amount_cents        bigint  NOT NULL,
    structured_reference text COLLATE "C",
    unstructured        text COLLATE "C",
    remittance          text COLLATE "C" NOT NULL,
    items               integer NOT NULL,
    UNIQUE (run_id, seq),
    CHECK ((structured_reference IS NULL) <> (unstructured IS NULL))
);
CREATE INDEX ix_run_transfers_order ON run_transfers (run_id, execution_date, seq);

-- The MAF counter of each household and year of care as each run left it (a new version per run, never an update);
-- pending: the lines of a year without MAF figures waiting for them (JSON), pending_parameter the missing figure.
CREATE TABLE maf_counters (
    version         bigint  PRIMARY KEY,
    run_id          text COLLATE "C" NOT NULL REFERENCES runs (run_id),
    household_id    text COLLATE "C" NOT NULL,
    year            integer NOT NULL,
    counted_cents   bigint  NOT NULL,
    refunded_cents  bigint  NOT NULL,
    child_counted   text COLLATE "C" NOT NULL,
    line_ids        text COLLATE "C" NOT NULL,
    pending         text COLLATE "C",
    pending_parameter text COLLATE "C",
    UNIQUE (run_id, household_id, year)
);
CREATE INDEX ix_maf_counters_key ON maf_counters (household_id, year, version);

-- The refunds of pending lines a later run computed: one row per line, ever.
CREATE TABLE maf_settlements (
    run_id        text COLLATE "C" NOT NULL REFERENCES runs (run_id),
    line_id       bigint  NOT NULL UNIQUE,
    origin_run_id text COLLATE "C" NOT NULL,
    household_id  text COLLATE "C" NOT NULL,
    year          integer NOT NULL,
    beneficiary_id text COLLATE "C" NOT NULL,
    service_date  date    NOT NULL,
    refund_cents  bigint  NOT NULL,
    payee_kind    text COLLATE "C" NOT NULL,
    payee_id      text COLLATE "C" NOT NULL,
    provisional   text COLLATE "C" NOT NULL DEFAULT ''
);
CREATE INDEX ix_maf_settlements_run ON maf_settlements (run_id, line_id);

CREATE TABLE indemnity_cases (
    case_id         text COLLATE "C" NOT NULL,
    beneficiary_id  text COLLATE "C" NOT NULL,
    kind            text COLLATE "C" NOT NULL CHECK (kind IN ('incapacity', 'maternity', 'birth_leave')),
    regime          text COLLATE "C" NOT NULL CHECK (regime IN ('employee', 'worker', 'self_employed')),
    regular_worker  boolean NOT NULL,
    first_day       date    NOT NULL,
    last_day        date,
    -- As declared (up to 4 decimals), kept as text: exact, never a float.
    daily_wage      text COLLATE "C",
    family_status   text COLLATE "C" NOT NULL CHECK (family_status IN ('family', 'isolated', 'cohabitant')),
    source_file     text COLLATE "C" NOT NULL,
    known_at        text COLLATE "C" NOT NULL,
    PRIMARY KEY (case_id, known_at)
);

CREATE TABLE indemnity_family (
    case_id         text COLLATE "C" NOT NULL,
    from_date       date    NOT NULL,
    family_status   text COLLATE "C" NOT NULL CHECK (family_status IN ('family', 'isolated', 'cohabitant')),
    source_file     text COLLATE "C" NOT NULL,
    known_at        text COLLATE "C" NOT NULL,
    PRIMARY KEY (case_id, from_date, known_at)
);

-- What each run computed for a case and period: one statement per (case, first day), ever.
CREATE TABLE indemnity_payments (
    indemnity_payment_id bigint PRIMARY KEY,
    run_id              text COLLATE "C" NOT NULL REFERENCES runs (run_id),
    case_id             text COLLATE "C" NOT NULL,
    beneficiary_id      text COLLATE "C" NOT NULL,
    period_start        date    NOT NULL,
    period_end          date    NOT NULL,
    paid_days           integer NOT NULL,
    daily_cents         bigint  NOT NULL,
    gross_cents         bigint  NOT NULL,
    withholding_cents   bigint  NOT NULL,
    net_cents           bigint  NOT NULL,
    rule_set_version    text COLLATE "C" NOT NULL,
    rules               text COLLATE "C" NOT NULL,
    provisional         text COLLATE "C" NOT NULL DEFAULT '',
    UNIQUE (case_id, period_start)
);
CREATE INDEX ix_indemnity_payments_run ON indemnity_payments (run_id, case_id, period_start);

-- Indemnity days a run held because a figure is missing from rules/: one row per run and case.
CREATE TABLE indemnity_held (
    run_id         text COLLATE "C" NOT NULL REFERENCES runs (run_id),
    case_id        text COLLATE "C" NOT NULL,
    beneficiary_id text COLLATE "C" NOT NULL,
    first_day      date    NOT NULL,
    last_day       date    NOT NULL,
    days           integer NOT NULL,
    parameter      text COLLATE "C" NOT NULL,
    date           date    NOT NULL,
    PRIMARY KEY (run_id, case_id)
);

CREATE TABLE ac_requests (
    seq             bigint  PRIMARY KEY,
    request_id      text COLLATE "C" NOT NULL UNIQUE,
    member_id       text COLLATE "C" NOT NULL,
    advantage       text COLLATE "C" NOT NULL,
    date            date    NOT NULL,
    amount_paid_cents bigint NOT NULL,
    evidence        text COLLATE "C",
    source_file     text COLLATE "C" NOT NULL,
    known_at        text COLLATE "C" NOT NULL
);

-- An AC request is decided once.
CREATE TABLE ac_decisions (
    ac_decision_id  bigint  PRIMARY KEY,
    run_id          text COLLATE "C" NOT NULL REFERENCES runs (run_id),
    request_id      text COLLATE "C" NOT NULL UNIQUE,
    member_id       text COLLATE "C" NOT NULL,
    advantage       text COLLATE "C" NOT NULL,
    date            date    NOT NULL,
    granted_cents   bigint  NOT NULL,
    status          text COLLATE "C" NOT NULL CHECK (status IN ('granted', 'partial', 'refused')),
    reason          text COLLATE "C" NOT NULL,
    rule_set_version text COLLATE "C" NOT NULL,
    provisional     text COLLATE "C" NOT NULL DEFAULT ''
);
CREATE INDEX ix_ac_decisions_run ON ac_decisions (run_id, request_id);

CREATE TABLE ac_member_states (
    version         bigint  PRIMARY KEY,
    run_id          text COLLATE "C" NOT NULL REFERENCES runs (run_id),
    member_id       text COLLATE "C" NOT NULL,
    allowances      text COLLATE "C" NOT NULL,
    paid_requests   text COLLATE "C" NOT NULL,
    UNIQUE (run_id, member_id)
);
CREATE INDEX ix_ac_member_states ON ac_member_states (member_id, version);

-- Rule sets: the files of every rule-set version a run or a recalculation used.
CREATE TABLE rule_sets (
    version         text COLLATE "C" PRIMARY KEY,
    files           integer NOT NULL,
    stored_at       text COLLATE "C" NOT NULL
);
CREATE TABLE rule_set_files (
    version         text COLLATE "C" NOT NULL REFERENCES rule_sets (version),
    path            text COLLATE "C" NOT NULL,
    content         bytea   NOT NULL,
    PRIMARY KEY (version, path)
);

CREATE TABLE recalcs (
    recalc_id           bigint  PRIMARY KEY,
    requested_by        text COLLATE "C" NOT NULL,
    reason              text COLLATE "C" NOT NULL,
    scope               text COLLATE "C" NOT NULL,
    as_of               text COLLATE "C" NOT NULL,
    rule_set_version    text COLLATE "C" NOT NULL,
    items               integer NOT NULL,
    complements         integer NOT NULL,
    complement_cents    bigint  NOT NULL,
    undue               integer NOT NULL,
    undue_cents         bigint  NOT NULL,
    report_file         text COLLATE "C",
    created_at          text COLLATE "C" NOT NULL,
    -- What the recalculation could not recompute and why (JSON), so its report can be written again.
    notes               text COLLATE "C" NOT NULL DEFAULT '[]'
);

-- Complements owed (paid by the next run as the item 'adj:<adjustment_id>').
CREATE TABLE adjustments (
    adjustment_id       bigint  PRIMARY KEY,
    recalc_id           bigint  NOT NULL REFERENCES recalcs (recalc_id),
    item                text COLLATE "C" NOT NULL,
    amount_cents        bigint  NOT NULL CHECK (amount_cents > 0),
    paid_before_cents   bigint  NOT NULL,
    recomputed_cents    bigint  NOT NULL,
    payee_kind          text COLLATE "C" NOT NULL CHECK (payee_kind IN ('provider', 'member')),
    payee_id            text COLLATE "C" NOT NULL,
    purpose             text COLLATE "C" NOT NULL,
    period_from         date,
    period_to           date,
    sending_number      integer,
    sending_month       text COLLATE "C",
    sending_mutuality   integer,
    explanation_paid    text COLLATE "C" NOT NULL,
    explanation_now     text COLLATE "C" NOT NULL,
    known_at            text COLLATE "C" NOT NULL
);
CREATE INDEX ix_adjustments_item ON adjustments (item);
CREATE INDEX ix_adjustments_known ON adjustments (known_at);

-- Undue amounts, listed for the recovery process; never deducted from a payment.
CREATE TABLE recoveries (
    recovery_id         bigint  PRIMARY KEY,
    recalc_id           bigint  NOT NULL REFERENCES recalcs (recalc_id),
    item                text COLLATE "C" NOT NULL,
    amount_cents        bigint  NOT NULL CHECK (amount_cents > 0),
    paid_before_cents   bigint  NOT NULL,
    recomputed_cents    bigint  NOT NULL,
    payee_kind          text COLLATE "C" NOT NULL CHECK (payee_kind IN ('provider', 'member')),
    payee_id            text COLLATE "C" NOT NULL,
    purpose             text COLLATE "C" NOT NULL,
    period_from         date,
    period_to           date,
    explanation_paid    text COLLATE "C" NOT NULL,
    explanation_now     text COLLATE "C" NOT NULL,
    known_at            text COLLATE "C" NOT NULL,
    status              text COLLATE "C" NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed'))
);
CREATE INDEX ix_recoveries_item ON recoveries (item);
