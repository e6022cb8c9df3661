/**
 * 派单方式 per community × service: a new order of a service its community sends straight out goes
 * to the hall, or to one of its teams, the moment it is placed — by the system, on the timeline —
 * and otherwise (the default, emergencies, a team that can no longer take it) waits in the
 * committee's queue as before.
 */
import { sql } from 'drizzle-orm'
import type { OrderDetailDto, OrderPageDto, ServiceDto } from '../../types/api'
import type { TeamDto } from '../../types/community'
import { submission } from '../../src/domain'
import { findServiceFor } from '../../server/repositories/catalogue'
import { placeOrder } from '../../server/services/order-actions'
import { createTestApp, queryRows, type TestApp } from '../support/app'
import { loadTenants, must, request, tenantWechat, TenantFixtures, type Tenant, type TenantKey } from '../support/tenants'

let t: TestApp
let tenants: Record<TenantKey, Tenant>
let fx: TenantFixtures
let sunshine: Tenant

beforeAll(async () => {
  t = await createTestApp({ wechat: tenantWechat })
  tenants = await loadTenants(t)
  fx = new TenantFixtures(t, tenants)
  sunshine = tenants.sunshine
}, 60_000)
afterAll(() => t?.close())

const setDispatch = (token: string, code: string, body: object) => request<ServiceDto>(t, token, 'PUT', `/api/catalogue/${code}/dispatch`, body)
const serviceOf = async (token: string, code: string) => must(await request<ServiceDto[]>(t, token, 'GET', '/api/catalogue'), 'catalogue').find((s) => s.code === code)!

/** A 助餐 order of a plain household of 阳光 (its own resident placing it), as the resident gets it back. */
async function placeMeals(overrides: { urgency?: 'emergency' | 'urgent' | 'normal' } = {}): Promise<OrderDetailDto> {
  const token = await fx.householdToken(fx.plainHousehold(sunshine))
  const res = await request<OrderDetailDto>(t, token, 'POST', '/api/orders', fx.draft({ categoryCode: 'meals', ...overrides }))
  expect(res.status).toBe(201)
  return res.body
}

const outboxKinds = async (orderId: number) =>
  (await queryRows<{ kind: string }>(t.database.db, sql`select kind from outbox where order_id = ${orderId} order by id`)).map((r) => r.kind)

async function hallIds(token: string): Promise<number[]> {
  return must(await request<OrderPageDto>(t, token, 'GET', '/api/orders?view=hall&limit=50'), 'hall').items.map((o) => o.id)
}

/** A session of a seeded volunteer of the team (or, `not`, of another team of the same community). */
async function volunteerOf(teamId: number, { not = false } = {}): Promise<string> {
  const volunteer = sunshine.volunteers.find((v) => (not ? v.teamId !== teamId : v.teamId === teamId))!
  return t.login(volunteer.id, volunteer.membershipId)
}

/** A new team of 阳光 with one approved volunteer; answers the team and that volunteer's membership. */
async function teamWithOneVolunteer(): Promise<{ team: TeamDto; membershipId: number; token: string }> {
  const team = must(await request<TeamDto>(t, sunshine.committeeToken, 'POST', '/api/community/teams', { name: `送餐队${fx.next()}`, skills: ['meals'] }), 'team')
  const person = await fx.person()
  const identity = await fx.join(person.token, { role: 'volunteer', teamId: team.id })
  must(await request(t, sunshine.committeeToken, 'POST', `/api/memberships/${identity.membershipId}/decision`, { approve: true }), 'approve')
  return { team, membershipId: identity.membershipId, token: await t.login(person.id, identity.membershipId) }
}

