-- The items a run did not pay (held back, to recover, zero), reached through an index of their own (SQLite 0048,
-- PostgreSQL 0022, the same filtered index): the files phase reads them three times, and a small share of a run's
-- items is in it.
CREATE INDEX ix_run_items_unpaid ON run_items (run_id, outcome) WHERE outcome IN ('held', 'to_recover', 'zero');
