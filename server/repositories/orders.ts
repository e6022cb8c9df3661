import { and, asc, desc, eq, like, sql, type SQL } from 'drizzle-orm'
import { alias } from 'drizzle-orm/pg-core'
import {
  LIVE_PART_STATUSES,
  ORDER_STATUSES,
  SLOT_KINDS,
  SLOT_KIND_ROLES,
  STATUS_GROUPS,
  STATUS_GROUP_NAMES,
  TERMINAL_STATUSES,
  MERGE_WINDOW_DAYS,
  URGENCIES,
  clockAlertOf,
  clockOf,
  groupOf,
  mergeProblem,
  targetsFor,
  neighbourhoodOf,
  listOrderOf,
  isResponder,
  speaksForHousehold,
  type Actor,
  type ClockAlert,
  type StatusGroup,
  type TimelineEntry,
} from '../../src/domain'
import { MAX_ID, type ClockFilter, type OrderCountsDto } from '../../types/api'
import type { Db } from '../db/client'
import { orderAssignments, orderEvents, orders, orderSlots, orgs, URGENCY_RANK_SQL } from '../db/schema'
import { loadResponders, NO_ONE, type Responders } from './assignments'
import { clockOverridesFor } from './clock-targets'
import { prepared, quotedList } from './prepared'
import type { LastEvent } from '../policies'
import { displayNames, type Names } from './names'
import { orgChainName } from './users'

const grid = alias(orgs, 'grid')
const ph = sql.placeholder

export type OrderRow = typeof orders.$inferSelect
export type EventRow = typeof orderEvents.$inferSelect

/** An order with its responders and every name its DTO shows. */
export interface OrderView {
  order: OrderRow
  responders: Responders
  categoryName: string
  gridName: string
  placedByName: string
  /** Names of the people with a part, by user id; of the units slots are addressed to, by slot id. */
  partNames: Map<number, string>
  unitNames: Map<number, string>
  /** A running clock past its warning (超时 / 即将超时), read from the timeline at the time asked. */
  clock: ClockAlert | null
}

export interface EventView {
  event: EventRow
  actorName: string | null
  assigneeName: string | null
  /** Whose part the event moved (an invite's invitee), from its payload. */
  partName: string | null
}

// Lists and details read the bare `orders` rows, then the names in one small query: a join of
// seven relations made PostgreSQL plan 2–4 ms per request against 0.3 ms of execution.

const payloadUser = (e: EventRow) => (e.payload?.kind === 'part' ? e.payload.userId : null)

const namesNeeded = (rows: readonly OrderRow[], responders: readonly Responders[], events: readonly EventRow[] = []) => ({
  users: [
    ...rows.map((o) => o.placedById),
    ...responders.flatMap((r) => r.parts.map((p) => p.userId)),
    ...events.flatMap((e) => [e.actorId, e.assigneeId, payloadUser(e)]),
  ],
  orgs: [...rows.map((o) => o.gridId), ...responders.flatMap((r) => r.slots.map((s) => s.workUnitId))],
  teams: responders.flatMap((r) => r.slots.map((s) => s.teamId)),
  categories: rows.map((o) => o.categoryCode),
})

/** The order's most pressing clock at `now`, against its targets (the defaults until communities set their own). */
const alertOf = (db: Db, order: OrderRow, timeline: readonly TimelineEntry[], now: Date): ClockAlert | null =>
  timeline.length === 0 ? null : clockAlertOf(clockOf(timeline, targetsFor(clockOverridesFor(db, order.orgPath), order.categoryCode, order.urgency), now))

const viewOf = (order: OrderRow, responders: Responders, names: Names, clock: ClockAlert | null): OrderView => ({
  order,
  clock,
  responders,
  categoryName: names.category(order.categoryCode),
  gridName: names.org(order.gridId),
  placedByName: names.user(order.placedById),
  partNames: new Map(responders.parts.map((p) => [p.userId, names.user(p.userId)])),
  unitNames: new Map(
    responders.slots.flatMap((s) => (s.teamId !== null ? [[s.id, names.team(s.teamId)]] : s.workUnitId !== null ? [[s.id, names.org(s.workUnitId)]] : [])),
  ),
})

