import { and, eq, sql } from 'drizzle-orm'
import { absorption, CLOCKED_STATUSES, TERMINAL_STATUSES, type Notice, type OnceNotice, type OrderPatch, type OrderStatus, type TimelineEntry } from '../../src/domain'
import type { Db } from '../db/client'
import { conflict } from '../errors'
import { orderAssignments, orderEvents, orders, outbox } from '../db/schema'
import { announceChanged } from './changes'
import { writeResponderChanges } from './assignments'
import type { OrderRow } from './orders'
import { prepared, preparedSql, quotedList } from './prepared'

// The two writes an order knows: its creation and each transition. Each appends the timeline
// event in the same statement or transaction, so the order and its history never disagree.

const ph = sql.placeholder

export type NewOrder = Omit<
  typeof orders.$inferInsert,
  'id' | 'status' | 'version' | 'createdAt' | 'updatedAt' | 'hallPlaces' | 'followerHouseholdIds' | 'mergedIntoId' | 'clockAlert' | 'clockDueAt' | 'clockCheckAt'
>

/** The `order_events` row for a timeline entry; the system has no user row, so no actor id. */
export const eventValues = (orderId: number, entry: TimelineEntry) => ({
  orderId,
  event: entry.event,
  fromStatus: entry.from,
  toStatus: entry.to,
  actorId: entry.actorRole === 'system' ? null : entry.actorId,
  actorRole: entry.actorRole,
  note: entry.note,
  rating: entry.rating,
  assigneeId: entry.assigneeId,
  photos: entry.photos,
  payload: entry.payload,
  meetingId: entry.meetingId ?? null,
  at: new Date(entry.at),
})

const orderByIdempotencyKey = prepared('order_by_idempotency_key', (db) =>
  db.select().from(orders).where(and(eq(orders.placedById, ph('placedById')), eq(orders.idempotencyKey, ph('key')))),
)

const EVENT_COLUMNS = sql.raw('order_id, event, from_status, to_status, actor_id, actor_role, note, rating, assignee_id, photos, payload, meeting_id, at')
const eventFields = sql`${ph('event')}, ${ph('fromStatus')}, ${ph('toStatus')}, ${ph('actorId')}::int, ${ph('actorRole')}, ${ph('note')},
  ${ph('rating')}::int, ${ph('assigneeId')}::int, ${ph('photos')}::jsonb, ${ph('payload')}::jsonb, ${ph('meetingId')}::int, ${ph('at')}::timestamptz`
const eventParams = (entry: TimelineEntry) => {
  const e = eventValues(0, entry)
  return { ...e, photos: JSON.stringify(e.photos), payload: e.payload && JSON.stringify(e.payload), at: e.at.toISOString() }
}

/**
 * The outbox rows of a change, from the notices as a JSON array (none: no rows), for the order
 * the statement's `source` CTE returns: announced only if the change happened.
 */
const announce = (source: string) =>
  sql`announced as (
        insert into ${outbox} (order_id, kind, audience, created_at)
        select s.id, n.kind, n.audience, ${ph('now')}::timestamptz from ${sql.raw(source)} s cross join jsonb_to_recordset(${ph('notices')}::jsonb) as n(kind text, audience jsonb)
      )`

/** The order, its `submit` event and its announcement in one statement; nothing when the idempotency key was used before. */
const insertStatement = preparedSql<{ id: number }>(
  'insert_order',
  sql`with created as (
        insert into ${orders} (placed_by_id, placed_as, household_id, category_code, description, photos, grid_id, org_path, address, contact_name, contact_phone,
                               preferred_time, urgency, status, version, created_at, updated_at, idempotency_key, clock_check_at)
        values (${ph('placedById')}::int, ${ph('placedAs')}, ${ph('householdId')}::int, ${ph('categoryCode')}, ${ph('description')}, ${ph('orderPhotos')}::jsonb, ${ph('gridId')}::int,
                ${ph('orgPath')}, ${ph('address')}, ${ph('contactName')}, ${ph('contactPhone')}, ${ph('preferredTime')}, ${ph('urgency')},
                ${ph('toStatus')}, 1, ${ph('now')}::timestamptz, ${ph('now')}::timestamptz, ${ph('idempotencyKey')}, ${ph('now')}::timestamptz)
        on conflict (placed_by_id, idempotency_key) do nothing
        returning id
      ), submitted as (
        insert into ${orderEvents} (${EVENT_COLUMNS}) select id, ${eventFields} from created returning order_id
      ), ${announce('created')}
      select order_id as id from submitted`,
)

