-- Custom migration: the reason chips of a published instrument are as immutable as its items.
CREATE TRIGGER instrument_reasons_immutable_when_published
	BEFORE INSERT OR UPDATE OR DELETE ON instrument_reasons
	FOR EACH ROW EXECUTE FUNCTION puas_refuse_published_instrument_change();
