-- Payers (issue 14, docs/payers.md): the registry's dated statuses also say when a member's care is paid from another
-- budget: detainee (SPF Justice), fedasil, mediprima (SPP IS) and war_victim (the personal share refunded). SQLite
-- cannot change a CHECK: the table is rebuilt with the same columns, rows and index.
CREATE TABLE beneficiary_statuses_new (
    beneficiary_id  TEXT    NOT NULL,
    status          TEXT    NOT NULL CHECK (status IN ('bim', 'dmg', 'chronic', 'ac_in_order', 'detainee', 'fedasil', 'mediprima', 'war_victim')),
    from_date       TEXT    NOT NULL,
    to_date         TEXT,
    provider_id     TEXT,
    known_at        TEXT    NOT NULL,
    bim_kind        TEXT    CHECK (bim_kind IS NULL OR (status = 'bim' AND bim_kind IN ('avantages', 'enquiry')))
);
INSERT INTO beneficiary_statuses_new (beneficiary_id, status, from_date, to_date, provider_id, known_at, bim_kind)
    SELECT beneficiary_id, status, from_date, to_date, provider_id, known_at, bim_kind FROM beneficiary_statuses;
DROP TABLE beneficiary_statuses;
ALTER TABLE beneficiary_statuses_new RENAME TO beneficiary_statuses;
CREATE INDEX ix_statuses_beneficiary ON beneficiary_statuses (beneficiary_id, status);
