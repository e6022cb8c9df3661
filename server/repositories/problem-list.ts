import { and, asc, desc, eq, gte, inArray, like, lt, notInArray, or, sql, type SQL } from 'drizzle-orm'
import { isTerminal, liveParts, maskName, ORDER_STATUSES, TERMINAL_STATUSES, type OrderEvent } from '../../src/domain'
import {
  DECISION_EVENTS,
  ENDING_EVENTS,
  PROBLEM_STATES,
  problemStateOf,
  type EndingEvent,
  type PeriodRange,
  type ProblemState,
} from '../../src/domain/problem-list'
import type { ProblemDecisionDto, ProblemItemDto, ProblemSummaryDto } from '../../types/problem-list'
import type { Db } from '../db/client'
import { meetings, orderEvents, orders } from '../db/schema'
import { loadResponders, NO_ONE } from './assignments'
import { displayNames, type Names } from './names'
import { summaryOf } from './order-dto'

/** Where the next page starts: the creation time and id of the last item shown (newest first). */
export interface ProblemCursor {
  at: Date
  id: number
}

export interface ProblemFilter {
  /** The committee's org path: its whole subtree. */
  pathPrefix: string
  range: PeriodRange
  state?: ProblemState
  cursor?: ProblemCursor
  limit: number
}

const autoClosed = sql`exists (select 1 from ${orderEvents} x where x.order_id = ${orders.id} and x.event = 'auto_close')`

/**
 * The domain's `problemStateOf` printed as SQL, status by status, so a filter and the summary
 * agree with the items: only where the closing event matters does the SQL look for it.
 */
const stateSql: SQL<ProblemState> = sql`(case ${orders.status} ${sql.join(
  ORDER_STATUSES.map((status) => {
    const [byPerson, byClock] = [problemStateOf(status, false), problemStateOf(status, true)]
    const then = byPerson === byClock ? sql.raw(`'${byPerson}'`) : sql`case when ${autoClosed} then '${sql.raw(byClock)}' else '${sql.raw(byPerson)}' end`
    return sql`when '${sql.raw(status)}' then ${then}`
  }),
  sql` `,
)} end)`

/**
 * The period's problems: raised before it ended, and not ended before it began. A terminal
 * status takes no further event, so a terminal order's `updated_at` is when it ended.
 */
const inPeriod = (f: Pick<ProblemFilter, 'pathPrefix' | 'range'>) =>
  and(
    like(orders.orgPath, `${f.pathPrefix}%`),
    lt(orders.createdAt, f.range.end),
    or(notInArray(orders.status, [...TERMINAL_STATUSES]), gte(orders.updatedAt, f.range.start)),
  )!

/** Items in each state, and how many were carried over from before the period. */
export async function problemSummary(db: Db, f: Pick<ProblemFilter, 'pathPrefix' | 'range'>): Promise<ProblemSummaryDto> {
  const rows = await db
    .select({
      state: stateSql,
      n: sql<number>`count(*)::int`,
      carried: sql<number>`(count(*) filter (where ${lt(orders.createdAt, f.range.start)}))::int`,
    })
    .from(orders)
    .where(inPeriod(f))
    .groupBy(sql`1`)
  const summary = { total: 0, carriedOver: 0, ...Object.fromEntries(PROBLEM_STATES.map((s) => [s, 0])) } as ProblemSummaryDto
  for (const row of rows) {
    summary[row.state] += row.n
    summary.total += row.n
    summary.carriedOver += row.carried
  }
  return summary
}

type EventRow = Awaited<ReturnType<typeof eventsOf>>[number]

/** The decisions and endings of a page's orders, oldest first, in one query. */
function eventsOf(db: Db, orderIds: number[]) {
  return db
    .select({
      orderId: orderEvents.orderId,
      event: orderEvents.event,
      toStatus: orderEvents.toStatus,
      note: orderEvents.note,
      rating: orderEvents.rating,
      actorRole: orderEvents.actorRole,
      assigneeId: orderEvents.assigneeId,
      payload: orderEvents.payload,
      meetingId: orderEvents.meetingId,
      meetingTitle: meetings.title,
      at: orderEvents.at,
    })
    .from(orderEvents)
    .leftJoin(meetings, eq(meetings.id, orderEvents.meetingId))
    .where(and(inArray(orderEvents.orderId, orderIds), inArray(orderEvents.event, [...DECISION_EVENTS, ...ENDING_EVENTS])))
    .orderBy(asc(orderEvents.id))
}

const isEnding = (event: OrderEvent): event is EndingEvent => (ENDING_EVENTS as readonly OrderEvent[]).includes(event)

const calledSlots = (e: EventRow) => (e.event === 'call' && e.payload?.kind === 'slots' ? e.payload.slots : [])