const eventViewOf = (event: EventRow, names: Names): EventView => {
  const partUser = payloadUser(event)
  return {
    event,
    actorName: event.actorId === null ? null : names.user(event.actorId),
    assigneeName: event.assigneeId === null ? null : names.user(event.assigneeId),
    partName: partUser === null ? null : names.user(partUser),
  }
}

/** Pages of orders with their responders, clocks and names: three small queries whatever the page size. */
async function viewsOf(db: Db, rows: readonly OrderRow[], now: Date): Promise<OrderView[]> {
  const ids = rows.map((o) => o.id)
  const responders = await loadResponders(db, ids)
  const timelines = await loadTimelines(db, ids)
  const of = (o: OrderRow) => responders.get(o.id) ?? NO_ONE
  const names = await displayNames(db, namesNeeded(rows, rows.map(of)))
  return rows.map((o) => viewOf(o, of(o), names, alertOf(db, o, timelines.get(o.id) ?? [], now)))
}

const orderById = prepared('order_by_id', (db) => db.select().from(orders).where(eq(orders.id, ph('id'))))
const eventsOfOrder = prepared('events_of_order', (db) =>
  db.select().from(orderEvents).where(eq(orderEvents.orderId, ph('orderId'))).orderBy(asc(orderEvents.at), asc(orderEvents.id)),
)

/** An order row with its responders: what the domain decides with. */
export interface LoadedOrder {
  row: OrderRow
  responders: Responders
}

export async function findOrder(db: Db, id: number): Promise<LoadedOrder | null> {
  const [row] = await orderById(db).execute({ id })
  if (!row) return null
  const responders = (await loadResponders(db, [id])).get(id) ?? NO_ONE
  return { row, responders }
}

/** The order with its names and timeline, for a detail view (its responders read here unless given). */
export async function loadOrderDetail(db: Db, order: OrderRow, now: Date, known?: Responders): Promise<{ view: OrderView; events: EventView[] }> {
  const events = await eventsOfOrder(db).execute({ orderId: order.id })
  const responders = known ?? (await loadResponders(db, [order.id])).get(order.id) ?? NO_ONE
  const names = await displayNames(db, namesNeeded([order], [responders], events))
  const clock = alertOf(db, order, events.map(timelineEntryOf), now)
  return { view: viewOf(order, responders, names, clock), events: events.map((e) => eventViewOf(e, names)) }
}

const timelineEntryOf = (e: EventRow): TimelineEntry => ({
  event: e.event,
  from: e.fromStatus,
  to: e.toStatus,
  actorId: e.actorId ?? 0,
  actorRole: e.actorRole,
  note: e.note,
  rating: e.rating,
  assigneeId: e.assigneeId,
  photos: e.photos,
  payload: e.payload,
  meetingId: e.meetingId,
  at: e.at.toISOString(),
})

const timelinesOf = prepared('timelines_of_orders', (db) =>
  db
    .select()
    .from(orderEvents)
    .where(sql`${orderEvents.orderId} = any(${ph('ids')}::int[])`)
    .orderBy(asc(orderEvents.orderId), asc(orderEvents.id)),
)

/** The timelines of several orders (what the clocks read), in one prepared query. */
export async function loadTimelines(db: Db, orderIds: readonly number[]): Promise<Map<number, TimelineEntry[]>> {
  const timelines = new Map<number, TimelineEntry[]>()
  if (orderIds.length === 0) return timelines
  const rows = await timelinesOf(db).execute({ ids: [...orderIds] })
  for (const row of rows) {
    const timeline = timelines.get(row.orderId) ?? []
    timeline.push(timelineEntryOf(row))
    timelines.set(row.orderId, timeline)
  }
  return timelines
}

/**
 * The orders the clock job must read at `now`: those whose `clock_check_at` has come (set by each
 * transition, and by the job itself to the next instant their clocks could say anything new).
 * With the version read, so the job's write can tell whether a transition came in between.
 */
export async function ordersDueForClocks(db: Db, now: Date) {
  return db
    .select({ id: orders.id, version: orders.version, status: orders.status, orgPath: orders.orgPath, urgency: orders.urgency, categoryCode: orders.categoryCode })
    .from(orders)
    .where(sql`${orders.clockCheckAt} <= ${now.toISOString()}::timestamptz`)
}

