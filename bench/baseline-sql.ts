/**
 * The SQL the baseline server sends: the app's own final statements, copied as literal text.
 *
 * Where they come from: captured from the real app (server/app.ts on PostgreSQL, seeded scratch
 * database) with a Drizzle logger — `fromPool(pool, { logger })` — while it answered one request
 * of every bench route, as bench/api.ts `checkSameSql` records them; `BENCH_CHECK_ONLY=1
 * BENCH_SQL_DUMP=/tmp/app-sql.json npx tsx bench/run.ts` writes them, with their parameters, to a
 * file (server/repositories/users.ts `principal_by_session`, orders.ts `orders_page_*`,
 * `order_by_id`, `events_of_order`, assignments.ts `responders_of_orders`, catalogue.ts
 * `service_for_path`, memberships.ts `household_by_id`, order-writes.ts `insert_order` and
 * `apply_transition_new_part`, names.ts `display_names`, changes.ts `notify_changed`). Texts are pasted from that output,
 * not written by hand. The baseline may not import server code, so the text is copied here rather
 * than built with Drizzle.
 *
 * Statements the bench never makes the app send are not here, and the baseline does not do what
 * needs them: replaying an idempotency key (`order_by_idempotency_key`), the one-statement
 * `apply_transition` of steps that leave slots and parts alone and `apply_transition_part_move`
 * of steps that move one part (start, report…), the transaction of transitions that open or close
 * slots, and `last_event_of` (the 409 手慢了).
 *
 * They drift when the server changes: bench/api.ts captures the app's statements again before
 * every run and compares them, route by route, with what the baseline sends, and stops (or,
 * with BENCH_ALLOW_SQL_DRIFT=1, warns) if they differ. Update this file from its message, or from
 * the dump (`BENCH_SQL_DUMP`).
 */

