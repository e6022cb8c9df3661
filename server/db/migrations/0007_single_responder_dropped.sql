ALTER TABLE "orders" DROP CONSTRAINT "orders_assignee_id_users_id_fk";
--> statement-breakpoint
ALTER TABLE "orders" DROP CONSTRAINT "orders_taker_id_users_id_fk";
--> statement-breakpoint
DROP INDEX "orders_taker_idx";--> statement-breakpoint
DROP INDEX "orders_assignee_idx";--> statement-breakpoint
ALTER TABLE "orders" DROP COLUMN "assignee_id";--> statement-breakpoint
ALTER TABLE "orders" DROP COLUMN "taker_id";