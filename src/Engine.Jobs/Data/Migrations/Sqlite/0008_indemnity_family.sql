-- Changes of an indemnity case's family situation (with family charge, living alone, cohabitant) from a date, as
-- declared (append-only: a correction is a new row with a later known_at). The case's own family_status holds from
-- its first day until the first change.
CREATE TABLE indemnity_family (
    case_id         TEXT    NOT NULL,
    from_date       TEXT    NOT NULL,
    family_status   TEXT    NOT NULL CHECK (family_status IN ('family', 'isolated', 'cohabitant')),
    source_file     TEXT    NOT NULL,
    known_at        TEXT    NOT NULL,
    PRIMARY KEY (case_id, from_date, known_at)
);
