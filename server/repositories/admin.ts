import { and, asc, count, desc, eq, inArray, isNotNull, ne, notExists, sql } from 'drizzle-orm'
import { randomUUID } from 'node:crypto'
import { ORG_KIND_LABELS, ROLE_LABELS, type OrgKind, type Role } from '../../src/domain'
import type { Db } from '../db/client'
import { categories, memberships, orgs, users, type OrgRow } from '../db/schema'
import { CATEGORIES } from '../db/seed-data'
import { insertMembership } from './memberships'

/**
 * What a new production install needs before anyone can use it: the org tree (streets, their
 * communities and work units), the service catalogue and the first committee members and street
 * administrators. Used by `server/admin.ts`; each function is one transaction and refuses
 * (AdminError) rather than creating a duplicate.
 */
export class AdminError extends Error {}

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0]

export interface CompoundSpec {
  name: string
  grids: string[]
}

export interface CreatedCommunity {
  /** The street the community was created under; null for a root community. */
  street: OrgRow | null
  community: OrgRow
  compounds: { compound: OrgRow; grids: OrgRow[] }[]
}

/** The path holds the row's own id, so insert with a placeholder and then set it. */
async function insertOrg(tx: Tx, parent: OrgRow | null, kind: OrgKind, name: string): Promise<OrgRow> {
  const [row] = await tx.insert(orgs).values({ parentId: parent?.id ?? null, kind, name, path: `tmp-${randomUUID()}` }).returning()
  const [fixed] = await tx
    .update(orgs)
    .set({ path: `${parent?.path ?? '/'}${row.id}/` })
    .where(eq(orgs.id, row.id))
    .returning()
  return fixed
}

const duplicates = (names: string[]) => [...new Set(names.filter((n, i) => names.indexOf(n) !== i))]

function checkName(name: string, what: string): string {
  const trimmed = name.trim()
  if (!trimmed) throw new AdminError(`${what}名称不能为空`)
  if (trimmed.length > 50) throw new AdminError(`${what}名称不能超过 50 个字：${trimmed}`)
  return trimmed
}

/** What the messages call each kind: 街道, not 街道/乡镇, in "没有这个街道". */
const KIND_WORDS: Record<OrgKind, string> = { street: '街道', community: '社区', compound: '小区', grid: '网格', work_unit: '单位' }

/**
 * An org of `kind` named on the command line by its id or its exact name. Refuses an unknown
 * one, an id of another kind, and a name several orgs share (the id tells them apart).
 */
async function findOrgByRef(tx: Tx, kind: OrgKind, ref: string): Promise<OrgRow> {
  const what = KIND_WORDS[kind]
  const byId = /^\d{1,9}$/.test(ref.trim())
  const found = await tx
    .select()
    .from(orgs)
    .where(and(eq(orgs.kind, kind), byId ? eq(orgs.id, Number(ref.trim())) : eq(orgs.name, ref.trim())))
    .orderBy(asc(orgs.id))
  if (found.length === 0) throw new AdminError(`没有这个${what}：${ref}（用 list 查看已有${what}）`)
  if (found.length > 1) throw new AdminError(`有 ${found.length} 个${what}叫「${ref.trim()}」（id ${found.map((o) => o.id).join('、')}）：请改用 id`)
  return found[0]
}

/** A street (街道) or township (乡镇): a root of the tree. Refuses a street name that exists. */
export async function createStreet(db: Db, name: string): Promise<OrgRow> {
  const streetName = checkName(name, '街道/乡镇')
  return db.transaction(async (tx) => {
    const [existing] = await tx
      .select({ id: orgs.id })
      .from(orgs)
      .where(and(eq(orgs.kind, 'street'), eq(orgs.name, streetName)))
    if (existing) throw new AdminError(`街道/乡镇「${streetName}」已存在（id ${existing.id}），未做任何修改`)
    return insertOrg(tx, null, 'street', streetName)
  })
}

/**
 * A community with its compounds and their grids, under the street named by `street` (its id
 * or exact name) or, without one, as a root. Refuses a community name that exists anywhere:
 * the other commands find communities by name.
 */
