import { and, eq, isNull, sql, type SQL } from 'drizzle-orm'
import { RESPONDER_ROLES, ROLES, type Actor, type MembershipStatus, type Role } from '../../src/domain'
import type { Db } from '../db/client'
import { households, memberships, orderAssignments, orgs, sessions, teams, users } from '../db/schema'
import type { SkillDto } from '../../types/api'
import { skillsOf } from './catalogue'
import { preparedSql, rowsOf } from './prepared'

/** A person, whatever they hold. */
export interface Person {
  id: number
  name: string
  phone: string
  /** Whether they have accepted the privacy notice (sign-up asks first). */
  consented: boolean
}

/**
 * A signed-in person acting as one of their memberships: the domain Actor plus what the UI
 * shows. Guards, list scopes and the timeline read it.
 */
export interface UserRecord extends Actor {
  membershipId: number
  role: Role
  name: string
  phone: string
  orgId: number
  orgName: string
  /** The community the membership lies in (null for a street administrator): catalogue and grids. */
  communityPath: string | null
  teamName: string | null
  householdId: number | null
  teamId: number | null
  workUnitId: number | null
  leadsTeamId: number | null
}

/**
 * 阳光社区大党委 · 锦绣小区党支部 · 第1网格: names of every org on the path, root first
 * (`withinCommunity` leaves out the street and the community, for pickers inside one).
 * Takes the outer table's name or alias: drizzle prints columns of a single-table select
 * unqualified, and a bare "path" would bind to the subquery's own table.
 */
export const orgChainName = (orgsAlias: string, { withinCommunity = false } = {}) =>
  sql<string>`(select string_agg(a.name, ' · ' order by length(a.path)) from ${orgs} a where ${ancestorsOf(orgsAlias, 'a')}${
    withinCommunity ? sql` and a.kind not in ('street', 'community')` : sql``
  })`

/**
 * The org and its ancestors, found by id: the path's segments are their ids. (A `path like
 * a.path || '%'` test reads every org: 1.9 ms per request with 10k orgs, against 0.1 ms.)
 */
const ancestorsOf = (orgsAlias: string, ancestorAlias: string) =>
  sql`${sql.identifier(ancestorAlias)}.id = any(string_to_array(trim(both '/' from ${sql.identifier(orgsAlias)}.path), '/')::int[])`

/** The community above (or at) an org. */
const communityPathOf = (orgsAlias: string) => sql`(select c.path from ${orgs} c where ${ancestorsOf(orgsAlias, 'c')} and c.kind = 'community')`

/** The columns of an identity; `m`, `o` and `t` are the membership, its org and its team. */
const IDENTITY_COLUMNS = sql`m.id as "membershipId", m.role, m.org_id as "orgId", o.path as "orgPath", ${orgChainName('o')} as "orgName",
  ${communityPathOf('o')} as "communityPath", t.name as "teamName", m.household_id as "householdId",
  m.team_id as "teamId", m.work_unit_id as "workUnitId", case when t.leader_id = m.user_id then t.id end as "leadsTeamId"`

type IdentityRow = Omit<UserRecord, 'id' | 'name' | 'phone'>
type PrincipalRow = { id: number; name: string; phone: string; consented: boolean } & { [K in keyof IdentityRow]: IdentityRow[K] | null }

/**
 * Runs on every request: one prepared statement, and not cached, so a revoked session, an ended
 * membership or a switch of identity takes effect on the very next request in every process.
 * The acting membership counts only while active.
 */
const principalBySession = preparedSql<PrincipalRow>(
  'principal_by_session',
  sql`select u.id, u.name, u.phone, u.privacy_consent_at is not null as consented, ${IDENTITY_COLUMNS}
      from ${sessions} s
      join ${users} u on u.id = s.user_id
      left join ${memberships} m on m.id = s.membership_id and m.user_id = s.user_id and m.status = 'active'
      left join ${orgs} o on o.id = m.org_id
      left join ${teams} t on t.id = m.team_id
      where s.token_hash = ${sql.placeholder('tokenHash')} and s.expires_at > ${sql.placeholder('now')}::timestamptz`,
)

export async function findPrincipalBySession(db: Db, tokenHash: string, now: Date): Promise<{ person: Person; acting: UserRecord | null } | null> {
  const [row] = await principalBySession(db, { tokenHash, now: now.toISOString() })
  if (!row) return null
  const person: Person = { id: row.id, name: row.name, phone: row.phone, consented: row.consented }
  return { person, acting: row.membershipId === null ? null : (row as UserRecord) }
}

