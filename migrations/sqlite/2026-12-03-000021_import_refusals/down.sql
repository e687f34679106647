DROP TABLE import_refusals;
