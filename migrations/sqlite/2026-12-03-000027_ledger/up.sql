-- The problem ledger of self-inspection campaigns (台账, issue 20, seed 001 三(一)).
CREATE TABLE campaigns (
    id                          TEXT PRIMARY KEY,
    office_org_id               TEXT NOT NULL,
    region_code                 TEXT NOT NULL,
    title                       TEXT NOT NULL,
    categories                  TEXT NOT NULL,
    problem_list_due_on         DATE NOT NULL,
    self_inspection_due_on      DATE NOT NULL,
    plan_due_on                 DATE NOT NULL,
    rectification_report_due_on DATE NOT NULL,
    version                     INTEGER NOT NULL,
    created_by                  TEXT NOT NULL,
    created_at                  TIMESTAMP NOT NULL,
    updated_at                  TIMESTAMP NOT NULL
);
CREATE INDEX campaigns_region ON campaigns (region_code, created_at);

CREATE TABLE campaign_units (
    campaign_id TEXT NOT NULL REFERENCES campaigns (id),
    org_id      TEXT NOT NULL,
    PRIMARY KEY (campaign_id, org_id)
);

CREATE TABLE campaign_submissions (
    id           TEXT PRIMARY KEY,
    campaign_id  TEXT NOT NULL REFERENCES campaigns (id),
    org_id       TEXT NOT NULL,
    kind         TEXT NOT NULL,
    note         TEXT NOT NULL,
    documents    TEXT NOT NULL,
    submitted_by TEXT NOT NULL,
    submitted_at TIMESTAMP NOT NULL,
    UNIQUE (campaign_id, org_id, kind)
);

-- Lateness announced once: a submission past its day, a plan step past its milestone.
CREATE TABLE ledger_late_notices (
    key        TEXT PRIMARY KEY,
    noticed_at TIMESTAMP NOT NULL
);

CREATE TABLE ledger_items (
    id                TEXT PRIMARY KEY,
    campaign_id       TEXT,
    org_id            TEXT NOT NULL,
    region_code       TEXT NOT NULL,
    reference         TEXT NOT NULL,
    source            TEXT NOT NULL,
    source_ref        TEXT,
    subject_name      TEXT NOT NULL,
    subject_uscc      TEXT,
    creditor_name     TEXT,
    creditor_uscc     TEXT,
    responsible       TEXT NOT NULL,
    category          TEXT NOT NULL,
    field             TEXT,
    cause             TEXT NOT NULL,
    handling_opinion  TEXT,
    arrears_fen       BIGINT NOT NULL,
    repaid_fen        BIGINT NOT NULL,
    status            TEXT NOT NULL,
    plan              TEXT,
    plan_revision     INTEGER NOT NULL,
    escalated_case_id TEXT,
    rectified_at      TIMESTAMP,
    closed_at         TIMESTAMP,
    version           INTEGER NOT NULL,
    created_by        TEXT NOT NULL,
    created_at        TIMESTAMP NOT NULL,
    updated_at        TIMESTAMP NOT NULL,
    UNIQUE (org_id, reference)
);
CREATE INDEX ledger_items_region ON ledger_items (region_code, created_at);
CREATE INDEX ledger_items_campaign ON ledger_items (campaign_id);

CREATE TABLE ledger_entries (
    id          TEXT PRIMARY KEY,
    item_id     TEXT NOT NULL REFERENCES ledger_items (id),
    kind        TEXT NOT NULL,
    step_no     INTEGER,
    amount_fen  BIGINT,
    on_date     DATE,
    note        TEXT NOT NULL,
    body        TEXT,
    evidence    TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    recorded_at TIMESTAMP NOT NULL
);
CREATE INDEX ledger_entries_item ON ledger_entries (item_id, recorded_at);

-- The ledger item a case grew from (an escalation), as the case reads it.
CREATE TABLE complaint_ledger_items (
    complaint_id   TEXT PRIMARY KEY REFERENCES complaints (id),
    ledger_item_id TEXT NOT NULL
);
