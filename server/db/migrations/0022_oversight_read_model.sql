CREATE TABLE "oversight_cases" (
	"case_id" uuid PRIMARY KEY NOT NULL,
	"organisation" text NOT NULL,
	"procedure_id" text NOT NULL,
	"procedure_version" integer NOT NULL,
	"events_applied" integer NOT NULL,
	"last_activity_at" timestamp with time zone,
	"opened_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"outcome" text
);
--> statement-breakpoint
CREATE TABLE "oversight_months" (
	"organisation" text NOT NULL,
	"procedure_id" text NOT NULL,
	"procedure_version" integer NOT NULL,
	"month" text NOT NULL,
	"opened" integer NOT NULL,
	"closed" integer NOT NULL,
	CONSTRAINT "oversight_months_organisation_procedure_id_procedure_version_month_pk" PRIMARY KEY("organisation","procedure_id","procedure_version","month")
);
--> statement-breakpoint
CREATE TABLE "oversight_progress" (
	"organisation" text PRIMARY KEY NOT NULL,
	"last_event_id" bigint NOT NULL,
	"late_checked_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "oversight_step_counts" (
	"organisation" text NOT NULL,
	"procedure_id" text NOT NULL,
	"procedure_version" integer NOT NULL,
	"step_id" text NOT NULL,
	"waiting" integer NOT NULL,
	"late" integer NOT NULL,
	"done" integer NOT NULL,
	CONSTRAINT "oversight_step_counts_organisation_procedure_id_procedure_version_step_id_pk" PRIMARY KEY("organisation","procedure_id","procedure_version","step_id")
);
--> statement-breakpoint
CREATE TABLE "oversight_steps" (
	"case_id" uuid NOT NULL,
	"entered_seq" integer NOT NULL,
	"organisation" text NOT NULL,
	"procedure_id" text NOT NULL,
	"procedure_version" integer NOT NULL,
	"step_id" text NOT NULL,
	"token_id" text NOT NULL,
	"entered_at" timestamp with time zone NOT NULL,
	"due_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"finished_by" uuid,
	"ending" text,
	"outcome" text,
	"working_days" integer,
	"waiting_days" integer NOT NULL,
	"on_time" boolean,
	CONSTRAINT "oversight_steps_case_id_entered_seq_pk" PRIMARY KEY("case_id","entered_seq")
);
--> statement-breakpoint
ALTER TABLE "oversight_cases" ADD CONSTRAINT "oversight_cases_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "oversight_cases" ADD CONSTRAINT "oversight_cases_organisation_organisations_code_fk" FOREIGN KEY ("organisation") REFERENCES "public"."organisations"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "oversight_months" ADD CONSTRAINT "oversight_months_organisation_organisations_code_fk" FOREIGN KEY ("organisation") REFERENCES "public"."organisations"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "oversight_progress" ADD CONSTRAINT "oversight_progress_organisation_organisations_code_fk" FOREIGN KEY ("organisation") REFERENCES "public"."organisations"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "oversight_step_counts" ADD CONSTRAINT "oversight_step_counts_organisation_organisations_code_fk" FOREIGN KEY ("organisation") REFERENCES "public"."organisations"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "oversight_steps" ADD CONSTRAINT "oversight_steps_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "oversight_steps" ADD CONSTRAINT "oversight_steps_organisation_organisations_code_fk" FOREIGN KEY ("organisation") REFERENCES "public"."organisations"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "oversight_cases_procedure" ON "oversight_cases" USING btree ("organisation","procedure_id","procedure_version");--> statement-breakpoint
CREATE INDEX "oversight_steps_finished" ON "oversight_steps" USING btree ("organisation","procedure_id","procedure_version","step_id","finished_at") WHERE "oversight_steps"."finished_at" is not null;--> statement-breakpoint
CREATE INDEX "oversight_steps_open_due" ON "oversight_steps" USING btree ("organisation","due_at") WHERE "oversight_steps"."finished_at" is null;--> statement-breakpoint
CREATE INDEX "oversight_steps_open_case" ON "oversight_steps" USING btree ("case_id") WHERE "oversight_steps"."finished_at" is null;