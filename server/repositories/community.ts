import { and, eq, inArray, isNull, or, sql } from 'drizzle-orm'
import { randomUUID } from 'node:crypto'
import type { Actor } from '../../src/domain'
import type { Db } from '../db/client'
import { categories, households, memberships, orgs, teams, users, type OrgRow } from '../db/schema'
import type { SkillDto } from '../../types/api'
import { skillsOf } from './catalogue'
import { invalidInput } from '../errors'
import { appendMembershipEvent } from './memberships'
import { isoTime, rowsOf } from './prepared'

// A community's own set-up by its committee: volunteer teams and the grid tree. Every write is
// one transaction that first locks the parent row (the community for teams, the community or
// compound for orgs): two committee members adding "第7网格" at the same moment then run one
// after the other, and the second sees the first's row when it checks the name. There is no
// unique index on sibling names (the schema is shared with the seed and admin tooling), so
// the lock is what keeps them unique on PostgreSQL; PGlite runs transactions one at a time anyway.

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0]

export interface TeamRecord {
  id: number
  name: string
  communityId: number
  communityName: string
  /** The community's path: the team's place in the tree for scope checks. */
  communityPath: string
  skills: SkillDto[]
  leaderId: number | null
  leaderName: string | null
  leaderActive: boolean
  memberCount: number
}

const activeVolunteerOf = (teamAlias: string) =>
  sql`m.team_id = ${sql.identifier(teamAlias)}.id and m.role = 'volunteer' and m.status = 'active'`

const teamSelect = sql`select t.id, t.name, c.id as "communityId", c.name as "communityName", c.path as "communityPath", ${skillsOf(sql`t.skills`)} as skills,
    t.leader_id as "leaderId", l.name as "leaderName",
    exists(select 1 from ${memberships} m where ${activeVolunteerOf('t')} and m.user_id = t.leader_id) as "leaderActive",
    (select count(*)::int from ${memberships} m where ${activeVolunteerOf('t')}) as "memberCount"
  from ${teams} t join ${orgs} c on c.id = t.org_id left join ${users} l on l.id = t.leader_id`

/** Teams whose community lies in the scope (a committee's community, a street), community by community. */
export async function listTeamsIn(db: Db, scopePath: string): Promise<TeamRecord[]> {
  // Communities numerically along the path: text order would put /1/19/ before /1/2/.
  return rowsOf<TeamRecord>(
    db,
    sql`${teamSelect} where c.path like ${`${scopePath}%`} order by string_to_array(trim(both '/' from c.path), '/')::int[], t.id limit 500`,
  )
}

export async function findTeamRecord(db: Db, id: number): Promise<TeamRecord | null> {
  const [row] = await rowsOf<TeamRecord>(db, sql`${teamSelect} where t.id = ${id}`)
  return row ?? null
}

export interface TeamMemberRecord {
  membershipId: number
  userId: number
  name: string
  phone: string
  since: string | null
}

/** The team's active volunteers, longest-serving first. */
export async function listTeamMembers(db: Db, teamId: number): Promise<TeamMemberRecord[]> {
  return rowsOf<TeamMemberRecord>(
    db,
    sql`select m.id as "membershipId", u.id as "userId", u.name, u.phone, ${isoTime(sql`m.since`)} as since
        from ${memberships} m join ${users} u on u.id = m.user_id
        where m.team_id = ${teamId} and m.role = 'volunteer' and m.status = 'active' order by m.since nulls last, m.id limit 500`,
  )
}

/** Trimmed, 1–`max` characters (counted as characters, not UTF-16 units), or a 400 saying which. */
export function checkUnitName(raw: string, what: string, max: number): string {
  const name = raw.trim()
  if (!name) throw invalidInput(`${what}名称不能为空`)
  if (Array.from(name).length > max) throw invalidInput(`${what}名称不能超过 ${max} 个字`)
  return name
}

/**
 * Skills as catalogue codes (dispatch compares them with an order's service code) of services the
 * community may offer: the shared catalogue and its own, switched off or not (it may switch them
 * on again). Trimmed, each once, in the order given; an unknown one — a name, another community's
 * own service — is a 400 naming it.
 */
