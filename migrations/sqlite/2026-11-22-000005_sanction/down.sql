DROP TABLE sanction_checks;
DROP TABLE sanction_restrictions;
DROP TABLE sanctions;
DROP TABLE sanction_measure_versions;
DROP TABLE sanction_measures;
