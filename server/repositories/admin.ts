import { and, asc, eq, inArray, or, sql } from 'drizzle-orm'
import { randomUUID } from 'node:crypto'
import type { Role } from '../../src/domain'
import type { Db } from '../db/client'
import { categories, orgs, users, type OrgKind, type OrgRow } from '../db/schema'
import { CATEGORIES } from '../db/seed-data'

/**
 * What a new production install needs before anyone can use it: the org tree, the service
 * catalogue and a first committee member. Used by `server/admin.ts`; each function is one
 * transaction and refuses (AdminError) rather than creating a duplicate.
 */
export class AdminError extends Error {}

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0]

export interface CompoundSpec {
  name: string
  grids: string[]
}

export interface CreatedCommunity {
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

/** A community with its compounds and their grids. Refuses a community name that exists. */
export async function createCommunity(db: Db, name: string, compoundSpecs: CompoundSpec[]): Promise<CreatedCommunity> {
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
    const [existing] = await tx
      .select({ id: orgs.id })
      .from(orgs)
      .where(and(eq(orgs.kind, 'community'), eq(orgs.name, communityName)))
    if (existing) throw new AdminError(`社区「${communityName}」已存在（id ${existing.id}），未做任何修改`)
    const community = await insertOrg(tx, null, 'community', communityName)
    const compounds: CreatedCommunity['compounds'] = []
    for (const spec of specs) {
      const compound = await insertOrg(tx, community, 'compound', spec.name)
      const grids: OrgRow[] = []
      for (const grid of spec.grids) grids.push(await insertOrg(tx, compound, 'grid', grid))
      compounds.push({ compound, grids })
    }
    return { community, compounds }
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

export interface CommitteeSpec {
  /** The community's id, or its exact name. */
  community: string
  name: string
  phone: string
  /** The member's WeChat openid, to sign in from the mini-program. */
  openid?: string
}

const PHONE = /^1\d{10}$/

/** A committee member at community level (they see and dispatch every order of the community). */
export async function createCommitteeMember(db: Db, spec: CommitteeSpec): Promise<{ userId: number; community: OrgRow }> {
  const name = checkName(spec.name, '成员')
  if (!PHONE.test(spec.phone)) throw new AdminError(`手机号不正确：${spec.phone}（应为 11 位数字，以 1 开头）`)
  const openid = spec.openid?.trim() || null

  return db.transaction(async (tx) => {
    const byId = /^\d{1,9}$/.test(spec.community)
    const found = await tx
      .select()
      .from(orgs)
      .where(and(eq(orgs.kind, 'community'), byId ? eq(orgs.id, Number(spec.community)) : eq(orgs.name, spec.community.trim())))
    if (found.length === 0) throw new AdminError(`没有这个社区：${spec.community}（用 list 查看已有社区）`)
    const community = found[0]

    const clash = await tx
      .select({ id: users.id, name: users.name, phone: users.phone, openid: users.openid })
      .from(users)
      .where(or(and(eq(users.orgId, community.id), eq(users.phone, spec.phone)), openid ? eq(users.openid, openid) : sql`false`))
    if (clash.length > 0) {
      const other = clash[0]
      const why = openid && other.openid === openid ? `openid ${openid}` : `手机号 ${spec.phone}`
      throw new AdminError(`${why} 已登记给用户「${other.name}」（id ${other.id}），未做任何修改`)
    }

    const [row] = await tx
      .insert(users)
      .values({ name, phone: spec.phone, role: 'committee', orgId: community.id, openid, createdAt: new Date() })
      .returning({ id: users.id })
    return { userId: row.id, community }
  })
}

export interface OrgNode extends OrgRow {
  /** People registered directly at this org, by role. */
  people: { id: number; name: string; role: Role }[]
  /** Residents of this org and everything under it. */
  residents: number
}

/** Every org in tree order (parents before children), with its committee members and volunteers. */
export async function listOrgTree(db: Db): Promise<OrgNode[]> {
  const rows = await db.select().from(orgs)
  const staff = await db
    .select({ id: users.id, name: users.name, role: users.role, orgId: users.orgId })
    .from(users)
    .where(inArray(users.role, ['committee', 'party_member', 'volunteer']))
    .orderBy(asc(users.id))
  const residentCounts = await db
    .select({ path: orgs.path, n: sql<number>`count(*)::int` })
    .from(users)
    .innerJoin(orgs, eq(orgs.id, users.orgId))
    .where(eq(users.role, 'resident'))
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
    people: staff.filter((u) => u.orgId === org.id).map(({ id, name, role }) => ({ id, name, role })),
    residents: residentCounts.filter((r) => r.path.startsWith(org.path)).reduce((sum, r) => sum + r.n, 0),
  }))
}
