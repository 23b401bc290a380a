-- The work list of the runs (SQLite 0044, the same table): the care lines that have no result yet, with the instant
-- each became known. A line enters it in the transaction that stores it and leaves it in the transaction of the
-- partition commit that stores its result, so a run's Start reads what is left to compute, not the history of
-- computed nights; a run as of an earlier instant leaves the lines known later in it, for the next run.
CREATE TABLE lines_to_compute (
    line_id                 bigint  PRIMARY KEY,
    known_at                text COLLATE "C" NOT NULL
);
INSERT INTO lines_to_compute (line_id, known_at)
SELECT l.line_id, l.known_at FROM care_lines l
WHERE NOT EXISTS (SELECT 1 FROM line_results r WHERE r.line_id = l.line_id);
