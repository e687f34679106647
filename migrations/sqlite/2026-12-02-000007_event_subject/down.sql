DROP INDEX events_subject_org_feed;
ALTER TABLE events DROP COLUMN subject_org_id;
