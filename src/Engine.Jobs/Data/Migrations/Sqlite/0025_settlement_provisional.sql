-- The MAF refund of a pending line, settled by a later run, may rest on provisional figures (I or U) like any other
-- amount: recorded, so that Engine:Run:RefuseProvisional holds it like the others (found by review after issue 16).
-- Settlements stored before this migration are empty: they were computed and paid without the record.
ALTER TABLE maf_settlements ADD COLUMN provisional TEXT NOT NULL DEFAULT '';
