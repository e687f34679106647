-- Refused import rows (issue 18, data quality): per provider, day (Asia/Shanghai) and reason,
-- how many rows a provider's imports had refused — the rows themselves are never stored.
CREATE TABLE import_refusals (
    provider_org_id TEXT NOT NULL,
    day             DATE NOT NULL,
    reason          TEXT NOT NULL,
    rows_refused    INTEGER NOT NULL,
    PRIMARY KEY (provider_org_id, day, reason)
);