/** An order's last event: what `missedInHall` reads to tell "just taken from you" from "never yours". */
const lastEventOf = prepared('last_event_of', (db) =>
  db
    .select({ event: orderEvents.event, from: orderEvents.fromStatus, payload: orderEvents.payload })
    .from(orderEvents)
    .where(eq(orderEvents.orderId, ph('orderId')))
    .orderBy(desc(orderEvents.id))
    .limit(1),
)

export async function lastEventOfOrder(db: Db, orderId: number): Promise<LastEvent | null> {
  const [row] = await lastEventOf(db).execute({ orderId })
  return row ?? null
}

/**
 * Where the next page starts: the sort key of the last row shown. `rank` is set only in queue
 * order (the domain's `listOrderOf`), and `at` is then the creation time instead of the last update.
 */
export interface Cursor {
  rank?: number
  at: Date
  id: number
}

export interface ListFilter {
  group?: StatusGroup
  view: 'mine' | 'hall'
  /** Only the orders the clock job last found 超时, 即将超时, or either (`orders.clock_alert`). */
  clock?: ClockFilter
  cursor?: Cursor
  limit: number
}

/** The `clock_alert` values each clock filter selects. */
const CLOCK_ALERTS: Record<ClockFilter, readonly string[]> = { overdue: ['overdue'], due_soon: ['due_soon'], late: ['overdue', 'due_soon'] }

/** Printed as literals, not parameters: it is the very expression the `orders_queue_*` indexes hold. */
const urgencyRank = sql<number>`${sql.raw(URGENCY_RANK_SQL)}`

/** Who sees which orders in a list. Mirrors `canView` in policies. */
type Scope = 'household' | 'committee' | 'committee_inbox' | 'hall' | 'mine'

const inTree = like(orders.orgPath, ph('pathPrefix'))

/** Queue scopes print their statuses as literals too: that is what lets the partial indexes serve them. */
const LIVE = quotedList(LIVE_PART_STATUSES)

/** The actor holds a live part of the order, in a slot still open (the domain's `livePartOf`). */
const holdsPart = sql`exists (select 1 from ${orderAssignments} a join ${orderSlots} s on s.id = a.slot_id
  where a.order_id = ${orders.id} and a.user_id = ${ph('actorId')}::int and a.status in (${LIVE}) and s.closed_at is null)`

/** Per slot kind, whether the actor may take it: the domain's `qualifiesFor`, in SQL. */
const UNIT_MATCH: Partial<Record<(typeof SLOT_KINDS)[number], SQL>> = {
  team: sql`s.team_id = ${ph('teamId')}::int`,
  department: sql`s.work_unit_id = ${ph('workUnitId')}::int`,
}
const qualifies = sql.join(
  SLOT_KINDS.filter((kind) => SLOT_KIND_ROLES[kind].length > 0).map(
    (kind) => sql`(s.kind = '${sql.raw(kind)}' and ${ph('role')} in (${quotedList(SLOT_KIND_ROLES[kind])})${UNIT_MATCH[kind] ? sql` and ${UNIT_MATCH[kind]}` : sql``})`,
  ),
  sql` or `,
)

/** A slot with a free place the actor may take (the domain's `claimableSlots`). */
const hasPlaceForActor = sql`exists (select 1 from ${orderSlots} s where s.order_id = ${orders.id} and s.closed_at is null and (${qualifies})
  and s.headcount > (select count(*) from ${orderAssignments} a where a.slot_id = s.id and a.status in (${LIVE})))`

const SCOPES: Record<Scope, SQL> = {
  // Its own orders, and those its merged duplicates follow: two indexes, one bitmap OR.
  household: sql`(${orders.householdId} = ${ph('householdId')}::int or ${orders.followerHouseholdIds} @> array[${ph('householdId')}::int])`,
  committee: inTree,
  committee_inbox: and(sql`${orders.status} in (${quotedList(STATUS_GROUPS.pending)})`, inTree)!,
  // `hall_places > 0` first, as the partial index holds it; then the places this responder may take.
  hall: and(sql`${orders.hallPlaces} > 0`, inTree, hasPlaceForActor, sql`not ${holdsPart}`)!,
  // Only the acting membership's community: a person may serve two (see `POLICIES.isTaker`).
  mine: and(holdsPart, like(orders.orgPath, ph('tenantPrefix')))!,
}

