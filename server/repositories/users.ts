import { and, asc, eq, inArray, sql } from 'drizzle-orm'
import { RESPONDER_ROLES, ROLES, STATUS_GROUPS, type Actor, type Role } from '../../src/domain'
import type { Db } from '../db/client'
import { orders, orgs, sessions, teams, users } from '../db/schema'
import { prepared } from './prepared'

/** A signed-in user as the server sees them: the domain Actor plus what the UI shows. */
export interface UserRecord extends Actor {
  /** People only: the system actor has no user row. */
  role: Role
  name: string
  phone: string
  orgId: number
  orgName: string
  teamName: string | null
}

/**
 * 阳光社区大党委 · 锦绣小区党支部 · 第1网格: names of every org on the path, root first
 * (`withinCommunity` leaves out the community, for pickers inside one).
 * Takes the outer table's name or alias: drizzle prints columns of a single-table select
 * unqualified, and a bare "path" would bind to the subquery's own table.
 */
export const orgChainName = (orgsAlias: string, { withinCommunity = false } = {}) =>
  sql<string>`(select string_agg(a.name, ' · ' order by length(a.path)) from ${orgs} a where ${sql.identifier(orgsAlias)}.path like a.path || '%'${
    withinCommunity ? sql` and a.kind <> 'community'` : sql``
  })`

const userFields = {
  id: users.id,
  name: users.name,
  phone: users.phone,
  role: users.role,
  orgId: users.orgId,
  orgPath: orgs.path,
  orgName: orgChainName('orgs'),
  teamName: teams.name,
}

function selectUsers(db: Db) {
  return db.select(userFields).from(users).innerJoin(orgs, eq(orgs.id, users.orgId)).leftJoin(teams, eq(teams.id, users.teamId)).$dynamic()
}

export async function findUser(db: Db, id: number): Promise<UserRecord | null> {
  const [row] = await selectUsers(db).where(eq(users.id, id))
  return row ?? null
}

/**
 * Runs on every request: prepared, and not cached, so a revoked session or a changed role takes
 * effect on the very next request in every server process.
 */
const userBySession = prepared('user_by_session', (db) =>
  selectUsers(db)
    .innerJoin(sessions, eq(sessions.userId, users.id))
    .where(and(eq(sessions.tokenHash, sql.placeholder('tokenHash')), sql`${sessions.expiresAt} > ${sql.placeholder('now')}::timestamptz`)),
)

export async function findUserBySession(db: Db, tokenHash: string, now: Date): Promise<UserRecord | null> {
  const [row] = await userBySession(db).execute({ tokenHash, now: now.toISOString() })
  return row ?? null
}

export async function createSession(db: Db, userId: number, tokenHash: string, now: Date, ttlMs: number): Promise<void> {
  await db.insert(sessions).values({ tokenHash, userId, createdAt: now, expiresAt: new Date(now.getTime() + ttlMs) })
}

export async function findUserIdByOpenid(db: Db, openid: string): Promise<number | null> {
  const [row] = await db.select({ id: users.id }).from(users).where(eq(users.openid, openid))
  return row?.id ?? null
}

/**
 * Demo mode only: a first WeChat login becomes a resident of the first grid, so the demo works
 * with any WeChat account. Production never guesses a grid (the person would see and be seen
 * by the wrong committee); there, residents are registered first. Null when there is no grid.
 */
export async function createWechatResident(db: Db, openid: string, now: Date): Promise<number | null> {
  const [grid] = await db.select({ id: orgs.id }).from(orgs).where(eq(orgs.kind, 'grid')).orderBy(asc(orgs.id)).limit(1)
  if (!grid) return null
  const [row] = await db
    .insert(users)
    .values({ name: '微信用户', phone: '', role: 'resident', orgId: grid.id, openid, createdAt: now })
    // Two first logins at once with the same openid: the loser reads the winner's row.
    .onConflictDoNothing({ target: users.openid })
    .returning({ id: users.id })
  return row?.id ?? (await findUserIdByOpenid(db, openid))!
}

export async function listDemoAccounts(db: Db): Promise<UserRecord[]> {
  const rows = await selectUsers(db).orderBy(asc(users.id))
  return rows.sort((a, b) => ROLES.indexOf(a.role) - ROLES.indexOf(b.role))
}

/**
 * Responders a committee may dispatch to: Party members and volunteers whose org is on the
 * committee's branch of the tree (above it, like community teams, or inside it).
 */
export const responderInScope = (committeePath: string) =>
  sql`(${committeePath} like ${orgs.path} || '%' or ${orgs.path} like ${committeePath} || '%')`

export async function listResponders(db: Db, committeePath: string) {
  return db
    .select({
      id: users.id,
      name: users.name,
      role: users.role,
      teamName: teams.name,
      skills: users.skills,
      activeOrders: sql<number>`(select count(*)::int from ${orders} o where o.taker_id = ${users.id} and o.status in (${sql.join(STATUS_GROUPS.active.map((s) => sql`${s}`), sql`, `)}))`,
    })
    .from(users)
    .innerJoin(orgs, eq(orgs.id, users.orgId))
    .leftJoin(teams, eq(teams.id, users.teamId))
    .where(and(inArray(users.role, [...RESPONDER_ROLES]), responderInScope(committeePath)))
    .orderBy(asc(users.id))
}

export async function findResponderInScope(db: Db, id: number, committeePath: string): Promise<boolean> {
  const [row] = await db
    .select({ id: users.id })
    .from(users)
    .innerJoin(orgs, eq(orgs.id, users.orgId))
    .where(and(eq(users.id, id), inArray(users.role, [...RESPONDER_ROLES]), responderInScope(committeePath)))
  return Boolean(row)
}
