/**
 * The SQL the baseline server sends: the app's own final statements, copied as literal text.
 *
 * Where they come from: captured once from the real app (server/app.ts on PostgreSQL) with a
 * Drizzle logger — `fromPool(pool, { logger })` — while it answered one request of every bench
 * route (server/repositories/users.ts `user_by_session`, orders.ts `orders_page_*`,
 * `order_by_id`, `events_of_order`, `category_by_code`, `grid_by_id`, `insert_order`,
 * `apply_transition`, names.ts `display_names`). The baseline may not import server code, so the
 * text is copied here rather than built with Drizzle.
 *
 * They drift when the server changes: bench/api.ts captures the app's statements again before
 * every run and compares them, route by route, with what the baseline sends, and stops (or,
 * with BENCH_ALLOW_SQL_DRIFT=1, warns) if they differ. Update this file from its message.
 */

/** Statement name (as the app prepares it) → text. */
export const SQL = {
  user_by_session: `select "users"."id", "users"."name", "users"."phone", "users"."role", "users"."org_id", "orgs"."path", (select string_agg(a.name, ' · ' order by length(a.path)) from "orgs" a where "orgs".path like a.path || '%'), "teams"."name" from "users" inner join "orgs" on "orgs"."id" = "users"."org_id" left join "teams" on "teams"."id" = "users"."team_id" inner join "sessions" on "sessions"."user_id" = "users"."id" where ("sessions"."token_hash" = $1 and "sessions"."expires_at" > $2::timestamptz)`,

  /** Parameters: pathPrefix, statuses, at, id, limit. */
  orders_page_committee: `select "id", "resident_id", "category_code", "description", "photos", "grid_id", "org_path", "address", "contact_name", "contact_phone", "preferred_time", "urgency", "status", "assignee_id", "taker_id", "rating", "version", "created_at", "updated_at", "idempotency_key" from "orders" where ("orders"."org_path" like $1 and "orders"."status" = any($2::text[]) and ("orders"."updated_at", "orders"."id") < ($3::timestamptz, $4::int)) order by "orders"."updated_at" desc, "orders"."id" desc limit $5`,

  /** Parameters: pathPrefix, statuses, rank, at, id, limit. */
  orders_page_committee_inbox: `select "id", "resident_id", "category_code", "description", "photos", "grid_id", "org_path", "address", "contact_name", "contact_phone", "preferred_time", "urgency", "status", "assignee_id", "taker_id", "rating", "version", "created_at", "updated_at", "idempotency_key" from "orders" where (("orders"."status" in ('submitted', 'reopened') and "orders"."org_path" like $1) and "orders"."status" = any($2::text[]) and ((case urgency when 'emergency' then 0 when 'urgent' then 1 when 'normal' then 2 end), "orders"."created_at", "orders"."id") > ($3::int, $4::timestamptz, $5::int)) order by (case urgency when 'emergency' then 0 when 'urgent' then 1 when 'normal' then 2 end) asc, "orders"."created_at" asc, "orders"."id" asc limit $6`,

  /** Parameters: actorId, statuses, at, id, limit. */
  orders_page_resident: `select "id", "resident_id", "category_code", "description", "photos", "grid_id", "org_path", "address", "contact_name", "contact_phone", "preferred_time", "urgency", "status", "assignee_id", "taker_id", "rating", "version", "created_at", "updated_at", "idempotency_key" from "orders" where ("orders"."resident_id" = $1 and "orders"."status" = any($2::text[]) and ("orders"."updated_at", "orders"."id") < ($3::timestamptz, $4::int)) order by "orders"."updated_at" desc, "orders"."id" desc limit $5`,

  /** Parameters: pathPrefix, statuses, rank, at, id, limit. */
  orders_page_hall: `select "id", "resident_id", "category_code", "description", "photos", "grid_id", "org_path", "address", "contact_name", "contact_phone", "preferred_time", "urgency", "status", "assignee_id", "taker_id", "rating", "version", "created_at", "updated_at", "idempotency_key" from "orders" where (("orders"."status" = 'open' and "orders"."org_path" like $1) and "orders"."status" = any($2::text[]) and ((case urgency when 'emergency' then 0 when 'urgent' then 1 when 'normal' then 2 end), "orders"."created_at", "orders"."id") > ($3::int, $4::timestamptz, $5::int)) order by (case urgency when 'emergency' then 0 when 'urgent' then 1 when 'normal' then 2 end) asc, "orders"."created_at" asc, "orders"."id" asc limit $6`,

  /** Parameters: actorId, actorId, statuses, at, id, limit. */
  orders_page_mine: `select "id", "resident_id", "category_code", "description", "photos", "grid_id", "org_path", "address", "contact_name", "contact_phone", "preferred_time", "urgency", "status", "assignee_id", "taker_id", "rating", "version", "created_at", "updated_at", "idempotency_key" from "orders" where (("orders"."assignee_id" = $1 or "orders"."taker_id" = $2) and "orders"."status" = any($3::text[]) and ("orders"."updated_at", "orders"."id") < ($4::timestamptz, $5::int)) order by "orders"."updated_at" desc, "orders"."id" desc limit $6`,

  display_names: `select 'u' as kind, id::text as key, name from "users" where id = any($1::int[])
      union all select 'o', id::text, name from "orgs" where id = any($2::int[])
      union all select 'c', code, name from "categories" where code = any($3::text[])`,

  order_by_id: `select "id", "resident_id", "category_code", "description", "photos", "grid_id", "org_path", "address", "contact_name", "contact_phone", "preferred_time", "urgency", "status", "assignee_id", "taker_id", "rating", "version", "created_at", "updated_at", "idempotency_key" from "orders" where "orders"."id" = $1`,

  events_of_order: `select "id", "order_id", "event", "from_status", "to_status", "actor_id", "actor_role", "note", "rating", "assignee_id", "photos", "at" from "order_events" where "order_events"."order_id" = $1 order by "order_events"."at" asc, "order_events"."id" asc`,

  category_by_code: `select "code", "name", "description", "emergency", "photo_required", "sort" from "categories" where "categories"."code" = $1`,

  grid_by_id: `select "id", "parent_id", "kind", "name", "path" from "orgs" where ("orgs"."id" = $1 and "orgs"."kind" = $2)`,

  /**
   * Parameters: residentId, categoryCode, description, photos (json), gridId, orgPath, address,
   * contactName, contactPhone, preferredTime, urgency, status, now, now, idempotencyKey, then the
   * submit event: event, fromStatus, toStatus, actorId, actorRole, note, rating, assigneeId,
   * photos (json), at.
   */
  insert_order: `with created as (
        insert into "orders" (resident_id, category_code, description, photos, grid_id, org_path, address, contact_name, contact_phone,
                               preferred_time, urgency, status, version, created_at, updated_at, idempotency_key)
        values ($1::int, $2, $3, $4::jsonb, $5::int,
                $6, $7, $8, $9, $10, $11,
                $12, 1, $13::timestamptz, $14::timestamptz, $15)
        on conflict (resident_id, idempotency_key) do nothing
        returning id
      ), submitted as (
        insert into "order_events" (order_id, event, from_status, to_status, actor_id, actor_role, note, rating, assignee_id, photos, at) select id, $16, $17, $18, $19::int, $20, $21,
  $22::int, $23::int, $24::jsonb, $25::timestamptz from created returning order_id
      )
      select order_id as id from submitted`,

  /** Only when the idempotency key was used before. Parameters: residentId, key. */
  order_by_idempotency_key: `select "id", "resident_id", "category_code", "description", "photos", "grid_id", "org_path", "address", "contact_name", "contact_phone", "preferred_time", "urgency", "status", "assignee_id", "taker_id", "rating", "version", "created_at", "updated_at", "idempotency_key" from "orders" where ("orders"."resident_id" = $1 and "orders"."idempotency_key" = $2)`,

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
