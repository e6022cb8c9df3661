import { eq, sql } from 'drizzle-orm'
import type { Db } from '../db/client'
import { wechatTokens } from '../db/schema'
import type { SharedToken, TokenStore } from './client'

/**
 * The access token kept in the database, so every server process uses the one token: renewing
 * takes a transaction-scoped advisory lock, so of several processes finding it stale at once,
 * one fetches and the others read what it stored.
 */
export function databaseTokenStore(db: Db, appId: string, now: () => number = Date.now): TokenStore {
  const read = async (from: Db): Promise<SharedToken | null> => {
    const [row] = await from.select().from(wechatTokens).where(eq(wechatTokens.appId, appId))
    return row ? { value: row.token, refreshAt: row.refreshAt.getTime() } : null
  }
  return {
    read: () => read(db),
    renew: (fetch, stale) =>
      db.transaction(async (tx) => {
        await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`wechat_token:${appId}`}))`)
        const current = await read(tx)
        if (current && current.value !== stale && now() < current.refreshAt) return current
        const fresh = await fetch()
        await tx
          .insert(wechatTokens)
          .values({ appId, token: fresh.value, refreshAt: new Date(fresh.refreshAt) })
          .onConflictDoUpdate({ target: wechatTokens.appId, set: { token: fresh.value, refreshAt: new Date(fresh.refreshAt) } })
        return fresh
      }),
  }
}
