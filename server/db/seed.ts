import { count, eq } from 'drizzle-orm'
import {
  AUTO_CLOSE_DAYS,
  NO_RESPONDERS,
  applyPatch,
  hallPlaces,
  submission,
  transition,
  type Actor,
  type TimelineEntry,
  type TransitionInput,
  type TransitionResult,
  type MembershipEvent,
  type MembershipStatus,
  type OrderAction,
  type OrderFacts,
  type OrgKind,
  type Role,
  type Urgency,
} from '../../src/domain'
import type { Db } from './client'
import * as t from './schema'
import * as data from './seed-data'
import { eventValues } from '../repositories/order-writes'

/** Small deterministic PRNG (mulberry32): the same seed gives the same demo data. */
function prng(seed: number) {
  let a = seed >>> 0
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0
    let x = Math.imul(a ^ (a >>> 15), 1 | a)
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296
  }
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1))
  const pick = <T>(items: readonly T[]): T => items[int(0, items.length - 1)]
  return { next, int, pick }
}

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0]

const HOUR = 3600_000
const DAY = 24 * HOUR

/**
 * The status path each seeded order takes, as domain actions. Every status appears; the
 * timelines are produced by `transition`, so they are always legal.
 */
const PLANS: { actions: OrderAction[]; via?: 'dispatch' | 'publish'; times: number }[] = [
  { actions: [], times: 5 },
  { actions: ['dispatch'], times: 4 },
  { actions: ['dispatch', 'decline'], times: 1 },
  { actions: ['publish'], times: 6 },
  { actions: ['dispatch', 'accept'], times: 2 },
  { actions: ['publish', 'claim'], times: 2 },
  { actions: ['dispatch', 'accept', 'start', 'progress'], times: 3 },
  { actions: ['publish', 'claim', 'start'], times: 2 },
  { actions: ['dispatch', 'accept', 'start', 'complete'], times: 3 },
  { actions: ['publish', 'claim', 'start', 'progress', 'complete'], times: 2 },
  { actions: ['dispatch', 'accept', 'start', 'complete', 'confirm'], times: 7 },
  { actions: ['publish', 'claim', 'start', 'progress', 'complete', 'confirm'], times: 5 },
  { actions: ['dispatch', 'accept', 'start', 'complete', 'reopen'], times: 3 },
  { actions: ['reject'], times: 2 },
  { actions: ['cancel'], times: 2 },
  { actions: ['publish', 'cancel'], times: 1 },
]

/** The demo resident (first resident) gets these plans first, so every screen has content. */
const DEMO_RESIDENT_PLANS = [8, 6, 0, 10, 3, 12]

/**
 * Seeds demo data when the database has no users: one street with two urban communities and a
 * village, people holding several memberships, pending approvals, and orders in every status. `baseTime` is "now" for the demo: all
 * seeded activity lies in the 30 days before it. Returns whether it seeded.
 */
export async function seedIfEmpty(db: Db, baseTime: Date, seed = 20261122): Promise<boolean> {
  const [{ n }] = await db.select({ n: count() }).from(t.users)
  if (n > 0) return false
  await db.transaction((tx) => seedAll(tx, baseTime, seed))
  return true
}

async function insertOrg(tx: Tx, parent: t.OrgRow | null, kind: OrgKind, name: string): Promise<t.OrgRow> {
  const [row] = await tx.insert(t.orgs).values({ parentId: parent?.id ?? null, kind, name, path: `tmp-${name}-${parent?.id}` }).returning()
  const [fixed] = await tx
    .update(t.orgs)
    .set({ path: `${parent?.path ?? '/'}${row.id}/` })
    .where(eq(t.orgs.id, row.id))
    .returning()
  return fixed
}

interface Grid {
  org: t.OrgRow
  estate: string
}

interface Community {
  org: t.OrgRow
  grids: Grid[]
  residents: Resident[]
  responders: { user: t.UserRow; role: Role }[]
  committee: Actor
}

interface Resident {
  user: t.UserRow
  grid: t.OrgRow
  household: t.HouseholdRow
  address: string
  actor: Actor
}

