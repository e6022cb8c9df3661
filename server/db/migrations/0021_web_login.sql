ALTER TABLE "users" ADD COLUMN "web_openid" text;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "unionid" text;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_web_openid_unique" UNIQUE("web_openid");--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_unionid_unique" UNIQUE("unionid");