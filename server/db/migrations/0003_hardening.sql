CREATE TABLE "uploads" (
	"key" text PRIMARY KEY NOT NULL,
	"uploader_id" integer NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "uploads" ADD CONSTRAINT "uploads_uploader_id_users_id_fk" FOREIGN KEY ("uploader_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "orders_queue_hall_idx" ON "orders" USING btree ((case urgency when 'emergency' then 0 when 'urgent' then 1 when 'normal' then 2 end),"created_at","id") WHERE status = 'open';--> statement-breakpoint
CREATE INDEX "orders_queue_inbox_idx" ON "orders" USING btree ((case urgency when 'emergency' then 0 when 'urgent' then 1 when 'normal' then 2 end),"created_at","id") WHERE status in ('submitted', 'reopened');