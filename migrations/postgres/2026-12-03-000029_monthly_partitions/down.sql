-- Back to one table each (rows copied; the month partitions go with their parents).
ALTER TABLE events RENAME TO events_partitioned;
CREATE TABLE events (LIKE events_partitioned INCLUDING DEFAULTS);
ALTER SEQUENCE events_id_seq OWNED BY events.id;
INSERT INTO events SELECT * FROM events_partitioned;
DROP TABLE events_partitioned;
ALTER TABLE events ADD PRIMARY KEY (id);
ALTER TABLE events ADD CONSTRAINT events_event_id_key UNIQUE (event_id);
CREATE INDEX events_feed ON events (txid, id);
CREATE INDEX events_channel_feed ON events (channel, txid, id);
CREATE INDEX events_handling_org_feed ON events (handling_org_id, txid, id);
CREATE INDEX events_audience ON events (audience, txid, id) WHERE audience IS NOT NULL;
CREATE INDEX events_subject_org_feed ON events (subject_org_id, txid, id) WHERE subject_org_id IS NOT NULL;

ALTER TABLE audit_log RENAME TO audit_log_partitioned;
CREATE TABLE audit_log (LIKE audit_log_partitioned INCLUDING DEFAULTS);
ALTER SEQUENCE audit_log_id_seq OWNED BY audit_log.id;
INSERT INTO audit_log SELECT * FROM audit_log_partitioned;
DROP TABLE audit_log_partitioned;
ALTER TABLE audit_log ADD PRIMARY KEY (id);
CREATE INDEX audit_log_entity ON audit_log (entity_type, entity_id, id);
CREATE INDEX audit_log_chain ON audit_log (txid, id);
CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();

ALTER TABLE sanction_checks RENAME TO sanction_checks_partitioned;
CREATE TABLE sanction_checks (LIKE sanction_checks_partitioned INCLUDING DEFAULTS);
ALTER SEQUENCE sanction_checks_id_seq OWNED BY sanction_checks.id;
INSERT INTO sanction_checks SELECT * FROM sanction_checks_partitioned;
DROP TABLE sanction_checks_partitioned;
ALTER TABLE sanction_checks ADD PRIMARY KEY (id);
CREATE INDEX sanction_checks_subject ON sanction_checks (subject_uscc, id);

DROP FUNCTION lvyue_ensure_month_partitions(TEXT, DATE, INT);
