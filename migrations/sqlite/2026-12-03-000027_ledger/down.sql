DROP TABLE complaint_ledger_items;
DROP TABLE ledger_entries;
DROP TABLE ledger_items;
DROP TABLE ledger_late_notices;
DROP TABLE campaign_submissions;
DROP TABLE campaign_units;
DROP TABLE campaigns;