describe('saving a service’s 派单方式', () => {
  test('every service starts with the committee; a community-level committee sets hall, team and back', async () => {
    const services = must(await request<ServiceDto[]>(t, sunshine.committeeToken, 'GET', '/api/catalogue'), 'catalogue')
    // The seed sends 心理疏导 of 阳光 to the hall for the demo; everything else waits for the committee.
    expect(services.filter((s) => s.dispatchMode !== 'committee').map((s) => [s.code, s.dispatchMode])).toEqual([['counseling', 'hall']])

    const hall = await setDispatch(sunshine.committeeToken, 'legal', { mode: 'hall' })
    expect(hall.status).toBe(200)
    expect(hall.body).toMatchObject({ code: 'legal', dispatchMode: 'hall', dispatchTeamId: null, enabled: true, photoRequired: false })

    const team = await setDispatch(sunshine.committeeToken, 'legal', { mode: 'team', teamId: sunshine.teamId })
    expect(team.body).toMatchObject({ dispatchMode: 'team', dispatchTeamId: sunshine.teamId, dispatchTeamName: '党员先锋服务队', dispatchTeamReady: true })
    // The other settings stay as they were, and saving them leaves the 派单方式 alone.
    const off = must(await request<ServiceDto>(t, sunshine.committeeToken, 'PUT', '/api/catalogue/legal', { enabled: false, photoRequired: true }), 'settings')
    expect(off).toMatchObject({ enabled: false, photoRequired: true, dispatchMode: 'team', dispatchTeamId: sunshine.teamId })

    const back = await setDispatch(sunshine.committeeToken, 'legal', { mode: 'committee', teamId: null })
    expect(back.body).toMatchObject({ dispatchMode: 'committee', dispatchTeamId: null, enabled: false, photoRequired: true })
    must(await request(t, sunshine.committeeToken, 'PUT', '/api/catalogue/legal', { enabled: true, photoRequired: null }), 'reset')
  })

  test('refused with a reason: emergencies, a missing, foreign, unknown or empty team, a team for another mode', async () => {
    const refusals: [string, object, string][] = [
      ['emergency', { mode: 'hall' }, '紧急求助始终先由社区党委受理，不能直接发布或派给服务队'],
      ['emergency', { mode: 'team', teamId: sunshine.teamId }, '紧急求助始终先由社区党委受理，不能直接发布或派给服务队'],
      ['meals', { mode: 'team' }, '请选择派给哪一支服务队'],
      ['meals', { mode: 'team', teamId: null }, '请选择派给哪一支服务队'],
      ['meals', { mode: 'team', teamId: tenants.happiness.teamId }, '参数 teamId 不合法：服务队不存在或不属于本社区'],
      ['meals', { mode: 'team', teamId: 2_147_483_647 }, '参数 teamId 不合法：服务队不存在或不属于本社区'],
      ['meals', { mode: 'hall', teamId: sunshine.teamId }, '参数 teamId 不合法：只有「直接派给服务队」需要选择服务队'],
    ]
    for (const [code, body, message] of refusals) {
      const res = await setDispatch(sunshine.committeeToken, code, body)
      expect({ code, body, status: res.status, answer: res.body }).toEqual({ code, body, status: 400, answer: { code: 'invalid_input', message } })
    }
    // A team nobody is in yet would take orders nobody can see.
    const empty = must(await request<TeamDto>(t, sunshine.committeeToken, 'POST', '/api/community/teams', { name: `空队${fx.next()}`, skills: [] }), 'team')
    const res = await setDispatch(sunshine.committeeToken, 'meals', { mode: 'team', teamId: empty.id })
    expect(res.status).toBe(400)
    expect(res.body).toMatchObject({ code: 'invalid_input', message: expect.stringContaining('还没有在队的志愿者') })
    // Malformed bodies are the schema's.
    for (const body of [{}, { mode: 'street' }, { mode: 'team', teamId: 0 }, { mode: 'team', teamId: '5' }, { mode: 'hall', extra: 1 }]) {
      expect((await setDispatch(sunshine.committeeToken, 'meals', body)).status).toBe(400)
    }
    expect((await serviceOf(sunshine.committeeToken, 'meals')).dispatchMode).toBe('committee')
    expect((await serviceOf(sunshine.committeeToken, 'emergency')).dispatchMode).toBe('committee')
  })

  test('only a community-level committee sets it, and only for its own community', async () => {
    const branch = t.accounts.find((a) => a.role === 'committee' && a.orgPath !== a.communityPath && a.communityPath === sunshine.path)!
    expect((await setDispatch(await t.login(branch.id, branch.membershipId), 'meals', { mode: 'hall' })).status).toBe(403)
    for (const role of ['resident', 'proxy', 'grid_worker', 'volunteer', 'party_member', 'street_admin'] as const) {
      expect({ role, status: (await setDispatch(t.tokens[role], 'meals', { mode: 'hall' })).status }).toEqual({ role, status: 403 })
    }
    expect((await setDispatch(sunshine.committeeToken, 'nope', { mode: 'hall' })).status).toBe(404)
    // Another community's own service is not in this one's catalogue; its settings are its own.
    const theirs = must(
      await request<ServiceDto>(t, tenants.happiness.committeeToken, 'POST', '/api/catalogue', { name: `理发${fx.next()}`, description: '上门理发', photoRequired: false }),
      'own service',
    )
    expect((await setDispatch(sunshine.committeeToken, theirs.code, { mode: 'hall' })).status).toBe(404)
    must(await setDispatch(tenants.happiness.committeeToken, 'meals', { mode: 'hall' }), 'happiness meals to the hall')
    expect((await serviceOf(tenants.happiness.committeeToken, 'meals')).dispatchMode).toBe('hall')
    expect((await serviceOf(sunshine.committeeToken, 'meals')).dispatchMode).toBe('committee')
    expect((await serviceOf(tenants.happiness.committeeToken, theirs.code)).dispatchMode).toBe('committee')
    must(await setDispatch(tenants.happiness.committeeToken, 'meals', { mode: 'committee' }), 'reset')
  })
})