function decisionOf(e: EventRow, names: Names): ProblemDecisionDto {
  const p = e.payload
  return {
    event: e.event,
    note: e.note,
    at: e.at.toISOString(),
    actorRole: e.actorRole,
    meetingId: e.meetingId,
    meetingTitle: e.meetingTitle,
    assigneeName: e.event === 'dispatch' && e.assigneeId !== null ? names.user(e.assigneeId) : null,
    call:
      e.event === 'call'
        ? calledSlots(e).map((s) => ({
            kind: s.kind,
            headcount: s.headcount,
            unitName: s.unitId === undefined ? null : s.kind === 'team' ? names.team(s.unitId) : s.kind === 'department' ? names.org(s.unitId) : null,
          }))
        : null,
    revisitOn: p?.kind === 'parked' ? p.revisitOn : null,
    relatedOrderId: p?.kind === 'merged' ? p.intoOrderId : p?.kind === 'absorbed' ? p.orderId : null,
  }
}

/**
 * A page of the period's problems, newest first (keyset on creation time and id, so pages never
 * skip or repeat while new orders arrive on top). Four queries whatever the page size: the
 * orders, their responders, their decisions and endings, and every name shown.
 */
export async function problemPage(db: Db, f: ProblemFilter): Promise<{ items: ProblemItemDto[]; next: ProblemCursor | null }> {
  const rows = await db
    .select({ order: orders, state: stateSql })
    .from(orders)
    .where(
      and(
        inPeriod(f),
        f.state ? sql`${stateSql} = ${f.state}` : undefined,
        f.cursor ? sql`(${orders.createdAt}, ${orders.id}) < (${f.cursor.at.toISOString()}::timestamptz, ${f.cursor.id}::int)` : undefined,
      ),
    )
    .orderBy(desc(orders.createdAt), desc(orders.id))
    .limit(f.limit + 1)
  const shown = rows.slice(0, f.limit)
  const last = shown[shown.length - 1]?.order
  const next = rows.length > f.limit && last ? { at: last.createdAt, id: last.id } : null
  if (shown.length === 0) return { items: [], next }

  const ids = shown.map((r) => r.order.id)
  const [responders, events] = await Promise.all([loadResponders(db, ids), eventsOf(db, ids)])
  const names = await displayNames(db, {
    users: [...[...responders.values()].flatMap((r) => r.parts.map((p) => p.userId)), ...events.map((e) => (e.event === 'dispatch' ? e.assigneeId : null))],
    orgs: [...shown.map((r) => r.order.gridId), ...events.flatMap((e) => calledSlots(e).map((s) => (s.kind === 'department' ? s.unitId ?? null : null)))],
    teams: events.flatMap((e) => calledSlots(e).map((s) => (s.kind === 'team' ? s.unitId ?? null : null))),
    categories: shown.map((r) => r.order.categoryCode),
  })
  const eventsByOrder = new Map<number, EventRow[]>()
  for (const e of events) eventsByOrder.set(e.orderId, [...(eventsByOrder.get(e.orderId) ?? []), e])

  const items = shown.map(({ order: o, state }): ProblemItemDto => {
    const own = eventsByOrder.get(o.id) ?? []
    const { slots, parts } = responders.get(o.id) ?? NO_ONE
    const latestFirst = [...own].reverse()
    const lastPark = o.status === 'parked' ? latestFirst.find((e) => e.event === 'park') : undefined
    const ending = isTerminal(o.status) ? latestFirst.find((e) => isEnding(e.event) && e.toStatus === o.status) : undefined
    return {
      orderId: o.id,
      categoryName: names.category(o.categoryCode),
      summary: summaryOf(o.description),
      address: o.address,
      gridName: names.org(o.gridId),
      // The committee is not the household: names are masked as in its order lists.
      residentName: maskName(o.contactName),
      urgency: o.urgency,
      status: o.status,
      state,
      createdAt: o.createdAt.toISOString(),
      carriedOver: o.createdAt < f.range.start,
      holders: liveParts(slots, parts).map((p) => ({ name: names.user(p.userId), status: p.status })),
      decisions: own.filter((e) => !isEnding(e.event)).map((e) => decisionOf(e, names)),
      parked: lastPark ? { reason: lastPark.note ?? '', revisitOn: lastPark.payload?.kind === 'parked' ? lastPark.payload.revisitOn : '' } : null,
      ending: ending && isEnding(ending.event) ? { event: ending.event, at: ending.at.toISOString(), rating: ending.rating, note: ending.note } : null,
      struckOff: o.status === 'closed' && ending?.event === 'confirm',
    }
  })
  return { items, next }
}
