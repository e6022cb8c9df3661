import { and, eq, sql } from 'drizzle-orm'
import { membershipNoticesOf, type Actor, type MembershipEvent, type MembershipFacts, type MembershipStatus, type Role } from '../../src/domain'
import type { Db } from '../db/client'
import { households, invites, membershipEvents, memberships, orgs, outbox, sessions, teams, users } from '../db/schema'
import { skillsOf } from './catalogue'
import { isoTime, rowsOf } from './prepared'
import { householdAddress, orgChainName } from './users'

// Memberships change through these functions only: each change and its history row commit
// together (one transaction), so "who approved what, when" never disagrees with the state.

export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0]

export interface MembershipEntry {
  event: MembershipEvent
  actor: Actor | null
  note: string | null
  at: Date
}

export async function appendMembershipEvent(tx: Tx, membershipId: number, from: MembershipStatus | null, to: MembershipStatus, entry: MembershipEntry) {
  await tx.insert(membershipEvents).values({
    membershipId,
    event: entry.event,
    fromStatus: from,
    toStatus: to,
    actorId: entry.actor && entry.actor.role !== 'system' ? entry.actor.id : null,
    actorRole: entry.actor?.role ?? 'system',
    note: entry.note,
    at: entry.at,
  })
  // Who has to decide, or hear the answer, is told through the outbox in the same transaction.
  const facts = await findMembershipFacts(tx, membershipId)
  const notices = facts ? membershipNoticesOf(facts, from, to, entry.actor?.id === facts.userId) : []
  if (notices.length > 0) await tx.insert(outbox).values(notices.map(({ kind, audience }) => ({ membershipId, kind, audience, createdAt: entry.at })))
}

export type NewMembership = Pick<typeof memberships.$inferInsert, 'userId' | 'role' | 'orgId' | 'householdId' | 'teamId' | 'workUnitId' | 'note' | 'approvedBy'> & {
  status: MembershipStatus
}

/**
 * Inserts a membership and its first history row. A person asking again for a live membership
 * they already hold (same role, org, household, team) gets that one back, as it stands: `created`
 * is false.
 */
export async function insertMembership(
  tx: Tx,
  values: NewMembership,
  entry: MembershipEntry,
): Promise<{ id: number; created: boolean; status: MembershipStatus }> {
  const [row] = await tx
    .insert(memberships)
    .values({ ...values, createdAt: entry.at, since: values.status === 'active' ? entry.at : null })
    .onConflictDoNothing()
    .returning({ id: memberships.id })
  if (row) {
    await appendMembershipEvent(tx, row.id, null, values.status, entry)
    return { id: row.id, created: true, status: values.status }
  }
  const [existing] = await rowsOf<{ id: number; status: MembershipStatus }>(
    tx,
    sql`select id, status from ${memberships} where user_id = ${values.userId} and role = ${values.role} and org_id = ${values.orgId}
        and coalesce(household_id, 0) = ${values.householdId ?? 0} and coalesce(team_id, 0) = ${values.teamId ?? 0} and status <> 'ended'`,
  )
  return { ...existing, created: false }
}

/** Applies a status change only from the status it was decided on; null when someone else changed it first. */
export async function changeStatus(
  db: Db,
  id: number,
  from: MembershipStatus,
  to: MembershipStatus,
  entry: MembershipEntry,
): Promise<MembershipStatus | null> {
  return db.transaction(async (tx) => {
    const approving = from === 'pending' && to === 'active'
    const [row] = await tx
      .update(memberships)
      .set({
        status: to,
        ...(approving ? { since: entry.at, approvedBy: entry.actor?.id ?? null } : {}),
        ...(to === 'ended' ? { endedAt: entry.at } : {}),
      })
      .where(and(eq(memberships.id, id), eq(memberships.status, from)))
      .returning({ status: memberships.status })
    if (!row) return null
    if (to === 'ended') await letGoOf(tx, id, from, entry)
    await appendMembershipEvent(tx, id, from, to, entry)
    return row.status
  })
}

/**
 * What ends with a membership, in its transaction: a team it led is left without a leader (one
 * who left decides nothing for the team any more), and the sessions acting as it act as the
 * person's first other active membership, or as none (the next one that becomes active then is).
 */
