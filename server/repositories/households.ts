import { and, eq, sql } from 'drizzle-orm'
import type { Db } from '../db/client'
import { households, memberships, orderEvents, orders, orgs, sessions, users } from '../db/schema'
import { announceChanged } from './changes'
import { appendMembershipEvent, type MembershipEntry, type Tx } from './memberships'
import { preparedSql, rowsOf } from './prepared'
import { householdAddress } from './users'

// A household is where orders are for and residents and family proxies belong. Correcting it
// (its address, its grid, or merging a duplicate registration into the real one) carries its
// people and orders along in one transaction, and leaves an event on each of them.

export interface HouseholdAddressValue {
  building: string
  unit: string
  room: string
}

/**
 * The household at an address, created on first mention (addresses are unique per grid). An
 * existing one is share-locked: a merge or correction holding it is waited for here, before a
 * membership refers to it (else the two would deadlock over the membership's unique index and
 * the household row); a household merged away meanwhile is created anew.
 */
export async function householdAt(tx: Tx | Db, grid: { id: number; path: string }, address: HouseholdAddressValue, now: Date): Promise<{ id: number; created: boolean }> {
  const values = { gridId: grid.id, orgPath: grid.path, ...trimmed(address) }
  for (let attempt = 0; ; attempt++) {
    const [created] = await tx.insert(households).values({ ...values, createdAt: now }).onConflictDoNothing().returning({ id: households.id })
    if (created) return { id: created.id, created: true }
    const found = await householdIdAt(tx, grid.id, values, { lock: true })
    if (found !== null) return { id: found, created: false }
    if (attempt === 2) throw new Error(`household at ${JSON.stringify(values)} keeps vanishing`)
  }
}

/** A household with its address line and the name of the branch above its grid (the estate it lies in). */
export interface HouseholdRecord {
  id: number
  gridId: number
  orgPath: string
  address: string | null
  branchName: string | null
}

const householdById = preparedSql<HouseholdRecord>(
  'household_by_id',
  sql`select h.id, h.grid_id as "gridId", h.org_path as "orgPath", ${householdAddress('h')} as address, b.name as "branchName"
      from ${households} h join ${orgs} g on g.id = h.grid_id left join ${orgs} b on b.id = g.parent_id
      where h.id = ${sql.placeholder('id')}::int`,
)

/** On every new order: prepared. */
export async function findHousehold(db: Db, id: number): Promise<HouseholdRecord | null> {
  const [row] = await householdById(db, { id })
  return row ?? null
}

/** Households in a subtree (whose address contains `q`, or just the one with `id`), with their residents' names. */
export async function listHouseholds(db: Db, scopePath: string, filter: { q?: string; id?: number } = {}) {
  const { q, id } = filter
  return rowsOf<{ id: number; gridId: number; gridName: string; address: string; residents: string[] }>(
    db,
    sql`select h.id, h.grid_id as "gridId", g.name as "gridName", ${householdAddress('h')} as address,
          coalesce((select array_agg(u.name order by m.id) from ${memberships} m join ${users} u on u.id = m.user_id
                    where m.household_id = h.id and m.role = 'resident' and m.status = 'active'), '{}') as residents
        from ${households} h join ${orgs} g on g.id = h.grid_id
        where h.org_path like ${`${scopePath}%`}
        ${id === undefined ? sql`` : sql`and h.id = ${id}`}
        ${q ? sql`and ${householdAddress('h')} like ${`%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`}` : sql``}
        order by h.org_path, h.building, h.unit, h.room limit 50`,
  )
}

/** Where a household is: its grid and address, as people read it (第1网格 3号楼2单元401). */
export interface HouseholdPlace extends HouseholdAddressValue {
  grid: { id: number; path: string }
}

/** `occupied`: another household is at that place (one home registered twice, for `mergeHouseholds`); `gone`: merged away meanwhile. */
export type Correction = 'corrected' | 'occupied' | 'gone'

/**
 * Corrects where a household is: its address, and its grid within the same community (the
 * caller checks the scope). Its live memberships move to the new grid and each records the
 * correction; its orders (open and closed: they were always for this place) move with it, each
 * with a `rehouse` event. Nothing changes unless it is `corrected`.
 */
