import { count, eq } from 'drizzle-orm'
import { AUTO_CLOSE_DAYS, submission, transition, type Actor, type OrderAction, type OrderFacts, type Urgency } from '../../src/domain'
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
 * Seeds demo data when the database has no users. `baseTime` is "now" for the demo: all
 * seeded activity lies in the 30 days before it. Returns whether it seeded.
 */
export async function seedIfEmpty(db: Db, baseTime: Date, seed = 20261122): Promise<boolean> {
  const [{ n }] = await db.select({ n: count() }).from(t.users)
  if (n > 0) return false
  await db.transaction((tx) => seedAll(tx, baseTime, seed))
  return true
}

async function insertOrg(tx: Tx, parent: t.OrgRow | null, kind: t.OrgKind, name: string): Promise<t.OrgRow> {
  const [row] = await tx.insert(t.orgs).values({ parentId: parent?.id ?? null, kind, name, path: `tmp-${name}-${parent?.id}` }).returning()
  const [fixed] = await tx
    .update(t.orgs)
    .set({ path: `${parent?.path ?? '/'}${row.id}/` })
    .where(eq(t.orgs.id, row.id))
    .returning()
  return fixed
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

  const community = await insertOrg(tx, null, 'community', data.COMMUNITY)
  const grids: { org: t.OrgRow; estate: string }[] = []
  const compounds: t.OrgRow[] = []
  for (const compound of data.COMPOUNDS) {
    const branch = await insertOrg(tx, community, 'compound', compound.name)
    compounds.push(branch)
    for (const grid of compound.grids) grids.push({ org: await insertOrg(tx, branch, 'grid', grid), estate: compound.estate })
  }

  const insertUser = async (values: Omit<typeof t.users.$inferInsert, 'createdAt'>) => {
    const [row] = await tx.insert(t.users).values({ ...values, createdAt }).returning()
    return row
  }
  const addresses = new Map<number, string>()
  const residents: t.UserRow[] = []
  for (let i = 0; i < 30; i++) {
    const grid = grids[i % grids.length]
    const resident = await insertUser({ name: name(), phone: phone(), role: 'resident', orgId: grid.org.id })
    residents.push(resident)
    addresses.set(resident.id, `${grid.estate}${rnd.int(1, 12)}号楼${rnd.int(1, 4)}单元${rnd.int(1, 6)}0${rnd.int(1, 4)}`)
  }
  const dispatcher = await insertUser({ name: '王书记', phone: phone(), role: 'committee', orgId: community.id })
  await insertUser({ name: '李书记', phone: phone(), role: 'committee', orgId: compounds[0].id })
  await insertUser({ name: '赵书记', phone: phone(), role: 'committee', orgId: compounds[1].id })

  const responders: t.UserRow[] = []
  for (const [index, team] of data.TEAMS.entries()) {
    const [row] = await tx.insert(t.teams).values({ orgId: community.id, name: team.name, skills: [...team.skills] }).returning()
    const size = index === 0 ? 4 : 3
    for (let k = 0; k < size; k++) {
      const volunteer = await insertUser({ name: name(), phone: phone(), role: 'volunteer', orgId: community.id, teamId: row.id, skills: [...team.skills] })
      if (k === 0) await tx.update(t.teams).set({ leaderId: volunteer.id }).where(eq(t.teams.id, row.id))
      responders.push(volunteer)
    }
  }
  for (const work of data.WORK_UNITS) {
    responders.push(await insertUser({ name: name(), phone: phone(), role: 'party_member', orgId: community.id, workUnit: work.unit, skills: [...work.skills] }))
  }

  const planQueue = PLANS.flatMap((plan, index) => Array.from({ length: plan.times }, () => index))
  for (const p of DEMO_RESIDENT_PLANS) planQueue.splice(planQueue.indexOf(p), 1)
  const demoFirst = [...DEMO_RESIDENT_PLANS, ...planQueue]
  const committeeActor: Actor = { id: dispatcher.id, role: 'committee', orgPath: community.path }
  const gridOf = (resident: t.UserRow) => grids.find((g) => g.org.id === resident.orgId)!.org

  for (const [n, planIndex] of demoFirst.entries()) {
    const resident = n < DEMO_RESIDENT_PLANS.length ? residents[0] : residents[1 + (n % (residents.length - 1))]
    const grid = gridOf(resident)
    const category = rnd.pick(data.CATEGORIES)
    const urgency: Urgency = category.emergency ? 'emergency' : rnd.next() < 0.2 ? 'urgent' : 'normal'
    const residentActor: Actor = { id: resident.id, role: 'resident', orgPath: grid.path }
    const responder = rnd.pick(responders)
    const responderActor: Actor = { id: responder.id, role: responder.role, orgPath: community.path }
    // An order still awaiting confirmation must be younger than the auto-close limit, or the
    // first run of the auto-close job would strike it off.
    const awaitsConfirmation = PLANS[planIndex].actions.at(-1) === 'complete'
    let at = base - (awaitsConfirmation ? rnd.int(3 * DAY, (AUTO_CLOSE_DAYS - 2) * DAY) : rnd.int(2 * DAY, 30 * DAY))
    const entries = [submission(residentActor, new Date(at))]
    let facts: OrderFacts = { status: 'submitted', residentId: resident.id, orgPath: grid.path, assigneeId: null, takerId: null }
    let rating: number | null = null
    for (const action of PLANS[planIndex].actions) {
      at += rnd.int(10 * 60_000, 8 * HOUR)
      const actor = ['confirm', 'reopen', 'cancel'].includes(action) ? residentActor : ['dispatch', 'publish', 'reject'].includes(action) ? committeeActor : responderActor
      const note = {
        decline: rnd.pick(data.DECLINE_NOTES), reject: rnd.pick(data.REJECT_NOTES), progress: rnd.pick(data.PROGRESS_NOTES),
        complete: rnd.pick(data.COMPLETE_NOTES), reopen: rnd.pick(data.REOPEN_NOTES), confirm: rnd.pick(data.CONFIRM_NOTES), release: '临时有事',
      }[action as string]
      const input = { note, assigneeId: action === 'dispatch' ? responder.id : undefined, rating: action === 'confirm' ? rnd.int(4, 5) : undefined }
      const result = transition(facts, action, actor, new Date(at), input)
      if (!result.ok) throw new Error(`seed plan ${planIndex} illegal at ${action}: ${result.refusal.message}`)
      facts = { ...facts, ...result.patch, status: result.to }
      rating = result.patch.rating ?? rating
      entries.push(result.entry)
    }
    const [order] = await tx
      .insert(t.orders)
      .values({
        residentId: resident.id,
        categoryCode: category.code,
        description: rnd.pick(data.REQUESTS[category.code]),
        gridId: grid.id,
        orgPath: grid.path,
        address: addresses.get(resident.id)!,
        contactName: resident.name,
        contactPhone: resident.phone,
        urgency,
        status: facts.status,
        assigneeId: facts.assigneeId,
        takerId: facts.takerId,
        rating,
        version: entries.length,
        createdAt: new Date(entries[0].at),
        updatedAt: new Date(at),
      })
      .returning()
    await tx.insert(t.orderEvents).values(entries.map((e) => eventValues(order.id, e)))
  }
}
