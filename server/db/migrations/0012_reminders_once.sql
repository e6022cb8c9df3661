ALTER TABLE "outbox" ADD COLUMN "once_key" text;--> statement-breakpoint
CREATE UNIQUE INDEX "outbox_once_idx" ON "outbox" USING btree ("once_key") WHERE once_key is not null;