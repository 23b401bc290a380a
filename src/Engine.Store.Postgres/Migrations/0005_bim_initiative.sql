-- BIM on the insurer's initiative: SQLite 0031, the same tables.
CREATE TABLE bim_proposals (
    member_id       text COLLATE "C" NOT NULL,
    basis           text COLLATE "C" NOT NULL CHECK (basis IN ('incapacity', 'invalidity')),
    month           text COLLATE "C" NOT NULL,
    case_id         text COLLATE "C" NOT NULL,
    since           date    NOT NULL,
    household       text COLLATE "C" NOT NULL,
    reason          text COLLATE "C" NOT NULL,
    proposed_at     text COLLATE "C" NOT NULL,
    PRIMARY KEY (member_id, basis)
);
CREATE TABLE bim_decisions (
    member_id       text COLLATE "C" NOT NULL,
    granted_from    date    NOT NULL,
    reference       text COLLATE "C" NOT NULL,
    file_name       text COLLATE "C" NOT NULL,
    known_at        text COLLATE "C" NOT NULL,
    PRIMARY KEY (member_id, reference)
);
