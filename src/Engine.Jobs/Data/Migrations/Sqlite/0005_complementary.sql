-- Complementary-insurance (AC) requests as received (append-only), the decision each got (once), and each member's
-- allowances as each run left them (a new version per run, never an update).
CREATE TABLE ac_requests (
    seq             INTEGER PRIMARY KEY,
    request_id      TEXT    NOT NULL UNIQUE,
    member_id       TEXT    NOT NULL,
    advantage       TEXT    NOT NULL,
    date            TEXT    NOT NULL,
    amount_paid_cents INTEGER NOT NULL,
    evidence        TEXT,
    source_file     TEXT    NOT NULL,
    known_at        TEXT    NOT NULL
);

CREATE TABLE ac_decisions (
    ac_decision_id  INTEGER PRIMARY KEY,
    run_id          TEXT    NOT NULL REFERENCES runs (run_id),
    request_id      TEXT    NOT NULL UNIQUE,
    member_id       TEXT    NOT NULL,
    advantage       TEXT    NOT NULL,
    date            TEXT    NOT NULL,
    granted_cents   INTEGER NOT NULL,
    status          TEXT    NOT NULL CHECK (status IN ('granted', 'partial', 'refused')),
    reason          TEXT    NOT NULL,
    rule_set_version TEXT   NOT NULL
);

CREATE TABLE ac_member_states (
    version         INTEGER PRIMARY KEY,
    run_id          TEXT    NOT NULL REFERENCES runs (run_id),
    member_id       TEXT    NOT NULL,
    allowances      TEXT    NOT NULL,
    paid_requests   TEXT    NOT NULL,
    UNIQUE (run_id, member_id)
);
CREATE INDEX ix_ac_member_states ON ac_member_states (member_id, version);