function scopeOf(actor: Actor, filter: Pick<ListFilter, 'group' | 'view'>): Scope {
  if (speaksForHousehold(actor.role)) return 'household'
  if (actor.role === 'committee') return listOrderOf(actor.role, filter) === 'queue' ? 'committee_inbox' : 'committee'
  if (isResponder(actor.role)) return filter.view === 'hall' ? 'hall' : 'mine'
  // Grid workers and street administrators read their whole subtree, as a committee does.
  return 'committee'
}

/** Parameters every scope's statement takes (unused ones are ignored by the SQL). */
const scopeParams = (actor: Actor) => ({
  actorId: actor.id,
  role: actor.role,
  teamId: actor.teamId ?? 0,
  workUnitId: actor.workUnitId ?? 0,
  householdId: actor.householdId ?? 0,
  pathPrefix: `${actor.orgPath}%`,
  tenantPrefix: `${actor.communityPath ?? '/'}%`,
})

const inGroup = sql`${orders.status} = any(${ph('statuses')}::text[])`

const QUEUE_SCOPES: readonly Scope[] = ['committee_inbox', 'hall']

// A parameter, not literals: one statement per scope serves the three filters, and the partial
// `orders_clock_alert_idx` still applies (`=` is strict, so it implies `clock_alert is not null`).
const hasAlert = sql`${orders.clockAlert} = any(${ph('alerts')}::text[])`

/** A scope's page statement; `late`: only orders with one of the clock alerts asked for. */
function pageQuery(db: Db, scope: Scope, late = false) {
  const queue = QUEUE_SCOPES.includes(scope)
  return db
    .select()
    .from(orders)
    .where(
      and(
        SCOPES[scope],
        inGroup,
        late ? hasAlert : undefined,
        queue
          ? sql`(${urgencyRank}, ${orders.createdAt}, ${orders.id}) > (${ph('rank')}::int, ${ph('at')}::timestamptz, ${ph('id')}::int)`
          : sql`(${orders.updatedAt}, ${orders.id}) < (${ph('at')}::timestamptz, ${ph('id')}::int)`,
      ),
    )
    .orderBy(...(queue ? [asc(urgencyRank), asc(orders.createdAt), asc(orders.id)] : [desc(orders.updatedAt), desc(orders.id)]))
    .limit(ph('limit'))
}

/** The SQL a scope's page statement sends, with its placeholders (to check its plan). */
export const pageSqlOf = (db: Db, scope: Scope, late = false) => pageQuery(db, scope, late).toSQL()

type PageStatements = Record<Scope, (db: Db) => ReturnType<ReturnType<typeof pageQuery>['prepare']>>
const pageStatements = (late: boolean) =>
  Object.fromEntries(
    (Object.keys(SCOPES) as Scope[]).map((scope) => [scope, prepared(`orders_page_${scope}${late ? '_late' : ''}`, (db) => pageQuery(db, scope, late))]),
  ) as PageStatements

/**
 * One prepared statement per scope, and one per scope with the clock filter: each has one shape,
 * so PostgreSQL keeps its plan (the lists without the filter keep theirs exactly).
 */
const pageOf = pageStatements(false)
const latePageOf = pageStatements(true)

/** Keyset pagination on the list's sort key, so pages never skip or repeat. */
export async function listOrders(db: Db, actor: Actor, filter: ListFilter, now: Date): Promise<{ rows: OrderView[]; next: Cursor | null }> {
  const scope = scopeOf(actor, filter)
  const queue = QUEUE_SCOPES.includes(scope)
  const c = filter.cursor
  // Without a cursor the bound lies before the first row: one statement shape for every page.
  const start = queue ? { rank: -1, at: '-infinity', id: 0 } : { rank: 0, at: 'infinity', id: MAX_ID }
  const rows = await (filter.clock ? latePageOf : pageOf)[scope](db).execute({
    ...scopeParams(actor),
    ...(filter.clock ? { alerts: [...CLOCK_ALERTS[filter.clock]] } : {}),
    statuses: filter.group ? [...STATUS_GROUPS[filter.group]] : [...ORDER_STATUSES],
    rank: c?.rank ?? start.rank,
    at: c ? c.at.toISOString() : start.at,
    id: c?.id ?? start.id,
    limit: filter.limit + 1,
  })
  const shown = rows.slice(0, filter.limit)
  const last = shown[shown.length - 1]
  const next: Cursor | null =
    rows.length > filter.limit
      ? queue
        ? { rank: URGENCIES.indexOf(last.urgency), at: last.createdAt, id: last.id }
        : { at: last.updatedAt, id: last.id }
      : null
  return { rows: await viewsOf(db, shown, now), next }
}