async function seedAll(tx: Tx, baseTime: Date, seed: number): Promise<void> {
  const rnd = prng(seed)
  const base = baseTime.getTime()
  const usedNames = new Set<string>()
  const name = () => {
    for (;;) {
      const candidate = rnd.pick(Array.from(data.SURNAMES)) + rnd.pick(data.GIVEN_NAMES)
      if (!usedNames.has(candidate)) return usedNames.add(candidate), candidate
    }
  }
  const phone = () => `138${String(rnd.int(0, 99_999_999)).padStart(8, '0')}`
  const createdAt = new Date(base - 40 * DAY)

  await tx.insert(t.categories).values(data.CATEGORIES.map((c, sort) => ({ ...c, sort })))

  const person = async (fullName = name(), skills: readonly data.CategoryCode[] = []) => {
    const [row] = await tx.insert(t.users).values({ name: fullName, phone: phone(), skills: [...skills], privacyConsentAt: createdAt, createdAt }).returning()
    return row
  }
  const join = async (
    user: t.UserRow,
    role: Role,
    org: t.OrgRow,
    extra: { householdId?: number; teamId?: number; workUnitId?: number; note?: string; status?: MembershipStatus } = {},
  ) => {
    const status = extra.status ?? 'active'
    const [row] = await tx
      .insert(t.memberships)
      .values({ userId: user.id, role, orgId: org.id, status, householdId: extra.householdId, teamId: extra.teamId, workUnitId: extra.workUnitId,
        note: extra.note, createdAt, since: status === 'active' ? createdAt : null })
      .returning()
    const event: MembershipEvent = status === 'pending' ? 'requested' : 'registered'
    await tx.insert(t.membershipEvents).values({ membershipId: row.id, event, toStatus: status, actorRole: 'system', at: createdAt })
    return row
  }
  const household = async (grid: Grid) => {
    for (;;) {
      const [building, unit, room] = [String(rnd.int(1, 12)), String(rnd.int(1, 4)), `${rnd.int(1, 6)}0${rnd.int(1, 4)}`]
      const [row] = await tx.insert(t.households).values({ gridId: grid.org.id, orgPath: grid.org.path, building, unit, room, createdAt }).onConflictDoNothing().returning()
      if (row) return { household: row, address: `${grid.estate}${building}号楼${unit}单元${room}` }
    }
  }
  const resident = async (grid: Grid, user?: t.UserRow): Promise<Resident> => {
    const who = user ?? (await person())
    const home = await household(grid)
    const membership = await join(who, 'resident', grid.org, { householdId: home.household.id })
    return { user: who, grid: grid.org, ...home, actor: { id: who.id, role: 'resident', orgPath: grid.org.path, householdId: membership.householdId } }
  }

  const street = await insertOrg(tx, null, 'street', data.STREET)
  const workUnits = new Map<string, t.OrgRow>()
  for (const { unit } of data.WORK_UNITS) if (!workUnits.has(unit)) workUnits.set(unit, await insertOrg(tx, street, 'work_unit', unit))

  const communities: Community[] = []
  for (const [index, spec] of data.COMMUNITIES.entries()) {
    const org = await insertOrg(tx, street, 'community', spec.name)
    // The community's committee first: the first committee identity listed is 王书记.
    const secretary = await person(spec.committee)
    await join(secretary, 'committee', org)
    const grids: Grid[] = []
    for (const compound of spec.compounds) {
      const branch = await insertOrg(tx, org, 'compound', compound.name)
      if (compound.committee) await join(await person(compound.committee), 'committee', branch)
      for (const grid of compound.grids) grids.push({ org: await insertOrg(tx, branch, 'grid', grid), estate: compound.estate })
    }
    const residents: Resident[] = []
    for (let i = 0; i < spec.residents; i++) residents.push(await resident(grids[i % grids.length]))
    const responders: Community['responders'] = []
    const teams = index === 0 ? data.TEAMS : [data.OTHER_TEAMS[index - 1]]
    for (const [k, team] of teams.entries()) {
      const [row] = await tx.insert(t.teams).values({ orgId: org.id, name: team.name, skills: [...team.skills] }).returning()
      const size = index === 0 ? (k === 0 ? 4 : 3) : 2
      for (let n = 0; n < size; n++) {
        const volunteer = await person(name(), team.skills)
        await join(volunteer, 'volunteer', org, { teamId: row.id })
        if (n === 0) await tx.update(t.teams).set({ leaderId: volunteer.id }).where(eq(t.teams.id, row.id))
        responders.push({ user: volunteer, role: 'volunteer' })
      }
    }
    communities.push({ org, grids, residents, responders, committee: { id: secretary.id, role: 'committee', orgPath: org.path } })
  }

  const [sunshine, happiness] = communities
  await tx.insert(t.communityServices).values(data.FIRST_COMMUNITY_DISPATCH.map((d) => ({ communityId: sunshine.org.id, ...d })))
  // 双报到: in-service Party members serving the first community from their work units; the
  // first three also live there (a resident's membership beside the Party member's).
  for (const [k, work] of data.WORK_UNITS.entries()) {
    const member = await person(name(), work.skills)
    await join(member, 'party_member', sunshine.org, { workUnitId: workUnits.get(work.unit)!.id, note: `${work.unit}机关党支部` })
    if (k < 3) sunshine.residents.push(await resident(sunshine.grids[k], member))
    sunshine.responders.push({ user: member, role: 'party_member' })
  }

  // 亲情代理: a son living in the second community orders for his mother in the first.
  const mother = sunshine.residents[2]
  const son = await resident(happiness.grids[0])
  await join(son.user, 'proxy', mother.grid, { householdId: mother.household.id, note: '儿子' })
  // A grid worker (网格员) of the first grid, who orders for residents who cannot.
  await join(await person(), 'grid_worker', sunshine.grids[0].org)
  await join(await person('陈主任'), 'street_admin', street)

  // Waiting for approval: a 双报到 request, a volunteer wanting to join the first team, a proxy.
  const firstTeam = (await tx.select().from(t.teams).where(eq(t.teams.orgId, sunshine.org.id)).orderBy(t.teams.id).limit(1))[0]
  await join(await person(), 'party_member', sunshine.org, { workUnitId: workUnits.get('县教育局')!.id, note: '县教育局机关党支部', status: 'pending' })
  await join(await person(), 'volunteer', sunshine.org, { teamId: firstTeam.id, status: 'pending' })
  await join(await person(), 'proxy', sunshine.residents[3].grid, { householdId: sunshine.residents[3].household.id, note: '女儿', status: 'pending' })

  await seedOrders(tx, rnd, base, sunshine, demoPlanOrder(), { proxy: { actor: { id: son.user.id, role: 'proxy', orgPath: mother.grid.path, householdId: mother.household.id }, for: mother } })
  // A few orders in the other tenants, so every list and every isolation check has something to find.
  for (const community of communities.slice(1)) await seedOrders(tx, rnd, base, community, [0, 3, 6, 10, 1])

  // Seeded last, so the people and orders above stay as they were before departments existed.
  // 驻区单位: members of two units who answer the calls addressed to their unit.
  const departments: Actor[] = []
  for (const unit of ['县住建局', '县供电公司']) {
    const member = await person(name(), ['repair'])
    const workUnitId = workUnits.get(unit)!.id
    await join(member, 'department', sunshine.org, { workUnitId, note: unit })
    departments.push({ id: member.id, role: 'department', orgPath: sunshine.org.path, workUnitId })
  }
  await seedCalls(tx, base, sunshine, firstTeam, departments)
}

