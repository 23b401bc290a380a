-- The index of held items keyed by source reference (SQLite 0043, the same index): the claim of held items reads them
-- in source order and searches a later copy of each held again, both through it, whatever the history of past runs.
DROP INDEX ix_run_items_held;
CREATE INDEX ix_run_items_held ON run_items (source_ref) WHERE outcome = 'held';