export async function correctHousehold(db: Db, id: number, place: HouseholdPlace, entry: Omit<MembershipEntry, 'event'>): Promise<Correction> {
  const moved: number[] = []
  const outcome = await correcting(db, id, place, moved, entry).catch(async (error: unknown) => {
    // Registered there by someone else while this ran (their row was not visible to the check).
    if (!violates(error, 'households_address_idx')) throw error
    return 'occupied' as const
  })
  await announceChanged(db, 'sandan_orders', moved)
  return outcome
}

function correcting(db: Db, id: number, place: HouseholdPlace, moved: number[], entry: Omit<MembershipEntry, 'event'>): Promise<Correction> {
  return db.transaction(async (tx): Promise<Correction> => {
    const before = (await lockedHouseholds(tx, [id])).get(id)
    if (!before) return 'gone'
    const value = trimmed(place)
    const clashId = await householdIdAt(tx, place.grid.id, value)
    if (clashId !== null && clashId !== id) return 'occupied'
    await tx.update(households).set({ gridId: place.grid.id, orgPath: place.grid.path, ...value }).where(eq(households.id, id))
    const after = await placeLine(tx, id)
    const note = withReason(`住址更正：${before.line} → ${after}`, entry.note)
    const live = await tx
      .update(memberships)
      .set({ orgId: place.grid.id })
      .where(and(eq(memberships.householdId, id), sql`${memberships.status} <> 'ended'`))
      .returning({ id: memberships.id, status: memberships.status })
    for (const m of live) await appendMembershipEvent(tx, m.id, m.status, m.status, { ...entry, event: 'corrected', note })
    moved.push(...(await rehouseOrders(tx, { from: id, into: id, grid: place.grid, note, entry })))
    return 'corrected'
  })
}

/** Whether a database error (as either driver throws it, maybe wrapped by drizzle) broke this unique constraint. */
function violates(error: unknown, constraint: string): boolean {
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    const { code, constraint: broken } = e as { code?: string; constraint?: string }
    if (code === '23505') return broken === constraint
  }
  return false
}

/**
 * Merges a household registered twice into the one that stays (`intoId`), then deletes it. Its
 * people become the staying household's: a membership the person already holds there ends (a
 * duplicate; sessions acting as it act as the one kept), every other one moves. Its orders
 * become the staying household's (owner or follower), each with a `rehouse` event. Returns
 * false when either household is gone.
 */
export async function mergeHouseholds(db: Db, fromId: number, intoId: number, entry: Omit<MembershipEntry, 'event'>): Promise<boolean> {
  const moved: number[] = []
  const merged = await db.transaction(async (tx) => {
    const locked = await lockedHouseholds(tx, [fromId, intoId])
    const from = locked.get(fromId)
    const into = locked.get(intoId)
    if (!from || !into) return false
    const note = withReason(`合并住户：${from.line} 并入 ${into.line}`, entry.note)
    const people = await rowsOf<{ id: number; status: 'pending' | 'active' | 'ended'; keptId: number | null }>(
      tx,
      sql`select m.id, m.status, case when m.status <> 'ended' then (
            select d.id from ${memberships} d where d.household_id = ${intoId} and d.user_id = m.user_id and d.role = m.role and d.status <> 'ended'
          ) end as "keptId"
          from ${memberships} m where m.household_id = ${fromId} order by m.id`,
    )
    for (const m of people) {
      if (m.keptId !== null) {
        await tx.update(memberships).set({ status: 'ended', endedAt: entry.at, householdId: intoId, orgId: into.gridId }).where(eq(memberships.id, m.id))
        await appendMembershipEvent(tx, m.id, m.status, 'ended', { ...entry, event: 'ended', note: withReason(`${from.line} 与 ${into.line} 是同一户，重复的身份结束`, entry.note) })
        // Whoever was acting as the duplicate carries on as the identity they keep, not as nobody.
        await tx.update(sessions).set({ membershipId: m.keptId }).where(eq(sessions.membershipId, m.id))
      } else {
        await tx.update(memberships).set({ householdId: intoId, orgId: into.gridId }).where(eq(memberships.id, m.id))
        if (m.status !== 'ended') await appendMembershipEvent(tx, m.id, m.status, m.status, { ...entry, event: 'corrected', note })
      }
    }
    moved.push(...(await rehouseOrders(tx, { from: fromId, into: intoId, grid: { id: into.gridId, path: into.orgPath }, note, entry })))
    await tx.delete(households).where(eq(households.id, fromId))
    return true
  })
  await announceChanged(db, 'sandan_orders', moved)
  return merged
}

