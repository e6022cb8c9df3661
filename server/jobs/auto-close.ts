import { and, eq, lt } from 'drizzle-orm'
import { AUTO_CLOSE_DAYS, SYSTEM_ACTOR, transition } from '../../src/domain'
import type { Db } from '../db/client'
import { orders } from '../db/schema'
import { factsOf } from '../repositories/order-dto'
import { applyTransition } from '../repositories/order-writes'
import { findOrder } from '../repositories/orders'

const DAY_MS = 24 * 3600_000

/**
 * Strikes off (销号) every order that has waited for the resident's confirmation longer than
 * `days`: the domain's `auto_close`, by the system actor, one statement per order. An order
 * the resident answers meanwhile loses the race harmlessly and is skipped.
 * Returns the ids it closed.
 */
export async function autoCloseStale(db: Db, now: Date, days = AUTO_CLOSE_DAYS): Promise<number[]> {
  const stale = await db
    .select({ id: orders.id })
    .from(orders)
    .where(and(eq(orders.status, 'completed'), lt(orders.updatedAt, new Date(now.getTime() - days * DAY_MS))))
  const closed: number[] = []
  for (const { id } of stale) {
    const order = await findOrder(db, id)
    if (!order) continue
    const result = transition(factsOf(order), 'auto_close', SYSTEM_ACTOR, now)
    if (result.ok && (await applyTransition(db, order.row, result))) closed.push(id)
  }
  return closed
}

/**
 * Runs `autoCloseStale` now and then every `intervalMs`. Returns a stop function that resolves
 * once a run in progress has finished, so shutdown never closes the pool under it.
 */
export function scheduleAutoClose(db: Db, now: () => Date, log: (message: string) => void, intervalMs = 3600_000): () => Promise<void> {
  let running: Promise<unknown> = Promise.resolve()
  const run = () => {
    running = autoCloseStale(db, now()).then(
      (ids) => ids.length > 0 && log(`auto-closed ${ids.length} order(s) unconfirmed for ${AUTO_CLOSE_DAYS} days: ${ids.join(', ')}`),
      (error: unknown) => log(`auto-close failed: ${String(error)}`),
    )
  }
  run()
  const timer = setInterval(run, intervalMs)
  timer.unref()
  return async () => {
    clearInterval(timer)
    await running
  }
}
