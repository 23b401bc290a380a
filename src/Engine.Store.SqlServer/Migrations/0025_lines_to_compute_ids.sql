-- The runs' work list keeps only the line's id (issue 11, as SQLite's 0051): each partition commit takes its lines,
-- spread over the whole night, out of the list, and the instant each row carried (the care line's own, copied when the
-- line was stored, never changed) made every row of the list four times its size. A run's Start reads the instant from
-- the care line it reads anyway.
ALTER TABLE lines_to_compute DROP COLUMN known_at;
