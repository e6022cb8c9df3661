ALTER TABLE "orders" ADD COLUMN "clock_alert" text;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "clock_due_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "clock_check_at" timestamp with time zone DEFAULT 'epoch';--> statement-breakpoint
CREATE INDEX "orders_clock_check_idx" ON "orders" USING btree ("clock_check_at") WHERE clock_check_at is not null;--> statement-breakpoint
CREATE INDEX "orders_clock_alert_idx" ON "orders" USING btree ("clock_alert","org_path" text_pattern_ops) WHERE clock_alert is not null;--> statement-breakpoint
-- Ended orders have no clock to read: the job's first run reads only those still open.
UPDATE "orders" SET "clock_check_at" = NULL WHERE "status" IN ('closed', 'rejected', 'cancelled', 'merged');
