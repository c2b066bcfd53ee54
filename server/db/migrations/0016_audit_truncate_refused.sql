-- TRUNCATE fires no row trigger: without a statement trigger, `TRUNCATE security_events` empties
-- an append-only trail and the emptied chain still verifies. Refused on every audit table.
CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events
  FOR EACH STATEMENT EXECUTE FUNCTION events_refuse_change();
--> statement-breakpoint
CREATE TRIGGER security_events_no_truncate BEFORE TRUNCATE ON security_events
  FOR EACH STATEMENT EXECUTE FUNCTION events_refuse_change();
--> statement-breakpoint
CREATE TRIGGER register_entry_events_no_truncate BEFORE TRUNCATE ON register_entry_events
  FOR EACH STATEMENT EXECUTE FUNCTION events_refuse_change();
--> statement-breakpoint
-- The checkpoints themselves are append-only too.
CREATE TRIGGER audit_checkpoints_append_only BEFORE UPDATE OR DELETE ON audit_checkpoints
  FOR EACH ROW EXECUTE FUNCTION events_refuse_change();
--> statement-breakpoint
CREATE TRIGGER audit_checkpoints_no_truncate BEFORE TRUNCATE ON audit_checkpoints
  FOR EACH STATEMENT EXECUTE FUNCTION events_refuse_change();
