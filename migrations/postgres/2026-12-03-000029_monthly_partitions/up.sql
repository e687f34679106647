-- The append-only tables that grow with traffic and without end — the audit trail and the
-- sanction check log — are partitioned by month (of occurred_at / checked_at), so old months can
-- be archived and dropped whole (docs/operations.md, "Retention") and vacuum and index upkeep work
-- on one month at a time.
--
-- Not partitioned, on purpose:
-- - events: the feed reads it in commit order (txid, id), not by time, so no month can ever be
--   pruned, and over several partitions the planner chooses between an ordered Merge Append and
--   Append + Sort by its row estimate — which is wrong after any large transaction (all its events
--   share one txid). Measured with the feed's prepared query and 100,000 events of one
--   transaction: 187 pages/s partitioned against 30,409 on one table. Its retention is a
--   batched DELETE of months every reader has passed (operations.md).
-- - credit_record_versions: its primary key (record_id, version) guards one row per version of a
--   record, and PostgreSQL's unique constraints must include the partition key; it grows with
--   records (a handful of versions each), not with traffic.
--
-- Each table gets a partition per month from its oldest row to three months ahead, and a
-- DEFAULT partition for anything outside (a clock far off, a backfill). lvyue_ensure_month_partitions
-- keeps three months ahead; every server calls it at start and the daily housekeeping calls it.

CREATE FUNCTION lvyue_ensure_month_partitions(parent TEXT, first_month DATE, months_ahead INT) RETURNS INT
LANGUAGE plpgsql AS $$
DECLARE
    m DATE := date_trunc('month', first_month)::date;
    last_month DATE := (date_trunc('month', now()) + make_interval(months => months_ahead))::date;
    part TEXT;
    made INT := 0;
BEGIN
    WHILE m <= last_month LOOP
        part := format('%s_y%sm%s', parent, to_char(m, 'YYYY'), to_char(m, 'MM'));
        IF to_regclass(part) IS NULL THEN
            BEGIN
                EXECUTE format('CREATE TABLE %I PARTITION OF %I FOR VALUES FROM (%L) TO (%L)',
                               part, parent, m, (m + interval '1 month')::date);
                IF parent = 'audit_log' THEN
                    -- Statement triggers are not inherited: each month refuses TRUNCATE itself.
                    EXECUTE format('CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON %I '
                                   'FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()', part);
                END IF;
                made := made + 1;
            EXCEPTION
                -- Another server made it a moment ago.
                WHEN duplicate_table THEN NULL;
                -- Rows of that month already sit in the DEFAULT partition: left there.
                WHEN check_violation THEN
                    RAISE NOTICE 'rows of % are in %_default; month partition not made', part, parent;
            END;
        END IF;
        m := (m + interval '1 month')::date;
    END LOOP;
    RETURN made;
END
$$;

-- audit_log
ALTER TABLE audit_log RENAME TO audit_log_unpartitioned;
CREATE TABLE audit_log (LIKE audit_log_unpartitioned INCLUDING DEFAULTS) PARTITION BY RANGE (occurred_at);
ALTER SEQUENCE audit_log_id_seq OWNED BY audit_log.id;
CREATE TABLE audit_log_default PARTITION OF audit_log DEFAULT;
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log_default
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
SELECT lvyue_ensure_month_partitions('audit_log', COALESCE((SELECT min(occurred_at) FROM audit_log_unpartitioned), now())::date, 3);
INSERT INTO audit_log SELECT * FROM audit_log_unpartitioned;
DROP TABLE audit_log_unpartitioned;
ALTER TABLE audit_log ADD PRIMARY KEY (id, occurred_at);
CREATE INDEX audit_log_id ON audit_log (id);
CREATE INDEX audit_log_entity ON audit_log (entity_type, entity_id, id);
CREATE INDEX audit_log_chain ON audit_log (txid, id);
CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();

-- sanction_checks
ALTER TABLE sanction_checks RENAME TO sanction_checks_unpartitioned;
CREATE TABLE sanction_checks (LIKE sanction_checks_unpartitioned INCLUDING DEFAULTS) PARTITION BY RANGE (checked_at);
ALTER SEQUENCE sanction_checks_id_seq OWNED BY sanction_checks.id;
CREATE TABLE sanction_checks_default PARTITION OF sanction_checks DEFAULT;
SELECT lvyue_ensure_month_partitions('sanction_checks', COALESCE((SELECT min(checked_at) FROM sanction_checks_unpartitioned), now())::date, 3);
INSERT INTO sanction_checks SELECT * FROM sanction_checks_unpartitioned;
DROP TABLE sanction_checks_unpartitioned;
ALTER TABLE sanction_checks ADD PRIMARY KEY (id, checked_at);
CREATE INDEX sanction_checks_subject ON sanction_checks (subject_uscc, id);
