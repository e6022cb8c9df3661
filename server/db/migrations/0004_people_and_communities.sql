-- People and communities: memberships replace users.role, orders are for a household.
-- Existing data is carried over: every user keeps their one role as one active membership,
-- every resident gets a household, every order is for its resident's household.
CREATE TABLE "households" (
	"id" serial PRIMARY KEY NOT NULL,
	"grid_id" integer NOT NULL,
	"org_path" text NOT NULL,
	"building" text NOT NULL,
	"unit" text NOT NULL,
	"room" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "memberships" (
	"id" serial PRIMARY KEY NOT NULL,
	"user_id" integer NOT NULL,
	"role" text NOT NULL,
	"org_id" integer NOT NULL,
	"status" text NOT NULL,
	"household_id" integer,
	"team_id" integer,
	"work_unit_id" integer,
	"note" text,
	"approved_by" integer,
	"created_at" timestamp with time zone NOT NULL,
	"since" timestamp with time zone,
	"ended_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "membership_events" (
	"id" serial PRIMARY KEY NOT NULL,
	"membership_id" integer NOT NULL,
	"event" text NOT NULL,
	"from_status" text,
	"to_status" text NOT NULL,
	"actor_id" integer,
	"actor_role" text,
	"note" text,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "invites" (
	"id" serial PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"org_id" integer NOT NULL,
	"role" text NOT NULL,
	"team_id" integer,
	"created_by" integer NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"max_uses" integer,
	"uses" integer DEFAULT 0 NOT NULL,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "invites_code_unique" UNIQUE("code")
);
--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "privacy_consent_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "membership_id" integer;--> statement-breakpoint
ALTER TABLE "households" ADD CONSTRAINT "households_grid_id_orgs_id_fk" FOREIGN KEY ("grid_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_work_unit_id_orgs_id_fk" FOREIGN KEY ("work_unit_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_approved_by_users_id_fk" FOREIGN KEY ("approved_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "membership_events" ADD CONSTRAINT "membership_events_membership_id_memberships_id_fk" FOREIGN KEY ("membership_id") REFERENCES "public"."memberships"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "membership_events" ADD CONSTRAINT "membership_events_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invites" ADD CONSTRAINT "invites_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invites" ADD CONSTRAINT "invites_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invites" ADD CONSTRAINT "invites_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_membership_id_memberships_id_fk" FOREIGN KEY ("membership_id") REFERENCES "public"."memberships"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "households_address_idx" ON "households" USING btree ("grid_id","building","unit","room");--> statement-breakpoint
CREATE INDEX "memberships_user_idx" ON "memberships" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "memberships_org_role_idx" ON "memberships" USING btree ("org_id","role","status");--> statement-breakpoint
CREATE INDEX "memberships_household_idx" ON "memberships" USING btree ("household_id");--> statement-breakpoint
CREATE UNIQUE INDEX "memberships_live_idx" ON "memberships" USING btree ("user_id","role","org_id",coalesce(household_id, 0),coalesce(team_id, 0)) WHERE status <> 'ended';--> statement-breakpoint
CREATE INDEX "membership_events_membership_idx" ON "membership_events" USING btree ("membership_id","id");--> statement-breakpoint
-- Work units were free text on users; they become org units beside the tree.
INSERT INTO "orgs" ("parent_id", "kind", "name", "path")
	SELECT NULL, 'work_unit', w.name, 'migrating-' || md5(w.name) FROM (SELECT DISTINCT "work_unit" AS name FROM "users" WHERE "work_unit" IS NOT NULL) w;--> statement-breakpoint
UPDATE "orgs" SET "path" = '/' || "id" || '/' WHERE "path" LIKE 'migrating-%';--> statement-breakpoint
-- A resident's household: the address of their latest order, or a placeholder the committee corrects.
CREATE TEMPORARY TABLE "resident_homes" AS
	SELECT u."id" AS "user_id", u."org_id" AS "grid_id", g."path" AS "org_path", u."created_at",
		coalesce((SELECT o."address" FROM "orders" o WHERE o."resident_id" = u."id" ORDER BY o."id" DESC LIMIT 1), '待更正（用户' || u."id" || '）') AS "room"
	FROM "users" u JOIN "orgs" g ON g."id" = u."org_id" WHERE u."role" = 'resident';--> statement-breakpoint
INSERT INTO "households" ("grid_id", "org_path", "building", "unit", "room", "created_at")
	SELECT "grid_id", min("org_path"), '', '', "room", min("created_at") FROM "resident_homes" GROUP BY "grid_id", "room";--> statement-breakpoint
INSERT INTO "memberships" ("user_id", "role", "org_id", "status", "household_id", "team_id", "work_unit_id", "created_at", "since")
	SELECT u."id", u."role", u."org_id", 'active', h."id", u."team_id", w."id", u."created_at", u."created_at"
	FROM "users" u
	LEFT JOIN "resident_homes" r ON r."user_id" = u."id"
	LEFT JOIN "households" h ON h."grid_id" = r."grid_id" AND h."building" = '' AND h."unit" = '' AND h."room" = r."room"
	LEFT JOIN "orgs" w ON w."kind" = 'work_unit' AND w."name" = u."work_unit" AND w."parent_id" IS NULL;--> statement-breakpoint
INSERT INTO "membership_events" ("membership_id", "event", "from_status", "to_status", "actor_id", "actor_role", "note", "at")
	SELECT "id", 'registered', NULL, 'active', NULL, 'system', '由单一角色迁移', "created_at" FROM "memberships";--> statement-breakpoint
UPDATE "sessions" s SET "membership_id" = m."id" FROM "memberships" m WHERE m."user_id" = s."user_id";--> statement-breakpoint
DROP TABLE "resident_homes";--> statement-breakpoint
ALTER TABLE "orders" RENAME COLUMN "resident_id" TO "placed_by_id";--> statement-breakpoint
ALTER TABLE "orders" RENAME CONSTRAINT "orders_resident_id_users_id_fk" TO "orders_placed_by_id_users_id_fk";--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "placed_as" text;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "household_id" integer;--> statement-breakpoint
UPDATE "orders" o SET "placed_as" = 'resident', "household_id" = m."household_id"
	FROM "memberships" m WHERE m."user_id" = o."placed_by_id" AND m."role" = 'resident';--> statement-breakpoint
ALTER TABLE "orders" ALTER COLUMN "placed_as" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "orders" ALTER COLUMN "household_id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
DROP INDEX "orders_resident_idempotency_key";--> statement-breakpoint
CREATE UNIQUE INDEX "orders_placed_by_idempotency_key" ON "orders" USING btree ("placed_by_id","idempotency_key");--> statement-breakpoint
DROP INDEX "orders_resident_recent_idx";--> statement-breakpoint
CREATE INDEX "orders_household_recent_idx" ON "orders" USING btree ("household_id","updated_at","id");--> statement-breakpoint
DROP INDEX "users_org_role_idx";--> statement-breakpoint
ALTER TABLE "users" DROP CONSTRAINT "users_org_id_orgs_id_fk";--> statement-breakpoint
ALTER TABLE "users" DROP CONSTRAINT "users_team_id_teams_id_fk";--> statement-breakpoint
ALTER TABLE "users" DROP COLUMN "role";--> statement-breakpoint
ALTER TABLE "users" DROP COLUMN "org_id";--> statement-breakpoint
ALTER TABLE "users" DROP COLUMN "team_id";--> statement-breakpoint
ALTER TABLE "users" DROP COLUMN "work_unit";
