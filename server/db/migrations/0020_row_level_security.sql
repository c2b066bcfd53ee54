-- Row-level security: a second wall behind the query layer. Every operation (a request's or a
-- job's transaction, server/context/operationContext.ts) switches to the role logigramme_tenant
-- and names its organisation in logigramme.organisation; these policies then hide and refuse any
-- row of another organisation, even to a query that forgot to name it. Outside an operation (the
-- migrator, the catalog loader, sign-in) the connecting role, owner of the tables, is not bound.
-- The role is cluster-wide: created once, by whichever database migrates first. A migration user
-- without CREATEROLE needs a DBA to create it first (see docs/DECISIONS.md).
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'logigramme_tenant') THEN
    BEGIN
      CREATE ROLE logigramme_tenant NOLOGIN;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN
      NULL; -- another database of the cluster created it at the same moment
    END;
  END IF;
  -- The connecting role must be able to SET ROLE to it (a superuser always can).
  IF NOT pg_has_role(current_user, 'logigramme_tenant', 'MEMBER') THEN
    EXECUTE format('GRANT logigramme_tenant TO %I', current_user);
  END IF;
END
$$;
--> statement-breakpoint
GRANT USAGE ON SCHEMA public TO logigramme_tenant;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO logigramme_tenant;
--> statement-breakpoint
GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO logigramme_tenant;
--> statement-breakpoint
-- Tables the later migrations create are granted too.
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO logigramme_tenant;
--> statement-breakpoint
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO logigramme_tenant;
--> statement-breakpoint
ALTER TABLE "org_units" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY "org_units_tenant" ON "org_units" TO logigramme_tenant
  USING (organisation = current_setting('logigramme.organisation', true))
  WITH CHECK (organisation = current_setting('logigramme.organisation', true));
--> statement-breakpoint
ALTER TABLE "roles" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY "roles_tenant" ON "roles" TO logigramme_tenant
  USING (organisation = current_setting('logigramme.organisation', true))
  WITH CHECK (organisation = current_setting('logigramme.organisation', true));
--> statement-breakpoint
ALTER TABLE "users" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY "users_tenant" ON "users" TO logigramme_tenant
  USING (organisation = current_setting('logigramme.organisation', true))
  WITH CHECK (organisation = current_setting('logigramme.organisation', true));
--> statement-breakpoint
ALTER TABLE "calendar_closures" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY "calendar_closures_tenant" ON "calendar_closures" TO logigramme_tenant
  USING (organisation = current_setting('logigramme.organisation', true))
  WITH CHECK (organisation = current_setting('logigramme.organisation', true));
--> statement-breakpoint
ALTER TABLE "procedure_definitions" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY "procedure_definitions_tenant" ON "procedure_definitions" TO logigramme_tenant
  USING (organisation = current_setting('logigramme.organisation', true))
  WITH CHECK (organisation = current_setting('logigramme.organisation', true));
--> statement-breakpoint
ALTER TABLE "cases" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY "cases_tenant" ON "cases" TO logigramme_tenant
  USING (organisation = current_setting('logigramme.organisation', true))
  WITH CHECK (organisation = current_setting('logigramme.organisation', true));
--> statement-breakpoint
ALTER TABLE "tasks" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY "tasks_tenant" ON "tasks" TO logigramme_tenant
  USING (organisation = current_setting('logigramme.organisation', true))
  WITH CHECK (organisation = current_setting('logigramme.organisation', true));
--> statement-breakpoint
ALTER TABLE "events" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY "events_tenant" ON "events" TO logigramme_tenant
  USING (organisation = current_setting('logigramme.organisation', true))
  WITH CHECK (organisation = current_setting('logigramme.organisation', true));
--> statement-breakpoint
ALTER TABLE "registry_counters" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY "registry_counters_tenant" ON "registry_counters" TO logigramme_tenant
  USING (organisation = current_setting('logigramme.organisation', true))
  WITH CHECK (organisation = current_setting('logigramme.organisation', true));
--> statement-breakpoint
ALTER TABLE "attachments" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY "attachments_tenant" ON "attachments" TO logigramme_tenant
  USING (organisation = current_setting('logigramme.organisation', true))
  WITH CHECK (organisation = current_setting('logigramme.organisation', true));
--> statement-breakpoint
ALTER TABLE "comments" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY "comments_tenant" ON "comments" TO logigramme_tenant
  USING (organisation = current_setting('logigramme.organisation', true))
  WITH CHECK (organisation = current_setting('logigramme.organisation', true));
--> statement-breakpoint
ALTER TABLE "delegations" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY "delegations_tenant" ON "delegations" TO logigramme_tenant
  USING (organisation = current_setting('logigramme.organisation', true))
  WITH CHECK (organisation = current_setting('logigramme.organisation', true));
--> statement-breakpoint
ALTER TABLE "procedure_overseers" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY "procedure_overseers_tenant" ON "procedure_overseers" TO logigramme_tenant
  USING (organisation = current_setting('logigramme.organisation', true))
  WITH CHECK (organisation = current_setting('logigramme.organisation', true));
--> statement-breakpoint
ALTER TABLE "notifications" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY "notifications_tenant" ON "notifications" TO logigramme_tenant
  USING (organisation = current_setting('logigramme.organisation', true))
  WITH CHECK (organisation = current_setting('logigramme.organisation', true));
--> statement-breakpoint
ALTER TABLE "webhook_subscriptions" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY "webhook_subscriptions_tenant" ON "webhook_subscriptions" TO logigramme_tenant
  USING (organisation = current_setting('logigramme.organisation', true))
  WITH CHECK (organisation = current_setting('logigramme.organisation', true));
--> statement-breakpoint
ALTER TABLE "issued_documents" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY "issued_documents_tenant" ON "issued_documents" TO logigramme_tenant
  USING (organisation = current_setting('logigramme.organisation', true))
  WITH CHECK (organisation = current_setting('logigramme.organisation', true));
--> statement-breakpoint
ALTER TABLE "step_timers" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY "step_timers_tenant" ON "step_timers" TO logigramme_tenant
  USING (organisation = current_setting('logigramme.organisation', true))
  WITH CHECK (organisation = current_setting('logigramme.organisation', true));
--> statement-breakpoint
ALTER TABLE "portal_messages" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY "portal_messages_tenant" ON "portal_messages" TO logigramme_tenant
  USING (organisation = current_setting('logigramme.organisation', true))
  WITH CHECK (organisation = current_setting('logigramme.organisation', true));
--> statement-breakpoint
ALTER TABLE "portal_ratings" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY "portal_ratings_tenant" ON "portal_ratings" TO logigramme_tenant
  USING (organisation = current_setting('logigramme.organisation', true))
  WITH CHECK (organisation = current_setting('logigramme.organisation', true));
--> statement-breakpoint
ALTER TABLE "register_definitions" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY "register_definitions_tenant" ON "register_definitions" TO logigramme_tenant
  USING (organisation = current_setting('logigramme.organisation', true))
  WITH CHECK (organisation = current_setting('logigramme.organisation', true));
--> statement-breakpoint
ALTER TABLE "register_entries" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY "register_entries_tenant" ON "register_entries" TO logigramme_tenant
  USING (organisation = current_setting('logigramme.organisation', true))
  WITH CHECK (organisation = current_setting('logigramme.organisation', true));
--> statement-breakpoint
ALTER TABLE "register_disposals" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY "register_disposals_tenant" ON "register_disposals" TO logigramme_tenant
  USING (organisation = current_setting('logigramme.organisation', true))
  WITH CHECK (organisation = current_setting('logigramme.organisation', true));