/**
 * 一呼三应 in the demo. A leaking roof over several households, called to the housing bureau, the
 * power company (the water reached the wiring), two Party members and two volunteers of the first
 * team: the power company is at work and one Party member has answered; the bureau has not yet.
 * Last month the bureau filled a sunken stretch of path, and the resident confirmed.
 */
async function seedCalls(tx: Tx, base: number, community: Community, team: t.TeamRow, [bureau, power]: Actor[]): Promise<void> {
  const member = community.responders.find((r) => r.role === 'party_member')!
  const party: Actor = { id: member.user.id, role: 'party_member', orgPath: community.org.path }
  const roof = community.residents[4]
  await seedCall(tx, roof, base - 5 * HOUR, '楼顶漏水，下雨时三户人家的天花板都在滴水，墙皮大片脱落', 'urgent', [
    ['call', community.committee, {
      slots: [
        { kind: 'department', headcount: 1, unitId: bureau.workUnitId!, skill: 'repair' },
        { kind: 'department', headcount: 1, unitId: power.workUnitId! },
        { kind: 'party_members', headcount: 2 },
        { kind: 'team', headcount: 2, unitId: team.id },
      ],
      note: '楼顶防水层破损，影响三户：请住建局修缮、供电公司查线路，党员和志愿者协助清理、安抚老人',
    }],
    ['claim', power, { slotId: 2 }],
    ['start', power],
    ['claim', party, { slotId: 3 }],
  ])
  const path = community.residents[5]
  await seedCall(tx, path, base - 30 * DAY, '单元门口的路面塌了一块，老人晚上出门容易绊倒', 'normal', [
    ['call', community.committee, { slots: [{ kind: 'department', headcount: 1, unitId: bureau.workUnitId! }], note: '请住建局尽快修补' }],
    ['claim', bureau, { slotId: 1 }],
    ['start', bureau],
    ['complete', bureau, { note: '已回填夯实并铺设地砖' }],
    ['confirm', path.actor, { rating: 5, note: '修得很平整，谢谢' }],
  ])
}