export async function createSession(db: Db, userId: number, membershipId: number | null, tokenHash: string, now: Date, ttlMs: number): Promise<void> {
  await db.insert(sessions).values({ tokenHash, userId, membershipId, createdAt: now, expiresAt: new Date(now.getTime() + ttlMs) })
}

/** Makes the session act as another of the person's memberships (checked by the caller). */
export async function setSessionMembership(db: Db, tokenHash: string, membershipId: number): Promise<void> {
  await db.update(sessions).set({ membershipId }).where(eq(sessions.tokenHash, tokenHash))
}

/** Every session of the person that acts as nothing yet starts acting as this membership. */
export async function actAsWhereUnset(db: Db, userId: number, membershipId: number): Promise<void> {
  await db.execute(sql`update ${sessions} set membership_id = ${membershipId} where user_id = ${userId} and membership_id is null`)
}

/** An identity listed on 我的: any membership, with its status. */
export interface IdentityRecord extends IdentityRow {
  status: MembershipStatus
  householdAddress: string | null
  workUnitName: string | null
  note: string | null
}

/** The address line of a household: 3号楼2单元401 (parts left empty are left out). */
export const householdAddress = (alias: string) =>
  sql<string>`nullif(concat_ws('', nullif(${sql.identifier(alias)}.building, '') || '号楼', nullif(${sql.identifier(alias)}.unit, '') || '单元', ${sql.identifier(alias)}.room), '')`

export async function listIdentities(db: Db, userId: number): Promise<IdentityRecord[]> {
  const rows = await rowsOf<IdentityRecord>(db,
    sql`select ${IDENTITY_COLUMNS}, m.status, ${householdAddress('h')} as "householdAddress", w.name as "workUnitName", m.note
        from ${memberships} m join ${orgs} o on o.id = m.org_id
        left join ${teams} t on t.id = m.team_id
        left join ${households} h on h.id = m.household_id
        left join ${orgs} w on w.id = m.work_unit_id
        where m.user_id = ${userId} and m.status <> 'ended' order by m.id`,
  )
  const list = rows
  return list.sort((a, b) => ROLES.indexOf(a.role) - ROLES.indexOf(b.role) || a.membershipId - b.membershipId)
}

/** The person acting as one of their active memberships, or null when it is not theirs or not active. */
export async function findIdentity(db: Db, userId: number, membershipId: number): Promise<UserRecord | null> {
  const rows = await rowsOf<UserRecord>(db,
    sql`select u.id, u.name, u.phone, ${IDENTITY_COLUMNS}
        from ${memberships} m join ${users} u on u.id = m.user_id join ${orgs} o on o.id = m.org_id left join ${teams} t on t.id = m.team_id
        where m.id = ${membershipId} and m.user_id = ${userId} and m.status = 'active'`,
  )
  return rows[0] ?? null
}

/** The identity a new session starts in: the first active one in role order. */
export async function defaultMembershipOf(db: Db, userId: number): Promise<number | null> {
  const active = (await listIdentities(db, userId)).filter((i) => i.status === 'active')
  return active[0]?.membershipId ?? null
}

export async function findPerson(db: Db, id: number): Promise<Person | null> {
  const [row] = await db
    .select({ id: users.id, name: users.name, phone: users.phone, consented: sql<boolean>`${users.privacyConsentAt} is not null` })
    .from(users)
    .where(eq(users.id, id))
  return row ?? null
}

/** Which WeChat app a login comes through: each gives the same person another openid. */
export type WechatApp = 'miniprogram' | 'web'

/** What a WeChat login tells about the person: the app's openid, and the unionid when WeChat gives one. */
export interface WechatIdentity {
  app: WechatApp
  openid: string
  unionid?: string
}

/**
 * The person behind a WeChat login; a first login creates them with nothing but its ids, and
 * sign-up collects the rest after the privacy notice. The app's own openid is looked up first,
 * so a returning person is always the one they were; else the unionid finds the same person
 * coming from the other app (mini-program ↔ H5 in WeChat), who then keeps this app's openid too.
 * A known person gets the unionid the first time WeChat gives one.
 */
