-- Fewer index entries to keep up for every payable item a run stores and decides (issue 11, measured on a
-- 100,000-line night: storing the items and deciding them is most of the run's time after the computation).
--
-- ix_run_items_source loses its outcome column: every lookup by source reference (the claim of held items, an item
-- another run holds) finds a handful of rows and reads their outcome from the row; with the outcome in the index, each
-- decision deleted and inserted an index entry.
-- ix_run_items_transfer holds only the items paid in a transfer (end_to_end_id set, by the decide phase): the pending,
-- held, to-recover and zero items had an entry each that no query reads (a transfer's items are looked up by its
-- end-to-end id, which implies it is not null).
DROP INDEX ix_run_items_source;
CREATE INDEX ix_run_items_source ON run_items (source_ref);
DROP INDEX ix_run_items_transfer;
CREATE INDEX ix_run_items_transfer ON run_items (run_id, end_to_end_id, source_ref) WHERE end_to_end_id IS NOT NULL;
