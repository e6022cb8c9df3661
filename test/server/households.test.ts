import { sql } from 'drizzle-orm'
import type { ApiError, OrderDetailDto, OrderPageDto, TransitionOutcomeDto } from '../../types/api'
import type { CommunityDirectoryDto, CommunityDto, HouseholdDto, MeDto } from '../../types/people'
import { queryRows, type TestApp } from '../support/app'
import { appWithFakeWechat } from '../support/fake-wechat'
import { requestsTo } from '../support/http'
import { orderDraft } from '../support/orders'

// A registration in the wrong grid, or the same home registered twice: the committee (or the
// grid's worker) corrects it, and the household's people and orders follow in one transaction.

let t: TestApp
let close: () => Promise<void>
let sunshine: CommunityDirectoryDto
beforeAll(async () => {
  const made = await appWithFakeWechat()
  t = made.t
  close = made.close
  const communities = (await get<CommunityDto[]>(t.tokens.committee, '/api/directory/communities')).body
  sunshine = (await get<CommunityDirectoryDto>(t.tokens.committee, `/api/directory/communities/${communities.find((c) => c.name === '阳光社区大党委')!.id}`)).body
})
afterAll(() => close?.())

const { get, post, put } = requestsTo(() => t.app)

let people = 0
/** A new WeChat user registered as a resident at `address`, acting as that membership. */
async function resident(name: string, address: { gridId: number; building: string; unit: string; room: string }) {
  const code = `household-${++people}`
  const token = (await post<{ token: string }>(null, '/api/auth/wechat', { code: `ok-${code}` })).body.token
  expect((await put(token, '/api/me/profile', { privacyConsent: true, name, phone: '13700001234' })).status).toBe(200)
  const me = await register(token, address)
  return { token, id: me.id, membershipId: me.acting!.membershipId, householdId: me.acting!.householdId! }
}

async function register(token: string, address: { gridId: number; building: string; unit: string; room: string }): Promise<MeDto> {
  const res = await post<MeDto>(token, '/api/memberships', { role: 'resident', household: address })
  expect(res.status).toBe(201)
  return res.body
}

const order = async (token: string, description = '厨房水管漏水，地上全是水') => {
  const res = await post<OrderDetailDto>(token, '/api/orders', orderDraft(t, { gridId: undefined, description }))
  expect(res.status).toBe(201)
  return res.body
}

const act = (token: string, id: number, body: object) => post<TransitionOutcomeDto>(token, `/api/orders/${id}/transitions`, body)

const householdRow = async (id: number) =>
  (await queryRows<{ gridId: number; room: string }>(t.database.db, sql`select grid_id as "gridId", room from households where id = ${id}`))[0]

const membershipsOf = (householdId: number) =>
  queryRows<{ id: number; orgId: number; status: string }>(
    t.database.db,
    sql`select id, org_id as "orgId", status from memberships where household_id = ${householdId} order by id`,
  )

const ordersOf = (ids: number[]) =>
  queryRows<{ id: number; householdId: number; gridId: number; orgPath: string; status: string; followers: number[]; lastEvent: string; lastFrom: string; lastTo: string; note: string | null }>(
    t.database.db,
    sql`select o.id, o.household_id as "householdId", o.grid_id as "gridId", o.org_path as "orgPath", o.status, o.follower_household_ids as followers,
          e.event as "lastEvent", e.from_status as "lastFrom", e.to_status as "lastTo", e.note
        from orders o join lateral (select * from order_events where order_id = o.id order by id desc limit 1) e on true
        where o.id in ${sql`(${sql.join(ids.map((id) => sql`${id}`), sql`, `)})`} order by o.id`,
  )

const lastMembershipEvent = async (membershipId: number) =>
  (
    await queryRows<{ event: string; from: string; to: string; actorId: number; note: string }>(
      t.database.db,
      sql`select event, from_status as from, to_status as to, actor_id as "actorId", note from membership_events where membership_id = ${membershipId} order by id desc limit 1`,
    )
  )[0]

