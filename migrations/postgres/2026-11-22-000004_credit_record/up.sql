-- The government credit record (政务信用记录): records of four kinds under a subject, each
-- version kept, and the events the public credit platform receives.

-- Events for an audience beyond the case scopes (the public credit platform's feed).
ALTER TABLE events ADD COLUMN audience TEXT;
CREATE INDEX events_audience ON events (audience, txid, id) WHERE audience IS NOT NULL;
-- A subscription for the public credit platform receives that feed.
ALTER TABLE webhook_subscriptions ADD COLUMN credit_platform BOOLEAN NOT NULL DEFAULT FALSE;

-- The current version of each record. It is never edited without a new row in
-- credit_record_versions, written in the same transaction.
CREATE TABLE credit_records (
    id                   TEXT PRIMARY KEY,
    kind                 TEXT NOT NULL,
    subject_org_id       TEXT REFERENCES organisations (id),
    subject_uscc         TEXT,
    subject_name         TEXT NOT NULL,
    -- The subject's division: region roll-ups and the credit office's slice.
    region_code          TEXT NOT NULL,
    -- From a case (complaint_id, determination_id) or from a data provider (provider_org_id, provider_ref).
    complaint_id         TEXT UNIQUE REFERENCES complaints (id),
    determination_id     TEXT UNIQUE REFERENCES breach_determinations (id),
    provider_org_id      TEXT REFERENCES organisations (id),
    provider_ref         TEXT,
    determining_org_id   TEXT REFERENCES organisations (id),
    determining_body     TEXT NOT NULL,
    category             TEXT,
    facts                TEXT NOT NULL,
    amount_fen           BIGINT,
    grade                TEXT NOT NULL,
    decided_on           DATE NOT NULL,
    repairable_from      DATE NOT NULL,
    expires_on           DATE NOT NULL,
    status               TEXT NOT NULL,
    visibility           TEXT NOT NULL,
    version              INTEGER NOT NULL,
    -- SHA-256 of the provider's row as last imported: a re-import of the same row changes nothing.
    content_hash         TEXT,
    created_at           TIMESTAMP NOT NULL,
    updated_at           TIMESTAMP NOT NULL,
    UNIQUE (provider_org_id, provider_ref)
);
CREATE INDEX credit_records_subject ON credit_records (subject_uscc, id);
CREATE INDEX credit_records_region ON credit_records (region_code, id);
CREATE INDEX credit_records_changed ON credit_records (updated_at, id);
CREATE INDEX credit_records_created ON credit_records (created_at, id);
CREATE INDEX credit_records_in_force ON credit_records (expires_on, id) WHERE status IN ('active', 'under_objection');

-- Every version of every record, append-only.
-- No foreign key to credit_records: only write.rs inserts here, with its record, and a
-- foreign-key check planned while the table was small (a seq scan, cached for the session)
-- made bulk imports on PostgreSQL quadratic.
CREATE TABLE credit_record_versions (
    record_id    TEXT NOT NULL,
    version      INTEGER NOT NULL,
    -- created, corrected, updated (by its provider), expired, revoked, repaired, objected, ...
    change       TEXT NOT NULL,
    reason       TEXT,
    -- The record's content at this version (JSON).
    snapshot     TEXT NOT NULL,
    changed_by   TEXT NOT NULL,
    changed_at   TIMESTAMP NOT NULL,
    PRIMARY KEY (record_id, version)
);
CREATE FUNCTION credit_record_versions_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'credit_record_versions is append-only';
END
$$;
CREATE TRIGGER credit_record_versions_no_change BEFORE UPDATE OR DELETE ON credit_record_versions
    FOR EACH ROW EXECUTE FUNCTION credit_record_versions_append_only();