async function seedCall(tx: Tx, resident: Resident, start: number, description: string, urgency: Urgency, steps: Parameters<typeof play>[1]): Promise<void> {
  const { facts, entries } = play({ status: 'submitted', householdId: resident.household.id, orgPath: resident.grid.path, ...NO_RESPONDERS }, steps, start)
  await insertOrder(tx, facts, [submission(resident.actor, new Date(start)), ...entries], {
    placedById: resident.user.id,
    placedAs: 'resident',
    householdId: resident.household.id,
    categoryCode: 'repair',
    description,
    gridId: resident.grid.id,
    orgPath: resident.grid.path,
    address: resident.address,
    contactName: resident.user.name,
    contactPhone: resident.user.phone,
    urgency,
    rating: entries.find((e) => e.rating !== null)?.rating ?? null,
  })
}

/** Plan indexes for the first community: the demo resident's first. */
function demoPlanOrder(): number[] {
  const planQueue = PLANS.flatMap((plan, index) => Array.from({ length: plan.times }, () => index))
  for (const p of DEMO_RESIDENT_PLANS) planQueue.splice(planQueue.indexOf(p), 1)
  return [...DEMO_RESIDENT_PLANS, ...planQueue]
}

async function seedOrders(
  tx: Tx,
  rnd: ReturnType<typeof prng>,
  base: number,
  community: Community,
  plans: number[],
  options: { proxy?: { actor: Actor; for: Resident } } = {},
): Promise<void> {
  const { residents, responders } = community
  for (const [n, planIndex] of plans.entries()) {
    const demo = n < DEMO_RESIDENT_PLANS.length && plans.length > DEMO_RESIDENT_PLANS.length
    // One order of the first community is placed by the family proxy, for his mother.
    const byProxy = options.proxy && n === plans.length - 1
    const resident = byProxy ? options.proxy!.for : demo ? residents[0] : residents[1 + (n % (residents.length - 1))]
    const placer = byProxy ? options.proxy!.actor : resident.actor
    const category = rnd.pick(data.CATEGORIES)
    const urgency: Urgency = category.emergency ? 'emergency' : rnd.next() < 0.2 ? 'urgent' : 'normal'
    const responder = rnd.pick(responders)
    const responderActor: Actor = { id: responder.user.id, role: responder.role, orgPath: community.org.path }
    // An order still awaiting confirmation must be younger than the auto-close limit, or the
    // first run of the auto-close job would strike it off.
    const awaitsConfirmation = PLANS[planIndex].actions.at(-1) === 'complete'
    let at = base - (awaitsConfirmation ? rnd.int(3 * DAY, (AUTO_CLOSE_DAYS - 2) * DAY) : rnd.int(2 * DAY, 30 * DAY))
    const entries = [submission(placer, new Date(at))]
    let facts: OrderFacts = { status: 'submitted', householdId: resident.household.id, orgPath: resident.grid.path, ...NO_RESPONDERS }
    let rating: number | null = null
    for (const action of PLANS[planIndex].actions) {
      at += rnd.int(10 * 60_000, 8 * HOUR)
      const actor = ['confirm', 'reopen', 'cancel'].includes(action) ? resident.actor : ['dispatch', 'publish', 'reject'].includes(action) ? community.committee : responderActor
      const note = {
        decline: rnd.pick(data.DECLINE_NOTES), reject: rnd.pick(data.REJECT_NOTES), progress: rnd.pick(data.PROGRESS_NOTES),
        complete: rnd.pick(data.COMPLETE_NOTES), reopen: rnd.pick(data.REOPEN_NOTES), confirm: rnd.pick(data.CONFIRM_NOTES), release: '临时有事',
      }[action as string]
      const input = { note, assigneeId: action === 'dispatch' ? responder.user.id : undefined, rating: action === 'confirm' ? rnd.int(4, 5) : undefined }
      const result = transition(facts, action, actor, new Date(at), input)
      if (!result.ok) throw new Error(`seed plan ${planIndex} illegal at ${action}: ${result.refusal.message}`)
      facts = advance(facts, result)
      rating = result.patch.rating ?? rating
      entries.push(result.entry)
    }
    await insertOrder(tx, facts, entries, {
        placedById: placer.id,
        placedAs: placer.role as Role,
        householdId: resident.household.id,
        categoryCode: category.code,
        description: rnd.pick(data.REQUESTS[category.code]),
        gridId: resident.grid.id,
        orgPath: resident.grid.path,
        address: resident.address,
        contactName: resident.user.name,
        contactPhone: resident.user.phone,
        urgency,
        rating,
    })
  }
}

