CREATE TABLE "clock_targets" (
	"community_id" integer NOT NULL,
	"category_code" text NOT NULL,
	"urgency" text NOT NULL,
	"response_minutes" integer NOT NULL,
	"completion_minutes" integer NOT NULL,
	"updated_by" integer NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "clock_targets_community_id_category_code_urgency_pk" PRIMARY KEY("community_id","category_code","urgency")
);
--> statement-breakpoint
ALTER TABLE "clock_targets" ADD CONSTRAINT "clock_targets_community_id_orgs_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "clock_targets" ADD CONSTRAINT "clock_targets_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;