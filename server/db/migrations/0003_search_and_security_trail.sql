-- Full-text search over a case's number, title and form data, in French (stemming: "ordinateurs
-- portables" finds "ordinateur portable"). Generated, so no code path can forget to update it.
ALTER TABLE cases ADD COLUMN search tsvector GENERATED ALWAYS AS (
  setweight(to_tsvector('french', registry_number || ' ' || title), 'A')
  || jsonb_to_tsvector('french', coalesce(state -> 'data', '{}'::jsonb), '["string", "numeric"]')
) STORED;
--> statement-breakpoint
CREATE INDEX cases_search ON cases USING gin (search);
--> statement-breakpoint
CREATE INDEX cases_created ON cases (created_at, id);
--> statement-breakpoint
CREATE INDEX tasks_case ON tasks (case_id);
--> statement-breakpoint
-- The security trail is append-only, like the case events.
CREATE TRIGGER security_events_append_only BEFORE UPDATE OR DELETE ON security_events
  FOR EACH ROW EXECUTE FUNCTION events_refuse_change();
