ALTER TABLE sanctions DROP COLUMN imposition;
