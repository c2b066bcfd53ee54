-- A register entry's history is append-only, like case events: the same trigger function.
CREATE TRIGGER register_entry_events_append_only BEFORE UPDATE OR DELETE ON register_entry_events
  FOR EACH ROW EXECUTE FUNCTION events_refuse_change();
