DROP TABLE commitment_fulfilments;
DROP TABLE commitments;
DROP TABLE contract_entries;
DROP TABLE contract_milestones;
DROP TABLE contracts;
