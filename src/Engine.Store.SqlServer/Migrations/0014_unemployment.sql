-- Periods of unemployment of members (the BCSS/ONEM flow): PostgreSQL 0014, SQLite 0040, the same table. A proposal's
-- basis may be unemployment: the CHECK of 0003 on basis has a name SQL Server made up; it is found by its column,
-- dropped, and replaced by a named one.
CREATE TABLE unemployment_periods (
    reference       nvarchar(450) COLLATE Latin1_General_100_BIN2 NOT NULL,
    member_id       nvarchar(450) COLLATE Latin1_General_100_BIN2 NOT NULL,
    from_date       date    NOT NULL,
    to_date         date    NULL,
    file_name       nvarchar(max) COLLATE Latin1_General_100_BIN2 NOT NULL,
    known_at        nvarchar(450) COLLATE Latin1_General_100_BIN2 NOT NULL,
    PRIMARY KEY (reference, known_at)
);
CREATE INDEX ix_unemployment_periods_member ON unemployment_periods (member_id);
DECLARE @name sysname, @drop nvarchar(max);
SELECT @name = k.name
FROM sys.check_constraints k JOIN sys.columns c ON c.object_id = k.parent_object_id AND c.column_id = k.parent_column_id
WHERE k.parent_object_id = OBJECT_ID(N'bim_proposals') AND c.name = N'basis';
IF @name IS NOT NULL
BEGIN
    SET @drop = N'ALTER TABLE bim_proposals DROP CONSTRAINT ' + QUOTENAME(@name);
    EXEC sp_executesql @drop;
END;
ALTER TABLE bim_proposals ADD CONSTRAINT bim_proposals_basis_check CHECK (basis IN ('incapacity', 'invalidity', 'unemployment'));
