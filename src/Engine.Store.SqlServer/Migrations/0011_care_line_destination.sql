-- MediPrima decided from the sending (issue 14, docs/payers.md): PostgreSQL 0011, SQLite 0037, the same column. A care
-- line keeps the destination mutuality of its eFact invoice (record 20 zone 18; 690 = MediPrima, paid by SPP IS). NULL
-- for eAttest lines and for lines stored before this migration.
ALTER TABLE care_lines ADD destination_mutuality int NULL;
