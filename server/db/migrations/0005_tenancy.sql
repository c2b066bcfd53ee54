ALTER TABLE "cases" DROP CONSTRAINT "cases_registry_number_unique";--> statement-breakpoint
ALTER TABLE "users" DROP CONSTRAINT "users_matricule_unique";--> statement-breakpoint
DROP INDEX "cases_procedure";--> statement-breakpoint
ALTER TABLE "procedure_definitions" DROP CONSTRAINT "procedure_definitions_id_version_pk";--> statement-breakpoint
ALTER TABLE "registry_counters" DROP CONSTRAINT "registry_counters_procedure_id_year_pk";--> statement-breakpoint
ALTER TABLE "cases" ALTER COLUMN "requester_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "procedure_definitions" ADD CONSTRAINT "procedure_definitions_organisation_id_version_pk" PRIMARY KEY("organisation","id","version");--> statement-breakpoint
ALTER TABLE "attachments" ADD COLUMN "organisation" text;--> statement-breakpoint
UPDATE "attachments" a SET "organisation" = coalesce((SELECT c."organisation" FROM "cases" c WHERE c."id" = a."case_id"), (SELECT u."organisation" FROM "users" u WHERE u."id" = a."uploaded_by"));--> statement-breakpoint
ALTER TABLE "attachments" ALTER COLUMN "organisation" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "external_requester" jsonb;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "tracking_secret_hash" text;--> statement-breakpoint
ALTER TABLE "comments" ADD COLUMN "organisation" text;--> statement-breakpoint
UPDATE "comments" x SET "organisation" = (SELECT c."organisation" FROM "cases" c WHERE c."id" = x."case_id");--> statement-breakpoint
ALTER TABLE "comments" ALTER COLUMN "organisation" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "organisation" text;--> statement-breakpoint
ALTER TABLE "events" DISABLE TRIGGER "events_append_only";--> statement-breakpoint
UPDATE "events" e SET "organisation" = (SELECT c."organisation" FROM "cases" c WHERE c."id" = e."case_id");--> statement-breakpoint
ALTER TABLE "events" ENABLE TRIGGER "events_append_only";--> statement-breakpoint
ALTER TABLE "events" ALTER COLUMN "organisation" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "organisation" text;--> statement-breakpoint
UPDATE "notifications" n SET "organisation" = (SELECT u."organisation" FROM "users" u WHERE u."id" = n."user_id");--> statement-breakpoint
ALTER TABLE "notifications" ALTER COLUMN "organisation" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "revision" uuid DEFAULT gen_random_uuid() NOT NULL;--> statement-breakpoint
ALTER TABLE "registry_counters" ADD COLUMN "organisation" text;--> statement-breakpoint
UPDATE "registry_counters" r SET "organisation" = (SELECT min(d."organisation") FROM "procedure_definitions" d WHERE d."id" = r."procedure_id");--> statement-breakpoint
ALTER TABLE "registry_counters" ALTER COLUMN "organisation" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_organisation_organisations_code_fk" FOREIGN KEY ("organisation") REFERENCES "public"."organisations"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attachments" ADD CONSTRAINT "attachments_organisation_organisations_code_fk" FOREIGN KEY ("organisation") REFERENCES "public"."organisations"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calendar_closures" ADD CONSTRAINT "calendar_closures_organisation_organisations_code_fk" FOREIGN KEY ("organisation") REFERENCES "public"."organisations"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_organisation_organisations_code_fk" FOREIGN KEY ("organisation") REFERENCES "public"."organisations"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "comments" ADD CONSTRAINT "comments_organisation_organisations_code_fk" FOREIGN KEY ("organisation") REFERENCES "public"."organisations"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "delegations" ADD CONSTRAINT "delegations_organisation_organisations_code_fk" FOREIGN KEY ("organisation") REFERENCES "public"."organisations"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "events" ADD CONSTRAINT "events_organisation_organisations_code_fk" FOREIGN KEY ("organisation") REFERENCES "public"."organisations"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_organisation_organisations_code_fk" FOREIGN KEY ("organisation") REFERENCES "public"."organisations"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "org_units" ADD CONSTRAINT "org_units_organisation_organisations_code_fk" FOREIGN KEY ("organisation") REFERENCES "public"."organisations"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "procedure_definitions" ADD CONSTRAINT "procedure_definitions_organisation_organisations_code_fk" FOREIGN KEY ("organisation") REFERENCES "public"."organisations"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "procedure_overseers" ADD CONSTRAINT "procedure_overseers_organisation_organisations_code_fk" FOREIGN KEY ("organisation") REFERENCES "public"."organisations"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry_counters" ADD CONSTRAINT "registry_counters_organisation_organisations_code_fk" FOREIGN KEY ("organisation") REFERENCES "public"."organisations"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "roles" ADD CONSTRAINT "roles_organisation_organisations_code_fk" FOREIGN KEY ("organisation") REFERENCES "public"."organisations"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_organisation_organisations_code_fk" FOREIGN KEY ("organisation") REFERENCES "public"."organisations"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "cases_procedure" ON "cases" USING btree ("organisation","procedure_id","status");--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_tracking_secret_hash_unique" UNIQUE("tracking_secret_hash");--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_organisation_registry_number" UNIQUE("organisation","registry_number");--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_organisation_matricule" UNIQUE("organisation","matricule");--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_has_requester" CHECK ("cases"."requester_id" is not null or "cases"."external_requester" is not null);
--> statement-breakpoint
ALTER TABLE "registry_counters" ADD CONSTRAINT "registry_counters_organisation_procedure_id_year_pk" PRIMARY KEY("organisation","procedure_id","year");--> statement-breakpoint
-- What app servers cache of an organisation (units, people, memberships, delegations, closures) is
-- valid while its revision is unchanged: every change of those rows bumps it, in the same transaction.
CREATE FUNCTION organisation_touch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    UPDATE organisations SET revision = gen_random_uuid() WHERE code = OLD.organisation;
  END IF;
  IF TG_OP <> 'DELETE' THEN
    UPDATE organisations SET revision = gen_random_uuid() WHERE code = NEW.organisation;
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
-- Memberships carry no organisation: their person's is the one touched.
CREATE FUNCTION organisation_touch_by_user() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    UPDATE organisations SET revision = gen_random_uuid()
      WHERE code = (SELECT u.organisation FROM users u WHERE u.id = OLD.user_id);
  END IF;
  IF TG_OP <> 'DELETE' THEN
    UPDATE organisations SET revision = gen_random_uuid()
      WHERE code = (SELECT u.organisation FROM users u WHERE u.id = NEW.user_id);
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER org_units_touch AFTER INSERT OR UPDATE OR DELETE ON org_units FOR EACH ROW EXECUTE FUNCTION organisation_touch();
--> statement-breakpoint
CREATE TRIGGER roles_touch AFTER INSERT OR UPDATE OR DELETE ON roles FOR EACH ROW EXECUTE FUNCTION organisation_touch();
--> statement-breakpoint
CREATE TRIGGER calendar_closures_touch AFTER INSERT OR UPDATE OR DELETE ON calendar_closures FOR EACH ROW EXECUTE FUNCTION organisation_touch();
--> statement-breakpoint
CREATE TRIGGER delegations_touch AFTER INSERT OR UPDATE OR DELETE ON delegations FOR EACH ROW EXECUTE FUNCTION organisation_touch();
--> statement-breakpoint
CREATE TRIGGER memberships_touch AFTER INSERT OR UPDATE OR DELETE ON memberships FOR EACH ROW EXECUTE FUNCTION organisation_touch_by_user();
--> statement-breakpoint
-- Not on every column: sign-ins write failure counters and locks, which no cache holds.
CREATE TRIGGER users_touch AFTER INSERT OR DELETE OR UPDATE OF organisation, unit_id, active, name, email, phone ON users FOR EACH ROW EXECUTE FUNCTION organisation_touch();
--> statement-breakpoint
CREATE FUNCTION organisation_calendar_touch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.calendar IS DISTINCT FROM NEW.calendar THEN
    NEW.revision := gen_random_uuid();
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER organisations_calendar_touch BEFORE UPDATE OF calendar ON organisations FOR EACH ROW EXECUTE FUNCTION organisation_calendar_touch();
