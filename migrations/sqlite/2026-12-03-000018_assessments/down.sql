DROP TABLE assessments;
DROP TABLE assessment_schemes;