export async function createCommunity(db: Db, name: string, compoundSpecs: CompoundSpec[], street?: string): Promise<CreatedCommunity> {
  const communityName = checkName(name, '社区')
  if (compoundSpecs.length === 0) throw new AdminError('至少需要一个小区（--compound 小区名:网格1,网格2）')
  const specs = compoundSpecs.map((c) => ({ name: checkName(c.name, '小区'), grids: c.grids.map((g) => checkName(g, '网格')) }))
  const twice = duplicates(specs.map((c) => c.name))
  if (twice.length > 0) throw new AdminError(`小区重复：${twice.join('、')}`)
  for (const spec of specs) {
    if (spec.grids.length === 0) throw new AdminError(`小区「${spec.name}」至少需要一个网格：居民登记在网格里`)
    const gridTwice = duplicates(spec.grids)
    if (gridTwice.length > 0) throw new AdminError(`小区「${spec.name}」的网格重复：${gridTwice.join('、')}`)
  }

  return db.transaction(async (tx) => {
    const parent = street === undefined ? null : await findOrgByRef(tx, 'street', street)
    const [existing] = await tx
      .select({ id: orgs.id })
      .from(orgs)
      .where(and(eq(orgs.kind, 'community'), eq(orgs.name, communityName)))
    if (existing) throw new AdminError(`社区「${communityName}」已存在（id ${existing.id}），未做任何修改`)
    const community = await insertOrg(tx, parent, 'community', communityName)
    const compounds: CreatedCommunity['compounds'] = []
    for (const spec of specs) {
      const compound = await insertOrg(tx, community, 'compound', spec.name)
      const grids: OrgRow[] = []
      for (const grid of spec.grids) grids.push(await insertOrg(tx, compound, 'grid', grid))
      compounds.push({ compound, grids })
    }
    return { street: parent, community, compounds }
  })
}

/**
 * A work unit (驻区单位: 机关, 企事业单位) under a street: in-service Party members name it when
 * they report to a community of that street (双报到). Refuses a name the street already has.
 */
export async function createWorkUnit(db: Db, street: string, name: string): Promise<{ street: OrgRow; workUnit: OrgRow }> {
  const unitName = checkName(name, '单位')
  return db.transaction(async (tx) => {
    const parent = await findOrgByRef(tx, 'street', street)
    const [existing] = await tx
      .select({ id: orgs.id })
      .from(orgs)
      .where(and(eq(orgs.kind, 'work_unit'), eq(orgs.parentId, parent.id), eq(orgs.name, unitName)))
    if (existing) throw new AdminError(`「${parent.name}」已有单位「${unitName}」（id ${existing.id}），未做任何修改`)
    return { street: parent, workUnit: await insertOrg(tx, parent, 'work_unit', unitName) }
  })
}

/**
 * The service catalogue as the code defines it (the seed's list): adds missing categories and
 * brings existing ones up to date, so running it again after an upgrade is safe.
 */
export async function loadCatalogue(db: Db): Promise<{ added: string[]; updated: string[] }> {
  return db.transaction(async (tx) => {
    const codes = CATEGORIES.map((c) => c.code)
    const present = new Set((await tx.select({ code: categories.code }).from(categories).where(inArray(categories.code, codes))).map((r) => r.code))
    await tx
      .insert(categories)
      .values(CATEGORIES.map((c, sort) => ({ ...c, sort })))
      .onConflictDoUpdate({
        target: categories.code,
        set: {
          name: sql`excluded.name`,
          description: sql`excluded.description`,
          emergency: sql`excluded.emergency`,
          photoRequired: sql`excluded.photo_required`,
          sort: sql`excluded.sort`,
        },
      })
    return { added: codes.filter((c) => !present.has(c)), updated: codes.filter((c) => present.has(c)) }
  })
}

/** A person to register with a staff role; who they are, not where. */
export interface PersonSpec {
  name: string
  phone: string
  /** The person's WeChat openid, to sign in from the mini-program. */
  openid?: string
}

export interface CommitteeSpec extends PersonSpec {
  /** The community's id, or its exact name. */
  community: string
}

