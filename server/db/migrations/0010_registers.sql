CREATE TABLE "register_definitions" (
	"organisation" text NOT NULL,
	"id" text NOT NULL,
	"title" text NOT NULL,
	"definition" jsonb NOT NULL,
	"content_hash" text NOT NULL,
	"loaded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "register_definitions_organisation_id_pk" PRIMARY KEY("organisation","id")
);
--> statement-breakpoint
CREATE TABLE "register_disposals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation" text NOT NULL,
	"register_id" text NOT NULL,
	"disposal" text NOT NULL,
	"entry_ids" jsonb NOT NULL,
	"approved_by" uuid NOT NULL,
	"approved_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "register_entries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation" text NOT NULL,
	"register_id" text NOT NULL,
	"number" text NOT NULL,
	"state" text,
	"data" jsonb NOT NULL,
	"search_text" text NOT NULL,
	"head_hash" text NOT NULL,
	"event_count" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"disposed_at" timestamp with time zone,
	"disposal" text,
	CONSTRAINT "register_entries_number" UNIQUE("organisation","register_id","number")
);
--> statement-breakpoint
CREATE TABLE "register_entry_cases" (
	"entry_id" uuid NOT NULL,
	"case_id" uuid NOT NULL,
	"step_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "register_entry_cases_entry_id_case_id_step_id_pk" PRIMARY KEY("entry_id","case_id","step_id")
);
--> statement-breakpoint
CREATE TABLE "register_entry_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"entry_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"type" text NOT NULL,
	"actor_user_id" uuid,
	"case_id" uuid,
	"payload" jsonb NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL,
	CONSTRAINT "register_entry_events_seq" UNIQUE("entry_id","seq")
);
--> statement-breakpoint
CREATE TABLE "stock_movements" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"entry_id" uuid NOT NULL,
	"field" text NOT NULL,
	"kind" text NOT NULL,
	"quantity" integer NOT NULL,
	"reason" text,
	"case_id" uuid,
	"actor_user_id" uuid,
	"occurred_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "register_disposals" ADD CONSTRAINT "register_disposals_approved_by_users_id_fk" FOREIGN KEY ("approved_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "register_entry_cases" ADD CONSTRAINT "register_entry_cases_entry_id_register_entries_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."register_entries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "register_entry_cases" ADD CONSTRAINT "register_entry_cases_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "register_entry_events" ADD CONSTRAINT "register_entry_events_entry_id_register_entries_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."register_entries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_movements" ADD CONSTRAINT "stock_movements_entry_id_register_entries_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."register_entries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "register_entries_list" ON "register_entries" USING btree ("organisation","register_id","created_at","id");--> statement-breakpoint
CREATE INDEX "register_entries_state" ON "register_entries" USING btree ("organisation","register_id","state","created_at","id");--> statement-breakpoint
CREATE INDEX "register_entries_data" ON "register_entries" USING gin ("data" jsonb_path_ops);--> statement-breakpoint
CREATE INDEX "register_entries_search" ON "register_entries" USING gin (to_tsvector('simple', "search_text"));--> statement-breakpoint
CREATE INDEX "register_entry_cases_case" ON "register_entry_cases" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "stock_movements_entry" ON "stock_movements" USING btree ("entry_id","field");