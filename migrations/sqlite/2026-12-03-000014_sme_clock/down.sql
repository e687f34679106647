ALTER TABLE complaint_progress DROP COLUMN forwarded_at;
ALTER TABLE complaint_progress DROP COLUMN complainant_sme;
