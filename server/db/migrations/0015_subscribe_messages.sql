CREATE TABLE "subscriptions" (
	"user_id" integer NOT NULL,
	"template_id" text NOT NULL,
	"remaining" integer NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "subscriptions_user_id_template_id_pk" PRIMARY KEY("user_id","template_id"),
	CONSTRAINT "subscriptions_remaining_range" CHECK ("subscriptions"."remaining" >= 0)
);
--> statement-breakpoint
CREATE TABLE "wechat_pushes" (
	"id" serial PRIMARY KEY NOT NULL,
	"message_id" integer NOT NULL,
	"openid" text NOT NULL,
	"template_id" text NOT NULL,
	"page" text NOT NULL,
	"data" jsonb NOT NULL,
	"status" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_at" timestamp with time zone NOT NULL,
	"last_error" text,
	"sent_at" timestamp with time zone,
	CONSTRAINT "wechat_pushes_message_id_unique" UNIQUE("message_id")
);
--> statement-breakpoint
ALTER TABLE "subscriptions" ADD CONSTRAINT "subscriptions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wechat_pushes" ADD CONSTRAINT "wechat_pushes_message_id_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."messages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "wechat_pushes_due_idx" ON "wechat_pushes" USING btree ("next_at") WHERE status = 'pending';