import { eq } from 'drizzle-orm'
import { AUTO_CLOSE_DAYS, autoCloseDue } from '../../src/domain'
import type { Db } from '../db/client'
import { orders } from '../db/schema'
import { loadTimelines } from '../repositories/orders'
import { actAsSystem } from '../services/order-actions'
import type { JobRunner } from './runner'

/**
 * Closes every order whose confirmation clock ran out (the domain's `autoCloseDue`: AUTO_CLOSE_DAYS
 * in `completed`, read from the timeline, not from `updated_at`, which any event resets): the
 * domain's `auto_close`, by the system actor, one transition per order. An order the resident
 * answers meanwhile loses the race harmlessly and is skipped. Returns the ids it closed.
 */
export async function autoCloseStale(db: Db, now: Date): Promise<number[]> {
  const waiting = await db.select({ id: orders.id }).from(orders).where(eq(orders.status, 'completed'))
  const timelines = await loadTimelines(db, waiting.map((o) => o.id))
  const closed: number[] = []
  for (const { id } of waiting) {
    const timeline = timelines.get(id)
    if (timeline && autoCloseDue(timeline, now) && (await actAsSystem(db, id, 'auto_close', now))) closed.push(id)
  }
  return closed
}

/** `autoCloseStale` hourly, on `runner`. */
export function scheduleAutoClose(runner: JobRunner, db: Db, now: () => Date, log: (message: string) => void, intervalMs = 3600_000): void {
  runner.every('auto-close', intervalMs, async () => {
    const ids = await autoCloseStale(db, now())
    if (ids.length > 0) log(`auto-closed ${ids.length} order(s) unconfirmed for ${AUTO_CLOSE_DAYS} days: ${ids.join(', ')}`)
  })
}
