/**
 * The SQL the baseline server sends: the app's own final statements, copied as literal text.
 *
 * Where they come from: captured from the real app (server/app.ts on PostgreSQL, seeded scratch
 * database) with a Drizzle logger — `fromPool(pool, { logger })` — while it answered one request
 * of every bench route, as bench/api.ts `checkSameSql` records them (server/repositories/users.ts
 * `principal_by_session`, orders.ts `orders_page_*`, `order_by_id`, `events_of_order`,
 * catalogue.ts `service_for_path`, memberships.ts `household_by_id`, order-writes.ts `insert_order`,
 * `order_by_idempotency_key`, `apply_transition`, names.ts `display_names`). Texts are pasted
 * from the logger's output, not written by hand. The baseline may not import server code, so
 * the text is copied here rather than built with Drizzle.
 *
 * They drift when the server changes: bench/api.ts captures the app's statements again before
 * every run and compares them, route by route, with what the baseline sends, and stops (or,
 * with BENCH_ALLOW_SQL_DRIFT=1, warns) if they differ. Update this file from its message.
 */

/** Statement name (as the app prepares it) → text. */
export const SQL = {
  /**
   * Parameters: tokenHash, now. One row per live session: the person, and the membership it acts
   * as (all null when it acts as none, or that membership is no longer active).
   */
  principal_by_session: `select u.id, u.name, u.phone, u.privacy_consent_at is not null as consented, m.id as "membershipId", m.role, m.org_id as "orgId", o.path as "orgPath", (select string_agg(a.name, ' · ' order by length(a.path)) from "orgs" a where "a".id = any(string_to_array(trim(both '/' from "o".path), '/')::int[])) as "orgName",
  (select c.path from "orgs" c where "c".id = any(string_to_array(trim(both '/' from "o".path), '/')::int[]) and c.kind = 'community') as "communityPath", t.name as "teamName", m.household_id as "householdId"
      from "sessions" s
      join "users" u on u.id = s.user_id
      left join "memberships" m on m.id = s.membership_id and m.user_id = s.user_id and m.status = 'active'
      left join "orgs" o on o.id = m.org_id
      left join "teams" t on t.id = m.team_id
      where s.token_hash = $1 and s.expires_at > $2::timestamptz`,

  /** Parameters: pathPrefix, statuses, at, id, limit. */
  orders_page_committee: `select "id", "placed_by_id", "placed_as", "household_id", "category_code", "description", "photos", "grid_id", "org_path", "address", "contact_name", "contact_phone", "preferred_time", "urgency", "status", "assignee_id", "taker_id", "rating", "version", "created_at", "updated_at", "idempotency_key" from "orders" where ("orders"."org_path" like $1 and "orders"."status" = any($2::text[]) and ("orders"."updated_at", "orders"."id") < ($3::timestamptz, $4::int)) order by "orders"."updated_at" desc, "orders"."id" desc limit $5`,

  /** Parameters: pathPrefix, statuses, rank, at, id, limit. */
  orders_page_committee_inbox: `select "id", "placed_by_id", "placed_as", "household_id", "category_code", "description", "photos", "grid_id", "org_path", "address", "contact_name", "contact_phone", "preferred_time", "urgency", "status", "assignee_id", "taker_id", "rating", "version", "created_at", "updated_at", "idempotency_key" from "orders" where (("orders"."status" in ('submitted', 'reopened') and "orders"."org_path" like $1) and "orders"."status" = any($2::text[]) and ((case urgency when 'emergency' then 0 when 'urgent' then 1 when 'normal' then 2 end), "orders"."created_at", "orders"."id") > ($3::int, $4::timestamptz, $5::int)) order by (case urgency when 'emergency' then 0 when 'urgent' then 1 when 'normal' then 2 end) asc, "orders"."created_at" asc, "orders"."id" asc limit $6`,

  /** Parameters: householdId, statuses, at, id, limit. */
  orders_page_household: `select "id", "placed_by_id", "placed_as", "household_id", "category_code", "description", "photos", "grid_id", "org_path", "address", "contact_name", "contact_phone", "preferred_time", "urgency", "status", "assignee_id", "taker_id", "rating", "version", "created_at", "updated_at", "idempotency_key" from "orders" where ("orders"."household_id" = $1 and "orders"."status" = any($2::text[]) and ("orders"."updated_at", "orders"."id") < ($3::timestamptz, $4::int)) order by "orders"."updated_at" desc, "orders"."id" desc limit $5`,

  /** Parameters: pathPrefix, statuses, rank, at, id, limit. */
  orders_page_hall: `select "id", "placed_by_id", "placed_as", "household_id", "category_code", "description", "photos", "grid_id", "org_path", "address", "contact_name", "contact_phone", "preferred_time", "urgency", "status", "assignee_id", "taker_id", "rating", "version", "created_at", "updated_at", "idempotency_key" from "orders" where (("orders"."status" = 'open' and "orders"."org_path" like $1) and "orders"."status" = any($2::text[]) and ((case urgency when 'emergency' then 0 when 'urgent' then 1 when 'normal' then 2 end), "orders"."created_at", "orders"."id") > ($3::int, $4::timestamptz, $5::int)) order by (case urgency when 'emergency' then 0 when 'urgent' then 1 when 'normal' then 2 end) asc, "orders"."created_at" asc, "orders"."id" asc limit $6`,

  /** Parameters: actorId, actorId, tenantPrefix (the acting community), statuses, at, id, limit. */
  orders_page_mine: `select "id", "placed_by_id", "placed_as", "household_id", "category_code", "description", "photos", "grid_id", "org_path", "address", "contact_name", "contact_phone", "preferred_time", "urgency", "status", "assignee_id", "taker_id", "rating", "version", "created_at", "updated_at", "idempotency_key" from "orders" where ((("orders"."assignee_id" = $1 or "orders"."taker_id" = $2) and "orders"."org_path" like $3) and "orders"."status" = any($4::text[]) and ("orders"."updated_at", "orders"."id") < ($5::timestamptz, $6::int)) order by "orders"."updated_at" desc, "orders"."id" desc limit $7`,

  display_names: `select 'u' as kind, id::text as key, name from "users" where id = any($1::int[])
      union all select 'o', id::text, name from "orgs" where id = any($2::int[])
      union all select 'c', code, name from "categories" where code = any($3::text[])`,

  order_by_id: `select "id", "placed_by_id", "placed_as", "household_id", "category_code", "description", "photos", "grid_id", "org_path", "address", "contact_name", "contact_phone", "preferred_time", "urgency", "status", "assignee_id", "taker_id", "rating", "version", "created_at", "updated_at", "idempotency_key" from "orders" where "orders"."id" = $1`,

  events_of_order: `select "id", "order_id", "event", "from_status", "to_status", "actor_id", "actor_role", "note", "rating", "assignee_id", "photos", "at" from "order_events" where "order_events"."order_id" = $1 order by "order_events"."at" asc, "order_events"."id" asc`,

  /** Parameters: the household's org path, code. The service as the household's community offers it. */
  service_for_path: `with community as (select (select o.id from "orgs" o where o.id = any(string_to_array(trim(both '/' from $1::text), '/')::int[]) and o.kind = 'community') as id)
      select c.code, c.name, c.description, c.emergency, coalesce(s.photo_required, c.photo_required) as "photoRequired",
  coalesce(s.enabled, true) as enabled, c.community_id is not null as own
      from "categories" c cross join community
      left join "community_services" s on s.code = c.code and s.community_id = community.id
      where c.code = $2 and (c.community_id is null or c.community_id = community.id)`,

  /** Parameters: id. The household an order is for (server/repositories/memberships.ts `findHousehold`). */
  household_by_id: `select "id", "grid_id", "org_path", "building", "unit", "room", "created_at" from "households" where "households"."id" = $1`,

  /**
   * Parameters: placedById, placedAs, householdId, categoryCode, description, photos (json), gridId,
   * orgPath, address, contactName, contactPhone, preferredTime, urgency, status, now, now,
   * idempotencyKey, then the submit event: event, fromStatus, toStatus, actorId, actorRole, note,
   * rating, assigneeId, photos (json), at.
   */
  insert_order: `with created as (
        insert into "orders" (placed_by_id, placed_as, household_id, category_code, description, photos, grid_id, org_path, address, contact_name, contact_phone,
                               preferred_time, urgency, status, version, created_at, updated_at, idempotency_key)
        values ($1::int, $2, $3::int, $4, $5, $6::jsonb, $7::int,
                $8, $9, $10, $11, $12, $13,
                $14, 1, $15::timestamptz, $16::timestamptz, $17)
        on conflict (placed_by_id, idempotency_key) do nothing
        returning id
      ), submitted as (
        insert into "order_events" (order_id, event, from_status, to_status, actor_id, actor_role, note, rating, assignee_id, photos, at) select id, $18, $19, $20, $21::int, $22, $23,
  $24::int, $25::int, $26::jsonb, $27::timestamptz from created returning order_id
      )
      select order_id as id from submitted`,

  /** Only when the idempotency key was used before. Parameters: placedById, key. */
  order_by_idempotency_key: `select "id", "placed_by_id", "placed_as", "household_id", "category_code", "description", "photos", "grid_id", "org_path", "address", "contact_name", "contact_phone", "preferred_time", "urgency", "status", "assignee_id", "taker_id", "rating", "version", "created_at", "updated_at", "idempotency_key" from "orders" where ("orders"."placed_by_id" = $1 and "orders"."idempotency_key" = $2)`,

  /**
   * Parameters: status, assigneeId, takerId, rating, now, id, version, then the event: event,
   * fromStatus, toStatus, actorId, actorRole, note, rating, assigneeId, photos (json), at.
   */
  apply_transition: `with updated as (
        update "orders"
        set status = $1, assignee_id = $2::int, taker_id = $3::int, rating = $4::int,
            version = version + 1, updated_at = $5::timestamptz
        where id = $6::int and version = $7::int
        returning id
      ), appended as (
        insert into "order_events" (order_id, event, from_status, to_status, actor_id, actor_role, note, rating, assignee_id, photos, at) select id, $8, $9, $10, $11::int, $12, $13,
  $14::int, $15::int, $16::jsonb, $17::timestamptz from updated returning order_id
      )
      select order_id as id from appended`,
} as const

export type StatementName = keyof typeof SQL
