import type { PGlite } from '@electric-sql/pglite'
import pg from 'pg'
import type { Db } from '../db/client'
import { CHANNELS, idsOfPayload, type Channel } from '../repositories/changes'

export type Notified = (channel: Channel, ids: number[] | null) => void

const RECONNECT_MAX_MS = 30_000

/**
 * Listens to the database's change notifications; returns a stop function. On PGlite the
 * embedded instance notifies in process. On PostgreSQL a LISTEN needs its own connection
 * (a pooled one would be handed to other queries); when that connection is lost it comes back
 * with backoff, and `onNotify(channel, null)` for each channel says that something may have
 * been missed meanwhile.
 */
export async function listenForChanges(db: Db, onNotify: Notified, log: (message: string) => void): Promise<() => Promise<void>> {
  const client: unknown = (db as { $client?: unknown }).$client
  if (client instanceof pg.Pool) return listenOnPostgres(client.options, onNotify, log)
  // Duck-typed: tests load PGlite outside jest's module registry, so `instanceof` would fail.
  if (isPglite(client)) {
    const stops = await Promise.all(CHANNELS.map((channel) => client.listen(channel, (payload) => onNotify(channel, idsOfPayload(payload)))))
    return async () => void (await Promise.all(stops.map((stop) => stop())))
  }
  // Clients then poll, as they do while a socket is down: the server itself still serves.
  log('live updates off: the database driver cannot LISTEN')
  return async () => undefined
}

const isPglite = (client: unknown): client is PGlite => typeof (client as Partial<PGlite> | null)?.listen === 'function'

async function listenOnPostgres(options: pg.PoolConfig, onNotify: Notified, log: (message: string) => void): Promise<() => Promise<void>> {
  let stopped = false
  let listener: pg.Client | null = null
  let retryTimer: NodeJS.Timeout | undefined
  let delayMs = 500

  const connect = async (): Promise<void> => {
    const client = new pg.Client(options)
    listener = client
    client.on('notification', ({ channel, payload }) => {
      if ((CHANNELS as readonly string[]).includes(channel)) onNotify(channel as Channel, idsOfPayload(payload ?? '*'))
    })
    // 'error' and then 'end' both come when the connection drops: one retry for the two.
    client.on('error', (error) => lost(client, error.message))
    client.on('end', () => lost(client, 'closed'))
    await client.connect()
    await client.query(CHANNELS.map((channel) => `LISTEN ${channel}`).join('; '))
    delayMs = 500
  }

  const lost = (client: pg.Client, why: string) => {
    if (stopped || listener !== client) return
    listener = null
    log(`live updates: not listening (${why}); retrying in ${delayMs} ms`)
    retryTimer = setTimeout(() => {
      connect()
        // What changed while nobody listened is unknown: everyone asks again.
        .then(() => CHANNELS.forEach((channel) => onNotify(channel, null)))
        .catch((error: Error) => {
          delayMs = Math.min(delayMs * 2, RECONNECT_MAX_MS)
          if (listener) lost(listener, error.message)
        })
    }, delayMs)
    retryTimer.unref()
  }

  // A database that does not answer at boot must not keep the server from starting.
  await connect().catch((error: Error) => {
    if (listener) lost(listener, error.message)
  })
  return async () => {
    stopped = true
    clearTimeout(retryTimer)
    await listener?.end().catch(() => undefined)
    listener = null
  }
}
