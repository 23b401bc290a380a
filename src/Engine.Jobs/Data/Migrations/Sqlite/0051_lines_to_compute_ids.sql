-- The runs' work list keeps only the line's id (issue 11): a partition's lines are spread over the whole night (they
-- are partitioned by household), so each partition commit that takes its lines out of the list rewrites nearly every
-- page of it. With the instant each line became known in every row (30 characters) the list of a million lines was
-- 9,600 pages, 37 MB written to the log by each of the night's 20 commits, about 40 % of a commit's pages; of the line's
-- id alone, about 2,000. The instant is the care line's own (it entered the list with the line and never changes): a
-- run's Start reads it from the care line it reads anyway. Copied to a new table, not a column dropped in place, so that
-- the rows fill their pages.
CREATE TABLE lines_to_compute_ids (
    line_id     INTEGER PRIMARY KEY
);
INSERT INTO lines_to_compute_ids (line_id) SELECT line_id FROM lines_to_compute ORDER BY line_id;
DROP TABLE lines_to_compute;
ALTER TABLE lines_to_compute_ids RENAME TO lines_to_compute;
