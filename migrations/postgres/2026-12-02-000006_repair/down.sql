DROP TABLE repair_steps;
DROP TABLE credit_objections;
DROP TABLE repair_applications;
ALTER TABLE credit_records DROP COLUMN early_remedy;
ALTER TABLE breach_determinations DROP COLUMN early_remedy;
