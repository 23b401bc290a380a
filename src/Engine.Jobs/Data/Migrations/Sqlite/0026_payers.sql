-- Payers (issue 14, docs/payers.md): every amount belongs to the budget that pays it. The insurance is the default, so
-- every row stored before this migration is the insurance's. A line records its payer and the personal share the
-- war-victims fund refunds; an item and a transfer their payer (each payer has its own payment file); a complement or
-- an undue amount of a recalculation the payer it is charged to (a line moved between payers: docs/payers.md).
ALTER TABLE line_results ADD COLUMN payer TEXT NOT NULL DEFAULT 'insurance';
ALTER TABLE line_results ADD COLUMN share_refund_cents INTEGER NOT NULL DEFAULT 0;
ALTER TABLE run_items ADD COLUMN payer TEXT NOT NULL DEFAULT 'insurance';
ALTER TABLE run_transfers ADD COLUMN payer TEXT NOT NULL DEFAULT 'insurance';
ALTER TABLE adjustments ADD COLUMN payer TEXT NOT NULL DEFAULT 'insurance';
ALTER TABLE recoveries ADD COLUMN payer TEXT NOT NULL DEFAULT 'insurance';
