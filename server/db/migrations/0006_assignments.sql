CREATE TABLE "order_assignments" (
	"id" serial PRIMARY KEY NOT NULL,
	"order_id" integer NOT NULL,
	"slot_id" integer NOT NULL,
	"user_id" integer NOT NULL,
	"status" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "order_slots" (
	"id" serial PRIMARY KEY NOT NULL,
	"order_id" integer NOT NULL,
	"kind" text NOT NULL,
	"headcount" integer NOT NULL,
	"team_id" integer,
	"work_unit_id" integer,
	"skill" text,
	"opened_at" timestamp with time zone NOT NULL,
	"closed_at" timestamp with time zone,
	CONSTRAINT "order_slots_headcount" CHECK ("order_slots"."headcount" between 1 and 20)
);
--> statement-breakpoint
DROP INDEX "orders_queue_hall_idx";--> statement-breakpoint
ALTER TABLE "order_events" ADD COLUMN "payload" jsonb;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "hall_places" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "order_assignments" ADD CONSTRAINT "order_assignments_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_assignments" ADD CONSTRAINT "order_assignments_slot_id_order_slots_id_fk" FOREIGN KEY ("slot_id") REFERENCES "public"."order_slots"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_assignments" ADD CONSTRAINT "order_assignments_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_slots" ADD CONSTRAINT "order_slots_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_slots" ADD CONSTRAINT "order_slots_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_slots" ADD CONSTRAINT "order_slots_work_unit_id_orgs_id_fk" FOREIGN KEY ("work_unit_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "order_assignments_order_idx" ON "order_assignments" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "order_assignments_user_idx" ON "order_assignments" USING btree ("user_id","order_id");--> statement-breakpoint
CREATE UNIQUE INDEX "order_assignments_live_idx" ON "order_assignments" USING btree ("slot_id","user_id") WHERE status in ('invited', 'joined', 'started', 'done');--> statement-breakpoint
CREATE INDEX "order_slots_order_idx" ON "order_slots" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "orders_queue_hall_idx" ON "orders" USING btree ((case urgency when 'emergency' then 0 when 'urgent' then 1 when 'normal' then 2 end),"created_at","id") WHERE hall_places > 0;--> statement-breakpoint
-- Carry the single responder over: a dispatched order gets one `person` slot, a published or
-- claimed one a `hall` slot, and the assignee or taker a part in it matching the order's status.
INSERT INTO "order_slots" ("order_id", "kind", "headcount", "opened_at", "closed_at")
SELECT "id", CASE WHEN "assignee_id" IS NOT NULL THEN 'person' ELSE 'hall' END, 1, "updated_at",
       CASE WHEN "status" IN ('cancelled', 'rejected') THEN "updated_at" END
FROM "orders" WHERE "assignee_id" IS NOT NULL OR "taker_id" IS NOT NULL OR "status" = 'open';--> statement-breakpoint
INSERT INTO "order_assignments" ("order_id", "slot_id", "user_id", "status", "created_at", "updated_at")
SELECT o."id", s."id", coalesce(o."taker_id", o."assignee_id"),
       CASE WHEN o."taker_id" IS NULL AND o."status" = 'assigned' THEN 'invited'
            WHEN o."taker_id" IS NULL THEN 'withdrawn'
            WHEN o."status" = 'accepted' THEN 'joined'
            WHEN o."status" = 'in_progress' THEN 'started'
            WHEN o."status" IN ('completed', 'closed') THEN 'done'
            ELSE 'withdrawn' END,
       o."updated_at", o."updated_at"
FROM "orders" o JOIN "order_slots" s ON s."order_id" = o."id"
WHERE o."assignee_id" IS NOT NULL OR o."taker_id" IS NOT NULL;--> statement-breakpoint
UPDATE "orders" SET "hall_places" = 1 WHERE "status" = 'open';
