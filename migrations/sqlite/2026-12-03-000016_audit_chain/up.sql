-- A verifiable audit trail (issue 17): see the PostgreSQL migration. SQLite has one writer, so
-- commit order is id order and txid is always 0.
ALTER TABLE audit_log ADD COLUMN txid BIGINT NOT NULL DEFAULT 0;
ALTER TABLE audit_log ADD COLUMN client_request_id TEXT;

CREATE TABLE audit_seals (
    position    BIGINT PRIMARY KEY,
    entry_id    BIGINT NOT NULL UNIQUE,
    entry_txid  BIGINT NOT NULL,
    entry_hash  TEXT NOT NULL,
    chain_hash  TEXT NOT NULL,
    sealed_at   TIMESTAMP NOT NULL
);
CREATE TRIGGER audit_seals_no_update BEFORE UPDATE ON audit_seals
BEGIN
    SELECT RAISE(ABORT, 'audit_seals is append-only');
END;
CREATE TRIGGER audit_seals_no_delete BEFORE DELETE ON audit_seals
BEGIN
    SELECT RAISE(ABORT, 'audit_seals is append-only');
END;

ALTER TABLE breach_determinations ADD COLUMN determining_org_name TEXT NOT NULL DEFAULT '';
ALTER TABLE breach_determinations ADD COLUMN determining_org_uscc TEXT NOT NULL DEFAULT '';
UPDATE breach_determinations SET
    determining_org_name = COALESCE((SELECT name FROM organisations o WHERE o.id = breach_determinations.determining_org_id), ''),
    determining_org_uscc = COALESCE((SELECT uscc FROM organisations o WHERE o.id = breach_determinations.determining_org_id), '');
