CREATE TABLE "task_candidates" (
	"task_id" uuid NOT NULL,
	"role_code" text NOT NULL,
	"unit_id" uuid
);
--> statement-breakpoint
ALTER TABLE "task_candidates" ADD CONSTRAINT "task_candidates_task_id_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."tasks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_candidates" ADD CONSTRAINT "task_candidates_unit_id_org_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "task_candidates_task" ON "task_candidates" USING btree ("task_id");--> statement-breakpoint
CREATE INDEX "task_candidates_role_unit" ON "task_candidates" USING btree ("role_code","unit_id");