-- The claim of held items reaches them through an index of the held items alone (issue 11): it read the whole of
-- ix_run_items_source, one entry per item of every run ever stored, and looked up each row's outcome, so a nightly
-- run's claim grew with the history of past runs. The held items are a small share of all items; their index also
-- serves the claim's search for a later copy of the same item held again.
CREATE INDEX ix_run_items_held ON run_items (source_ref) WHERE outcome = 'held';
