import type { Db } from '../db/client'
import { deliverPending } from '../repositories/messages'
import { every } from './schedule'

/** Delivers everything pending in the outbox, batch after batch; returns how many notices. */
export async function deliverNotices(db: Db, now: Date): Promise<number> {
  let total = 0
  for (let delivered = await deliverPending(db, now); delivered > 0; delivered = await deliverPending(db, now)) total += delivered
  return total
}

/**
 * `deliverNotices` every few seconds: a notice reaches the message centre within that. Several
 * server processes may run it at once; the outbox's row locks share the work among them.
 */
export function scheduleDeliveries(db: Db, now: () => Date, log: (message: string) => void, intervalMs = 3000): () => Promise<void> {
  return every(
    intervalMs,
    async () => void (await deliverNotices(db, now())),
    (error) => log(`delivering notices failed: ${String(error)}`),
  )
}
