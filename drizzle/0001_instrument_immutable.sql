-- Custom migration (drizzle-kit generate --custom): a published instrument version is immutable, because
-- responses store their answers by item position in that version. Drafts stay editable.
CREATE FUNCTION puas_refuse_published_instrument_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_TABLE_NAME = 'instruments' THEN
		IF OLD.status = 'published' THEN
			RAISE EXCEPTION 'instrument % version % is published and cannot be changed', OLD.code, OLD.version
				USING ERRCODE = 'integrity_constraint_violation';
		END IF;
	ELSIF EXISTS (
		SELECT 1 FROM instruments
		WHERE status = 'published'
			AND id IN (
				CASE WHEN TG_OP = 'INSERT' THEN NULL ELSE OLD.instrument_id END,
				CASE WHEN TG_OP = 'DELETE' THEN NULL ELSE NEW.instrument_id END
			)
	) THEN
		RAISE EXCEPTION 'the items of a published instrument cannot be changed'
			USING ERRCODE = 'integrity_constraint_violation';
	END IF;
	RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END
$$;
--> statement-breakpoint
CREATE TRIGGER instruments_immutable_when_published
	BEFORE UPDATE OR DELETE ON instruments
	FOR EACH ROW EXECUTE FUNCTION puas_refuse_published_instrument_change();
--> statement-breakpoint
CREATE TRIGGER instrument_items_immutable_when_published
	BEFORE INSERT OR UPDATE OR DELETE ON instrument_items
	FOR EACH ROW EXECUTE FUNCTION puas_refuse_published_instrument_change();
--> statement-breakpoint
CREATE TRIGGER instrument_reasons_immutable_when_published
	BEFORE INSERT OR UPDATE OR DELETE ON instrument_reasons
	FOR EACH ROW EXECUTE FUNCTION puas_refuse_published_instrument_change();
