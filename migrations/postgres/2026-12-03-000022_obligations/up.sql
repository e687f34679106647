-- Government obligations (履约践诺, issue 19, seed 003): the commitments (政务承诺) and contracts
-- (政府合同) of each department and township, their milestones, performance and fulfilment,
-- risks and lawful changes. The unit's own reference makes imports idempotent.
CREATE TABLE contracts (
    id                   TEXT PRIMARY KEY,
    org_id               TEXT NOT NULL,
    region_code          TEXT NOT NULL,
    reference            TEXT NOT NULL,
    number               TEXT,
    title                TEXT NOT NULL,
    kind                 TEXT NOT NULL,
    counterparty_name    TEXT NOT NULL,
    counterparty_uscc    TEXT,
    counterparty_private BOOLEAN NOT NULL,
    counterparty_sme     BOOLEAN NOT NULL,
    project              TEXT,
    signed_on            DATE NOT NULL,
    amount_fen           BIGINT,
    confidential         BOOLEAN NOT NULL,
    decision_checklist   TEXT NOT NULL,
    status               TEXT NOT NULL,
    status_reason        TEXT,
    lawful_change        TEXT,
    version              INTEGER NOT NULL,
    created_by           TEXT NOT NULL,
    created_at           TIMESTAMP NOT NULL,
    updated_at           TIMESTAMP NOT NULL,
    closed_out_at        TIMESTAMP
);
CREATE UNIQUE INDEX contracts_reference ON contracts (org_id, reference);
CREATE INDEX contracts_region ON contracts (region_code, status);
CREATE INDEX contracts_counterparty ON contracts (counterparty_uscc, kind);
CREATE INDEX contracts_changed ON contracts (updated_at, id);

CREATE TABLE contract_milestones (
    id            TEXT PRIMARY KEY,
    contract_id   TEXT NOT NULL REFERENCES contracts (id),
    what          TEXT NOT NULL,
    due_on        DATE NOT NULL,
    amount_fen    BIGINT,
    performed_fen BIGINT NOT NULL,
    met           BOOLEAN NOT NULL,
    met_on        DATE,
    created_at    TIMESTAMP NOT NULL
);
CREATE INDEX contract_milestones_contract ON contract_milestones (contract_id, due_on);
CREATE INDEX contract_milestones_due ON contract_milestones (met, due_on);

CREATE TABLE contract_entries (
    id            TEXT PRIMARY KEY,
    contract_id   TEXT NOT NULL REFERENCES contracts (id),
    kind          TEXT NOT NULL,
    milestone_id  TEXT,
    amount_fen    BIGINT,
    in_full       BOOLEAN NOT NULL,
    note          TEXT NOT NULL,
    evidence      TEXT NOT NULL,
    recorded_by   TEXT NOT NULL,
    recorded_at   TIMESTAMP NOT NULL
);
CREATE INDEX contract_entries_contract ON contract_entries (contract_id, recorded_at);

CREATE TABLE commitments (
    id             TEXT PRIMARY KEY,
    org_id         TEXT NOT NULL,
    region_code    TEXT NOT NULL,
    reference      TEXT NOT NULL,
    official_name  TEXT,
    kind           TEXT NOT NULL,
    source_kind    TEXT NOT NULL,
    source_title   TEXT NOT NULL,
    source_number  TEXT,
    content        TEXT NOT NULL,
    beneficiaries  TEXT,
    promised_on    DATE NOT NULL,
    due_on         DATE NOT NULL,
    status         TEXT NOT NULL,
    lawful_change  TEXT,
    version        INTEGER NOT NULL,
    created_by     TEXT NOT NULL,
    created_at     TIMESTAMP NOT NULL,
    updated_at     TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX commitments_reference ON commitments (org_id, reference);
CREATE INDEX commitments_region ON commitments (region_code, status, due_on);

CREATE TABLE commitment_fulfilments (
    id             TEXT PRIMARY KEY,
    commitment_id  TEXT NOT NULL REFERENCES commitments (id),
    in_full        BOOLEAN NOT NULL,
    note           TEXT NOT NULL,
    evidence       TEXT NOT NULL,
    recorded_by    TEXT NOT NULL,
    recorded_at    TIMESTAMP NOT NULL
);
CREATE INDEX commitment_fulfilments_commitment ON commitment_fulfilments (commitment_id, recorded_at);
