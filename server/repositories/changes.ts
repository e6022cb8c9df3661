import { sql } from 'drizzle-orm'
import type { Db } from '../db/client'
import { preparedSql } from './prepared'

/** The channels server processes listen on for live updates (live/listen.ts): which orders changed, whose messages. */
export const CHANNELS = ['sandan_orders', 'sandan_messages'] as const
export type Channel = (typeof CHANNELS)[number]

/** Past this many ids a notification says "*" (anything may have changed): NOTIFY payloads stop at 8,000 bytes. */
const MAX_IDS = 500

/** [1, 2, 3] → "1,2,3"; too many → "*". */
export const payloadOf = (ids: readonly number[]) => (ids.length > MAX_IDS ? '*' : [...new Set(ids)].join(','))

/** "1,2,3" → [1, 2, 3]; "*" → null (any may have changed). */
export function idsOfPayload(payload: string): number[] | null {
  if (payload === '*') return null
  return payload.split(',').map(Number).filter(Number.isSafeInteger)
}

const notifyStatement = preparedSql('notify_changed', sql`select pg_notify(${sql.placeholder('channel')}, ${sql.placeholder('payload')})`)

/**
 * Tells every listening server process that these orders (or these people's messages) changed.
 * Called after the change committed, as a statement of its own: PostgreSQL serialises the commits
 * of transactions that NOTIFY, and a NOTIFY inside the claim's own transaction cost the claim
 * 13–17 % of its throughput (bench/RESULTS-claim-notify.md). A notification lost in between (the
 * process dies, the database blips) only delays a screen's refresh, so a failure here is not the
 * caller's failure: the change stands.
 */
export async function announceChanged(db: Db, channel: Channel, ids: readonly number[]): Promise<void> {
  if (ids.length === 0) return
  try {
    await notifyStatement(db, { channel, payload: payloadOf(ids) })
  } catch {
    // See above: the change is committed; the screens catch up at their next refresh.
  }
}
