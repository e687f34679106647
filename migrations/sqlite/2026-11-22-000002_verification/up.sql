-- Verification (核实办理): what the complaints row cannot hold (it is at diesel's 32-column
-- limit), the determinations, the scheduled jobs' state and the webhook dispatcher.

-- Open deadlines are found by date for the overdue sweep and the `overdue=true` filter.
CREATE INDEX complaints_next_due ON complaints (next_due_on, id) WHERE next_due_on IS NOT NULL;

-- One row per case that has left intake: created by the first verification step.
CREATE TABLE complaint_progress (
    complaint_id            TEXT PRIMARY KEY REFERENCES complaints (id),
    accepted_at             TIMESTAMP,
    -- The latest date an extension may reach (SME-payment cases: 90 days from acceptance).
    extension_limit_on      DATE,
    closed_at               TIMESTAMP,
    dispute_route           TEXT,
    merged_into             TEXT REFERENCES complaints (id),
    extension_until         DATE,
    extension_reason        TEXT,
    extension_requested_at  TIMESTAMP,
    extensions_granted      INTEGER NOT NULL DEFAULT 0,
    urge_count              INTEGER NOT NULL DEFAULT 0,
    last_urged_at           TIMESTAMP,
    -- The last day on which the channel may give feedback or ask to reopen.
    feedback_until          DATE,
    satisfaction            INTEGER,
    feedback_comment        TEXT,
    feedback_at             TIMESTAMP,
    reopen_count            INTEGER NOT NULL DEFAULT 0
);

-- 认定违约失信: at most one per case; the credit-record issue consumes its event.
CREATE TABLE breach_determinations (
    id                  TEXT PRIMARY KEY,
    complaint_id        TEXT NOT NULL UNIQUE REFERENCES complaints (id),
    determining_org_id  TEXT NOT NULL REFERENCES organisations (id),
    subject_org_id      TEXT REFERENCES organisations (id),
    subject_name        TEXT NOT NULL,
    subject_uscc        TEXT,
    basis               TEXT NOT NULL,
    category            TEXT NOT NULL,
    facts               TEXT NOT NULL,
    amount_fen          BIGINT,
    grade               TEXT NOT NULL,
    determined_by       TEXT NOT NULL,
    determined_at       TIMESTAMP NOT NULL
);

-- A scheduled job's position (the overdue sweep's last announced deadline).
CREATE TABLE job_state (
    name        TEXT PRIMARY KEY,
    position    TEXT NOT NULL,
    updated_at  TIMESTAMP NOT NULL
);

CREATE TABLE webhook_subscriptions (
    id               TEXT PRIMARY KEY,
    name             TEXT NOT NULL,
    url              TEXT NOT NULL,
    secret           TEXT NOT NULL,
    channel          TEXT REFERENCES channels (code),
    region_code      TEXT,
    event_types      TEXT NOT NULL DEFAULT '[]',
    active           BOOLEAN NOT NULL DEFAULT TRUE,
    disabled_reason  TEXT,
    disabled_at      TIMESTAMP,
    feed_txid        BIGINT NOT NULL DEFAULT 0,
    feed_id          BIGINT NOT NULL DEFAULT 0,
    version          INTEGER NOT NULL DEFAULT 1,
    created_at       TIMESTAMP NOT NULL,
    updated_at       TIMESTAMP NOT NULL
);

-- One delivery per (subscription, event); its event id is the stable `webhook-id`.
-- A claimed delivery stays `pending` with next_attempt_at pushed past its lease, so a
-- delivery whose worker died becomes due again by itself.
CREATE TABLE webhook_deliveries (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    subscription_id   TEXT NOT NULL REFERENCES webhook_subscriptions (id),
    event_id          TEXT NOT NULL,
    event_type        TEXT NOT NULL,
    payload           TEXT NOT NULL,
    status            TEXT NOT NULL,
    attempts          INTEGER NOT NULL DEFAULT 0,
    next_attempt_at   TIMESTAMP NOT NULL,
    last_status_code  INTEGER,
    last_error        TEXT,
    created_at        TIMESTAMP NOT NULL,
    give_up_at        TIMESTAMP NOT NULL,
    delivered_at      TIMESTAMP,
    CONSTRAINT webhook_deliveries_once UNIQUE (subscription_id, event_id)
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (status, next_attempt_at);
CREATE INDEX webhook_deliveries_subscription ON webhook_deliveries (subscription_id, id);

CREATE TABLE webhook_attempts (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    delivery_id   BIGINT NOT NULL REFERENCES webhook_deliveries (id),
    attempt       INTEGER NOT NULL,
    manual        BOOLEAN NOT NULL DEFAULT FALSE,
    attempted_at  TIMESTAMP NOT NULL,
    duration_ms   BIGINT NOT NULL,
    status_code   INTEGER,
    error         TEXT
);
CREATE INDEX webhook_attempts_delivery ON webhook_attempts (delivery_id, id);
