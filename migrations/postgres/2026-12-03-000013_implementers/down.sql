UPDATE sanctions SET implementer_kind = 'finance' WHERE measure_code = 'restrict_special_bonds';
UPDATE sanction_measures SET implementer_kind = 'finance' WHERE code = 'restrict_special_bonds';
DROP INDEX sanctions_implementer;
ALTER TABLE sanctions DROP COLUMN implementer_org_id;
ALTER TABLE sanctions DROP COLUMN implementer_region;
ALTER TABLE organisations DROP COLUMN functions;
