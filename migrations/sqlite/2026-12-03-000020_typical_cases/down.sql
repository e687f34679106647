DROP TABLE typical_case_opinions;
DROP TABLE typical_cases;
DROP INDEX oversight_case_facts_respondent;
ALTER TABLE oversight_case_facts DROP COLUMN respondent_uscc;
