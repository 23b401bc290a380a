-- The store's identity (issue 15): a random id made once, when this script runs on a database. A run writes its files
-- into an output folder that names the store it belongs to (OUTPUT/.engine-store): a run of another database (a
-- mistyped --database, a test copy) pointed at the same folder is refused before it claims anything, instead of writing
-- its files beside the real night's. A copy of the database file keeps the id: it is the same store.
CREATE TABLE store_identity (
    singleton INTEGER NOT NULL PRIMARY KEY CHECK (singleton = 1),
    store_id  TEXT    NOT NULL CHECK (length(store_id) = 32)
);
INSERT INTO store_identity (singleton, store_id) VALUES (1, lower(hex(randomblob(16))));
