import { sql } from 'drizzle-orm'
import { chinaDate } from '../../src/domain'
import type { Db } from '../db/client'
import { orderEvents, orders } from '../db/schema'
import { rowsOf } from '../repositories/prepared'
import { actAsSystem } from '../services/order-actions'
import type { JobRunner } from './runner'

/**
 * Brings every parked (挂账) order whose revisit day has come (China date) back into the
 * committee's queue: the domain's `revisit`, by the system actor. The day is the one its last
 * `park` event names. Returns the ids it brought back.
 */
export async function revisitDueParked(db: Db, now: Date): Promise<number[]> {
  const due = await rowsOf<{ id: number }>(db,
    sql`select o.id from ${orders} o
        join lateral (select e.payload from ${orderEvents} e where e.order_id = o.id and e.event = 'park' order by e.id desc limit 1) parked on true
        where o.status = 'parked' and parked.payload->>'revisitOn' <= ${chinaDate(now)}
        order by o.id`,
  )
  const revisited: number[] = []
  for (const { id } of due) if (await actAsSystem(db, id, 'revisit', now)) revisited.push(id)
  return revisited
}

/** `revisitDueParked` hourly, on `runner`: an order is back within the hour its day begins. */
export function scheduleRevisits(runner: JobRunner, db: Db, now: () => Date, log: (message: string) => void, intervalMs = 3600_000): void {
  runner.every('revisit-parked', intervalMs, async () => {
    const ids = await revisitDueParked(db, now())
    if (ids.length > 0) log(`parked order(s) due again, back in the queue: ${ids.join(', ')}`)
  })
}
