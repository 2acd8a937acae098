-- Custom migration (drizzle-kit generate --custom): a finalized report never changes. Its figures, scope, period
-- and cut-off are frozen under their SHA-256; only publishing it (published, published_at) may change, and it is
-- never deleted.
CREATE FUNCTION puas_refuse_snapshot_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'DELETE' THEN
		RAISE EXCEPTION 'report snapshot % is finalized and cannot be deleted', OLD.hash
			USING ERRCODE = 'integrity_constraint_violation';
	END IF;
	IF (NEW.hash, NEW.mall_id, NEW.scope_type, NEW.scope_id, NEW.agency_id, NEW.period_kind, NEW.period_value,
			NEW.period_from, NEW.period_to, NEW.received_by, NEW.canonical, NEW.finalized_by, NEW.finalized_at)
		IS DISTINCT FROM (OLD.hash, OLD.mall_id, OLD.scope_type, OLD.scope_id, OLD.agency_id, OLD.period_kind, OLD.period_value,
			OLD.period_from, OLD.period_to, OLD.received_by, OLD.canonical, OLD.finalized_by, OLD.finalized_at) THEN
		RAISE EXCEPTION 'report snapshot % is finalized: only its publication may change', OLD.hash
			USING ERRCODE = 'integrity_constraint_violation';
	END IF;
	RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER report_snapshots_immutable
	BEFORE UPDATE OR DELETE ON report_snapshots
	FOR EACH ROW EXECUTE FUNCTION puas_refuse_snapshot_change();
