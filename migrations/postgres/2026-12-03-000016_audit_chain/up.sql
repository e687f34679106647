-- A verifiable audit trail (issue 17). The append-only triggers stop an application, not a
-- database administrator; so each entry is sealed into a hash chain: its content hash, and a
-- chain hash over the previous seal's, in commit order. Editing, deleting or reordering an entry
-- breaks the chain from there on, and an exported head proves nothing before it changed.
--
-- Sealing runs after commit (one replica at a time), in the order transactions committed:
-- txid, as the event feed uses it, so a long transaction never leaves a hole behind the head.
ALTER TABLE audit_log ADD COLUMN txid BIGINT NOT NULL DEFAULT (pg_current_xact_id()::text::bigint);
-- The client's own x-request-id, kept beside lvyue's (never in its place).
ALTER TABLE audit_log ADD COLUMN client_request_id TEXT;
CREATE INDEX audit_log_chain ON audit_log (txid, id);

CREATE TABLE audit_seals (
    position    BIGINT PRIMARY KEY,
    entry_id    BIGINT NOT NULL UNIQUE,
    entry_txid  BIGINT NOT NULL,
    entry_hash  TEXT NOT NULL,
    chain_hash  TEXT NOT NULL,
    sealed_at   TIMESTAMP NOT NULL
);
CREATE TRIGGER audit_seals_no_change BEFORE UPDATE OR DELETE ON audit_seals
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_seals_no_truncate BEFORE TRUNCATE ON audit_seals
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();

-- A determination keeps the determining body's name and code as they were when it was made:
-- renaming an organisation must not rewrite history.
ALTER TABLE breach_determinations ADD COLUMN determining_org_name TEXT NOT NULL DEFAULT '';
ALTER TABLE breach_determinations ADD COLUMN determining_org_uscc TEXT NOT NULL DEFAULT '';
UPDATE breach_determinations SET
    determining_org_name = COALESCE((SELECT name FROM organisations o WHERE o.id = breach_determinations.determining_org_id), ''),
    determining_org_uscc = COALESCE((SELECT uscc FROM organisations o WHERE o.id = breach_determinations.determining_org_id), '');
