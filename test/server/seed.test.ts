/**
 * The demo data issue 6 asks for, pinned: one street with urban communities and a village (its
 * 村民小组 under it, the rural tree), people with several identities (in-service Party members
 * who are also residents, a family proxy for an elder, a grid worker, a street administrator), and
 * requests waiting for the community committee. The seed is what people try the app with: if one
 * of these goes, a demo flow has nothing to show. Read through the routes where a person would see
 * it, from the database where only the structure says it.
 */
import { sql } from 'drizzle-orm'
import type { DemoAccountDto, PendingPageDto, SessionDto } from '../../types/people'
import { createTestApp, queryRows, type TestApp } from '../support/app'
import { requestsTo } from '../support/http'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(() => t.close())

const { get, post } = requestsTo(() => t.app)
const rows = <T>(query: ReturnType<typeof sql>) => queryRows<T>(t.database.db, query)

interface Org {
  id: number
  parentId: number | null
  kind: string
  name: string
  path: string
}

/** Active holders of `role`, with where they hold it. */
const active = (role: string) =>
  rows<{ membershipId: number; userId: number; orgId: number; householdId: number | null }>(
    sql`select id as "membershipId", user_id as "userId", org_id as "orgId", household_id as "householdId" from memberships
        where role = ${role} and status = 'active' order by id`,
  )

/** A session as the person behind `membershipId`, acting as it, as the demo login gives one. */
async function demoLogin(userId: number, membershipId: number): Promise<SessionDto> {
  const session = await post<SessionDto>(null, '/api/auth/demo', { userId, membershipId })
  expect(session.status).toBe(200)
  return session.body
}

describe('the org tree', () => {
  test('one street holding every community; at least two urban communities and a village whose children are 村民小组', async () => {
    const orgs = await rows<Org>(sql`select id, parent_id as "parentId", kind, name, path from orgs order by path`)
    const streets = orgs.filter((o) => o.kind === 'street')
    expect(streets).toHaveLength(1)
    const [street] = streets
    const communities = orgs.filter((o) => o.kind === 'community')
    expect(communities.map((c) => c.parentId)).toEqual(communities.map(() => street.id))

    const childrenOf = (org: Org) => orgs.filter((o) => o.parentId === org.id)
    /** A community's tree reaches grids through its compounds: 社区 → 小区 (or 村民小组) → 网格. */
    const compoundsWithGrids = (community: Org) => {
      const compounds = childrenOf(community)
      expect(compounds.length).toBeGreaterThan(0)
      for (const compound of compounds) {
        expect(compound.kind).toBe('compound')
        expect(childrenOf(compound).map((g) => g.kind)).toEqual(expect.arrayContaining(['grid']))
        expect(childrenOf(compound).every((g) => g.kind === 'grid' && g.path.startsWith(compound.path))).toBe(true)
      }
      return compounds
    }
    const villages = communities.filter((c) => compoundsWithGrids(c).every((group) => group.name.endsWith('村民小组')))
    const urban = communities.filter((c) => compoundsWithGrids(c).every((compound) => compound.name.includes('小区')))
    expect(villages.map((v) => v.name)).toEqual(['青山村党支部'])
    expect(urban.length).toBeGreaterThanOrEqual(2)
    // Work units (双报到) hang off the street, beside its communities.
    expect(orgs.filter((o) => o.kind === 'work_unit').every((w) => w.parentId === street.id)).toBe(true)
  })
})

describe('people with several identities', () => {
  test('at least three in-service Party members are also residents, each identity active and listed on 我的', async () => {
    const residents = await active('resident')
    const both = (await active('party_member')).filter((p) => residents.some((r) => r.userId === p.userId))
    expect(both.length).toBeGreaterThanOrEqual(3)
    for (const member of both) {
      const session = await demoLogin(member.userId, member.membershipId)
      expect(session.me.acting).toMatchObject({ membershipId: member.membershipId, role: 'party_member', status: 'active' })
      expect(session.me.identities.map((i) => [i.role, i.status])).toEqual(expect.arrayContaining([['resident', 'active'], ['party_member', 'active']]))
    }
    // The demo picker lists identities, not people: each of them appears once per role.
    const demo = await get<DemoAccountDto[]>(null, '/api/auth/demo-accounts')
    for (const member of both) {
      expect(demo.body.filter((a) => a.id === member.userId).map((a) => a.role)).toEqual(expect.arrayContaining(['resident', 'party_member']))
    }
  })

  test('an active family proxy is bound to the household of an elder who lives there, and has ordered for her', async () => {
    const proxies = (await active('proxy')).filter((p) => p.householdId !== null)
    expect(proxies.length).toBeGreaterThanOrEqual(1)
    const [proxy] = proxies
    const elder = (await active('resident')).find((r) => r.householdId === proxy.householdId && r.userId !== proxy.userId)
    expect(elder).toBeDefined()
    const placed = await rows<{ id: number }>(
      sql`select id from orders where household_id = ${proxy.householdId} and placed_by_id = ${proxy.userId} and placed_as = 'proxy'`,
    )
    expect(placed.length).toBeGreaterThanOrEqual(1)
    // The proxy and the elder both follow that order.
    for (const [userId, membershipId] of [[proxy.userId, proxy.membershipId], [elder!.userId, elder!.membershipId]]) {
      const { token } = await demoLogin(userId, membershipId)
      expect((await get(token, `/api/orders/${placed[0].id}`)).status).toBe(200)
    }
  })

  test('an active grid worker of a grid and an active street administrator of the street', async () => {
    const [worker] = await active('grid_worker')
    const [admin] = await active('street_admin')
    const kindOf = async (orgId: number) => (await rows<{ kind: string }>(sql`select kind from orgs where id = ${orgId}`))[0].kind
    expect(await kindOf(worker.orgId)).toBe('grid')
    expect(await kindOf(admin.orgId)).toBe('street')
    expect((await demoLogin(worker.userId, worker.membershipId)).me.acting).toMatchObject({ role: 'grid_worker', status: 'active' })
    expect((await demoLogin(admin.userId, admin.membershipId)).me.acting).toMatchObject({ role: 'street_admin', status: 'active' })
  })
})

describe('requests waiting for approval', () => {
  test('a 双报到 Party member, a volunteer and a family proxy are pending before the first community committee', async () => {
    const pending = await get<PendingPageDto>(t.tokens.committee, '/api/memberships/pending')
    expect(pending.status).toBe(200)
    expect(pending.body.total).toBe(pending.body.items.length)
    const roles = pending.body.items.map((m) => m.role)
    expect(roles).toEqual(expect.arrayContaining(['party_member', 'volunteer', 'proxy']))
    expect(pending.body.items.every((m) => m.status === 'pending')).toBe(true)
    expect(pending.body.items.find((m) => m.role === 'party_member')).toMatchObject({ workUnitName: expect.any(String) })
    expect(pending.body.items.find((m) => m.role === 'volunteer')).toMatchObject({ teamName: expect.any(String) })
    expect(pending.body.items.find((m) => m.role === 'proxy')).toMatchObject({ householdAddress: expect.any(String) })
  })
})
