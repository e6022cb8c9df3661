DROP INDEX "orders_updated_idx";--> statement-breakpoint
DROP INDEX "orders_resident_idx";--> statement-breakpoint
CREATE INDEX "orders_recent_idx" ON "orders" USING btree ("updated_at","id");--> statement-breakpoint
CREATE INDEX "orders_resident_recent_idx" ON "orders" USING btree ("resident_id","updated_at","id");