-- Payers (issue 14, docs/payers.md): PostgreSQL 0003, SQLite 0027. The registry's dated statuses also say when a
-- member's care is paid from another budget: detainee (SPF Justice), fedasil, mediprima (SPP IS) and war_victim (the
-- personal share refunded). The CHECK of 0001 on status has a name SQL Server made up: it is found by its column (the
-- CHECK on bim_kind, which also reads status, belongs to bim_kind and stays), dropped, and replaced by a named one.
DECLARE @name sysname, @drop nvarchar(max);
SELECT @name = k.name
FROM sys.check_constraints k JOIN sys.columns c ON c.object_id = k.parent_object_id AND c.column_id = k.parent_column_id
WHERE k.parent_object_id = OBJECT_ID(N'beneficiary_statuses') AND c.name = N'status' AND k.definition LIKE N'%status%';
IF @name IS NOT NULL
BEGIN
    SET @drop = N'ALTER TABLE beneficiary_statuses DROP CONSTRAINT ' + QUOTENAME(@name);
    EXEC sp_executesql @drop;
END;
ALTER TABLE beneficiary_statuses ADD CONSTRAINT beneficiary_statuses_status_check
    CHECK (status IN ('bim', 'dmg', 'chronic', 'ac_in_order', 'detainee', 'fedasil', 'mediprima', 'war_victim'));
