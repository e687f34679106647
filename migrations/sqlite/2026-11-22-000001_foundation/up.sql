-- The foundation: registry, channels, complaints, their steps, the outbox, the audit trail,
-- case-number counters and the working-day calendar. Times are UTC without zone.

CREATE TABLE channels (
    code        TEXT PRIMARY KEY,
    label_zh    TEXT NOT NULL,
    label_en    TEXT NOT NULL,
    active      BOOLEAN NOT NULL DEFAULT TRUE,
    created_at  TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);

INSERT INTO channels (code, label_zh, label_en) VALUES
    ('credit_website', '信用网站违约投诉专栏', 'credit website complaint column'),
    ('hotline_12345', '12345政务服务便民热线', '12345 government service hotline'),
    ('internet_plus_inspection', '国务院“互联网+督查”平台', 'State Council Internet+Inspection platform'),
    ('sme_payment', '保障中小企业款项支付投诉平台', 'SME payment complaint platform'),
    ('petition', '网上信访投诉平台', 'online petition platform'),
    ('business_environment', '创优营商环境为企服务平台', 'business environment service platform');

CREATE TABLE organisations (
    id             TEXT PRIMARY KEY,
    uscc           TEXT NOT NULL UNIQUE,
    name           TEXT NOT NULL,
    region_code    TEXT NOT NULL,
    level          TEXT NOT NULL,
    kind           TEXT NOT NULL,
    parent_id      TEXT REFERENCES organisations (id),
    supervisor_id  TEXT REFERENCES organisations (id),
    version        INTEGER NOT NULL DEFAULT 1,
    created_at     TIMESTAMP NOT NULL,
    updated_at     TIMESTAMP NOT NULL
);
CREATE INDEX organisations_region_name ON organisations (region_code, name);
CREATE INDEX organisations_name ON organisations (name);

CREATE TABLE complaints (
    id                   TEXT PRIMARY KEY,
    case_number          TEXT NOT NULL UNIQUE,
    channel              TEXT NOT NULL REFERENCES channels (code),
    external_id          TEXT NOT NULL,
    payload_sha256       TEXT NOT NULL,
    status               TEXT NOT NULL,
    resolution           TEXT,
    field                TEXT NOT NULL,
    region_code          TEXT NOT NULL,
    received_at          TIMESTAMP NOT NULL,
    complainant_name     TEXT NOT NULL,
    complainant_uscc     TEXT,
    contact_name         TEXT,
    contact_phone        TEXT,
    respondent_name      TEXT NOT NULL,
    respondent_uscc      TEXT,
    respondent_org_id    TEXT REFERENCES organisations (id),
    handling_org_id      TEXT REFERENCES organisations (id),
    contract_title       TEXT,
    contract_signed_on   DATE,
    contract_amount_fen  BIGINT,
    arrears_fen          BIGINT,
    summary              TEXT NOT NULL,
    description          TEXT,
    attachments          TEXT NOT NULL DEFAULT '[]',
    duplicate_key        TEXT NOT NULL,
    possible_duplicate   BOOLEAN NOT NULL DEFAULT FALSE,
    next_step            TEXT,
    next_due_on          DATE,
    version              INTEGER NOT NULL DEFAULT 1,
    created_at           TIMESTAMP NOT NULL,
    updated_at           TIMESTAMP NOT NULL,
    CONSTRAINT complaints_channel_external_id UNIQUE (channel, external_id)
);
-- Lists are ordered newest first by id (UUIDv7, time-ordered); one index per filter.
CREATE INDEX complaints_status_id ON complaints (status, id);
CREATE INDEX complaints_field_id ON complaints (field, id);
CREATE INDEX complaints_region_id ON complaints (region_code, id);
CREATE INDEX complaints_handling_org_id ON complaints (handling_org_id, id);
CREATE INDEX complaints_channel_id ON complaints (channel, id);
CREATE INDEX complaints_received_at ON complaints (received_at);
CREATE INDEX complaints_duplicate_key ON complaints (duplicate_key);

CREATE TABLE complaint_links (
    complaint_id  TEXT NOT NULL REFERENCES complaints (id),
    related_id    TEXT NOT NULL REFERENCES complaints (id),
    kind          TEXT NOT NULL,
    created_at    TIMESTAMP NOT NULL,
    PRIMARY KEY (complaint_id, related_id, kind)
);

CREATE TABLE complaint_steps (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    complaint_id   TEXT NOT NULL REFERENCES complaints (id),
    action         TEXT NOT NULL,
    from_status    TEXT,
    to_status      TEXT NOT NULL,
    actor_subject  TEXT NOT NULL,
    actor_role     TEXT NOT NULL,
    actor_org      TEXT,
    note           TEXT,
    attachments    TEXT NOT NULL DEFAULT '[]',
    data           TEXT NOT NULL DEFAULT '{}',
    occurred_at    TIMESTAMP NOT NULL
);
CREATE INDEX complaint_steps_complaint ON complaint_steps (complaint_id, id);

-- The transactional outbox. SQLite has one writer at a time, so id order is commit
-- order and txid stays 0 (PostgreSQL fills it; see docs/architecture.md, "The event feed").
CREATE TABLE events (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id         TEXT NOT NULL UNIQUE,
    txid             BIGINT NOT NULL DEFAULT 0,
    event_type       TEXT NOT NULL,
    occurred_at      TIMESTAMP NOT NULL,
    complaint_id     TEXT,
    channel          TEXT,
    region_code      TEXT,
    handling_org_id  TEXT,
    data             TEXT NOT NULL
);
CREATE INDEX events_feed ON events (txid, id);
CREATE INDEX events_channel_feed ON events (channel, txid, id);
CREATE INDEX events_handling_org_feed ON events (handling_org_id, txid, id);

CREATE TABLE audit_log (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    occurred_at    TIMESTAMP NOT NULL,
    actor_subject  TEXT NOT NULL,
    actor_role     TEXT NOT NULL,
    actor_org      TEXT,
    request_id     TEXT NOT NULL,
    action         TEXT NOT NULL,
    entity_type    TEXT NOT NULL,
    entity_id      TEXT NOT NULL,
    before_state   TEXT,
    after_state    TEXT
);
CREATE INDEX audit_log_entity ON audit_log (entity_type, entity_id, id);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;

CREATE TABLE case_number_counters (
    scope       TEXT PRIMARY KEY,
    last_value  BIGINT NOT NULL
);

CREATE TABLE calendar_years (
    year       INTEGER PRIMARY KEY,
    source     TEXT NOT NULL,
    loaded_at  TIMESTAMP NOT NULL
);
CREATE TABLE calendar_days (
    day      DATE PRIMARY KEY,
    working  BOOLEAN NOT NULL,
    note     TEXT
);
