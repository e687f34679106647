-- Warnings (风险提示和警示, issue 19): what the daily job sees coming or gone wrong in the
-- obligations — a milestone due soon or overdue, an SME unpaid, a commitment past due, a
-- decision checklist incomplete, a second investment-attraction contract for the same project.
-- One per thing seen (dedupe_key), acknowledged by the unit with the action taken, escalated to
-- the credit office when left open.
CREATE TABLE warnings (
    id              TEXT PRIMARY KEY,
    dedupe_key      TEXT NOT NULL,
    kind            TEXT NOT NULL,
    org_id          TEXT NOT NULL,
    region_code     TEXT NOT NULL,
    contract_id     TEXT,
    commitment_id   TEXT,
    milestone_id    TEXT,
    due_on          DATE,
    detail          TEXT NOT NULL,
    status          TEXT NOT NULL,
    raised_on       DATE NOT NULL,
    action_taken    TEXT,
    acknowledged_by TEXT,
    acknowledged_at TIMESTAMP,
    escalated_at    TIMESTAMP,
    version         INTEGER NOT NULL,
    created_at      TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX warnings_dedupe ON warnings (dedupe_key);
CREATE INDEX warnings_region ON warnings (region_code, status, raised_on);
