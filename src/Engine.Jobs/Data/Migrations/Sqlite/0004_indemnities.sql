-- Indemnity cases as declared (incapacity, maternity, birth leave; the employer's wage declaration), append-only:
-- a correction is a new row with a later known_at. And what each run paid for each case and period.
CREATE TABLE indemnity_cases (
    case_id         TEXT    NOT NULL,
    beneficiary_id  TEXT    NOT NULL,
    kind            TEXT    NOT NULL CHECK (kind IN ('incapacity', 'maternity', 'birth_leave')),
    regime          TEXT    NOT NULL CHECK (regime IN ('employee', 'worker', 'self_employed')),
    regular_worker  INTEGER NOT NULL,
    first_day       TEXT    NOT NULL,
    last_day        TEXT,
    daily_wage      TEXT,
    family_status   TEXT    NOT NULL CHECK (family_status IN ('family', 'isolated', 'cohabitant')),
    source_file     TEXT    NOT NULL,
    known_at        TEXT    NOT NULL,
    PRIMARY KEY (case_id, known_at)
);

CREATE TABLE indemnity_payments (
    indemnity_payment_id INTEGER PRIMARY KEY,
    run_id              TEXT    NOT NULL REFERENCES runs (run_id),
    case_id             TEXT    NOT NULL,
    beneficiary_id      TEXT    NOT NULL,
    period_start        TEXT    NOT NULL,
    period_end          TEXT    NOT NULL,
    paid_days           INTEGER NOT NULL,
    daily_cents         INTEGER NOT NULL,
    gross_cents         INTEGER NOT NULL,
    withholding_cents   INTEGER NOT NULL,
    net_cents           INTEGER NOT NULL,
    rule_set_version    TEXT    NOT NULL,
    rules               TEXT    NOT NULL,
    UNIQUE (case_id, period_start)
);
