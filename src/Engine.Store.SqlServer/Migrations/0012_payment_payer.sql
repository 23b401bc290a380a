-- The payments ledger records the payer (issue 14, docs/payers.md): PostgreSQL 0012, SQLite 0038, the same column, set
-- for the rows of earlier runs from their transfer (paid) or item (held). One batch: the updates name the new column,
-- so they are compiled when run (sp_executesql), after the ALTER.
ALTER TABLE payments ADD payer nvarchar(max) COLLATE Latin1_General_100_BIN2 NOT NULL DEFAULT 'insurance';
EXEC sp_executesql N'UPDATE p SET payer = t.payer FROM payments p JOIN run_transfers t ON t.run_id = p.run_id AND t.end_to_end_id = p.end_to_end_id WHERE p.status = N''paid''';
EXEC sp_executesql N'UPDATE p SET payer = i.payer FROM payments p JOIN run_items i ON p.end_to_end_id = N''held:'' + i.run_id + N'':'' + i.source_ref WHERE p.status = N''held''';
