-- The organisation's directory that app servers keep in memory (organisationDirectory.ts) now also
-- holds the administrators' flag, each person's e-mail preference and the active webhooks, so that
-- a transition reads none of them: a change of any of those rows renews the revision too.
DROP TRIGGER users_touch ON users;
--> statement-breakpoint
CREATE TRIGGER users_touch AFTER INSERT OR DELETE OR UPDATE OF organisation, unit_id, active, name, email, phone, is_admin ON users FOR EACH ROW EXECUTE FUNCTION organisation_touch();
--> statement-breakpoint
CREATE TRIGGER notification_preferences_touch AFTER INSERT OR UPDATE OR DELETE ON notification_preferences FOR EACH ROW EXECUTE FUNCTION organisation_touch_by_user();
--> statement-breakpoint
-- Not on the failure counter: a failing receiver must not make every server reload.
CREATE TRIGGER webhook_subscriptions_touch AFTER INSERT OR DELETE OR UPDATE OF organisation, event_types, active ON webhook_subscriptions FOR EACH ROW EXECUTE FUNCTION organisation_touch();
