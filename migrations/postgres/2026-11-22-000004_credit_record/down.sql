DROP TABLE credit_record_versions;
DROP TABLE credit_records;
DROP INDEX events_audience;
ALTER TABLE events DROP COLUMN audience;
DROP FUNCTION credit_record_versions_append_only();
ALTER TABLE webhook_subscriptions DROP COLUMN credit_platform;