/** Statement name (as the baseline prepares it) → text. */
export const SQL = {
  /**
   * Parameters: tokenHash, now. One row per live session: the person, and the membership it acts
   * as (all null when it acts as none, or that membership is no longer active), with its team, work
   * unit and the team it leads (server/repositories/users.ts).
   */
  principal_by_session: `select u.id, u.name, u.phone, u.privacy_consent_at is not null as consented, m.id as "membershipId", m.role, m.org_id as "orgId", o.path as "orgPath", (select string_agg(a.name, ' · ' order by length(a.path)) from "orgs" a where "a".id = any(string_to_array(trim(both '/' from "o".path), '/')::int[])) as "orgName",
  (select c.path from "orgs" c where "c".id = any(string_to_array(trim(both '/' from "o".path), '/')::int[]) and c.kind = 'community') as "communityPath", t.name as "teamName", m.household_id as "householdId",
  m.team_id as "teamId", m.work_unit_id as "workUnitId", case when t.leader_id = m.user_id then t.id end as "leadsTeamId"
      from "sessions" s
      join "users" u on u.id = s.user_id
      left join "memberships" m on m.id = s.membership_id and m.user_id = s.user_id and m.status = 'active'
      left join "orgs" o on o.id = m.org_id
      left join "teams" t on t.id = m.team_id
      where s.token_hash = $1 and s.expires_at > $2::timestamptz`,

  /**
   * Parameters: pathPrefix, statuses, at, id, limit.
   */
  orders_page_committee: `select "id", "placed_by_id", "placed_as", "household_id", "category_code", "description", "photos", "grid_id", "org_path", "address", "contact_name", "contact_phone", "preferred_time", "urgency", "status", "rating", "hall_places", "follower_household_ids", "merged_into_id", "version", "created_at", "updated_at", "idempotency_key", "clock_alert", "clock_due_at", "clock_check_at" from "orders" where ("orders"."org_path" like $1 and "orders"."status" = any($2::text[]) and ("orders"."updated_at", "orders"."id") < ($3::timestamptz, $4::int)) order by "orders"."updated_at" desc, "orders"."id" desc limit $5`,

  /**
   * Parameters: order ids. Each order's slots and parts as JSON arrays (server/repositories/assignments.ts).
   */
  responders_of_orders: `select o.id as "orderId",
        coalesce((select json_agg(json_build_object('id', s.id, 'kind', s.kind, 'headcount', s.headcount, 'teamId', s.team_id,
                    'workUnitId', s.work_unit_id, 'skill', s.skill, 'open', s.closed_at is null) order by s.id)
                  from "order_slots" s where s.order_id = o.id), '[]') as slots,
        coalesce((select json_agg(json_build_object('slotId', a.slot_id, 'userId', a.user_id, 'status', a.status) order by a.id)
                  from "order_assignments" a where a.order_id = o.id), '[]') as parts
      from unnest($1::int[]) as o(id)`,

  /**
   * Parameters: user ids, org ids, team ids, category codes (server/repositories/names.ts).
   */
  display_names: `select 'u' as kind, id::text as key, name from "users" where id = any($1::int[])
      union all select 'o', id::text, name from "orgs" where id = any($2::int[])
      union all select 't', id::text, name from "teams" where id = any($3::int[])
      union all select 'c', code, name from "categories" where code = any($4::text[])`,

  /**
   * Parameters: pathPrefix, statuses, rank, at, id, limit.
   */
  orders_page_committee_inbox: `select "id", "placed_by_id", "placed_as", "household_id", "category_code", "description", "photos", "grid_id", "org_path", "address", "contact_name", "contact_phone", "preferred_time", "urgency", "status", "rating", "hall_places", "follower_household_ids", "merged_into_id", "version", "created_at", "updated_at", "idempotency_key", "clock_alert", "clock_due_at", "clock_check_at" from "orders" where (("orders"."status" in ('submitted', 'reopened') and "orders"."org_path" like $1) and "orders"."status" = any($2::text[]) and ((case urgency when 'emergency' then 0 when 'urgent' then 1 when 'normal' then 2 end), "orders"."created_at", "orders"."id") > ($3::int, $4::timestamptz, $5::int)) order by (case urgency when 'emergency' then 0 when 'urgent' then 1 when 'normal' then 2 end) asc, "orders"."created_at" asc, "orders"."id" asc limit $6`,

  /**
   * Parameters: householdId, householdId (its own orders and those its merged duplicates follow), statuses, at, id, limit.
   */
  orders_page_household: `select "id", "placed_by_id", "placed_as", "household_id", "category_code", "description", "photos", "grid_id", "org_path", "address", "contact_name", "contact_phone", "preferred_time", "urgency", "status", "rating", "hall_places", "follower_household_ids", "merged_into_id", "version", "created_at", "updated_at", "idempotency_key", "clock_alert", "clock_due_at", "clock_check_at" from "orders" where (("orders"."household_id" = $1::int or "orders"."follower_household_ids" @> array[$2::int]) and "orders"."status" = any($3::text[]) and ("orders"."updated_at", "orders"."id") < ($4::timestamptz, $5::int)) order by "orders"."updated_at" desc, "orders"."id" desc limit $6`,

  /**
   * Parameters: pathPrefix, role, role, role, teamId, role, workUnitId, actorId, statuses, rank, at,
   * id, limit (server/repositories/orders.ts: a free place this responder may take, none of their own).
   */
  orders_page_hall: `select "id", "placed_by_id", "placed_as", "household_id", "category_code", "description", "photos", "grid_id", "org_path", "address", "contact_name", "contact_phone", "preferred_time", "urgency", "status", "rating", "hall_places", "follower_household_ids", "merged_into_id", "version", "created_at", "updated_at", "idempotency_key", "clock_alert", "clock_due_at", "clock_check_at" from "orders" where (("orders"."hall_places" > 0 and "orders"."org_path" like $1 and exists (select 1 from "order_slots" s where s.order_id = "orders"."id" and s.closed_at is null and ((s.kind = 'hall' and $2 in ('party_member', 'volunteer')) or (s.kind = 'party_members' and $3 in ('party_member')) or (s.kind = 'team' and $4 in ('volunteer') and s.team_id = $5::int) or (s.kind = 'department' and $6 in ('department') and s.work_unit_id = $7::int))
  and s.headcount > (select count(*) from "order_assignments" a where a.slot_id = s.id and a.status in ('invited', 'joined', 'started', 'done'))) and not exists (select 1 from "order_assignments" a join "order_slots" s on s.id = a.slot_id
  where a.order_id = "orders"."id" and a.user_id = $8::int and a.status in ('invited', 'joined', 'started', 'done') and s.closed_at is null)) and "orders"."status" = any($9::text[]) and ((case urgency when 'emergency' then 0 when 'urgent' then 1 when 'normal' then 2 end), "orders"."created_at", "orders"."id") > ($10::int, $11::timestamptz, $12::int)) order by (case urgency when 'emergency' then 0 when 'urgent' then 1 when 'normal' then 2 end) asc, "orders"."created_at" asc, "orders"."id" asc limit $13`,

  /**
   * Parameters: actorId, tenantPrefix (the acting community), statuses, at, id, limit.
   */
  orders_page_mine: `select "id", "placed_by_id", "placed_as", "household_id", "category_code", "description", "photos", "grid_id", "org_path", "address", "contact_name", "contact_phone", "preferred_time", "urgency", "status", "rating", "hall_places", "follower_household_ids", "merged_into_id", "version", "created_at", "updated_at", "idempotency_key", "clock_alert", "clock_due_at", "clock_check_at" from "orders" where ((exists (select 1 from "order_assignments" a join "order_slots" s on s.id = a.slot_id
  where a.order_id = "orders"."id" and a.user_id = $1::int and a.status in ('invited', 'joined', 'started', 'done') and s.closed_at is null) and "orders"."org_path" like $2) and "orders"."status" = any($3::text[]) and ("orders"."updated_at", "orders"."id") < ($4::timestamptz, $5::int)) order by "orders"."updated_at" desc, "orders"."id" desc limit $6`,

  /**
   * Parameters: id.
   */
  order_by_id: `select "id", "placed_by_id", "placed_as", "household_id", "category_code", "description", "photos", "grid_id", "org_path", "address", "contact_name", "contact_phone", "preferred_time", "urgency", "status", "rating", "hall_places", "follower_household_ids", "merged_into_id", "version", "created_at", "updated_at", "idempotency_key", "clock_alert", "clock_due_at", "clock_check_at" from "orders" where "orders"."id" = $1`,

  /**
   * Parameters: order ids (int[]). A page's timelines, for its clocks (server/repositories/orders.ts `loadTimelines`).
   */
  timelines_of_orders: `select "id", "order_id", "event", "from_status", "to_status", "actor_id", "actor_role", "note", "rating", "assignee_id", "photos", "payload", "meeting_id", "at" from "order_events" where "order_events"."order_id" = any($1::int[]) order by "order_events"."order_id" asc, "order_events"."id" asc`,

  /**
   * Parameters: orderId.
   */
  events_of_order: `select "id", "order_id", "event", "from_status", "to_status", "actor_id", "actor_role", "note", "rating", "assignee_id", "photos", "payload", "meeting_id", "at" from "order_events" where "order_events"."order_id" = $1 order by "order_events"."at" asc, "order_events"."id" asc`,

  /**
   * Parameters: id. The household an order is for, its address line and its branch's name
   * (server/repositories/memberships.ts `findHousehold`).
   */
  household_by_id: `select h.id, h.grid_id as "gridId", h.org_path as "orgPath", nullif(concat_ws('', nullif("h".building, '') || '号楼', nullif("h".unit, '') || '单元', "h".room), '') as address, b.name as "branchName"
      from "households" h join "orgs" g on g.id = h.grid_id left join "orgs" b on b.id = g.parent_id
      where h.id = $1::int`,

  /**
   * Parameters: channel, payload. After a create or a claim has committed: the live updates of
   * every server process hear which order changed (repositories/changes.ts `notify_changed`).
   */
  notify_changed: `select pg_notify($1, $2)`,

  /**
   * Parameters: the household's org path, code. The service as the household's community offers it.
   */
  service_for_path: `with community as (select o.id, o.path from (select 1) one left join "orgs" o on o.id = (select o.id from "orgs" o where o.id = any(string_to_array(trim(both '/' from $1::text), '/')::int[]) and o.kind = 'community'))
      select c.code, c.name, c.description, c.emergency, coalesce(s.photo_required, c.photo_required) as "photoRequired",
  coalesce(s.enabled, true) as enabled, c.community_id is not null as own,
  coalesce(s.dispatch_mode, 'committee') as "dispatchMode", s.dispatch_team_id as "dispatchTeamId", t.name as "dispatchTeamName",
  coalesce(t.org_id = s.community_id and exists(
    select 1 from "memberships" m where m.team_id = t.id and m.role = 'volunteer' and m.status = 'active'
  ), false) as "dispatchTeamReady", community.path as "communityPath"
      from "categories" c cross join community
  left join "community_services" s on s.code = c.code and s.community_id = community.id
  left join "teams" t on t.id = s.dispatch_team_id
  where (c.community_id is null or c.community_id = community.id) and c.code = $2`,

  /**
   * Parameters: placedById, placedAs, householdId, categoryCode, description, photos (json), gridId,
   * orgPath, address, contactName, contactPhone, preferredTime, urgency, status, now, now,
   * idempotencyKey, now (clock_check_at: the clock job reads a new order at its next run), then the submit event: event, fromStatus, toStatus, actorId, actorRole, note,
   * rating, assigneeId, photos (json), payload (json), meetingId, at, then its announcement: now,
   * notices (json).
   */
  insert_order: `with created as (
        insert into "orders" (placed_by_id, placed_as, household_id, category_code, description, photos, grid_id, org_path, address, contact_name, contact_phone,
                               preferred_time, urgency, status, version, created_at, updated_at, idempotency_key, clock_check_at)
        values ($1::int, $2, $3::int, $4, $5, $6::jsonb, $7::int,
                $8, $9, $10, $11, $12, $13,
                $14, 1, $15::timestamptz, $16::timestamptz, $17, $18::timestamptz)
        on conflict (placed_by_id, idempotency_key) do nothing
        returning id
      ), submitted as (
        insert into "order_events" (order_id, event, from_status, to_status, actor_id, actor_role, note, rating, assignee_id, photos, payload, meeting_id, at) select id, $19, $20, $21, $22::int, $23, $24,
  $25::int, $26::int, $27::jsonb, $28::jsonb, $29::int, $30::timestamptz from created returning order_id
      ), announced as (
        insert into "outbox" (order_id, kind, audience, created_at)
        select s.id, n.kind, n.audience, $31::timestamptz from created s cross join jsonb_to_recordset($32::jsonb) as n(kind text, audience jsonb)
      )
      select order_id as id from submitted`,

  /**
   * A transition that creates one part and opens or closes no slot (a claim), in one
   * statement (server/repositories/order-writes.ts `applyTransition`): the version-checked update,
   * its event and the part. Parameters: status, rating, hallPlaces, then clockCheckAt three times
   * (now where a clock runs after the step, else null, which clears the clock columns), now, id, version, then the
   * event: event, fromStatus, toStatus, actorId, actorRole, note, rating, assigneeId, photos (json),
   * payload (json), meetingId, at, then its announcement: now, notices (json), then the part: slotId,
   * userId, status, now, now. No row: someone
   * else changed the order first (and nothing was written).
   */
  apply_transition_new_part: `with updated as (
        update "orders"
        set status = $1, rating = $2::int, hall_places = $3::int,
            clock_check_at = $4::timestamptz,
            clock_alert = case when $5::timestamptz is null then null else clock_alert end,
            clock_due_at = case when $6::timestamptz is null then null else clock_due_at end,
            version = version + 1, updated_at = $7::timestamptz
        where id = $8::int and version = $9::int
        returning id
      ), appended as (
        insert into "order_events" (order_id, event, from_status, to_status, actor_id, actor_role, note, rating, assignee_id, photos, payload, meeting_id, at) select id, $10, $11, $12, $13::int, $14, $15,
  $16::int, $17::int, $18::jsonb, $19::jsonb, $20::int, $21::timestamptz from updated returning order_id
      ), announced as (
        insert into "outbox" (order_id, kind, audience, created_at)
        select s.id, n.kind, n.audience, $22::timestamptz from updated s cross join jsonb_to_recordset($23::jsonb) as n(kind text, audience jsonb)
      ), part as (
        insert into "order_assignments" (order_id, slot_id, user_id, status, created_at, updated_at)
        select id, $24::int, $25::int, $26, $27::timestamptz, $28::timestamptz from updated
      )
      select order_id as id from appended`,
} as const

export type StatementName = keyof typeof SQL