describe('a registration in the wrong grid', () => {
  test("the committee moves the household; its people and orders follow, the new grid's worker takes over", async () => {
    const worker = t.byRole.grid_worker
    const workerGrid = sunshine.grids.find((g) => g.id === worker.orgId)!
    const wrongGrid = sunshine.grids.find((g) => g.id !== workerGrid.id)!
    const mother = await resident('钱错网', { gridId: wrongGrid.id, building: '7', unit: '1', room: '301' })
    const open = await order(mother.token)
    const cancelled = await order(mother.token, '想请人帮忙换灯泡，已自己换好')
    expect((await act(mother.token, cancelled.id, { action: 'cancel' })).status).toBe(200)
    const workerToken = await t.login(worker.id)
    expect((await get(workerToken, `/api/orders/${open.id}`)).status).toBe(404)

    const moved = await put<HouseholdDto>(t.tokens.committee, `/api/households/${mother.householdId}`, { gridId: workerGrid.id, building: '7', unit: '1', room: '301' })
    expect(moved.status).toBe(200)
    expect(moved.body).toMatchObject({ id: mother.householdId, gridId: workerGrid.id, address: '7号楼1单元301' })

    // Her membership is now of the new grid, with the correction in its history.
    expect(await membershipsOf(mother.householdId)).toEqual([{ id: mother.membershipId, orgId: workerGrid.id, status: 'active' }])
    const line = `住址更正：${wrongGrid.name} 7号楼1单元301 → ${workerGrid.name} 7号楼1单元301`
    expect(await lastMembershipEvent(mother.membershipId)).toEqual({ event: 'corrected', from: 'active', to: 'active', actorId: t.byRole.committee.id, note: line })
    expect((await get<MeDto>(mother.token, '/api/me')).body.acting).toMatchObject({ orgId: workerGrid.id, householdId: mother.householdId })

    // Both orders, open and closed, are the new grid's, each with a rehouse event that keeps its status.
    const after = await ordersOf([open.id, cancelled.id])
    expect(after.map(({ gridId, orgPath, status, lastEvent, lastFrom, lastTo, note }) => ({ gridId, orgPath, status, lastEvent, lastFrom, lastTo, note }))).toEqual([
      { gridId: workerGrid.id, orgPath: workerGrid.path, status: open.status, lastEvent: 'rehouse', lastFrom: open.status, lastTo: open.status, note: line },
      { gridId: workerGrid.id, orgPath: workerGrid.path, status: 'cancelled', lastEvent: 'rehouse', lastFrom: 'cancelled', lastTo: 'cancelled', note: line },
    ])
    const detail = await get<OrderDetailDto>(workerToken, `/api/orders/${open.id}`)
    expect(detail.status).toBe(200)
    expect(detail.body.timeline.at(-1)).toMatchObject({ event: 'rehouse', note: line })
    // The order carries on as before: the mother can still cancel it.
    expect((await act(mother.token, open.id, { action: 'cancel' })).status).toBe(200)
  })

  test("onto an address already registered: 409 household_exists, nothing changes; out of the actor's area: refused", async () => {
    const [grid, other] = sunshine.grids
    const a = await resident('孙甲', { gridId: grid.id, building: '8', unit: '1', room: '101' })
    await resident('孙乙', { gridId: other.id, building: '8', unit: '1', room: '102' })
    const clash = await put<ApiError>(t.tokens.committee, `/api/households/${a.householdId}`, { gridId: other.id, building: '8', unit: '1', room: '102' })
    expect([clash.status, clash.body.code]).toEqual([409, 'household_exists'])
    expect(clash.body.message).toContain('合并')
    expect(await householdRow(a.householdId)).toEqual({ gridId: grid.id, room: '101' })

    // Not a grid, another community's grid, a grid outside a grid worker's own: 400, nothing changes.
    const happiness = (await get<CommunityDto[]>(t.tokens.committee, '/api/directory/communities')).body.find((c) => c.name !== '阳光社区大党委')!
    const foreignGrid = (await get<CommunityDirectoryDto>(t.tokens.committee, `/api/directory/communities/${happiness.id}`)).body.grids[0]
    for (const gridId of [sunshine.id, foreignGrid.id]) {
      expect((await put<ApiError>(t.tokens.committee, `/api/households/${a.householdId}`, { gridId, building: '8', unit: '1', room: '101' })).body.code).toBe('invalid_input')
    }
    const worker = t.byRole.grid_worker
    const inWorkerGrid = await resident('孙丙', { gridId: worker.orgId, building: '8', unit: '2', room: '101' })
    const away = sunshine.grids.find((g) => g.id !== worker.orgId)!
    const refused = await put<ApiError>(await t.login(worker.id), `/api/households/${inWorkerGrid.householdId}`, { gridId: away.id, building: '8', unit: '2', room: '101' })
    expect([refused.status, refused.body.code]).toEqual([400, 'invalid_input'])
    expect(await householdRow(inWorkerGrid.householdId)).toEqual({ gridId: worker.orgId, room: '101' })
    // A blank room would leave an empty address.
    expect((await put<ApiError>(t.tokens.committee, `/api/households/${a.householdId}`, { building: ' ', unit: ' ', room: '   ' })).body.code).toBe('invalid_input')
    expect(await householdRow(a.householdId)).toEqual({ gridId: grid.id, room: '101' })
    // Strict body: a grid id as a string is not taken.
    expect((await put(t.tokens.committee, `/api/households/${a.householdId}`, { gridId: String(grid.id), building: '8', unit: '1', room: '101' })).status).toBe(400)
  })
})

