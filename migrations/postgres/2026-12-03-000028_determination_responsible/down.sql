ALTER TABLE breach_determinations DROP COLUMN responsible;
ALTER TABLE breach_determinations DROP COLUMN cause;
