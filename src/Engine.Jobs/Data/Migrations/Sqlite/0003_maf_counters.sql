-- The MAF counter of each household and year of care, as each run left it. A run adds a new version of the
-- counters it touched (never updates one), so a replay can see the counter as it stood before any run.
CREATE TABLE maf_counters (
    version         INTEGER PRIMARY KEY,
    run_id          TEXT    NOT NULL REFERENCES runs (run_id),
    household_id    TEXT    NOT NULL,
    year            INTEGER NOT NULL,
    counted_cents   INTEGER NOT NULL,
    refunded_cents  INTEGER NOT NULL,
    child_counted   TEXT    NOT NULL,
    line_ids        TEXT    NOT NULL,
    UNIQUE (run_id, household_id, year)
);
CREATE INDEX ix_maf_counters_key ON maf_counters (household_id, year, version);