async function checkSkills(tx: Tx, communityId: number, raw: readonly string[]): Promise<string[]> {
  const skills = [...new Set(raw.map((s) => s.trim()))]
  if (skills.length === 0) return skills
  const known = await tx
    .select({ code: categories.code })
    .from(categories)
    .where(and(inArray(categories.code, skills), or(isNull(categories.communityId), eq(categories.communityId, communityId))))
  const offered = new Set(known.map((c) => c.code))
  const unknown = skills.filter((s) => !offered.has(s))
  if (unknown.length > 0) throw invalidInput(`服务队技能须从本社区的服务目录中选择，没有这项服务：${unknown.join('、')}`)
  return skills
}

/** Locks an org row against concurrent child writes (not against sign-ups: their foreign keys take a key-share lock, which this allows). */
async function lockOrg(tx: Tx, id: number): Promise<void> {
  await tx.execute(sql`select id from ${orgs} where id = ${id} for no key update`)
}

async function assertTeamNameFree(tx: Tx, communityId: number, name: string, exceptId?: number): Promise<void> {
  const [clash] = await tx
    .select({ id: teams.id })
    .from(teams)
    .where(and(eq(teams.orgId, communityId), eq(teams.name, name), exceptId === undefined ? sql`true` : sql`${teams.id} <> ${exceptId}`))
  if (clash) throw invalidInput(`本社区已有名为「${name}」的服务队，请换一个名称`)
}

export async function insertTeam(db: Db, communityId: number, input: { name: string; skills: readonly string[] }): Promise<number> {
  return db.transaction(async (tx) => {
    await lockOrg(tx, communityId)
    await assertTeamNameFree(tx, communityId, input.name)
    const skills = await checkSkills(tx, communityId, input.skills)
    const [row] = await tx.insert(teams).values({ orgId: communityId, name: input.name, skills }).returning({ id: teams.id })
    return row.id
  })
}

export async function updateTeam(db: Db, team: { id: number; communityId: number }, changes: { name: string; skills: readonly string[] }): Promise<void> {
  await db.transaction(async (tx) => {
    await lockOrg(tx, team.communityId)
    await assertTeamNameFree(tx, team.communityId, changes.name, team.id)
    const skills = await checkSkills(tx, team.communityId, changes.skills)
    await tx.update(teams).set({ name: changes.name, skills }).where(eq(teams.id, team.id))
  })
}

/**
 * Names the team's leader: an active volunteer of the team (the team row is locked first, so a
 * removal committed meanwhile is seen by the check). The change is in the history of both
 * volunteers' memberships (who named whom, when), in the same transaction.
 */
export async function setTeamLeader(db: Db, teamId: number, userId: number, actor: Actor, at: Date): Promise<void> {
  await db.transaction(async (tx) => {
    const [team] = await rowsOf<{ leaderId: number | null }>(tx, sql`select leader_id as "leaderId" from ${teams} where id = ${teamId} for update`)
    const member = await activeVolunteer(tx, teamId, userId)
    if (member === null) throw invalidInput('参数 userId 不合法：队长须是本队已生效的志愿者')
    if (team.leaderId === userId) return
    await tx.update(teams).set({ leaderId: userId }).where(eq(teams.id, teamId))
    await recordStepDown(tx, teamId, team.leaderId, actor, at)
    await appendMembershipEvent(tx, member, 'active', 'active', { event: 'leads_team', actor, note: null, at })
  })
}

/** The team has no leader until the committee names one (the committee then approves who joins). */
export async function clearTeamLeader(db: Db, teamId: number, actor: Actor, at: Date): Promise<void> {
  await db.transaction(async (tx) => {
    const [team] = await rowsOf<{ leaderId: number | null }>(tx, sql`select leader_id as "leaderId" from ${teams} where id = ${teamId} for update`)
    if (team.leaderId === null) return
    await tx.update(teams).set({ leaderId: null }).where(eq(teams.id, teamId))
    await recordStepDown(tx, teamId, team.leaderId, actor, at)
  })
}

async function activeVolunteer(tx: Tx, teamId: number, userId: number): Promise<number | null> {
  const [member] = await rowsOf<{ id: number }>(
    tx,
    sql`select m.id from ${teams} t join ${memberships} m on ${activeVolunteerOf('t')} where t.id = ${teamId} and m.user_id = ${userId} limit 1`,
  )
  return member?.id ?? null
}

