CREATE TABLE "community_services" (
	"community_id" integer NOT NULL,
	"code" text NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"photo_required" boolean,
	CONSTRAINT "community_services_community_id_code_pk" PRIMARY KEY("community_id","code")
);
--> statement-breakpoint
ALTER TABLE "categories" ADD COLUMN "community_id" integer;--> statement-breakpoint
ALTER TABLE "community_services" ADD CONSTRAINT "community_services_community_id_orgs_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "community_services" ADD CONSTRAINT "community_services_code_categories_code_fk" FOREIGN KEY ("code") REFERENCES "public"."categories"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "categories" ADD CONSTRAINT "categories_community_id_orgs_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;