describe('placing an order of the service', () => {
  afterEach(async () => {
    must(await setDispatch(sunshine.committeeToken, 'meals', { mode: 'committee' }), 'back to the committee')
  })

  test('committee (the default): the order waits in the queue, as before', async () => {
    const order = await placeMeals()
    expect(order.status).toBe('submitted')
    expect(order.timeline.map((e) => e.event)).toEqual(['submit'])
    expect(await outboxKinds(order.id)).toEqual(['order_placed'])
  })

  test('hall: published at once by the system, announced to the hall; a volunteer claims it', async () => {
    must(await setDispatch(sunshine.committeeToken, 'meals', { mode: 'hall' }), 'meals to the hall')
    const order = await placeMeals()
    expect(order.status).toBe('open')
    expect(order.slots).toEqual([expect.objectContaining({ kind: 'hall', headcount: 1, open: true })])
    expect(order.timeline.map(({ event, actorRole, actorId, note, to }) => ({ event, actorRole, actorId, note, to }))).toEqual([
      { event: 'submit', actorRole: 'resident', actorId: expect.any(Number), note: null, to: 'submitted' },
      { event: 'publish', actorRole: 'system', actorId: null, note: '按社区设置自动发布到接单大厅', to: 'open' },
    ])
    // The hall hears of it; the committees are not asked to act on what the system already sent out.
    expect(await outboxKinds(order.id)).toEqual(['new_in_hall'])
    // What the resident reads later is what they were answered.
    const read = must(await request<OrderDetailDto>(t, await fx.householdToken(fx.plainHousehold(sunshine)), 'GET', `/api/orders/${order.id}`), 'read')
    expect(read).toMatchObject({ status: 'open', slots: order.slots })

    const volunteer = await volunteerOf(sunshine.teamId)
    expect(await hallIds(volunteer)).toContain(order.id)
    expect(await hallIds(await t.login(tenants.happiness.volunteers[0].id, tenants.happiness.volunteers[0].membershipId))).not.toContain(order.id)
    expect((await fx.act(volunteer, order.id, { action: 'claim' })).status).toBe('accepted')
  })

  test('hall: a grid worker ordering for a household of the grid sends it out too; an emergency stays with the committee', async () => {
    must(await setDispatch(sunshine.committeeToken, 'meals', { mode: 'hall' }), 'meals to the hall')
    const worker = t.byRole.grid_worker
    const household = sunshine.households.find((h) => h.orgPath.startsWith(worker.orgPath))!
    const placed = must(await request<OrderDetailDto>(t, t.tokens.grid_worker, 'POST', '/api/orders', fx.draft({ householdId: household.id })), 'grid worker order')
    expect(placed).toMatchObject({ status: 'open', placedAs: 'grid_worker' })

    const urgent = await placeMeals({ urgency: 'emergency' })
    expect(urgent.status).toBe('submitted')
    expect(urgent.timeline.map((e) => e.event)).toEqual(['submit'])
    expect(await outboxKinds(urgent.id)).toEqual(['order_placed'])
  })

  test('team: a call of one place addressed to the team; its volunteers see it, other teams do not', async () => {
    must(await setDispatch(sunshine.committeeToken, 'meals', { mode: 'team', teamId: sunshine.teamId }), 'meals to the team')
    const order = await placeMeals()
    expect(order.status).toBe('open')
    expect(order.slots).toEqual([expect.objectContaining({ kind: 'team', headcount: 1, unitId: sunshine.teamId, open: true })])
    expect(order.timeline[1]).toMatchObject({
      event: 'call',
      actorRole: 'system',
      note: '按社区设置直接派给服务队「党员先锋服务队」',
      payload: { kind: 'slots', slots: [{ kind: 'team', headcount: 1, unitId: sunshine.teamId }] },
    })
    expect(await outboxKinds(order.id)).toEqual(['new_in_hall'])
    expect(await hallIds(await volunteerOf(sunshine.teamId))).toContain(order.id)
    expect(await hallIds(await volunteerOf(sunshine.teamId, { not: true }))).not.toContain(order.id)
    // The committee still sees it, and may take it back.
    expect((await fx.act(sunshine.committeeToken, order.id, { action: 'recall', note: '改派' })).status).toBe('submitted')
  })

  test('team: a team that can no longer take orders leaves them with the committee', async () => {
    const { team, membershipId, token } = await teamWithOneVolunteer()
    must(await setDispatch(sunshine.committeeToken, 'meals', { mode: 'team', teamId: team.id }), 'meals to the new team')
    const first = await placeMeals()
    expect(first.status).toBe('open')
    expect(await hallIds(token)).toContain(first.id)

    // Its one volunteer is removed: nobody could take the place.
    must(await request(t, sunshine.committeeToken, 'POST', `/api/memberships/${membershipId}/end`, { note: '搬走了' }), 'end membership')
    expect(await serviceOf(sunshine.committeeToken, 'meals')).toMatchObject({ dispatchMode: 'team', dispatchTeamId: team.id, dispatchTeamReady: false })
    const second = await placeMeals()
    expect(second.status).toBe('submitted')
    expect(second.timeline.map((e) => e.event)).toEqual(['submit'])

    // The team ends up in another community (as only the database could move it): not this one's to send to.
    const { team: moved } = await teamWithOneVolunteer()
    must(await setDispatch(sunshine.committeeToken, 'meals', { mode: 'team', teamId: moved.id }), 'meals to another new team')
    await t.database.db.execute(sql`update teams set org_id = ${tenants.happiness.id} where id = ${moved.id}`)
    expect((await serviceOf(sunshine.committeeToken, 'meals')).dispatchTeamReady).toBe(false)
    const third = await placeMeals()
    expect(third.status).toBe('submitted')
    expect(await outboxKinds(third.id)).toEqual(['order_placed'])

    // Sending refused after all (the team left between reading the service and the call, as a race
    // could have it): the order stays with the committees, and they are told it waits.
    const householdId = fx.plainHousehold(sunshine)
    const household = sunshine.households.find((h) => h.id === householdId)!
    const resident = sunshine.residents.find((r) => r.householdId === householdId)!
    const service = (await findServiceFor(t.database.db, 'meals', household.orgPath))!
    const values = {
      placedById: resident.id, placedAs: 'resident' as const, householdId, categoryCode: 'meals', description: '想订一周的午餐，老人行动不便',
      photos: [], gridId: household.gridId, orgPath: household.orgPath, address: '幸福里', contactName: resident.name, contactPhone: '13800001111', urgency: 'normal' as const,
    }
    const now = t.app.now()
    const raced = await placeOrder(t.database.db, values, submission(resident, now), { ...service, dispatchTeamReady: true }, now)
    expect({ created: raced.created, sent: raced.sent, status: raced.order.status }).toEqual({ created: true, sent: null, status: 'submitted' })
    expect(await outboxKinds(raced.order.id)).toEqual(['order_placed'])
  })

  test('an idempotent retry answers the order as it now is, without sending it out twice', async () => {
    must(await setDispatch(sunshine.committeeToken, 'meals', { mode: 'hall' }), 'meals to the hall')
    const token = await fx.householdToken(fx.plainHousehold(sunshine))
    const draft = fx.draft()
    const key = `dispatch-${fx.next()}-retry`
    const send = () => t.app.inject({ method: 'POST', url: '/api/orders', payload: draft, headers: { authorization: `Bearer ${token}`, 'idempotency-key': key } })
    const [once, again] = [await send(), await send()]
    expect([once.statusCode, again.statusCode]).toEqual([201, 200])
    const [first, second] = [once.json() as OrderDetailDto, again.json() as OrderDetailDto]
    expect(second).toMatchObject({ id: first.id, status: 'open', slots: first.slots })
    expect(second.timeline.map((e) => e.event)).toEqual(['submit', 'publish'])
  })
})
