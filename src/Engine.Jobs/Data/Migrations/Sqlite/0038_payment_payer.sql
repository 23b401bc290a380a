-- The payments ledger records the payer (issue 14, docs/payers.md): whose budget a transfer or a held item is paid
-- from, as run_transfers.payer and run_items.payer say. Every row stored before is the insurance's... except a payer's
-- rows of runs completed between migrations 0026 and this one, set from their transfer or item below.
ALTER TABLE payments ADD COLUMN payer TEXT NOT NULL DEFAULT 'insurance';
UPDATE payments SET payer = (SELECT t.payer FROM run_transfers t WHERE t.run_id = payments.run_id AND t.end_to_end_id = payments.end_to_end_id)
WHERE status = 'paid' AND EXISTS (SELECT 1 FROM run_transfers t WHERE t.run_id = payments.run_id AND t.end_to_end_id = payments.end_to_end_id);
UPDATE payments SET payer = (SELECT i.payer FROM run_items i WHERE 'held:' || i.run_id || ':' || i.source_ref = payments.end_to_end_id)
WHERE status = 'held' AND EXISTS (SELECT 1 FROM run_items i WHERE 'held:' || i.run_id || ':' || i.source_ref = payments.end_to_end_id);
