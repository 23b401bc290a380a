-- Answers from the database alone (issue 13). Each run records the engine build that started it beside its rule-set
-- version (the assembly's informational version, "1.0.0+<commit>", and the commit alone), the folder it wrote its
-- files to, and every file it wrote with its SHA-256: replay compares with the files where they are, or with these
-- hashes when the files are not at hand. NULL on runs made before this migration (not recorded then).
ALTER TABLE runs ADD COLUMN engine_version TEXT NULL;
ALTER TABLE runs ADD COLUMN engine_commit TEXT NULL;
ALTER TABLE runs ADD COLUMN output_folder TEXT NULL;

CREATE TABLE run_files (
    run_id TEXT    NOT NULL REFERENCES runs (run_id),
    file   TEXT    NOT NULL,
    sha256 TEXT    NOT NULL,
    bytes  INTEGER NOT NULL,
    PRIMARY KEY (run_id, file)
);
