DROP TABLE oversight_case_facts;
