import { and, asc, eq, sql } from 'drizzle-orm'
import { ANY_SERVICE, CLOCKED_STATUSES, type ClockOverrides, type Urgency } from '../../src/domain'
import type { ClockTargetDto } from '../../types/clock-targets'
import type { Db } from '../db/client'
import { clockTargets, orders, orgs } from '../db/schema'
import { quotedList } from './prepared'

// Communities' own time limits. Read on every list page (for its clocks) and so kept in memory per
// database: loaded when the app starts, after every change made here, and by each run of the
// clock job (every minute), so another server process's change shows here within a minute.

interface CommunityOverrides {
  /** The community's org path: it covers the orders whose grid path starts with it. */
  path: string
  overrides: ClockOverrides
}

const cache = new WeakMap<Db, CommunityOverrides[]>()

/** Loads every community's overrides into the cache (a small table: a few rows per community). */
export async function refreshClockTargets(db: Db): Promise<void> {
  const rows = await db
    .select({ path: orgs.path, categoryCode: clockTargets.categoryCode, urgency: clockTargets.urgency, responseMinutes: clockTargets.responseMinutes, completionMinutes: clockTargets.completionMinutes })
    .from(clockTargets)
    .innerJoin(orgs, eq(orgs.id, clockTargets.communityId))
  const byPath = new Map<string, Record<string, Partial<Record<Urgency, { responseMinutes: number; completionMinutes: number }>>>>()
  for (const row of rows) {
    const overrides = byPath.get(row.path) ?? {}
    overrides[row.categoryCode] = { ...overrides[row.categoryCode], [row.urgency]: { responseMinutes: row.responseMinutes, completionMinutes: row.completionMinutes } }
    byPath.set(row.path, overrides)
  }
  cache.set(db, [...byPath].map(([path, overrides]) => ({ path, overrides })))
}

/** The overrides of the community an order's grid lies in (none: the defaults apply). */
export function clockOverridesFor(db: Db, orderPath: string): ClockOverrides {
  return cache.get(db)?.find((c) => orderPath.startsWith(c.path))?.overrides ?? {}
}

/** The community's own limits, a service's before '*', then by urgency. */
export async function listClockTargets(db: Db, communityId: number): Promise<ClockTargetDto[]> {
  const rows = await db
    .select({ categoryCode: clockTargets.categoryCode, urgency: clockTargets.urgency, responseMinutes: clockTargets.responseMinutes, completionMinutes: clockTargets.completionMinutes })
    .from(clockTargets)
    .where(eq(clockTargets.communityId, communityId))
    .orderBy(sql`${clockTargets.categoryCode} = ${ANY_SERVICE}`, asc(clockTargets.categoryCode), sql`case ${clockTargets.urgency} when 'emergency' then 0 when 'urgent' then 1 else 2 end`)
  return rows
}

/**
 * New limits move every running clock of the community: the clock job reads its orders again at
 * its next run (with the limits it refreshes then), however far off their next reading was.
 */
async function recheckCommunity(db: Db, communityId: number, now: Date): Promise<void> {
  await db.execute(sql`update ${orders} set clock_check_at = least(clock_check_at, ${now.toISOString()}::timestamptz)
    where org_path like (select path from ${orgs} where id = ${communityId}) || '%' and status in (${quotedList(CLOCKED_STATUSES)})`)
}

export async function setClockTarget(db: Db, communityId: number, target: ClockTargetDto, by: number, now: Date): Promise<void> {
  const values = { communityId, ...target, updatedBy: by, updatedAt: now }
  await db
    .insert(clockTargets)
    .values(values)
    .onConflictDoUpdate({ target: [clockTargets.communityId, clockTargets.categoryCode, clockTargets.urgency], set: { responseMinutes: target.responseMinutes, completionMinutes: target.completionMinutes, updatedBy: by, updatedAt: now } })
  await recheckCommunity(db, communityId, now)
  await refreshClockTargets(db)
}

/** Back to the default; true when there was an override to remove. */
export async function removeClockTarget(db: Db, communityId: number, categoryCode: string, urgency: Urgency, now: Date): Promise<boolean> {
  const removed = await db
    .delete(clockTargets)
    .where(and(eq(clockTargets.communityId, communityId), eq(clockTargets.categoryCode, categoryCode), eq(clockTargets.urgency, urgency)))
    .returning({ code: clockTargets.categoryCode })
  if (removed.length > 0) await recheckCommunity(db, communityId, now)
  await refreshClockTargets(db)
  return removed.length > 0
}
