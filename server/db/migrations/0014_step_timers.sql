CREATE TABLE "step_timers" (
	"organisation" text NOT NULL,
	"case_id" uuid NOT NULL,
	"token_id" text NOT NULL,
	"step_id" text NOT NULL,
	"stage" integer DEFAULT 0 NOT NULL,
	"next_at" timestamp with time zone,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "step_timers_case_id_token_id_pk" PRIMARY KEY("case_id","token_id")
);
--> statement-breakpoint
ALTER TABLE "step_timers" ADD CONSTRAINT "step_timers_organisation_organisations_code_fk" FOREIGN KEY ("organisation") REFERENCES "public"."organisations"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "step_timers" ADD CONSTRAINT "step_timers_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "step_timers_due" ON "step_timers" USING btree ("organisation","next_at") WHERE "step_timers"."next_at" is not null;