ALTER TABLE sanction_measures DROP COLUMN trigger_categories;
