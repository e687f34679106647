-- Back to one table each (rows copied; the month partitions go with their parents).
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