async function letGoOf(tx: Tx, id: number, from: MembershipStatus, entry: MembershipEntry): Promise<void> {
  const [led] = await rowsOf<{ id: number }>(
    tx,
    sql`update ${teams} t set leader_id = null from ${memberships} m
        where m.id = ${id} and m.role = 'volunteer' and t.id = m.team_id and t.leader_id = m.user_id returning t.id`,
  )
  if (led) await appendMembershipEvent(tx, id, from, from, { ...entry, event: 'stops_leading', note: null })
  await tx.execute(
    sql`update ${sessions} s set membership_id = (select o.id from ${memberships} o where o.user_id = s.user_id and o.status = 'active' order by o.id limit 1)
        where s.membership_id = ${id}`,
  )
}

/** What the membership guards need, or null when there is no such membership. */
export async function findMembershipFacts(db: Db, id: number): Promise<MembershipFacts | null> {
  const [row] = await db
    .select({
      userId: memberships.userId,
      role: memberships.role,
      status: memberships.status,
      orgPath: orgs.path,
      householdId: memberships.householdId,
      teamLeaderId: teams.leaderId,
    })
    .from(memberships)
    .innerJoin(orgs, eq(orgs.id, memberships.orgId))
    .leftJoin(teams, eq(teams.id, memberships.teamId))
    .where(eq(memberships.id, id))
  return row ?? null
}

export interface MemberRecord {
  membershipId: number
  userId: number
  name: string
  phone: string
  role: Role
  status: MembershipStatus
  orgName: string
  teamName: string | null
  workUnitName: string | null
  orgId: number
  householdId: number | null
  householdAddress: string | null
  note: string | null
  /** ISO 8601. */
  createdAt: string
}

const memberSelect = sql`select m.id as "membershipId", u.id as "userId", u.name, u.phone, m.role, m.status, ${orgChainName('o')} as "orgName",
    t.name as "teamName", w.name as "workUnitName", m.org_id as "orgId", m.household_id as "householdId", ${householdAddress('h')} as "householdAddress", m.note, ${isoTime(sql`m.created_at`)} as "createdAt"
  from ${memberships} m join ${users} u on u.id = m.user_id join ${orgs} o on o.id = m.org_id
  left join ${teams} t on t.id = m.team_id left join ${orgs} w on w.id = m.work_unit_id left join ${households} h on h.id = m.household_id`

/**
 * Pending requests this actor may decide: a committee those in its subtree, a resident the
 * family proxies and would-be co-residents of their household, a team leader the volunteers of their team. Mirrors
 * `canDecide` in the domain. Needs `m`, `o` and `t` as memberSelect names them.
 */
function pendingFor(actor: Actor) {
  const mayDecide =
    actor.role === 'committee'
      ? sql`true`
      : actor.role === 'resident' && actor.householdId
        ? sql`m.role in ('proxy', 'resident') and m.household_id = ${actor.householdId}`
        : actor.role === 'volunteer'
          ? sql`m.role = 'volunteer' and t.leader_id = ${actor.id}`
          : sql`false`
  return sql`m.status = 'pending' and o.path like ${`${actor.orgPath}%`} and ${mayDecide}`
}

/** The requests `pendingFor` the actor, oldest first, a page at a time (keyset on id: those after `after`). */
export async function listPendingFor(db: Db, actor: Actor, page: { after?: number; limit: number }): Promise<MemberRecord[]> {
  return rowsOf<MemberRecord>(
    db,
    sql`${memberSelect} where ${pendingFor(actor)} ${page.after ? sql`and m.id > ${page.after}` : sql``} order by m.id limit ${page.limit}`,
  )
}

/** How many requests wait for the actor in all: what the page's count says, however far it has scrolled. */
export async function countPendingFor(db: Db, actor: Actor): Promise<number> {
  const [row] = await rowsOf<{ n: number }>(
    db,
    sql`select count(*)::int as n from ${memberships} m join ${orgs} o on o.id = m.org_id left join ${teams} t on t.id = m.team_id
        where ${pendingFor(actor)}`,
  )
  return row.n
}

/** Everyone holding a membership in the subtree, newest first, a page at a time (keyset on id). */
export async function listMembers(
  db: Db,
  scopePath: string,
  filter: { status?: MembershipStatus; role?: Role; before?: number; limit: number },
): Promise<MemberRecord[]> {
  return rowsOf<MemberRecord>(
    db,
    sql`${memberSelect} where o.path like ${`${scopePath}%`}
        ${filter.status ? sql`and m.status = ${filter.status}` : sql`and m.status <> 'ended'`}
        ${filter.role ? sql`and m.role = ${filter.role}` : sql``}
        ${filter.before ? sql`and m.id < ${filter.before}` : sql``}
        order by m.id desc limit ${filter.limit}`,
  )
}

