-- Payers (issue 14, docs/payers.md): PostgreSQL 0002, SQLite 0026, the same columns. The insurance is the default, so
-- every row stored before this migration is the insurance's. A line records its payer and the personal share the
-- war-victims fund refunds; an item and a transfer their payer (each payer has its own payment file); a complement or
-- an undue amount of a recalculation the payer it is charged to (a line moved between payers: docs/payers.md).
ALTER TABLE line_results ADD payer nvarchar(max) COLLATE Latin1_General_100_BIN2 NOT NULL DEFAULT 'insurance';
ALTER TABLE line_results ADD share_refund_cents bigint NOT NULL DEFAULT 0;
ALTER TABLE run_items ADD payer nvarchar(max) COLLATE Latin1_General_100_BIN2 NOT NULL DEFAULT 'insurance';
ALTER TABLE run_transfers ADD payer nvarchar(max) COLLATE Latin1_General_100_BIN2 NOT NULL DEFAULT 'insurance';
ALTER TABLE adjustments ADD payer nvarchar(max) COLLATE Latin1_General_100_BIN2 NOT NULL DEFAULT 'insurance';
ALTER TABLE recoveries ADD payer nvarchar(max) COLLATE Latin1_General_100_BIN2 NOT NULL DEFAULT 'insurance';
