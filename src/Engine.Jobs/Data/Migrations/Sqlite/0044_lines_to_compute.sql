-- The work list of the runs (issue 11): the care lines that have no result yet, with the instant each became known.
-- A run's Start read every care line ever stored and searched each one's result, so its cost grew with the history
-- of computed nights. A line enters this table in the transaction that stores it and leaves it in the transaction of
-- the partition commit that stores its result; a run as of an earlier instant leaves the lines known later in it, for
-- the next run. No highest-line-computed watermark: such a run would leave them behind it.
CREATE TABLE lines_to_compute (
    line_id     INTEGER PRIMARY KEY,
    known_at    TEXT    NOT NULL
);
INSERT INTO lines_to_compute (line_id, known_at)
SELECT l.line_id, l.known_at FROM care_lines l
WHERE NOT EXISTS (SELECT 1 FROM line_results r WHERE r.line_id = l.line_id)
ORDER BY l.line_id;