export interface StreetAdminSpec extends PersonSpec {
  /** The street's id, or its exact name. */
  street: string
}

export interface RegisteredStaff {
  userId: number
  membershipId: number
  /**
   * True when the openid's person already existed from a first WeChat login (no membership
   * yet) and now holds this membership; false when a new person was created.
   */
  claimed: boolean
}

const PHONE = /^1\d{10}$/

/** Validates a person's fields before any transaction, so bad input never reaches the database. */
function checkPerson(spec: PersonSpec): { name: string; phone: string; openid: string | null } {
  const name = checkName(spec.name, '成员')
  const phone = spec.phone.trim()
  if (!PHONE.test(phone)) throw new AdminError(`手机号不正确：${spec.phone}（应为 11 位数字，以 1 开头）`)
  return { name, phone, openid: spec.openid?.trim() || null }
}

/** The live (not ended) memberships of a person, as "社区党委 · 阳光社区". */
async function liveMembershipsOf(tx: Tx, userId: number): Promise<string[]> {
  const rows = await tx
    .select({ role: memberships.role, orgName: orgs.name })
    .from(memberships)
    .innerJoin(orgs, eq(orgs.id, memberships.orgId))
    .where(and(eq(memberships.userId, userId), sql`${memberships.status} <> 'ended'`))
    .orderBy(asc(memberships.id))
  return rows.map((r) => `${ROLE_LABELS[r.role]} · ${r.orgName}`)
}

/**
 * A person and their active `role` membership at `org`, with the membership's first history
 * row, in the caller's transaction. Refuses an openid a person with a live membership already
 * has, and a phone whose person already holds this role here. An openid whose person came
 * only from a first WeChat login (no live membership: `list` shows them) is that person: they
 * get the membership, and their empty name and phone are filled in. A person with the same
 * phone but no openid match is NOT merged: a new person is created.
 */
async function registerStaff(tx: Tx, role: Role, org: OrgRow, spec: PersonSpec, now: Date): Promise<RegisteredStaff> {
  const { name, phone, openid } = checkPerson(spec)
  const [holder] = openid
    ? await tx.select({ id: users.id, name: users.name, phone: users.phone }).from(users).where(eq(users.openid, openid))
    : []
  if (holder) {
    const live = await liveMembershipsOf(tx, holder.id)
    if (live.length > 0) {
      throw new AdminError(`openid ${openid} 已登记给用户「${holder.name}」（id ${holder.id}，${live.join('、')}），未做任何修改`)
    }
    // A person who began sign-up typed their own name and phone: a mismatch means the wrong openid.
    const differs = [holder.name && holder.name !== name ? `姓名「${holder.name}」` : '', holder.phone && holder.phone !== phone ? `手机号 ${holder.phone}` : '']
      .filter(Boolean)
      .join('、')
    if (differs) {
      throw new AdminError(`openid ${openid} 的用户（id ${holder.id}）自己填写的${differs}与本次登记不符：请核对 openid，未做任何修改`)
    }
  }

  const [clash] = await tx
    .select({ id: users.id, name: users.name })
    .from(users)
    .innerJoin(memberships, eq(memberships.userId, users.id))
    .where(and(eq(users.phone, phone), eq(memberships.role, role), eq(memberships.orgId, org.id), sql`${memberships.status} <> 'ended'`))
  if (clash) {
    throw new AdminError(`手机号 ${phone} 已登记给用户「${clash.name}」（id ${clash.id}），已是「${org.name}」的${ROLE_LABELS[role]}，未做任何修改`)
  }

  let userId: number
  if (holder) {
    await tx.update(users).set({ name, phone }).where(eq(users.id, holder.id))
    userId = holder.id
  } else {
    const [row] = await tx.insert(users).values({ name, phone, openid, createdAt: now }).returning({ id: users.id })
    userId = row.id
  }
  const membership = await insertMembership(
    tx,
    { userId, role, orgId: org.id, status: 'active' },
    { event: 'registered', actor: null, note: '由管理命令创建', at: now },
  )
  // Unreachable after the checks above, but never report a membership this command did not make.
  if (!membership.created) throw new AdminError(`用户 id ${userId} 已是「${org.name}」的${ROLE_LABELS[role]}，未做任何修改`)
  return { userId, membershipId: membership.id, claimed: Boolean(holder) }
}

