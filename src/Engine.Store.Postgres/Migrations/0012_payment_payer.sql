-- The payments ledger records the payer (issue 14, docs/payers.md): SQLite 0038, the same column, set for the rows of
-- earlier runs from their transfer (paid) or item (held).
ALTER TABLE payments ADD COLUMN payer text COLLATE "C" NOT NULL DEFAULT 'insurance';
UPDATE payments p SET payer = t.payer FROM run_transfers t
WHERE p.status = 'paid' AND t.run_id = p.run_id AND t.end_to_end_id = p.end_to_end_id;
UPDATE payments p SET payer = i.payer FROM run_items i
WHERE p.status = 'held' AND p.end_to_end_id = 'held:' || i.run_id || ':' || i.source_ref;
