-- The subject of a credit record (the department or government it names) hears, in its own
-- pull feed, what happens to its record, its repair applications and its objections, even
-- where another body determines and decides them (docs/integration-credit-platform.md).
ALTER TABLE events ADD COLUMN subject_org_id TEXT;
CREATE INDEX events_subject_org_feed ON events (subject_org_id, txid, id) WHERE subject_org_id IS NOT NULL;
