import { inArray, sql } from 'drizzle-orm'
import { DEFAULT_CLOCK_TARGETS, escalationsOf, targetsFor, type OrderStatus } from '../../src/domain'
import type { Db } from '../db/client'
import { orders } from '../db/schema'
import { appendEscalation } from '../repositories/order-writes'
import { loadTimelines } from '../repositories/orders'
import { every } from './schedule'

/** Where a response or completion clock runs (clocks.ts): only these orders can be overdue. */
const CLOCKED: readonly OrderStatus[] = ['submitted', 'reopened', 'assigned', 'open', 'accepted', 'in_progress']
/** No target is shorter than the emergency response: younger orders cannot be overdue yet. */
const SHORTEST_TARGET_MS = Math.min(...Object.values(DEFAULT_CLOCK_TARGETS).map((t) => t.responseMinutes)) * 60_000


/**
 * Escalates every overdue order one level up the org tree per half target late (the domain's
 * `escalationsOf`): an event on its timeline and a message to that level. Targets are the
 * defaults until communities set their own. Returns how many escalations it wrote.
 */
export async function escalateOverdue(db: Db, now: Date): Promise<number> {
  const candidates = await db
    .select({ id: orders.id, status: orders.status, orgPath: orders.orgPath, urgency: orders.urgency, categoryCode: orders.categoryCode })
    .from(orders)
    .where(sql`${inArray(orders.status, [...CLOCKED])} and ${orders.createdAt} < ${new Date(now.getTime() - SHORTEST_TARGET_MS).toISOString()}::timestamptz`)
  if (candidates.length === 0) return 0
  const timelines = await loadTimelines(db, candidates.map((o) => o.id))
  let written = 0
  for (const order of candidates) {
    const timeline = timelines.get(order.id)
    if (!timeline) continue
    for (const { entry, notice } of escalationsOf(timeline, order.orgPath, targetsFor({}, order.categoryCode, order.urgency), now)) {
      if (await appendEscalation(db, order.id, order.status, entry, notice ? [notice] : [])) written++
    }
  }
  return written
}

/** `escalateOverdue` every minute: the emergency ladder's steps are 15 minutes apart. */
export function scheduleEscalations(db: Db, now: () => Date, log: (message: string) => void, intervalMs = 60_000): () => Promise<void> {
  return every(
    intervalMs,
    async () => {
      const n = await escalateOverdue(db, now())
      if (n > 0) log(`escalated ${n} overdue order step(s)`)
    },
    (error) => log(`escalation failed: ${String(error)}`),
  )
}