export interface InviteRecord {
  id: number
  code: string
  role: Role
  orgId: number
  orgPath: string
  orgName: string
  communityId: number | null
  teamId: number | null
  teamName: string | null
  createdBy: number
  /** ISO 8601. */
  expiresAt: string
  maxUses: number | null
  uses: number
  revokedAt: string | null
}

const inviteSelect = sql`select i.id, i.code, i.role, i.org_id as "orgId", o.path as "orgPath", ${orgChainName('o')} as "orgName",
    (select c.id from ${orgs} c where c.id = any(string_to_array(trim(both '/' from o.path), '/')::int[]) and c.kind = 'community') as "communityId",
    i.team_id as "teamId", t.name as "teamName", i.created_by as "createdBy", ${isoTime(sql`i.expires_at`)} as "expiresAt", i.max_uses as "maxUses",
    i.uses, ${isoTime(sql`i.revoked_at`)} as "revokedAt"
  from ${invites} i join ${orgs} o on o.id = i.org_id left join ${teams} t on t.id = i.team_id`

export async function findInvite(db: Db, code: string): Promise<InviteRecord | null> {
  const [row] = await rowsOf<InviteRecord>(db, sql`${inviteSelect} where i.code = ${code}`)
  return row ?? null
}

export async function findInviteById(db: Db, id: number): Promise<InviteRecord | null> {
  const [row] = await rowsOf<InviteRecord>(db, sql`${inviteSelect} where i.id = ${id}`)
  return row ?? null
}

export async function listInvites(db: Db, scopePath: string): Promise<InviteRecord[]> {
  return rowsOf<InviteRecord>(db, sql`${inviteSelect} where o.path like ${`${scopePath}%`} order by i.id desc limit 100`)
}

export async function insertInvite(db: Db, values: typeof invites.$inferInsert): Promise<number> {
  const [row] = await db.insert(invites).values(values).returning({ id: invites.id })
  return row.id
}

/** Takes one use of an invite, if it is still usable at `now`; false otherwise. */
export async function consumeInvite(tx: Tx, code: string, now: Date): Promise<boolean> {
  const rows = await tx
    .update(invites)
    .set({ uses: sql`${invites.uses} + 1` })
    .where(
      and(
        eq(invites.code, code),
        sql`${invites.revokedAt} is null`,
        sql`${invites.expiresAt} > ${now.toISOString()}::timestamptz`,
        sql`(${invites.maxUses} is null or ${invites.uses} < ${invites.maxUses})`,
      ),
    )
    .returning({ id: invites.id })
  return rows.length === 1
}

export async function revokeInvite(db: Db, id: number, now: Date): Promise<void> {
  await db.update(invites).set({ revokedAt: now }).where(and(eq(invites.id, id), sql`${invites.revokedAt} is null`))
}

export const inviteUsable = (invite: InviteRecord, now: Date) =>
  invite.revokedAt === null && new Date(invite.expiresAt) > now && (invite.maxUses === null || invite.uses < invite.maxUses)

/** Streets' communities, for sign-up's first choice. */
export async function listCommunities(db: Db) {
  return rowsOf<{ id: number; name: string; streetName: string | null }>(
    db,
    sql`select c.id, c.name, s.name as "streetName" from ${orgs} c left join ${orgs} s on s.id = c.parent_id and s.kind = 'street'
        where c.kind = 'community' order by c.path`,
  )
}

export async function findOrg(db: Db, id: number) {
  const [row] = await db.select().from(orgs).where(eq(orgs.id, id))
  return row ?? null
}

export async function listTeams(db: Db, communityId: number) {
  return db.select({ id: teams.id, name: teams.name, skills: skillsOf(teams.skills) }).from(teams).where(eq(teams.orgId, communityId)).orderBy(teams.id)
}

export async function findTeam(db: Db, id: number) {
  const [row] = await db.select().from(teams).where(eq(teams.id, id))
  return row ?? null
}

/** Work units of the community's street (or, for a community without a street, every root one). */
export async function listWorkUnits(db: Db, community: { parentId: number | null }) {
  return db
    .select({ id: orgs.id, name: orgs.name })
    .from(orgs)
    .where(and(eq(orgs.kind, 'work_unit'), community.parentId === null ? sql`${orgs.parentId} is null` : eq(orgs.parentId, community.parentId)))
    .orderBy(orgs.name)
}
