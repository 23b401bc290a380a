-- A recalculation's notes (cases not recalculated and why) are kept with it, so that its report can be written again
-- from the database alone: a recalculation killed after its commit and before its report gets the report from the next
-- `recalc` (or RecalcJob), which writes the reports still missing before its own (issue 15).
ALTER TABLE recalcs ADD COLUMN notes TEXT NOT NULL DEFAULT '[]';
