import type { Db } from '../db/client'
import { deliverPending, type SubscribeTemplates } from '../repositories/messages'
import type { JobRunner } from './runner'

/**
 * Delivers everything pending in the outbox, batch after batch, queueing the subscribe messages
 * `templates` asks for; returns how many notices.
 */
export async function deliverNotices(db: Db, now: Date, templates: SubscribeTemplates = {}): Promise<number> {
  let total = 0
  const batch = () => deliverPending(db, now, undefined, templates)
  for (let delivered = await batch(); delivered > 0; delivered = await batch()) total += delivered
  return total
}

/**
 * `deliverNotices` every few seconds: a notice reaches the message centre within that. Several
 * server processes may run it at once; the outbox's row locks share the work among them.
 */
export function scheduleDeliveries(runner: JobRunner, db: Db, now: () => Date, templates: SubscribeTemplates, intervalMs = 3000): void {
  runner.every('deliver-notices', intervalMs, async () => void (await deliverNotices(db, now(), templates)))
}
