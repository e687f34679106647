-- Typical cases (典型案例, issue 18): a credit office proposes a record as a typical case with
-- an anonymised summary, the departments concerned give their opinions (会同有关单位), then it
-- is published — and withdrawn by hand, or by itself when its record ends. Oversight's case
-- facts learn the respondent, so complaints against one subject can be counted.
ALTER TABLE oversight_case_facts ADD COLUMN respondent_uscc TEXT;
CREATE INDEX oversight_case_facts_respondent ON oversight_case_facts (respondent_uscc);

CREATE TABLE typical_cases (
    id              TEXT PRIMARY KEY,
    region_code     TEXT NOT NULL,
    record_id       TEXT NOT NULL,
    complaint_id    TEXT,
    subject_name    TEXT NOT NULL,
    subject_uscc    TEXT,
    subject_org_id  TEXT,
    determining_org_id TEXT,
    grade           TEXT NOT NULL,
    amount_fen      INTEGER,
    decided_on      DATE NOT NULL,
    title           TEXT NOT NULL,
    summary         TEXT NOT NULL,
    criteria        TEXT NOT NULL,
    status          TEXT NOT NULL,
    withdrawal_reason TEXT,
    withdrawal_note TEXT,
    version         INTEGER NOT NULL,
    created_by      TEXT NOT NULL,
    created_at      TIMESTAMP NOT NULL,
    published_at    TIMESTAMP,
    withdrawn_at    TIMESTAMP
);
CREATE INDEX typical_cases_record ON typical_cases (record_id);
CREATE INDEX typical_cases_published ON typical_cases (status, published_at);

CREATE TABLE typical_case_opinions (
    id               TEXT PRIMARY KEY,
    typical_case_id  TEXT NOT NULL REFERENCES typical_cases (id),
    org_id           TEXT NOT NULL,
    org_name         TEXT NOT NULL,
    position         TEXT NOT NULL,
    opinion          TEXT NOT NULL,
    given_by         TEXT NOT NULL,
    given_at         TIMESTAMP NOT NULL
);
CREATE INDEX typical_case_opinions_case ON typical_case_opinions (typical_case_id, given_at);
