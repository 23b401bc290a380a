-- Payers (issue 14, docs/payers.md): the registry's dated statuses also say when a member's care is paid from another
-- budget: detainee (SPF Justice), fedasil, mediprima (SPP IS) and war_victim (the personal share refunded).
ALTER TABLE beneficiary_statuses DROP CONSTRAINT IF EXISTS beneficiary_statuses_status_check;
ALTER TABLE beneficiary_statuses ADD CONSTRAINT beneficiary_statuses_status_check
    CHECK (status IN ('bim', 'dmg', 'chronic', 'ac_in_order', 'detainee', 'fedasil', 'mediprima', 'war_victim'));