type Accepted = Extract<TransitionResult, { ok: true }>

/** The facts after an accepted transition, the slots it opened numbered on from the order's last. */
function advance(facts: OrderFacts, result: Accepted): OrderFacts {
  const after = applyPatch(facts, result.patch)
  const last = Math.max(0, ...facts.slots.map((s) => s.id))
  const local = (id: number) => (id < 0 ? last - id : id)
  return {
    ...facts,
    status: result.to,
    slots: after.slots.map((s) => ({ ...s, id: local(s.id) })),
    parts: after.parts.map((p) => ({ ...p, slotId: local(p.slotId) })),
  }
}

/** Runs actions through the domain as the seed's people would, failing loudly on an illegal one. */
function play(facts: OrderFacts, steps: [OrderAction, Actor, TransitionInput?][], start: number): { facts: OrderFacts; entries: TimelineEntry[] } {
  const entries: TimelineEntry[] = []
  let at = start
  for (const [action, actor, input] of steps) {
    at += 40 * 60_000
    const result = transition(facts, action, actor, new Date(at), input)
    if (!result.ok) throw new Error(`seed: ${action} refused: ${result.refusal.message}`)
    facts = advance(facts, result)
    entries.push(result.entry)
  }
  return { facts, entries }
}

type SeedOrder = Omit<typeof t.orders.$inferInsert, 'status' | 'version' | 'createdAt' | 'updatedAt' | 'hallPlaces'>

/**
 * Stores an order whose timeline the domain produced: the row, its slots and parts as the facts
 * say (local slot ids become the database's), and its events.
 */
async function insertOrder(tx: Tx, facts: OrderFacts, entries: TimelineEntry[], values: SeedOrder): Promise<void> {
  const last = entries[entries.length - 1]
  // Local slot ids count the slots in the order they were opened: the specs of every opening event.
  const openings = entries.flatMap((e) => (e.payload?.kind === 'slots' ? e.payload.slots.map((spec) => ({ spec, at: new Date(e.at) })) : []))
  const [order] = await tx
    .insert(t.orders)
    .values({ ...values, status: facts.status, hallPlaces: hallPlaces(facts.slots, facts.parts), version: entries.length, createdAt: new Date(entries[0].at), updatedAt: new Date(last.at) })
    .returning()
  const dbSlot = new Map<number, number>()
  for (const slot of facts.slots) {
    const { spec, at } = openings[slot.id - 1]
    const [row] = await tx
      .insert(t.orderSlots)
      .values({
        orderId: order.id,
        kind: slot.kind,
        headcount: slot.headcount,
        teamId: slot.kind === 'team' ? slot.unitId : null,
        workUnitId: slot.kind === 'department' ? slot.unitId : null,
        skill: spec.skill ?? null,
        openedAt: at,
        closedAt: slot.open ? null : new Date(last.at),
      })
      .returning({ id: t.orderSlots.id })
    dbSlot.set(slot.id, row.id)
  }
  if (facts.parts.length > 0) {
    await tx.insert(t.orderAssignments).values(
      facts.parts.map((p) => ({ orderId: order.id, slotId: dbSlot.get(p.slotId)!, userId: p.userId, status: p.status, createdAt: new Date(entries[1].at), updatedAt: new Date(last.at) })),
    )
  }
  const stored = entries.map((e) => (e.payload?.kind === 'part' ? { ...e, payload: { ...e.payload, slotId: dbSlot.get(e.payload.slotId)! } } : e))
  await tx.insert(t.orderEvents).values(stored.map((e) => eventValues(order.id, e)))
}
