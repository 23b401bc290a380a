-- The member's language as the registry records it (members.csv, optional last column `language`: fr, nl, de or en;
-- NULL = not recorded). Members' answers (`explain --for member`) use it when no --lang is given (issue 13).
ALTER TABLE beneficiaries ADD COLUMN language TEXT NULL;
