-- Credit repair (信用修复) and objections (信用异议): applications and objections decided by the
-- body that determined the record (谁认定、谁修复), their steps, and early remedies.

-- An early remedy (主动履行、挽回损失、消除不良影响) recorded with a determination, carried
-- onto its record (JSON): measures the catalogue marks waivable are then not put in force.
ALTER TABLE breach_determinations ADD COLUMN early_remedy TEXT;
ALTER TABLE credit_records ADD COLUMN early_remedy TEXT;

-- A repair application. At most one is open (pending or more_requested) per record: the
-- partial unique index makes a concurrent second one fail instead of slipping in.
CREATE TABLE repair_applications (
    id                   TEXT PRIMARY KEY,
    record_id            TEXT NOT NULL REFERENCES credit_records (id),
    subject_org_id       TEXT REFERENCES organisations (id),
    subject_uscc         TEXT,
    subject_name         TEXT NOT NULL,
    region_code          TEXT NOT NULL,
    -- The body that determined the record decides; NULL when it is not in the registry
    -- (the region's credit office decides then).
    deciding_org_id      TEXT REFERENCES organisations (id),
    deciding_body        TEXT NOT NULL,
    applicant            TEXT NOT NULL,
    applicant_org_id     TEXT REFERENCES organisations (id),
    on_behalf            BOOLEAN NOT NULL,
    statement            TEXT NOT NULL,
    evidence             TEXT NOT NULL,
    pledge               TEXT NOT NULL,
    status               TEXT NOT NULL,
    -- The decision is due on this day; NULL while the clock is paused for more material.
    due_on               DATE,
    -- Working days left on the clock when it was paused.
    paused_working_days  INTEGER,
    decision_note        TEXT,
    decided_by           TEXT,
    decided_at           TIMESTAMP,
    version              INTEGER NOT NULL,
    created_at           TIMESTAMP NOT NULL,
    updated_at           TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX repair_applications_open ON repair_applications (record_id) WHERE status IN ('pending', 'more_requested');
CREATE INDEX repair_applications_record ON repair_applications (record_id, id);
CREATE INDEX repair_applications_decider ON repair_applications (deciding_org_id, id);
CREATE INDEX repair_applications_subject ON repair_applications (subject_org_id, id);
CREATE INDEX repair_applications_region ON repair_applications (region_code, id);
CREATE INDEX repair_applications_due ON repair_applications (due_on, id) WHERE status = 'pending';

-- An objection to a record. At most one is pending per record.
CREATE TABLE credit_objections (
    id                   TEXT PRIMARY KEY,
    record_id            TEXT NOT NULL REFERENCES credit_records (id),
    subject_org_id       TEXT REFERENCES organisations (id),
    subject_uscc         TEXT,
    subject_name         TEXT NOT NULL,
    region_code          TEXT NOT NULL,
    deciding_org_id      TEXT REFERENCES organisations (id),
    deciding_body        TEXT NOT NULL,
    objector             TEXT NOT NULL,
    objector_org_id      TEXT REFERENCES organisations (id),
    reasons              TEXT NOT NULL,
    evidence             TEXT NOT NULL,
    -- Whether the record's measures were suspended while it is reviewed (the setting at filing).
    measures_suspended   BOOLEAN NOT NULL,
    status               TEXT NOT NULL,
    due_on               DATE NOT NULL,
    decision_note        TEXT,
    decided_by           TEXT,
    decided_at           TIMESTAMP,
    version              INTEGER NOT NULL,
    created_at           TIMESTAMP NOT NULL,
    updated_at           TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX credit_objections_open ON credit_objections (record_id) WHERE status = 'pending';
CREATE INDEX credit_objections_record ON credit_objections (record_id, id);
CREATE INDEX credit_objections_decider ON credit_objections (deciding_org_id, id);
CREATE INDEX credit_objections_subject ON credit_objections (subject_org_id, id);
CREATE INDEX credit_objections_region ON credit_objections (region_code, id);

-- The history of applications and objections: one row per step (only ever appended to).
CREATE TABLE repair_steps (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    item_id        TEXT NOT NULL,
    action         TEXT NOT NULL,
    status         TEXT NOT NULL,
    note           TEXT,
    attachments    TEXT NOT NULL,
    actor_subject  TEXT NOT NULL,
    actor_role     TEXT NOT NULL,
    actor_org      TEXT,
    occurred_at    TIMESTAMP NOT NULL
);
CREATE INDEX repair_steps_item ON repair_steps (item_id, id);
