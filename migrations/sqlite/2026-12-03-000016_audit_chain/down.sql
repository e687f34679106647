ALTER TABLE breach_determinations DROP COLUMN determining_org_uscc;
ALTER TABLE breach_determinations DROP COLUMN determining_org_name;
DROP TABLE audit_seals;
ALTER TABLE audit_log DROP COLUMN client_request_id;
ALTER TABLE audit_log DROP COLUMN txid;
