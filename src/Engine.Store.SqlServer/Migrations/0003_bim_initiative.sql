-- BIM on the insurer's initiative: PostgreSQL 0005, SQLite 0031, the same tables.
CREATE TABLE bim_proposals (
    member_id       nvarchar(450) COLLATE Latin1_General_100_BIN2 NOT NULL,
    basis           nvarchar(450) COLLATE Latin1_General_100_BIN2 NOT NULL CHECK (basis IN ('incapacity', 'invalidity')),
    month           nvarchar(max) COLLATE Latin1_General_100_BIN2 NOT NULL,
    case_id         nvarchar(max) COLLATE Latin1_General_100_BIN2 NOT NULL,
    since           date    NOT NULL,
    household       nvarchar(max) COLLATE Latin1_General_100_BIN2 NOT NULL,
    reason          nvarchar(max) COLLATE Latin1_General_100_BIN2 NOT NULL,
    proposed_at     nvarchar(max) COLLATE Latin1_General_100_BIN2 NOT NULL,
    PRIMARY KEY (member_id, basis)
);
CREATE TABLE bim_decisions (
    member_id       nvarchar(450) COLLATE Latin1_General_100_BIN2 NOT NULL,
    granted_from    date    NOT NULL,
    reference       nvarchar(450) COLLATE Latin1_General_100_BIN2 NOT NULL,
    file_name       nvarchar(max) COLLATE Latin1_General_100_BIN2 NOT NULL,
    known_at        nvarchar(max) COLLATE Latin1_General_100_BIN2 NOT NULL,
    PRIMARY KEY (member_id, reference)
);