/**
 * Inserts the order and its `submit` event together. With an idempotency key, a retry (even a
 * concurrent one) finds the first order instead: the unique (placed_by_id, idempotency_key)
 * index decides (per person who placed it), and `created` says which happened.
 */
export async function insertOrder(db: Db, values: NewOrder, entry: TimelineEntry, now: Date, notices: readonly Notice[]): Promise<{ order: OrderRow; created: boolean }> {
  const [row] = await insertStatement(db, {
    ...values,
    orderPhotos: JSON.stringify(values.photos ?? []),
    preferredTime: values.preferredTime ?? null,
    idempotencyKey: values.idempotencyKey ?? null,
    now: now.toISOString(),
    ...eventParams(entry),
    notices: JSON.stringify(notices),
  })
  if (row) {
    await announceChanged(db, 'sandan_orders', [row.id])
    const order: OrderRow = {
      id: row.id,
      ...values,
      photos: values.photos ?? [],
      preferredTime: values.preferredTime ?? null,
      idempotencyKey: values.idempotencyKey ?? null,
      status: entry.to,
      hallPlaces: 0,
      followerHouseholdIds: [],
      mergedIntoId: null,
      rating: null,
      version: 1,
      createdAt: now,
      updatedAt: now,
      clockAlert: null,
      clockDueAt: null,
      clockCheckAt: now,
    }
    return { order, created: true }
  }
  const [existing] = await orderByIdempotencyKey(db).execute({ placedById: values.placedById, key: values.idempotencyKey })
  return { order: existing, created: false }
}

type OrderChange = Pick<OrderRow, 'status' | 'rating' | 'hallPlaces' | 'mergedIntoId'>

/**
 * The clock columns after a transition to `to`: where a clock runs, the clock job reads the order
 * again at its next run (its clocks may have started, stopped or moved); where none runs, there is
 * nothing to filter by or read until the next transition.
 */
function clocksAfter(to: OrderStatus, now: Date): Partial<Pick<OrderRow, 'clockAlert' | 'clockDueAt'>> & Pick<OrderRow, 'clockCheckAt'> {
  return CLOCKED_STATUSES.includes(to) ? { clockCheckAt: now } : { clockCheckAt: null, clockAlert: null, clockDueAt: null }
}
/** What the domain's `transition` decided. */
export type AcceptedTransition = { to: OrderStatus; patch: OrderPatch; entry: TimelineEntry; notices: readonly Notice[] }

/** Opening or closing slots, or merging into another order, takes several statements: a transaction. One part moving fits in one. */
const needsTransaction = ({ patch }: AcceptedTransition) => patch.openSlots !== undefined || patch.closeSlots === true || patch.mergeInto !== undefined
const movesPart = ({ patch }: AcceptedTransition) => patch.part !== undefined && patch.part.from !== patch.part.to

/**
 * Applies an accepted transition. The update is conditional on the version read before deciding,
 * so of two racing requests exactly one wins (the loser decides again on what the winner left:
 * that is how the last free place of a slot goes to exactly one person). The event and the slot
 * and part changes are written with it, so all happen or none. Returns the order as it now is,
 * or null when another request changed it first.
 */