describe('one home registered twice', () => {
  test('merged into the one that stays: people, proxies and orders (owned and followed) move; a duplicate identity ends', async () => {
    const grid = sunshine.grids[1]
    const home = { gridId: grid.id, building: '9', unit: '2', room: '201' }
    const typo = { ...home, room: '2O1' }
    // 李父 registered properly; his daughter registered the same flat with a typo, then 李父 did so too.
    const father = await resident('李父', home)
    const daughter = await resident('李女', typo)
    const twice = await register(father.token, typo)
    const fatherTwice = twice.identities.find((i) => i.householdId === daughter.householdId)!
    // A home already lived in lets a newcomer in: the daughter confirms her father.
    expect(fatherTwice.status).toBe('pending')
    expect((await post(daughter.token, `/api/memberships/${fatherTwice.membershipId}/decision`, { approve: true })).status).toBe(200)
    // A son asked to be the typo household's family proxy, and the daughter approved.
    const son = await resident('李子', { gridId: grid.id, building: '1', unit: '1', room: '101' })
    const asked = await post<MeDto>(son.token, '/api/memberships', { role: 'proxy', household: typo, note: '儿子' })
    const proxy = asked.body.identities.find((i) => i.role === 'proxy')!
    expect((await post(daughter.token, `/api/memberships/${proxy.membershipId}/decision`, { approve: true })).status).toBe(200)

    const fathers = await order(father.token, '楼道扶手松动，老人上下楼不安全')
    const daughters = await order(daughter.token, '楼道扶手松动了，请派人来修')
    // The committee already saw the two orders are one: the daughter's household follows the father's.
    expect((await act(t.tokens.committee, daughters.id, { action: 'merge', intoOrderId: fathers.id, note: '同一户' })).status).toBe(200)
    const own = await order(daughter.token, '父亲想办理老年证，请告知需要什么材料')
    expect((await ordersOf([fathers.id]))[0].followers).toEqual([daughter.householdId])

    // The father's phone acts as his duplicate identity when the committee merges.
    expect((await put<MeDto>(father.token, '/api/me/acting', { membershipId: fatherTwice.membershipId })).status).toBe(200)
    const merged = await post<HouseholdDto>(t.tokens.committee, `/api/households/${daughter.householdId}/merge`, home)
    expect(merged.status).toBe(200)
    expect(merged.body).toMatchObject({ id: father.householdId, address: '9号楼2单元201' })
    expect(merged.body.residents).toHaveLength(2)
    expect(await queryRows(t.database.db, sql`select id from households where id = ${daughter.householdId}`)).toEqual([])

    // The father's duplicate identity ended; the daughter and the son's proxy moved.
    const members = await membershipsOf(father.householdId)
    expect(members.map((m) => [m.id, m.status])).toEqual([
      [father.membershipId, 'active'],
      [daughter.membershipId, 'active'],
      [fatherTwice.membershipId, 'ended'],
      [proxy.membershipId, 'active'],
    ])
    expect(new Set(members.map((m) => m.orgId))).toEqual(new Set([grid.id]))
    const line = `合并住户：${grid.name} 9号楼2单元2O1 并入 ${grid.name} 9号楼2单元201`
    expect(await lastMembershipEvent(daughter.membershipId)).toMatchObject({ event: 'corrected', note: line })
    expect(await lastMembershipEvent(fatherTwice.membershipId)).toMatchObject({ event: 'ended', from: 'active', to: 'ended' })
    // His session carries on as the identity he keeps.
    expect((await get<MeDto>(father.token, '/api/me')).body.acting).toMatchObject({ membershipId: father.membershipId, householdId: father.householdId })

    // Her orders are the household's now; the father's order no longer lists a follower that is itself.
    const after = await ordersOf([fathers.id, daughters.id, own.id])
    expect(after.map((o) => [o.householdId, o.followers, o.lastEvent, o.lastTo === o.status])).toEqual([
      [father.householdId, [], 'rehouse', true],
      [father.householdId, [], 'rehouse', true],
      [father.householdId, [], 'rehouse', true],
    ])
    // Everyone of the household sees all three: the daughter, the father, the son as proxy.
    for (const token of [daughter.token, father.token]) {
      const listed = (await get<OrderPageDto>(token, '/api/orders?limit=50')).body.items.map((o) => o.id)
      expect(listed).toEqual(expect.arrayContaining([fathers.id, daughters.id, own.id]))
    }
    await put(son.token, '/api/me/acting', { membershipId: proxy.membershipId })
    expect((await get<OrderDetailDto>(son.token, `/api/orders/${own.id}`)).status).toBe(200)
  })

  test('nothing there, the same household, a resident asking: refused, nothing changes', async () => {
    const grid = sunshine.grids[2]
    const a = await resident('周甲', { gridId: grid.id, building: '10', unit: '1', room: '101' })
    const nowhere = await post<ApiError>(t.tokens.committee, `/api/households/${a.householdId}/merge`, { building: '10', unit: '1', room: '999' })
    expect([nowhere.status, nowhere.body.code]).toEqual([404, 'not_found'])
    const itself = await post<ApiError>(t.tokens.committee, `/api/households/${a.householdId}/merge`, { building: '10', unit: '1', room: '101' })
    expect([itself.status, itself.body.code]).toEqual([409, 'conflict'])
    expect((await post<ApiError>(a.token, `/api/households/${a.householdId}/merge`, { building: '10', unit: '1', room: '101' })).status).toBe(403)
    expect(await householdRow(a.householdId)).toEqual({ gridId: grid.id, room: '101' })
  })
})
