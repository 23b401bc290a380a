-- The items a run did not pay (held back, to recover, zero), reached through an index of their own (issue 11): the
-- files phase reads them three times (the held-back report, the workbook's two sheets), and each read went through
-- the run's key and looked up every item of the run for its outcome: 1,100,000 rows read at random for 2,755 held at a
-- million lines. They are a small share of a run's items; the decide phase enters each once.
CREATE INDEX ix_run_items_unpaid ON run_items (run_id, outcome) WHERE outcome IN ('held', 'to_recover', 'zero');
