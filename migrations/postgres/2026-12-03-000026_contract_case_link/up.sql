-- The loop between the obligations and the complaints (issue 19, 003): a lead may name a
-- registered contract (one per case), and a contract overdue past its grace period escalates
-- into a case.
CREATE TABLE complaint_contracts (
    complaint_id TEXT PRIMARY KEY REFERENCES complaints (id),
    contract_id  TEXT NOT NULL
);
CREATE INDEX complaint_contracts_contract ON complaint_contracts (contract_id);
ALTER TABLE contracts ADD COLUMN escalated_case_id TEXT;
