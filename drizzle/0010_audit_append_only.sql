-- Custom migration (drizzle-kit generate --custom): the audit log is append-only. A row, once written, is never
-- changed or deleted — what an admin did stays on record, as finalized report snapshots do.
CREATE FUNCTION puas_refuse_audit_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION 'the audit log is append-only: % of entry % refused', TG_OP, OLD.id
		USING ERRCODE = 'integrity_constraint_violation';
END
$$;
--> statement-breakpoint
CREATE TRIGGER audit_log_append_only
	BEFORE UPDATE OR DELETE ON audit_log
	FOR EACH ROW EXECUTE FUNCTION puas_refuse_audit_change();
