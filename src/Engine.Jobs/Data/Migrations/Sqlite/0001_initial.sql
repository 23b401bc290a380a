-- Initial schema of the embedded store.
-- Conventions: money in integer cents (*_cents), dates as 'yyyy-MM-dd', instants as ISO-8601 UTC text.
-- Inputs are never overwritten: a correction is a new row with the instant it became known (known_at), so a past
-- run can be replayed with what was known then. Results name the run, the rule-set version and the input row.

CREATE TABLE beneficiaries (
    beneficiary_id  TEXT    NOT NULL,
    niss            TEXT    NOT NULL,
    name            TEXT    NOT NULL,
    birth_date      TEXT    NOT NULL,
    sex             INTEGER NOT NULL,
    mutuality       INTEGER NOT NULL,
    iban            TEXT,
    insured_from    TEXT    NOT NULL,
    insured_to      TEXT,
    known_at        TEXT    NOT NULL,
    PRIMARY KEY (beneficiary_id, known_at)
);
CREATE INDEX ix_beneficiaries_niss ON beneficiaries (niss);

-- Who lives at one address on 1 January of a year (the MAF household), and the household's yearly facts.
CREATE TABLE household_members (
    household_id    TEXT    NOT NULL,
    beneficiary_id  TEXT    NOT NULL,
    year            INTEGER NOT NULL,
    known_at        TEXT    NOT NULL,
    PRIMARY KEY (beneficiary_id, year, known_at)
);
CREATE TABLE households (
    household_id            TEXT    NOT NULL,
    year                    INTEGER NOT NULL,
    reference_income_cents  INTEGER,
    bim_household           INTEGER NOT NULL,
    chronic                 INTEGER NOT NULL,
    known_at                TEXT    NOT NULL,
    PRIMARY KEY (household_id, year, known_at)
);

-- Dated statuses: bim, dmg (provider_id = the GP holding the DMG), chronic, ac_in_order.
CREATE TABLE beneficiary_statuses (
    beneficiary_id  TEXT    NOT NULL,
    status          TEXT    NOT NULL CHECK (status IN ('bim', 'dmg', 'chronic', 'ac_in_order')),
    from_date       TEXT    NOT NULL,
    to_date         TEXT,
    provider_id     TEXT,
    known_at        TEXT    NOT NULL
);
CREATE INDEX ix_statuses_beneficiary ON beneficiary_statuses (beneficiary_id, status);

CREATE TABLE providers (
    provider_id     TEXT    NOT NULL,
    nihii           TEXT    NOT NULL,
    name            TEXT    NOT NULL,
    kind            TEXT    NOT NULL,
    conventioned    INTEGER NOT NULL,
    iban            TEXT,
    known_at        TEXT    NOT NULL,
    PRIMARY KEY (provider_id, known_at)
);
CREATE INDEX ix_providers_nihii ON providers (nihii);

-- Every file received, byte for byte, with its hash: any result traces back to the bytes it came from.
CREATE TABLE sendings (
    sending_id      INTEGER PRIMARY KEY,
    channel         TEXT    NOT NULL CHECK (channel IN ('efact', 'eattest')),
    file_name       TEXT    NOT NULL,
    sha256          TEXT    NOT NULL UNIQUE,
    identity        TEXT    NOT NULL,
    sender_id       TEXT,
    sending_number  INTEGER,
    invoiced_month  TEXT,
    raw             BLOB    NOT NULL,
    status          TEXT    NOT NULL,
    accepted_invoices INTEGER NOT NULL DEFAULT 0,
    rejected_invoices INTEGER NOT NULL DEFAULT 0,
    received_at     TEXT    NOT NULL
);
CREATE INDEX ix_sendings_identity ON sendings (identity);

-- One care line as received (eFact record 50 or an eAttest line), with the amounts the provider claimed.
CREATE TABLE care_lines (
    line_id                 INTEGER PRIMARY KEY,
    sending_id              INTEGER NOT NULL REFERENCES sendings (sending_id),
    invoice_number          TEXT    NOT NULL,
    record_seq              INTEGER NOT NULL,
    beneficiary_id          TEXT    NOT NULL,
    provider_id             TEXT    NOT NULL,
    code                    INTEGER NOT NULL,
    service_date            TEXT    NOT NULL,
    quantity                INTEGER NOT NULL,
    billed_cents            INTEGER NOT NULL,
    claimed_insurer_cents   INTEGER NOT NULL,
    claimed_share_cents     INTEGER NOT NULL,
    supplement_cents        INTEGER NOT NULL,
    conventioned            INTEGER NOT NULL,
    channel                 TEXT    NOT NULL CHECK (channel IN ('efact', 'eattest')),
    referral                INTEGER NOT NULL,
    known_at                TEXT    NOT NULL
);
CREATE INDEX ix_care_lines_beneficiary ON care_lines (beneficiary_id, service_date);

CREATE TABLE runs (
    run_id              TEXT    PRIMARY KEY,
    kind                TEXT    NOT NULL,
    run_date            TEXT    NOT NULL,
    as_of               TEXT    NOT NULL,
    rule_set_version    TEXT    NOT NULL,
    status              TEXT    NOT NULL CHECK (status IN ('started', 'computed', 'completed', 'failed')),
    started_at          TEXT    NOT NULL,
    finished_at         TEXT,
    summary             TEXT
);

-- What the kernel computed for a line in a run. A line gets one result per run that computed it.
CREATE TABLE line_results (
    result_id           INTEGER PRIMARY KEY,
    run_id              TEXT    NOT NULL REFERENCES runs (run_id),
    line_id             INTEGER NOT NULL REFERENCES care_lines (line_id),
    rule_set_version    TEXT    NOT NULL,
    input_known_at      TEXT    NOT NULL,
    fee_cents           INTEGER NOT NULL,
    insurer_cents       INTEGER NOT NULL,
    share_cents         INTEGER NOT NULL,
    supplement_cents    INTEGER NOT NULL,
    maf_refund_cents    INTEGER NOT NULL DEFAULT 0,
    payee               TEXT    NOT NULL,
    status              TEXT    NOT NULL,
    reason              TEXT    NOT NULL,
    rules               TEXT    NOT NULL,
    UNIQUE (run_id, line_id)
);
CREATE INDEX ix_line_results_line ON line_results (line_id);

-- Transfers decided by a run; end_to_end_id is stable, so a transfer is paid once whatever happens.
CREATE TABLE payments (
    payment_id      INTEGER PRIMARY KEY,
    run_id          TEXT    NOT NULL REFERENCES runs (run_id),
    end_to_end_id   TEXT    NOT NULL UNIQUE,
    payee_kind      TEXT    NOT NULL,
    payee_id        TEXT    NOT NULL,
    payee_name      TEXT    NOT NULL,
    iban            TEXT,
    amount_cents    INTEGER NOT NULL,
    remittance      TEXT    NOT NULL,
    status          TEXT    NOT NULL CHECK (status IN ('paid', 'held')),
    hold_reason     TEXT,
    file_name       TEXT
);
CREATE TABLE payment_items (
    payment_id      INTEGER NOT NULL REFERENCES payments (payment_id),
    item_kind       TEXT    NOT NULL,
    item_id         INTEGER NOT NULL,
    amount_cents    INTEGER NOT NULL,
    PRIMARY KEY (item_kind, item_id, payment_id)
);
