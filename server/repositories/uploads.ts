import { and, eq, inArray, sql } from 'drizzle-orm'
import { UPLOAD_URL_PREFIX } from '../../types/api'
import type { Db } from '../db/client'
import { uploads } from '../db/schema'

export async function recordUpload(db: Db, key: string, uploaderId: number, now: Date): Promise<void> {
  await db.insert(uploads).values({ key, uploaderId, createdAt: now })
}

/** Whether every URL names a file this server stored for this person. */
export async function ownsUploads(db: Db, urls: readonly string[], uploaderId: number): Promise<boolean> {
  if (urls.length === 0) return true
  if (urls.some((url) => !url.startsWith(UPLOAD_URL_PREFIX))) return false
  const keys = [...new Set(urls.map((url) => url.slice(UPLOAD_URL_PREFIX.length)))]
  const [{ n }] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(uploads)
    .where(and(inArray(uploads.key, keys), eq(uploads.uploaderId, uploaderId)))
  return n === keys.length
}
