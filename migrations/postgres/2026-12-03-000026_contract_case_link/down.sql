ALTER TABLE contracts DROP COLUMN escalated_case_id;
DROP TABLE complaint_contracts;
