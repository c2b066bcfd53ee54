CREATE TABLE "case_access" (
	"case_id" uuid NOT NULL,
	"reader_id" uuid NOT NULL,
	CONSTRAINT "case_access_case_id_reader_id_pk" PRIMARY KEY("case_id","reader_id")
);
--> statement-breakpoint
DROP INDEX "cases_procedure";--> statement-breakpoint
DROP INDEX "tasks_open_role_unit";--> statement-breakpoint
DROP INDEX "tasks_open_assignee";--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "organisation" text;--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "procedure_id" text;--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "procedure_version" integer;--> statement-breakpoint
-- Existing tasks take their case's organisation and procedure version (new ones: trigger, 0014).
UPDATE "tasks" SET "organisation" = c."organisation", "procedure_id" = c."procedure_id",
  "procedure_version" = c."procedure_version"
FROM "cases" c WHERE c."id" = "tasks"."case_id";--> statement-breakpoint
ALTER TABLE "tasks" ALTER COLUMN "organisation" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "tasks" ALTER COLUMN "procedure_id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "tasks" ALTER COLUMN "procedure_version" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "case_access" ADD CONSTRAINT "case_access_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "case_access_reader" ON "case_access" USING btree ("reader_id","case_id");--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_organisation_organisations_code_fk" FOREIGN KEY ("organisation") REFERENCES "public"."organisations"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "cases_registry_number_prefix" ON "cases" USING btree ("organisation","registry_number" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "cases_procedure_status_created" ON "cases" USING btree ("organisation","procedure_id","status","created_at","id");--> statement-breakpoint
CREATE INDEX "cases_procedure_created" ON "cases" USING btree ("organisation","procedure_id","created_at","id");--> statement-breakpoint
CREATE INDEX "tasks_open_queue" ON "tasks" USING btree ("role_code","unit_id","due_at","created_at","id") WHERE "tasks"."status" = 'open' and "tasks"."assignee_id" is null;--> statement-breakpoint
CREATE INDEX "tasks_open_unit" ON "tasks" USING btree ("unit_id","due_at","created_at","id") WHERE "tasks"."status" = 'open';--> statement-breakpoint
CREATE INDEX "tasks_open_assignee" ON "tasks" USING btree ("assignee_id","due_at","created_at","id") WHERE "tasks"."status" = 'open';