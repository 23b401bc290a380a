-- Which BIM right a member holds (belgian-rules.md §1 Supplements, §9.4): 'avantages' = granted with a social benefit,
-- automatically, without an income enquiry ("BIM avantages"); 'enquiry' = granted after an income enquiry. The ban on
-- supplements in ambulatory care reaches BIM avantages from 2025-01-01 and every BIM from 2026-01-01.
-- Only a 'bim' period carries a kind. NULL = not recorded (every row written before this migration): the engine reads
-- a BIM period without a kind as 'avantages', the reading that protects the member (a supplement billed in 2025 is
-- flagged for control; no amount changes with the kind), until the registry sends the period again with its kind.
ALTER TABLE beneficiary_statuses ADD COLUMN bim_kind TEXT
    CHECK (bim_kind IS NULL OR (status = 'bim' AND bim_kind IN ('avantages', 'enquiry')));