/**
 * Points the orders for (or followed by) household `from` at household `into` in `grid`, each with
 * a `rehouse` event that keeps its status. Returns their ids.
 */
async function rehouseOrders(
  tx: Tx,
  { from, into, grid, note, entry }: { from: number; into: number; grid: { id: number; path: string }; note: string; entry: Omit<MembershipEntry, 'event'> },
): Promise<number[]> {
  const actorId = entry.actor && entry.actor.role !== 'system' ? entry.actor.id : null
  const rows = await rowsOf<{ id: number }>(
    tx,
    sql`with changed as (
          update ${orders} o set
            household_id = case when o.household_id = ${from} then ${into} else o.household_id end,
            grid_id = case when o.household_id = ${from} then ${grid.id} else o.grid_id end,
            org_path = case when o.household_id = ${from} then ${grid.path} else o.org_path end,
            -- A follower merged into the owner (or into another follower) is listed once, never as its own follower.
            follower_household_ids = array(
              select distinct f from unnest(array_replace(o.follower_household_ids, ${from}, ${into})) f
              where f <> (case when o.household_id = ${from} then ${into} else o.household_id end)
              order by f
            ),
            version = o.version + 1
          where o.household_id = ${from} or ${from} = any(o.follower_household_ids)
          returning o.id, o.status
        )
        insert into ${orderEvents} (order_id, event, from_status, to_status, actor_id, actor_role, note, at)
        select c.id, 'rehouse', c.status, c.status, ${actorId}, ${entry.actor?.role ?? 'system'}, ${note}, ${entry.at.toISOString()}::timestamptz from changed c
        returning order_id as id`,
  )
  return rows.map((r) => r.id)
}

const trimmed = (a: HouseholdAddressValue): HouseholdAddressValue => ({ building: a.building.trim(), unit: a.unit.trim(), room: a.room.trim() })

const withReason = (line: string, reason: string | null) => (reason ? `${line}（${reason}）` : line)

/**
 * Whether someone other than `exceptUserId` is an active resident of the household. Locks the
 * household first: of two people registering at one home at the same moment, the second waits
 * for the first and finds the home taken, rather than both moving in unasked.
 */
export async function livesThere(tx: Tx, householdId: number, exceptUserId: number): Promise<boolean> {
  await tx.execute(sql`select id from ${households} where id = ${householdId} for update`)
  const [row] = await rowsOf<{ taken: boolean }>(
    tx,
    sql`select exists (select 1 from ${memberships} where household_id = ${householdId} and role = 'resident' and status = 'active' and user_id <> ${exceptUserId}) as taken`,
  )
  return row.taken
}

/** The household at an address of a grid, if one is registered there; `lock`: share-locked (see householdAt). */
export async function householdIdAt(tx: Tx | Db, gridId: number, address: HouseholdAddressValue, { lock = false } = {}): Promise<number | null> {
  const a = trimmed(address)
  const query = tx
    .select({ id: households.id })
    .from(households)
    .where(and(eq(households.gridId, gridId), eq(households.building, a.building), eq(households.unit, a.unit), eq(households.room, a.room)))
  const [row] = await (lock ? query.for('key share') : query)
  return row?.id ?? null
}

const placeLineSql = (alias: string) => sql`concat_ws(' ', g.name, ${householdAddress(alias)})`

/** Locks the households (in id order, so two merges never wait on each other crosswise) and reads where they are. */
async function lockedHouseholds(tx: Tx, ids: number[]): Promise<Map<number, { gridId: number; orgPath: string; line: string }>> {
  const rows = await rowsOf<{ id: number; gridId: number; orgPath: string; line: string }>(
    tx,
    sql`select h.id, h.grid_id as "gridId", h.org_path as "orgPath", ${placeLineSql('h')} as line from ${households} h join ${orgs} g on g.id = h.grid_id
        where h.id in ${sql`(${sql.join(ids.map((i) => sql`${i}`), sql`, `)})`} order by h.id for update of h`,
  )
  return new Map(rows.map(({ id, ...where }) => [id, where]))
}

async function placeLine(tx: Tx, id: number): Promise<string> {
  const [row] = await rowsOf<{ line: string }>(tx, sql`select ${placeLineSql('h')} as line from ${households} h join ${orgs} g on g.id = h.grid_id where h.id = ${id}`)
  return row.line
}
