import { inArray, sql } from 'drizzle-orm'
import { DEFAULT_CLOCK_TARGETS, escalationsOf, remindersOf, targetsFor, type OrderStatus } from '../../src/domain'
import type { Db } from '../db/client'
import { orders } from '../db/schema'
import { loadResponders, NO_ONE } from '../repositories/assignments'
import { clockOverridesFor, refreshClockTargets } from '../repositories/clock-targets'
import { appendEscalation, appendReminders } from '../repositories/order-writes'
import { loadTimelines } from '../repositories/orders'
import { every } from './schedule'

/** Where a response or completion clock runs (clocks.ts): only these orders can be due or overdue. */
const CLOCKED: readonly OrderStatus[] = ['submitted', 'reopened', 'assigned', 'open', 'accepted', 'in_progress']
/** No warning comes earlier than 80 % of the emergency response: younger orders have nothing to say yet. */
const EARLIEST_MS = Math.min(...Object.values(DEFAULT_CLOCK_TARGETS).map((t) => t.responseMinutes)) * 60_000 * 0.8

export interface ClockRun {
  /** Escalation steps written (events on timelines, with their messages). */
  escalated: number
  /** Reminders written: 即将超时 warnings and orders left in the hall too long. */
  reminded: number
}

/**
 * Reads every running clock (the domain's `escalationsOf`, `remindersOf`): escalates what is
 * overdue, one level up the org tree per half target late; warns whoever holds what is due soon;
 * flags what has waited in the hall too long. Each occasion is written once, whatever the number
 * of processes running this (unique indexes decide). Targets are each community's own where it set
 * them, else the defaults.
 */
export async function watchClocks(db: Db, now: Date): Promise<ClockRun> {
  const run: ClockRun = { escalated: 0, reminded: 0 }
  const candidates = await db
    .select({ id: orders.id, status: orders.status, orgPath: orders.orgPath, urgency: orders.urgency, categoryCode: orders.categoryCode })
    .from(orders)
    .where(sql`${inArray(orders.status, [...CLOCKED])} and ${orders.createdAt} < ${new Date(now.getTime() - EARLIEST_MS).toISOString()}::timestamptz`)
  if (candidates.length === 0) return run
  const ids = candidates.map((o) => o.id)
  await refreshClockTargets(db)
  const timelines = await loadTimelines(db, ids)
  const responders = await loadResponders(db, ids)
  for (const order of candidates) {
    const timeline = timelines.get(order.id)
    if (!timeline) continue
    const targets = targetsFor(clockOverridesFor(db, order.orgPath), order.categoryCode, order.urgency)
    for (const { entry, notice } of escalationsOf(timeline, order.orgPath, targets, now)) {
      if (await appendEscalation(db, order.id, order.status, entry, notice ? [notice] : [])) run.escalated++
    }
    run.reminded += await appendReminders(db, order.id, remindersOf(order.id, { orgPath: order.orgPath, ...(responders.get(order.id) ?? NO_ONE) }, timeline, targets, now), now)
  }
  return run
}

/** `watchClocks` every minute: the emergency ladder's steps are 15 minutes apart. */
export function scheduleClocks(db: Db, now: () => Date, log: (message: string) => void, intervalMs = 60_000): () => Promise<void> {
  return every(
    intervalMs,
    async () => {
      const { escalated, reminded } = await watchClocks(db, now())
      if (escalated + reminded > 0) log(`clocks: ${escalated} escalation step(s), ${reminded} reminder(s)`)
    },
    (error) => log(`watching the clocks failed: ${String(error)}`),
  )
}