export async function applyTransition(db: Db, order: OrderRow, accepted: AcceptedTransition): Promise<OrderRow | null> {
  const { entry, patch } = accepted
  const now = new Date(entry.at)
  const change: OrderChange = { status: accepted.to, rating: patch.rating ?? order.rating, hallPlaces: patch.hallPlaces, mergedIntoId: patch.mergeInto ?? order.mergedIntoId }
  const clocks = clocksAfter(accepted.to, now)
  const after = { ...order, ...change, ...clocks, version: order.version + 1, updatedAt: now }
  if (!needsTransaction(accepted)) {
    // Most steps touch the order, its timeline and at most one part (a claim, a start, a report):
    // one prepared statement, no transaction held open across round trips.
    const params = {
      id: order.id,
      version: order.version,
      status: change.status,
      orderRating: change.rating,
      hallPlaces: change.hallPlaces,
      clockCheckAt: clocks.clockCheckAt?.toISOString() ?? null,
      now: now.toISOString(),
      ...eventParams(entry),
      notices: JSON.stringify(accepted.notices),
    }
    const part = patch.part
    const rows = !movesPart(accepted)
      ? await transitionStatement(db, params)
      : part!.from === null
        ? await transitionWithNewPart(db, { ...params, slotId: part!.slotId, userId: part!.userId, partTo: part!.to })
        : await transitionWithPartMove(db, { ...params, slotId: part!.slotId, userId: part!.userId, partFrom: part!.from, partTo: part!.to })
    if (rows.length === 0) return null
    await announceChanged(db, 'sandan_orders', [order.id])
    return after
  }
  const applied = await db.transaction(async (tx) => {
    const updated = await tx
      .update(orders)
      .set({ ...change, ...clocks, version: sql`${orders.version} + 1`, updatedAt: now })
      .where(and(eq(orders.id, order.id), eq(orders.version, order.version)))
      .returning({ id: orders.id })
    if (updated.length === 0) return null
    await tx.insert(orderEvents).values(eventValues(order.id, entry))
    await writeResponderChanges(tx, order.id, patch, now)
    if (accepted.notices.length > 0) {
      await tx.insert(outbox).values(accepted.notices.map(({ kind, audience }) => ({ orderId: order.id, kind, audience, createdAt: now })))
    }
    if (patch.mergeInto !== undefined) await absorb(tx, patch.mergeInto, order, entry)
    return after
  })
  if (applied) await announceChanged(db, 'sandan_orders', patch.mergeInto === undefined ? [order.id] : [order.id, patch.mergeInto])
  return applied
}

/** Integers only, so the literal is safe to print. */
const intArray = (ids: readonly number[]) => sql.raw(`'{${ids.map((id) => Math.trunc(id)).join(',')}}'::int[]`)


/**
 * The surviving order of a merge takes in the merged one's household and followers, and says so on
 * its timeline. Its version moves on, so whoever decides on it next sees the new followers. If it
 * ended meanwhile, the merge is refused as a whole.
 */
async function absorb(tx: Db, intoId: number, merged: OrderRow, mergeEntry: TimelineEntry): Promise<void> {
  const [target] = await tx
    .update(orders)
    .set({
      followerHouseholdIds: sql`array(select distinct h from unnest(${orders.followerHouseholdIds} || ${intArray([merged.householdId, ...merged.followerHouseholdIds])}) h
        where h <> ${orders.householdId} order by h)`,
      version: sql`${orders.version} + 1`,
      updatedAt: new Date(mergeEntry.at),
    })
    .where(and(eq(orders.id, intoId), sql`${orders.status} not in (${quotedList(TERMINAL_STATUSES)})`))
    .returning({ status: orders.status })
  if (!target) throw conflict(merged.status, '要合并到的订单刚刚结束了，请另选一单')
  await tx.insert(orderEvents).values(eventValues(intoId, absorption(mergeEntry, target.status, merged)))
}

/**
 * The version-checked update and its event: the head of every one-statement transition. The clock
 * columns go with the status (see `clocksAfter`; a null `clockCheckAt` clears the other two), so
 * no transition leaves the clock job unaware of it.
 */
const UPDATE_AND_APPEND = sql`with updated as (
        update ${orders}
        set status = ${ph('status')}, rating = ${ph('orderRating')}::int, hall_places = ${ph('hallPlaces')}::int,
            clock_check_at = ${ph('clockCheckAt')}::timestamptz,
            clock_alert = case when ${ph('clockCheckAt')}::timestamptz is null then null else clock_alert end,
            clock_due_at = case when ${ph('clockCheckAt')}::timestamptz is null then null else clock_due_at end,
            version = version + 1, updated_at = ${ph('now')}::timestamptz
        where id = ${ph('id')}::int and version = ${ph('version')}::int
        returning id
      ), appended as (
        insert into ${orderEvents} (${EVENT_COLUMNS}) select id, ${eventFields} from updated returning order_id
      ), ${announce('updated')}`

const transitionStatement = preparedSql<{ id: number }>('apply_transition', sql`${UPDATE_AND_APPEND} select order_id as id from appended`)

// A data-modifying CTE runs whether or not the final select reads it; `from updated` ties the
// part to the order's update, so a lost version race writes no part either.
const transitionWithNewPart = preparedSql<{ id: number }>(
  'apply_transition_new_part',
  sql`${UPDATE_AND_APPEND}, part as (
        insert into ${orderAssignments} (order_id, slot_id, user_id, status, created_at, updated_at)
        select id, ${ph('slotId')}::int, ${ph('userId')}::int, ${ph('partTo')}, ${ph('now')}::timestamptz, ${ph('now')}::timestamptz from updated
      )
      select order_id as id from appended`,
)