const countQuery = (db: Db, scope: Scope) =>
  db
    .select({ status: orders.status, alert: orders.clockAlert, n: sql<number>`count(*)::int` })
    .from(orders)
    .where(SCOPES[scope])
    .groupBy(orders.status, orders.clockAlert)
const countsOf = Object.fromEntries(
  (Object.keys(SCOPES) as Scope[]).map((scope) => [scope, prepared(`order_counts_${scope}`, (db) => countQuery(db, scope))]),
) as Record<Scope, (db: Db) => ReturnType<ReturnType<typeof countQuery>['prepare']>>

/**
 * Orders per status group in the actor's list scope, the numbers on the list's tabs; and of those,
 * how many are 超时 / 即将超时 (as the clock job last read them), the numbers on the clock filters.
 */
export async function countOrders(db: Db, actor: Actor, view: 'mine' | 'hall'): Promise<OrderCountsDto> {
  // Without a group no list is a queue: the committee counts its whole subtree.
  const rows = await countsOf[scopeOf(actor, { view })](db).execute(scopeParams(actor))
  const zero = () => Object.fromEntries(STATUS_GROUP_NAMES.map((group) => [group, 0])) as Record<StatusGroup, number>
  const counts: OrderCountsDto = { ...zero(), clock: { overdue: zero(), due_soon: zero() } }
  for (const row of rows) {
    counts[groupOf(row.status)] += row.n
    if (row.alert) counts.clock[row.alert][groupOf(row.status)] += row.n
  }
  return counts
}

const DUPLICATES_SHOWN = 5

/**
 * Orders that may be the same problem as `order`, nearest in time first: what the committee is
 * offered to merge it into. The domain's `mergeProblem` has the last word on each.
 */
export async function likelyDuplicates(db: Db, order: OrderRow, now: Date): Promise<OrderView[]> {
  const window = `${MERGE_WINDOW_DAYS} days`
  const rows = await db
    .select()
    .from(orders)
    .where(
      and(
        like(orders.orgPath, `${neighbourhoodOf(order.orgPath)}%`),
        eq(orders.categoryCode, order.categoryCode),
        sql`${orders.id} <> ${order.id}`,
        sql`${orders.status} not in (${quotedList(TERMINAL_STATUSES)})`,
        sql`${orders.createdAt} between ${order.createdAt.toISOString()}::timestamptz - ${window}::interval and ${order.createdAt.toISOString()}::timestamptz + ${window}::interval`,
      ),
    )
    .orderBy(sql`abs(extract(epoch from ${orders.createdAt} - ${order.createdAt.toISOString()}::timestamptz))`, asc(orders.id))
    .limit(DUPLICATES_SHOWN)
  return viewsOf(db, rows.filter((row) => mergeProblem(order, row) === null), now)
}

/** Grids under a community path, with their full names for pickers. */
export async function listGrids(db: Db, communityPath: string) {
  return db
    .select({ id: grid.id, name: grid.name, path: grid.path, fullName: orgChainName('grid', { withinCommunity: true }) })
    .from(grid)
    .where(and(eq(grid.kind, 'grid'), like(grid.path, `${communityPath}%`)))
    // Numerically along the path: text order would put /13/ before /9/.
    .orderBy(sql`string_to_array(trim(both '/' from ${grid.path}), '/')::int[]`)
}

const gridById = prepared('grid_by_id', (db) => db.select().from(orgs).where(and(eq(orgs.id, ph('id')), eq(orgs.kind, 'grid'))))
export async function findGrid(db: Db, id: number) {
  const [row] = await gridById(db).execute({ id })
  return row ?? null
}
