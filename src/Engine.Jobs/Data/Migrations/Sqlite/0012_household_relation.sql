-- How a member of an address household is related to its titular member, as the insurer's registry carries it:
-- 'titulaire', 'partner', 'dependant' (personne à charge) or 'other' (another co-resident); NULL = not said (rows
-- imported before, or a registry that does not send it). The MAF social covers the BIM beneficiary, the partner and
-- the dependants, not every person at the address (belgian-rules.md §9.7): 'other' co-residents are counted apart.
ALTER TABLE household_members ADD COLUMN relation TEXT NULL
    CHECK (relation IS NULL OR relation IN ('titulaire', 'partner', 'dependant', 'other'));
