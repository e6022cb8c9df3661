import { and, eq, lt } from 'drizzle-orm'
import { AUTO_CLOSE_DAYS } from '../../src/domain'
import type { Db } from '../db/client'
import { orders } from '../db/schema'
import { actAsSystem } from '../services/order-actions'
import { every } from './schedule'

const DAY_MS = 24 * 3600_000

/**
 * Strikes off (销号) every order that has waited for the resident's confirmation longer than
 * `days`: the domain's `auto_close`, by the system actor, one transition per order. An order
 * the resident answers meanwhile loses the race harmlessly and is skipped.
 * Returns the ids it closed.
 */
export async function autoCloseStale(db: Db, now: Date, days = AUTO_CLOSE_DAYS): Promise<number[]> {
  const stale = await db
    .select({ id: orders.id })
    .from(orders)
    .where(and(eq(orders.status, 'completed'), lt(orders.updatedAt, new Date(now.getTime() - days * DAY_MS))))
  const closed: number[] = []
  for (const { id } of stale) if (await actAsSystem(db, id, 'auto_close', now)) closed.push(id)
  return closed
}

/** `autoCloseStale` hourly (see `every`). */
export function scheduleAutoClose(db: Db, now: () => Date, log: (message: string) => void, intervalMs = 3600_000): () => Promise<void> {
  return every(
    intervalMs,
    async () => {
      const ids = await autoCloseStale(db, now())
      if (ids.length > 0) log(`auto-closed ${ids.length} order(s) unconfirmed for ${AUTO_CLOSE_DAYS} days: ${ids.join(', ')}`)
    },
    (error) => log(`auto-close failed: ${String(error)}`),
  )
}