/** A committee member at community level (they see and dispatch every order of the community). */
export async function createCommitteeMember(db: Db, spec: CommitteeSpec, now = new Date()): Promise<RegisteredStaff & { community: OrgRow }> {
  checkPerson(spec)
  return db.transaction(async (tx) => {
    const community = await findOrgByRef(tx, 'community', spec.community)
    return { ...(await registerStaff(tx, 'committee', community, spec, now)), community }
  })
}

/** A street administrator (they oversee the street's communities and set up their committees). */
export async function createStreetAdmin(db: Db, spec: StreetAdminSpec, now = new Date()): Promise<RegisteredStaff & { street: OrgRow }> {
  checkPerson(spec)
  return db.transaction(async (tx) => {
    const street = await findOrgByRef(tx, 'street', spec.street)
    return { ...(await registerStaff(tx, 'street_admin', street, spec, now)), street }
  })
}

/** The roles `list` names people for; residents are only counted. */
export const LISTED_ROLES = ['street_admin', 'committee', 'grid_worker', 'party_member', 'volunteer'] as const satisfies readonly Role[]

export interface OrgNode extends OrgRow {
  /** What the tree calls this kind: 街道/乡镇, 社区/村… */
  kindLabel: string
  /** People holding an active membership of a LISTED_ROLES role at this very org. */
  people: { id: number; name: string; role: Role }[]
  /** Active resident memberships in this org and everything under it. */
  residents: number
}

/** Every org in tree order (parents before children), with the people active there. */
export async function listOrgTree(db: Db): Promise<OrgNode[]> {
  const rows = await db.select().from(orgs)
  const staff = await db
    .select({ id: users.id, name: users.name, role: memberships.role, orgId: memberships.orgId })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.status, 'active'), inArray(memberships.role, [...LISTED_ROLES])))
    .orderBy(asc(memberships.id))
  const residentCounts = await db
    .select({ path: orgs.path, n: sql<number>`count(*)::int` })
    .from(memberships)
    .innerJoin(orgs, eq(orgs.id, memberships.orgId))
    .where(and(eq(memberships.role, 'resident'), eq(memberships.status, 'active')))
    .groupBy(orgs.path)
  // Sort by the numeric ids along the path: text order would put /10/ before /2/.
  const key = (path: string) => path.split('/').filter(Boolean).map(Number)
  rows.sort((a, b) => {
    const [x, y] = [key(a.path), key(b.path)]
    for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i] - y[i]
    return x.length - y.length
  })
  return rows.map((org) => ({
    ...org,
    kindLabel: ORG_KIND_LABELS[org.kind] ?? org.kind,
    people: staff.filter((u) => u.orgId === org.id).map(({ id, name, role }) => ({ id, name, role })),
    residents: residentCounts.filter((r) => r.path.startsWith(org.path)).reduce((sum, r) => sum + r.n, 0),
  }))
}

export interface UnregisteredWechatUser {
  id: number
  openid: string
  /** What they typed at sign-up, if they got that far; empty otherwise. */
  name: string
  createdAt: Date
}

/**
 * People who logged in with WeChat and hold no live membership (a first login creates them
 * with the openid only), newest first: how an operator finds a new committee member's openid.
 */
export async function listUnregisteredWechatUsers(db: Db, limit = 20): Promise<{ total: number; users: UnregisteredWechatUser[] }> {
  const live = db
    .select({ one: sql`1` })
    .from(memberships)
    .where(and(eq(memberships.userId, users.id), ne(memberships.status, 'ended')))
  const unregistered = and(isNotNull(users.openid), notExists(live))
  const [{ total }] = await db.select({ total: count() }).from(users).where(unregistered)
  const rows = await db
    .select({ id: users.id, openid: users.openid, name: users.name, createdAt: users.createdAt })
    .from(users)
    .where(unregistered)
    .orderBy(desc(users.id))
    .limit(limit)
  return { total, users: rows.map((r) => ({ ...r, openid: r.openid ?? '' })) }
}
