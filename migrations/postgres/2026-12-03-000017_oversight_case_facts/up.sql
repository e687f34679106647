-- Oversight's own facts about each case (issue 18), built from the event feed by the consumer
-- `oversight.case_facts` — never read from the case's tables: when it was received, forwarded,
-- accepted and concluded, by when each was due, and what happened on the way. The figures, the
-- assessments and the rankings count these rows.
CREATE TABLE oversight_case_facts (
    complaint_id     TEXT PRIMARY KEY,
    region_code      TEXT NOT NULL,
    channel          TEXT NOT NULL,
    field            TEXT NOT NULL,
    handling_org_id  TEXT,
    received_on      DATE NOT NULL,
    route_due_on     DATE,
    routed_on        DATE,
    accept_due_on    DATE,
    accepted_on      DATE,
    conclude_due_on  DATE,
    concluded_on     DATE,
    working_days_to_conclusion INTEGER,
    next_due_on      DATE,
    closed           BOOLEAN NOT NULL DEFAULT FALSE,
    overdue_events   INTEGER NOT NULL DEFAULT 0,
    urged            INTEGER NOT NULL DEFAULT 0,
    extended         INTEGER NOT NULL DEFAULT 0,
    determined       BOOLEAN NOT NULL DEFAULT FALSE,
    rectified_or_settled BOOLEAN NOT NULL DEFAULT FALSE,
    reopened         INTEGER NOT NULL DEFAULT 0,
    satisfaction     INTEGER
);
CREATE INDEX oversight_case_facts_period ON oversight_case_facts (region_code, received_on);