export async function findOrCreateWechatPerson(db: Db, identity: WechatIdentity, now: Date): Promise<number> {
  const { openid, unionid } = identity
  const key = identity.app === 'web' ? 'webOpenid' : 'openid'
  const own = users[key]
  // Two first logins of one person at once: the loser's insert does nothing, and the next round reads the winner's row.
  for (let round = 0; round < 3; round += 1) {
    const [known] = await db.select({ id: users.id, unionid: users.unionid }).from(users).where(eq(own, openid))
    if (known) {
      if (unionid && !known.unionid) await attach(db, known.id, 'unionid', unionid)
      return known.id
    }
    if (unionid) {
      const [same] = await db.select({ id: users.id }).from(users).where(eq(users.unionid, unionid))
      if (same) {
        await attach(db, same.id, key, openid)
        return same.id
      }
    }
    const [created] = await db
      .insert(users)
      .values({ name: '', phone: '', [key]: openid, unionid: unionid ?? null, createdAt: now })
      .onConflictDoNothing()
      .returning({ id: users.id })
    if (created) return created.id
  }
  throw new Error(`no person found or created for ${identity.app} openid ${openid}`)
}

/**
 * Gives the person an id they lack, unless someone else holds it: then there are two people
 * for one WeChat user already (a login before the unionid was known), and merging them is the
 * committee's business, not a login's.
 */
async function attach(db: Db, id: number, key: 'openid' | 'webOpenid' | 'unionid', value: string): Promise<void> {
  const column = users[key]
  try {
    await db
      .update(users)
      .set({ [key]: value })
      .where(and(eq(users.id, id), isNull(column), sql`not exists (select 1 from ${users} where ${column} = ${value})`))
  } catch (error) {
    if (!isUniqueViolation(error)) throw error
  }
}

/** A concurrent login attached the same id first (either driver's error, maybe wrapped by drizzle). */
function isUniqueViolation(error: unknown): boolean {
  for (let e: unknown = error; e instanceof Error; e = e.cause) if ((e as { code?: string }).code === '23505') return true
  return false
}

/** The person's name, phone and privacy consent, as sign-up collects them. */
export async function updateProfile(db: Db, id: number, values: { name?: string; phone?: string; consentAt?: Date }): Promise<void> {
  await db
    .update(users)
    .set({
      ...(values.name === undefined ? {} : { name: values.name }),
      ...(values.phone === undefined ? {} : { phone: values.phone }),
      ...(values.consentAt === undefined ? {} : { privacyConsentAt: sql`coalesce(${users.privacyConsentAt}, ${values.consentAt.toISOString()}::timestamptz)` }),
    })
    .where(eq(users.id, id))
}

/** Demo mode: every active identity of every seeded person, in role order. */
export async function listDemoAccounts(db: Db): Promise<UserRecord[]> {
  const rows = await rowsOf<UserRecord>(db,
    sql`select u.id, u.name, u.phone, ${IDENTITY_COLUMNS}
        from ${memberships} m join ${users} u on u.id = m.user_id join ${orgs} o on o.id = m.org_id left join ${teams} t on t.id = m.team_id
        where m.status = 'active' order by m.id`,
  )
  const list = rows
  return list.sort((a, b) => ROLES.indexOf(a.role) - ROLES.indexOf(b.role) || a.membershipId - b.membershipId)
}

/**
 * Responders a committee may dispatch to: people with an active Party member or volunteer
 * membership on the committee's branch of the tree (above it, like community teams, or inside it).
 */
const responderInScope = (committeePath: string) =>
  sql`m.role in (${sql.join(RESPONDER_ROLES.map((r) => sql`${r}`), sql`, `)}) and m.status = 'active'
      and (${committeePath} like o.path || '%' or o.path like ${committeePath} || '%')`

/** Responders matching `where` (over `m` membership, `o` its org), each once, with what they have on hand. */
function respondersWhere(db: Db, where: SQL) {
  return rowsOf<{ id: number; name: string; role: Role; teamName: string | null; skills: SkillDto[]; activeOrders: number }>(db,
    sql`select distinct on (u.id) u.id, u.name, m.role, t.name as "teamName", ${skillsOf(sql`u.skills`)} as skills,
          (select count(*)::int from ${orderAssignments} a where a.user_id = u.id and a.status in ('joined', 'started')) as "activeOrders"
        from ${memberships} m join ${users} u on u.id = m.user_id join ${orgs} o on o.id = m.org_id left join ${teams} t on t.id = m.team_id
        where ${where}
        order by u.id, m.id`,
  )
}

export const listResponders = (db: Db, committeePath: string) => respondersWhere(db, responderInScope(committeePath))

/** The active volunteers of one team: whom its leader may assign to the team's places. */
export const listTeamResponders = (db: Db, teamId: number) =>
  respondersWhere(db, sql`m.role = 'volunteer' and m.status = 'active' and m.team_id = ${teamId}`)