/** A leader's step-down in the history of their membership, when they still hold one (a leader who left the team has none). */
async function recordStepDown(tx: Tx, teamId: number, formerLeader: number | null, actor: Actor, at: Date) {
  const member = formerLeader === null ? null : await activeVolunteer(tx, teamId, formerLeader)
  if (member !== null) await appendMembershipEvent(tx, member, 'active', 'active', { event: 'stops_leading', actor, note: null, at })
}

interface TreeRow {
  id: number
  parentId: number | null
  kind: 'community' | 'compound' | 'grid'
  name: string
  path: string
  households: number
}

export interface CommunityTreeRecord {
  id: number
  name: string
  path: string
  compounds: { id: number; name: string; grids: { id: number; name: string; households: number }[] }[]
}

/** The communities in the scope (a community's path, or a street's) with their compounds and grids, each level in id order (the order they were made). */
export async function communityTrees(db: Db, scopePath: string): Promise<CommunityTreeRecord[]> {
  const rows = await rowsOf<TreeRow>(
    db,
    sql`select o.id, o.parent_id as "parentId", o.kind, o.name, o.path,
          case when o.kind = 'grid' then (select count(*)::int from ${households} h where h.grid_id = o.id) else 0 end as households
        from ${orgs} o
        where o.kind in ('community', 'compound', 'grid') and o.path like ${`${scopePath}%`}
        order by o.id`,
  )
  const communities = rows.filter((r) => r.kind === 'community')
  return communities.map((c) => ({
    id: c.id,
    name: c.name,
    path: c.path,
    compounds: rows
      .filter((r) => r.kind === 'compound' && r.parentId === c.id)
      .map((compound) => ({
        id: compound.id,
        name: compound.name,
        grids: rows.filter((r) => r.kind === 'grid' && r.parentId === compound.id).map(({ id, name, households: n }) => ({ id, name, households: n })),
      })),
  }))
}

const KIND_WORDS = { compound: '小区/村民小组', grid: '网格', work_unit: '单位' } as const

/** Where a unit's siblings live, as its clash message names it. */
const UNDER: Record<UnitKind, string> = { compound: '社区下', grid: '小区下', work_unit: '街道下' }

async function assertOrgNameFree(tx: Tx, parentId: number, kind: UnitKind, name: string, exceptId?: number): Promise<void> {
  const [clash] = await tx
    .select({ id: orgs.id })
    .from(orgs)
    .where(and(eq(orgs.parentId, parentId), eq(orgs.kind, kind), eq(orgs.name, name), exceptId === undefined ? sql`true` : sql`${orgs.id} <> ${exceptId}`))
  if (clash) throw invalidInput(`同一${UNDER[kind]}已有名为「${name}」的${KIND_WORDS[kind]}，请换一个名称`)
}

/** The units a community's committee adds: compounds, grids, and the street's 驻区单位 its Party members name. */
export type UnitKind = 'compound' | 'grid' | 'work_unit'

/**
 * A compound under a community, a grid under a compound, or a work unit under the street; the
 * path holds the row's own id, as `insertOrg` in admin.ts makes it.
 */
export async function insertUnit(db: Db, parent: OrgRow, kind: UnitKind, name: string): Promise<OrgRow> {
  return db.transaction(async (tx) => {
    await lockOrg(tx, parent.id)
    await assertOrgNameFree(tx, parent.id, kind, name)
    const [row] = await tx.insert(orgs).values({ parentId: parent.id, kind, name, path: `tmp-${randomUUID()}` }).returning()
    const [fixed] = await tx
      .update(orgs)
      .set({ path: `${parent.path}${row.id}/` })
      .where(eq(orgs.id, row.id))
      .returning()
    return fixed
  })
}

/** Renames a compound or grid; ids and paths stay, so orders and households keep pointing at it. */
export async function renameUnit(db: Db, unit: OrgRow & { kind: 'compound' | 'grid'; parentId: number }, name: string): Promise<OrgRow> {
  return db.transaction(async (tx) => {
    await lockOrg(tx, unit.parentId)
    await assertOrgNameFree(tx, unit.parentId, unit.kind, name, unit.id)
    const [row] = await tx.update(orgs).set({ name }).where(eq(orgs.id, unit.id)).returning()
    return row
  })
}
