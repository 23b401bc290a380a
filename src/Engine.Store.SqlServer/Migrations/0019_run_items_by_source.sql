-- Fewer index entries written for every item a run stores and decides (issue 11; SQLite 0045, PostgreSQL 0019): the
-- key of run_items becomes (source_ref, run_id), so every lookup by source reference (an item another run
-- holds, the claim's checks, explain) goes through it and ix_run_items_source (source_ref, outcome) is dropped. A run's
-- items are read through ix_run_items_payee and ix_run_items_transfer (run_id first). One item per (run, source
-- reference) stays the key; an item paid by one run at most stays ux_run_items_paid_once. The key of 0001 has a name
-- SQL Server made up: it is found, dropped, and replaced by a named one.
DROP INDEX ix_run_items_source ON run_items;
DECLARE @name sysname, @drop nvarchar(max);
SELECT @name = name FROM sys.key_constraints WHERE parent_object_id = OBJECT_ID(N'run_items') AND type = N'PK';
IF @name IS NOT NULL
BEGIN
    SET @drop = N'ALTER TABLE run_items DROP CONSTRAINT ' + QUOTENAME(@name);
    EXEC sp_executesql @drop;
END;
-- The rows stay clustered by run, as before: clustered by source reference, each partition's commit would insert its
-- rows across the whole table (SQLite's WITHOUT ROWID variant wrote twice the pages, measured). The key is the index
-- beside it, and holds no outcome: a decision no longer rewrites its entry, as it rewrote ix_run_items_source's.
CREATE UNIQUE CLUSTERED INDEX cx_run_items_run ON run_items (run_id, source_ref);
ALTER TABLE run_items ADD CONSTRAINT pk_run_items PRIMARY KEY NONCLUSTERED (source_ref, run_id);