const transitionWithPartMove = preparedSql<{ id: number }>(
  'apply_transition_part_move',
  sql`${UPDATE_AND_APPEND}, part as (
        update ${orderAssignments} set status = ${ph('partTo')}, updated_at = ${ph('now')}::timestamptz
        where slot_id = ${ph('slotId')}::int and user_id = ${ph('userId')}::int and status = ${ph('partFrom')} and exists (select 1 from updated)
      )
      select order_id as id from appended`,
)

/**
 * An escalation's event and its announcement, if the order is still in the status the job read
 * and this clock, round and level was not escalated before (the unique index decides, so several
 * processes running the job write it once). The order's version stays: nothing a person decides
 * on has changed.
 */
const escalationStatement = preparedSql<{ id: number }>(
  'append_escalation',
  sql`with escalated as (
        insert into ${orderEvents} (${EVENT_COLUMNS})
        select o.id, ${eventFields} from ${orders} o where o.id = ${ph('id')}::int and o.status = ${ph('status')}
        on conflict (order_id, (payload->>'clock'), (payload->>'round'), (payload->>'level')) where event = 'escalate' do nothing
        returning order_id as id
      ), ${announce('escalated')}
      select id from escalated`,
)

/** Writes an escalation (see `escalationStatement`); true when it was written now. */
export async function appendEscalation(db: Db, orderId: number, status: OrderStatus, entry: TimelineEntry, notices: readonly Notice[]): Promise<boolean> {
  const rows = await escalationStatement(db, { id: orderId, status, now: entry.at, notices: JSON.stringify(notices), ...eventParams(entry) })
  if (rows.length === 0) return false
  await announceChanged(db, 'sandan_orders', [orderId])
  return true
}

/** Writes notices about an order to the outbox, outside any transition (the order is as it was). */
export async function appendNotices(db: Db, orderId: number, notices: readonly Notice[], now: Date): Promise<void> {
  if (notices.length === 0) return
  await db.insert(outbox).values(notices.map(({ kind, audience }) => ({ orderId, kind, audience, createdAt: now })))
}

/** Writes the clocks' reminders, each occasion once (the unique `once_key` decides); returns how many are new. */
export async function appendReminders(db: Db, orderId: number, reminders: readonly OnceNotice[], now: Date): Promise<number> {
  if (reminders.length === 0) return 0
  const written = await db
    .insert(outbox)
    .values(reminders.map(({ notice, onceKey }) => ({ orderId, kind: notice.kind, audience: notice.audience, onceKey, createdAt: now })))
    .onConflictDoNothing({ target: outbox.onceKey, where: sql`once_key is not null` })
    .returning({ id: outbox.id })
  return written.length
}

/** What the clock job read of one order (the domain's `ClockSummary`), at the version it read. */
export interface ClockReadingRow {
  id: number
  version: number
  alert: 'overdue' | 'due_soon' | null
  dueAt: string | null
  checkAt: string | null
}

/**
 * A clock run's readings, every order in one statement. Each is written only if the order is still
 * at the version read: a transition since then set its own re-check, which must stand (the next run
 * reads it again). The same reading gives the same values, so several processes running the job
 * write the same; the later one finds nothing to change.
 */
const clockReadingsStatement = preparedSql<{ id: number }>(
  'write_clock_readings',
  sql`update ${orders} o set clock_alert = r.alert, clock_due_at = r.due_at, clock_check_at = r.check_at
      from jsonb_to_recordset(${ph('readings')}::jsonb) as r(id int, version int, alert text, due_at timestamptz, check_at timestamptz)
      where o.id = r.id and o.version = r.version
        and (o.clock_alert, o.clock_due_at, o.clock_check_at) is distinct from (r.alert, r.due_at, r.check_at)
      returning o.id`,
)

/** Writes the readings (see `clockReadingsStatement`); returns how many orders changed. */
export async function writeClockReadings(db: Db, readings: readonly ClockReadingRow[]): Promise<number> {
  if (readings.length === 0) return 0
  const rows = await clockReadingsStatement(db, {
    readings: JSON.stringify(readings.map((r) => ({ id: r.id, version: r.version, alert: r.alert, due_at: r.dueAt, check_at: r.checkAt }))),
  })
  return rows.length
}
