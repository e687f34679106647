-- Who carries a measure out (实施单位): an organisation's functions (职能) are the implementer
-- kinds it holds (development_reform, finance, office_affairs, financial_regulator,
-- credit_office, discipline), as a JSON array. Only a body with a measure's implementer kind,
-- in the division that governs the measure, may acknowledge it (issue 16.4).
ALTER TABLE organisations ADD COLUMN functions TEXT NOT NULL DEFAULT '[]';

-- The division whose implementers govern a measure: the subject's own division for a measure
-- on the subject; the division above for a measure on a county's or city's government (a
-- county's own bodies do not sanction their government).
ALTER TABLE sanctions ADD COLUMN implementer_region TEXT NOT NULL DEFAULT '';
-- The implementing organisation the registry named when the measure came into force; its
-- feed hears the measure's events.
ALTER TABLE sanctions ADD COLUMN implementer_org_id TEXT;
UPDATE sanctions SET implementer_region = region_code WHERE binds = 'subject';
UPDATE sanctions SET implementer_region = substr(region_code, 1, 4) || '00'
WHERE binds = 'region' AND substr(region_code, 5, 2) <> '00';
UPDATE sanctions SET implementer_region = substr(region_code, 1, 2) || '0000'
WHERE binds = 'region' AND substr(region_code, 5, 2) = '00';
CREATE INDEX sanctions_implementer ON sanctions (implementer_region, implementer_kind, id);

-- 限制地方政府专项债券申请 is carried out by development and reform (000 §二(四), 002), not finance.
UPDATE sanction_measures SET implementer_kind = 'development_reform'
WHERE code = 'restrict_special_bonds' AND implementer_kind = 'finance';
UPDATE sanctions SET implementer_kind = 'development_reform'
WHERE measure_code = 'restrict_special_bonds' AND implementer_kind = 'finance';
