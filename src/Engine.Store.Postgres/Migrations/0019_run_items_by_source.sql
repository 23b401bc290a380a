-- Fewer index entries written for every item a run stores and decides (issue 11; SQLite 0045, SQL Server 0019): the key
-- of run_items becomes (source_ref, run_id), so every lookup by source reference (an item another run holds, the
-- claim's checks, explain) goes through it and ix_run_items_source (source_ref, outcome), written twice per item (at
-- the commit, and again at the decision, its outcome changing), is dropped. A run's items are read through
-- ix_run_items_payee and ix_run_items_transfer (run_id first). One item per (run, source reference) stays the key;
-- an item paid by one run at most stays ux_run_items_paid_once.
ALTER TABLE run_items DROP CONSTRAINT run_items_pkey;
ALTER TABLE run_items ADD CONSTRAINT run_items_pkey PRIMARY KEY (source_ref, run_id);
DROP INDEX ix_run_items_source;
