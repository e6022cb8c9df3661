import { sql } from 'drizzle-orm'
import { orgIdOf, STATUS_GROUP_NAMES } from '../../src/domain'
import type { OrderCountsDto, OrderDetailDto, OrderPageDto, TransitionOutcomeDto } from '../../types/api'
import type {
  CommunityDirectoryDto,
  CommunityDto,
  HouseholdDto,
  InviteDto,
  MeDto,
  MemberDto,
  MemberPageDto,
  MembershipOutcomeDto,
  SessionDto,
} from '../../types/people'
import { createStreet, createWorkUnit } from '../../server/repositories/admin'
import { queryRows, type TestApp } from '../support/app'
import { appWithFakeWechat, type FakeWechat } from '../support/fake-wechat'
import { allPages, call, requestsTo } from '../support/http'
import { orderDraft } from '../support/orders'

let wechat: FakeWechat
let t: TestApp
let close: () => Promise<void>
beforeAll(async () => ({ t, wechat, close } = await appWithFakeWechat()))
afterAll(() => close?.())

const { get, post, put } = requestsTo(() => t.app)
/** The requests waiting for this identity, every page of them. */
const pendingOf = async (token: string) => ({ body: await allPages<MemberDto>(t.app, token, '/api/memberships/pending') })

/** A brand-new WeChat user: a session with no identity yet. */
async function newcomer(code: string): Promise<string> {
  const { status, body } = await post<SessionDto>(null, '/api/auth/wechat', { code: `ok-${code}` })
  expect(status).toBe(200)
  return body.token
}

/** A newcomer who accepted the privacy notice and gave a name and phone. */
async function profiled(code: string, name = '新居民'): Promise<string> {
  const token = await newcomer(code)
  const { status } = await put(token, '/api/me/profile', { privacyConsent: true, name, phone: '13700001234' })
  expect(status).toBe(200)
  return token
}

const community = async (token: string, name: string) => {
  const { body } = await get<CommunityDto[]>(token, '/api/directory/communities')
  const found = body.find((c) => c.name === name)!
  return (await get<CommunityDirectoryDto>(token, `/api/directory/communities/${found.id}`)).body
}

/** The ids along an org path: `/1/2/5/` → [1, 2, 5]. */
const orgIdsOf = (path: string) => path.split('/').filter(Boolean).map(Number)

const membershipCount = async () => (await queryRows<{ n: number }>(t.database.db, sql`select count(*)::int as n from memberships`))[0].n
const eventCount = async () => (await queryRows<{ n: number }>(t.database.db, sql`select count(*)::int as n from membership_events`))[0].n

describe('sign-up as a resident', () => {
  test('privacy notice first; then the resident registers an address and can order at once', async () => {
    const token = await newcomer('resident-1')
    // Nothing personal is taken before the privacy notice is accepted.
    expect((await put(token, '/api/me/profile', { name: '张三', phone: '13700001234' })).status).toBe(400)
    expect((await post(token, '/api/memberships', { role: 'resident' })).body).toMatchObject({ code: 'forbidden' })
    const profile = await put<MeDto>(token, '/api/me/profile', { privacyConsent: true, name: ' 张三 ', phone: '13700001234' })
    expect(profile.body).toMatchObject({ name: '张三', phone: '137****1234', consented: true, acting: null })

    const sunshine = await community(token, '阳光社区大党委')
    expect(sunshine.grids).toHaveLength(6)
    const grid = sunshine.grids[1]
    const joined = await post<MeDto>(token, '/api/memberships', { role: 'resident', household: { gridId: grid.id, building: '3', unit: '2', room: '401' } })
    expect(joined.status).toBe(201)
    expect(joined.body.acting).toMatchObject({ role: 'resident', status: 'active', orgId: grid.id, householdAddress: '3号楼2单元401' })

    const order = await post<OrderDetailDto>(token, '/api/orders', orderDraft(t, { gridId: undefined }))
    expect(order.status).toBe(201)
    expect(order.body).toMatchObject({ householdId: joined.body.acting!.householdId, placedAs: 'resident', orgPath: expect.stringContaining(`/${grid.id}/`) })
    // Asking again is not a second membership.
    const again = await post<MeDto>(token, '/api/memberships', { role: 'resident', household: { gridId: grid.id, building: '3', unit: '2', room: '401' } })
    expect(again.status).toBe(200)
    expect(again.body.identities).toHaveLength(1)
  })

  test('weapp binds the phone through WeChat: getPhoneNumber code exchanged by the server', async () => {
    const token = await newcomer('resident-2')
    const bound = await put<MeDto>(token, '/api/me/profile', { privacyConsent: true, name: '李四', phoneCode: 'phone-13912345678' })
    expect(bound.body).toMatchObject({ phone: '139****5678' })
    expect((await put(token, '/api/me/profile', { privacyConsent: true, name: '李四', phoneCode: 'expired' })).body).toMatchObject({
      code: 'invalid_input',
      message: expect.stringContaining('手机号'),
    })
  })

  test('bad join requests are clear 4xx and write nothing', async () => {
    const token = await profiled('resident-3')
    const sunshine = await community(token, '阳光社区大党委')
    // A unit of another street: 双报到 is with the community of one's own street.
    await createStreet(t.database.db, '邻县城关街道')
    const { workUnit: farUnit } = await createWorkUnit(t.database.db, '邻县城关街道', '邻县人民医院')
    const before = [await membershipCount(), await eventCount()]
    const cases: [object, number][] = [
      [{ role: 'resident' }, 400],
      [{ role: 'resident', household: { gridId: sunshine.id, building: '1', unit: '1', room: '101' } }, 400],
      [{ role: 'resident', household: { gridId: 2147483647, building: '1', unit: '1', room: '101' } }, 400],
      [{ role: 'resident', household: { gridId: sunshine.grids[0].id, building: '1', unit: '1', room: '' } }, 400],
      [{ role: 'party_member', communityId: sunshine.id }, 400],
      [{ role: 'party_member', communityId: sunshine.id, workUnitId: farUnit.id }, 400],
      [{ role: 'party_member', communityId: sunshine.id, workUnitId: sunshine.grids[0].id }, 400],
      [{ role: 'volunteer', teamId: 2147483647 }, 400],
      [{ role: 'committee', orgId: sunshine.id }, 403],
      [{ role: 'grid_worker', invite: 'no-such-invite' }, 400],
      [{ role: 'resident', household: { gridId: sunshine.grids[0].id, building: '1', unit: '1', room: '101' }, extra: 1 }, 400],
    ]
    for (const [body, status] of cases) {
      const answer = await post<{ code: string; message: string }>(token, '/api/memberships', body)
      expect([JSON.stringify(body), answer.status]).toEqual([JSON.stringify(body), status])
      expect(answer.body.message).toMatch(/[\u4e00-\u9fa5]/)
    }
    expect([await membershipCount(), await eventCount()]).toEqual(before)
  })
})

describe('双报到: a Party member registers with his residence community and serves there once approved', () => {
  test('pending until the community committee approves; then he claims from its hall', async () => {
    const token = await profiled('member-1', '赵党员')
    const sunshine = await community(token, '阳光社区大党委')
    await post(token, '/api/memberships', { role: 'resident', household: { gridId: sunshine.grids[0].id, building: '8', unit: '1', room: '202' } })
    const asked = await post<MeDto>(token, '/api/memberships', { role: 'party_member', communityId: sunshine.id, workUnitId: sunshine.workUnits[0].id, note: '县人民医院机关党支部' })
    expect(asked.status).toBe(201)
    const request = asked.body.identities.find((i) => i.role === 'party_member')!
    expect(request).toMatchObject({ status: 'pending', workUnitName: sunshine.workUnits[0].name })
    // Still acting as the resident; a pending identity cannot be switched to.
    expect(asked.body.acting?.role).toBe('resident')
    expect((await put(token, '/api/me/acting', { membershipId: request.membershipId })).status).toBe(404)

    // Another community's committee does not see the request and cannot decide it.
    const happiness = t.accounts.find((a) => a.role === 'committee' && a.name === '孙书记')!
    const otherCommittee = await t.login(happiness.id)
    expect((await pendingOf(otherCommittee)).body.map((m) => m.membershipId)).not.toContain(request.membershipId)
    expect((await post(otherCommittee, `/api/memberships/${request.membershipId}/decision`, { approve: true })).status).toBe(404)

    const pending = await pendingOf(t.tokens.committee)
    expect(pending.body.find((m) => m.membershipId === request.membershipId)).toMatchObject({ name: '赵党员', phone: '137****1234', note: '县人民医院机关党支部' })
    const events = await eventCount()
    const approved = await post<MembershipOutcomeDto>(t.tokens.committee, `/api/memberships/${request.membershipId}/decision`, { approve: true })
    expect(approved.body).toEqual({ membershipId: request.membershipId, status: 'active' })
    expect(await eventCount()).toBe(events + 1)
    // Deciding twice: the second answer says it was decided already.
    expect((await post(t.tokens.committee, `/api/memberships/${request.membershipId}/decision`, { approve: false })).status).toBe(409)
    const [history] = await queryRows<{ event: string; actor_id: number }>(
      t.database.db,
      sql`select event, actor_id from membership_events where membership_id = ${request.membershipId} order by id desc limit 1`,
    )
    expect(history).toEqual({ event: 'approved', actor_id: t.byRole.committee.id })

    const switched = await put<MeDto>(token, '/api/me/acting', { membershipId: request.membershipId })
    expect(switched.body.acting).toMatchObject({ role: 'party_member', orgPath: t.byRole.committee.orgPath })
    const resident = t.tokens.resident
    const { body: order } = await post<OrderDetailDto>(resident, '/api/orders', orderDraft(t))
    await post(t.tokens.committee, `/api/orders/${order.id}/transitions`, { action: 'publish' })
    const hall = await get<OrderPageDto>(token, '/api/orders?view=hall&limit=50')
    expect(hall.body.items.map((o) => o.id)).toContain(order.id)
    const claimed = await post<TransitionOutcomeDto>(token, `/api/orders/${order.id}/transitions`, { action: 'claim' })
    expect(claimed.body).toMatchObject({ status: 'accepted', order: { takerName: '赵党员' } })
    expect(claimed.body.order!.timeline.at(-1)).toMatchObject({ actorRole: 'party_member', actorName: '赵党员' })

    // The committee can now dispatch to him too: he is among its responders, and the order reaches him.
    const { body: next } = await post<OrderDetailDto>(resident, '/api/orders', orderDraft(t))
    const responders = await get<{ id: number }[]>(t.tokens.committee, '/api/responders')
    expect(responders.body.map((r) => r.id)).toContain(asked.body.id)
    const dispatched = await post<TransitionOutcomeDto>(t.tokens.committee, `/api/orders/${next.id}/transitions`, { action: 'dispatch', assigneeId: asked.body.id })
    expect(dispatched.body.status).toBe('assigned')
    const mine = await get<OrderPageDto>(token, '/api/orders?limit=50')
    expect(mine.body.items.map((o) => o.id)).toContain(next.id)
  })
})

describe('volunteers join a team; the leader or the committee approves', () => {
  test('the team leader sees and approves the request', async () => {
    const token = await profiled('volunteer-1', '钱志愿')
    const sunshine = await community(token, '阳光社区大党委')
    const team = sunshine.teams[1]
    const asked = await post<MeDto>(token, '/api/memberships', { role: 'volunteer', teamId: team.id })
    expect(asked.body.identities[0]).toMatchObject({ role: 'volunteer', status: 'pending', teamName: team.name })
    const [{ leader_id: leaderId }] = await queryRows<{ leader_id: number }>(t.database.db, sql`select leader_id from teams where id = ${team.id}`)
    const leader = t.accounts.find((a) => a.id === leaderId && a.role === 'volunteer')!
    const leaderToken = await t.login(leader.id, leader.membershipId)
    const pending = await pendingOf(leaderToken)
    expect(pending.body.map((m) => m.name)).toEqual(['钱志愿'])
    // Another team's volunteer cannot decide it.
    const otherVolunteer = t.accounts.find((a) => a.role === 'volunteer' && a.teamName !== team.name)!
    expect((await post(await t.login(otherVolunteer.id, otherVolunteer.membershipId), `/api/memberships/${pending.body[0].membershipId}/decision`, { approve: true })).status).toBe(404)
    expect((await post(leaderToken, `/api/memberships/${pending.body[0].membershipId}/decision`, { approve: true })).body).toMatchObject({ status: 'active' })
    // The approved identity was their only one: their session acts as it at once.
    const me = await get<MeDto>(token, '/api/me')
    expect(me.body.acting).toMatchObject({ role: 'volunteer', status: 'active', teamName: team.name })
  })
})

describe('亲情代理: a son orders for his mother, and she confirms', () => {
  test('the household resident approves; both follow the order; either may confirm', async () => {
    const mother = t.byRole.resident
    const token = await profiled('son-1', '周儿子')
    const home = await queryRows<{ grid_id: number; building: string; unit: string; room: string }>(
      t.database.db,
      sql`select grid_id, building, unit, room from households where id = ${mother.householdId}`,
    )
    const address = { gridId: home[0].grid_id, building: home[0].building, unit: home[0].unit, room: home[0].room }
    const asked = await post<MeDto>(token, '/api/memberships', { role: 'proxy', household: address, note: '儿子' })
    const request = asked.body.identities[0]
    expect(request).toMatchObject({ role: 'proxy', status: 'pending', householdId: mother.householdId })
    // Before approval he cannot order for her.
    expect((await post(token, '/api/orders', orderDraft(t))).body).toMatchObject({ code: 'not_registered' })

    const pending = await pendingOf(t.tokens.resident)
    expect(pending.body.map((m) => m.membershipId)).toContain(request.membershipId)
    await post(t.tokens.resident, `/api/memberships/${request.membershipId}/decision`, { approve: true })
    const son = (await put<MeDto>(token, '/api/me/acting', { membershipId: request.membershipId })).body
    expect(son.acting).toMatchObject({ role: 'proxy', householdId: mother.householdId })

    const placed = await post<OrderDetailDto>(token, '/api/orders', orderDraft(t, { gridId: undefined, description: '母亲腿脚不便，想请人陪同去医院复查' }))
    expect(placed.status).toBe(201)
    expect(placed.body).toMatchObject({ householdId: mother.householdId, placedAs: 'proxy', placedByName: '周儿子' })
    // The mother sees it among her orders, with her son named as who placed it (masked only for outsiders).
    const hers = await get<OrderPageDto>(t.tokens.resident, '/api/orders?limit=50')
    expect(hers.body.items.find((o) => o.id === placed.body.id)).toMatchObject({ placedByName: '周儿子' })
    expect((await get<OrderDetailDto>(t.tokens.committee, `/api/orders/${placed.body.id}`)).body.placedByName).toBe('周**')

    const volunteer = t.tokens.volunteer
    await post(t.tokens.committee, `/api/orders/${placed.body.id}/transitions`, { action: 'dispatch', assigneeId: t.byRole.volunteer.id })
    for (const action of ['accept', 'start']) await post(volunteer, `/api/orders/${placed.body.id}/transitions`, { action })
    await post(volunteer, `/api/orders/${placed.body.id}/transitions`, { action: 'complete', note: '已陪同复查' })
    const confirmed = await post<TransitionOutcomeDto>(t.tokens.resident, `/api/orders/${placed.body.id}/transitions`, { action: 'confirm', rating: 5 })
    expect(confirmed.body).toMatchObject({ status: 'closed' })
    expect(confirmed.body.order!.timeline.at(-1)).toMatchObject({ event: 'confirm', actorRole: 'resident' })
    // The son follows it too.
    expect((await get<OrderDetailDto>(token, `/api/orders/${placed.body.id}`)).body.status).toBe('closed')
  })
})

describe("a home already lived in: a newcomer at its address waits for the home's resident", () => {
  test("a stranger typing the elder's address reads nothing of hers until she (or the committee) lets him in", async () => {
    const elder = t.byRole.resident
    const [home] = await queryRows<{ grid_id: number; building: string; unit: string; room: string }>(
      t.database.db,
      sql`select grid_id, building, unit, room from households where id = ${elder.householdId}`,
    )
    const address = { gridId: home.grid_id, building: home.building, unit: home.unit, room: home.room }
    const herOrder = await post<OrderDetailDto>(t.tokens.resident, '/api/orders', orderDraft(t, { gridId: undefined }))
    expect(herOrder.status).toBe(201)
    const gridInvite = await post<InviteDto>(t.tokens.committee, '/api/invites', { role: 'resident', orgId: home.grid_id })

    // With or without the grid's invite: an invite speaks for the community, not for her home.
    for (const invite of [undefined, gridInvite.body.code]) {
      const stranger = await profiled(`stranger-${invite ?? 'plain'}`, '陌生人')
      const joined = await post<MeDto>(stranger, '/api/memberships', { role: 'resident', household: address, invite })
      expect(joined.status).toBe(201)
      expect(joined.body.acting).toBeNull()
      expect(joined.body.identities).toEqual([expect.objectContaining({ role: 'resident', status: 'pending', householdId: elder.householdId })])
      expect((await get(stranger, `/api/orders/${herOrder.body.id}`)).status).toBe(403)
      expect((await put(stranger, '/api/me/acting', { membershipId: joined.body.identities[0].membershipId })).status).toBe(404)
      // The history says who asked, and the elder is asked.
      const [event] = await queryRows<{ event: string; actor_id: number }>(
        t.database.db,
        sql`select event, actor_id from membership_events where membership_id = ${joined.body.identities[0].membershipId}`,
      )
      expect(event).toEqual({ event: 'requested', actor_id: joined.body.id })
      const pending = await pendingOf(t.tokens.resident)
      expect(pending.body.map((m) => m.membershipId)).toContain(joined.body.identities[0].membershipId)
    }

    // A real family member: the elder lets her daughter in, who then reads the home's orders.
    const daughter = await profiled('daughter-at-home', '周女儿')
    const asked = (await post<MeDto>(daughter, '/api/memberships', { role: 'resident', household: address })).body.identities[0]
    expect((await post(t.tokens.resident, `/api/memberships/${asked.membershipId}/decision`, { approve: true })).status).toBe(200)
    const acting = await put<MeDto>(daughter, '/api/me/acting', { membershipId: asked.membershipId })
    expect(acting.body.acting).toMatchObject({ role: 'resident', householdId: elder.householdId })
    expect((await get<OrderDetailDto>(daughter, `/api/orders/${herOrder.body.id}`)).status).toBe(200)
  })
})

describe('grid worker orders for a resident who cannot', () => {
  test('only for households of their grid', async () => {
    const worker = t.tokens.grid_worker
    const households = await get<HouseholdDto[]>(worker, '/api/households')
    expect(households.body.length).toBeGreaterThan(0)
    expect(households.body.every((h) => h.residents.every((name) => name.includes('*')))).toBe(true)
    const target = households.body[0]
    const placed = await post<OrderDetailDto>(worker, '/api/orders', orderDraft(t, { gridId: undefined, householdId: target.id }))
    expect(placed.status).toBe(201)
    expect(placed.body).toMatchObject({ householdId: target.id, placedAs: 'grid_worker' })
    // A household of another grid is refused.
    const [elsewhere] = await queryRows<{ id: number }>(
      t.database.db,
      sql`select id from households where org_path not like ${`${t.byRole.grid_worker.orgPath}%`} limit 1`,
    )
    expect((await post(worker, '/api/orders', orderDraft(t, { gridId: undefined, householdId: elsewhere.id }))).status).toBe(400)
    // A household without anyone on WeChat can be registered, then ordered for.
    const registered = await post<HouseholdDto>(worker, '/api/households', { gridId: target.gridId, building: '99', unit: '1', room: '101' })
    expect(registered.status).toBe(201)
    expect(registered.body).toMatchObject({ address: '99号楼1单元101', residents: [] })
    expect((await post(worker, '/api/households', { gridId: target.gridId, building: '99', unit: '1', room: '101' })).status).toBe(200)
    expect((await post(worker, '/api/orders', orderDraft(t, { gridId: undefined, householdId: registered.body.id }))).status).toBe(201)
  })
})

describe('invites', () => {
  test('a resident invite for a grid brings newcomers straight into it; a committee seat is single-use', async () => {
    const sunshine = await community(t.tokens.committee, '阳光社区大党委')
    const grid = sunshine.grids[2]
    const invite = await post<InviteDto>(t.tokens.committee, '/api/invites', { role: 'resident', orgId: grid.id })
    expect(invite.status).toBe(201)
    expect(invite.body).toMatchObject({ role: 'resident', maxUses: null, usable: true, link: expect.stringContaining(`#/pages/signup/index?invite=${invite.body.code}`) })
    const token = await profiled('invited-1', '孙邀请')
    expect((await get<InviteDto>(token, `/api/invites/${invite.body.code}`)).body).toMatchObject({ orgId: grid.id, communityId: sunshine.id })
    const joined = await post<MeDto>(token, '/api/memberships', { role: 'resident', invite: invite.body.code, household: { gridId: grid.id, building: '5', unit: '1', room: '303' } })
    expect(joined.body.acting).toMatchObject({ role: 'resident', orgId: grid.id })
    // The invite is for its grid only.
    const wrongGrid = await post(await profiled('invited-2'), '/api/memberships', {
      role: 'resident', invite: invite.body.code, household: { gridId: sunshine.grids[0].id, building: '5', unit: '1', room: '303' },
    })
    expect(wrongGrid.status).toBe(400)

    const seat = await post<InviteDto>(t.tokens.committee, '/api/invites', { role: 'grid_worker', orgId: grid.id })
    expect(seat.body.maxUses).toBe(1)
    const first = await post<MeDto>(await profiled('worker-1', '网格员甲'), '/api/memberships', { role: 'grid_worker', invite: seat.body.code })
    expect(first.body.acting).toMatchObject({ role: 'grid_worker', orgId: grid.id })
    const before = [await membershipCount(), await eventCount()]
    expect((await post(await profiled('worker-2'), '/api/memberships', { role: 'grid_worker', invite: seat.body.code })).status).toBe(400)
    expect([await membershipCount(), await eventCount()]).toEqual(before)
    const [{ approved_by: approvedBy }] = await queryRows<{ approved_by: number }>(
      t.database.db,
      sql`select approved_by from memberships where id = ${first.body.acting!.membershipId}`,
    )
    expect(approvedBy).toBe(t.byRole.committee.id)
  })

  test('who may invite, revoking, and the mini-program code', async () => {
    const sunshine = await community(t.tokens.committee, '阳光社区大党委')
    expect((await post(t.tokens.volunteer, '/api/invites', { role: 'resident', orgId: sunshine.grids[0].id })).status).toBe(403)
    expect((await post(t.tokens.committee, '/api/invites', { role: 'resident', orgId: sunshine.id })).status).toBe(400)
    const happiness = await community(t.tokens.committee, '幸福社区党委')
    expect((await post(t.tokens.committee, '/api/invites', { role: 'resident', orgId: happiness.grids[0].id })).status).toBe(400)
    expect((await post(t.tokens.street_admin, '/api/invites', { role: 'committee', orgId: happiness.id })).status).toBe(201)

    const invite = (await post<InviteDto>(t.tokens.committee, '/api/invites', { role: 'volunteer', orgId: sunshine.id, teamId: sunshine.teams[0].id })).body
    const qr = await call(t.app, null, { method: 'GET', url: invite.qrUrl })
    expect(qr.status).toBe(200)
    expect(qr.response.headers['content-type']).toBe('image/png')
    expect(qr.response.rawPayload.subarray(1, 4).toString()).toBe('PNG')
    expect(wechat.wxaCodes.at(-1)).toMatchObject({ scene: invite.code, page: 'pages/signup/index' })

    const listed = await get<InviteDto[]>(t.tokens.committee, '/api/invites')
    expect(listed.body.map((i) => i.id)).toContain(invite.id)
    expect((await post<InviteDto>(t.tokens.committee, `/api/invites/${invite.id}/revoke`)).body.usable).toBe(false)
    expect((await call(t.app, null, { method: 'GET', url: invite.qrUrl })).status).toBe(404)
    expect((await post(await profiled('late-1'), '/api/memberships', { role: 'volunteer', invite: invite.code })).status).toBe(400)
  })

  test("a committee seat on a compound's branch (小区党支部): the community's committee offers it, the compound's only its own", async () => {
    const compounds = await queryRows<{ id: number; name: string; path: string }>(
      t.database.db,
      sql`select id, name, path from orgs where kind = 'compound' and path like ${`${t.byRole.committee.orgPath}%`} order by id`,
    )
    const [jinxiu, heping] = compounds
    const seat = await post<InviteDto>(t.tokens.committee, '/api/invites', { role: 'committee', orgId: heping.id })
    expect(seat.status).toBe(201)
    expect(seat.body).toMatchObject({ role: 'committee', orgId: heping.id, maxUses: 1 })
    const joined = await post<MeDto>(await profiled('branch-seat-1', '新支书'), '/api/memberships', { role: 'committee', invite: seat.body.code })
    expect(joined.body.acting).toMatchObject({ role: 'committee', orgId: heping.id })

    // 李书记 of 锦绣小区党支部: a seat on his own branch, not on the community's committee or a sibling's.
    const li = t.accounts.find((a) => a.role === 'committee' && a.orgPath === jinxiu.path)!
    const liToken = await t.login(li.id, li.membershipId)
    expect((await post(liToken, '/api/invites', { role: 'committee', orgId: jinxiu.id })).status).toBe(201)
    for (const orgId of [heping.id, orgIdOf(t.byRole.committee.orgPath)!]) {
      expect((await post(liToken, '/api/invites', { role: 'committee', orgId })).body).toMatchObject({ code: 'invalid_input', message: expect.stringContaining('只能为本辖区的组织') })
    }
    // Another community's branch is outside the community's subtree.
    const [elsewhere] = await queryRows<{ id: number }>(t.database.db, sql`select o.id from orgs o join orgs c on c.id = o.parent_id where o.kind = 'compound' and c.name = '幸福社区党委'`)
    expect((await post(t.tokens.committee, '/api/invites', { role: 'committee', orgId: elsewhere.id })).status).toBe(400)
  })
})

describe('street administrator', () => {
  test('reads orders and members of every community under the street, acts in none', async () => {
    const admin = t.tokens.street_admin
    const orders = await get<OrderPageDto>(admin, '/api/orders?limit=50')
    const communities = new Set(orders.body.items.map((o) => o.orgPath.split('/')[2]))
    expect(communities.size).toBeGreaterThan(1)
    const open = orders.body.items.find((o) => o.status === 'submitted')!
    expect((await get<OrderDetailDto>(admin, `/api/orders/${open.id}`)).status).toBe(200)
    expect((await post(admin, `/api/orders/${open.id}/transitions`, { action: 'publish' })).status).toBe(403)
    expect((await post(admin, '/api/orders', orderDraft(t))).status).toBe(403)
    const members = await get<MemberPageDto>(admin, '/api/members?limit=50')
    expect(members.body.items.length).toBe(50)
    expect(members.body.items.every((m) => m.name.includes('*') && m.phone.includes('*'))).toBe(true)
    expect((await pendingOf(admin)).body).toEqual([])
  })

  test('narrows the street-wide list to one community (and a committee to one grid), never beyond its own area', async () => {
    const admin = t.tokens.street_admin
    const happiness = await community(admin, '幸福社区党委')
    const within = await get<OrderPageDto>(admin, `/api/orders?limit=50&within=${happiness.id}`)
    expect(within.status).toBe(200)
    expect(within.body.items.length).toBeGreaterThan(0)
    expect(within.body.nextCursor).toBeNull()
    expect(within.body.items.every((o) => orgIdsOf(o.orgPath).includes(happiness.id))).toBe(true)
    const total = (c: OrderCountsDto) => STATUS_GROUP_NAMES.reduce((n, group) => n + c[group], 0)
    expect(total((await get<OrderCountsDto>(admin, `/api/orders/counts?within=${happiness.id}`)).body)).toBe(within.body.items.length)
    expect(total((await get<OrderCountsDto>(admin, '/api/orders/counts')).body)).toBeGreaterThan(within.body.items.length)

    const sunshine = await community(admin, '阳光社区大党委')
    const grid = sunshine.grids[0]
    const gridOrders = await get<OrderPageDto>(t.tokens.committee, `/api/orders?limit=50&within=${grid.id}`)
    expect(gridOrders.body.items.length).toBeGreaterThan(0)
    expect(gridOrders.body.items.every((o) => o.orgPath === grid.path)).toBe(true)
    // Outside one's area, or a role without an area: 400, the same as an org that does not exist.
    for (const [token, org] of [[t.tokens.committee, happiness.id], [t.tokens.committee, 2147483647], [t.tokens.resident, grid.id], [t.tokens.volunteer, sunshine.id]] as const) {
      const refused = await get<{ code: string }>(token, `/api/orders?within=${org}`)
      expect([refused.status, refused.body.code]).toEqual([400, 'invalid_input'])
    }
  })
})

describe('a person withdraws a request or leaves an identity of their own', () => {
  test('withdrawing tells nobody; leaving the identity acted as carries on as another; nobody else can', async () => {
    const token = await profiled('leaver-1', '钱离开')
    const sunshine = await community(token, '阳光社区大党委')
    const resident = (await post<MeDto>(token, '/api/memberships', { role: 'resident', household: { gridId: sunshine.grids[3].id, building: '88', unit: '1', room: '101' } })).body.acting!
    const asked = await post<MeDto>(token, '/api/memberships', { role: 'volunteer', teamId: sunshine.teams[0].id })
    const request = asked.body.identities.find((i) => i.role === 'volunteer')!
    const messages = async () => (await queryRows<{ n: number }>(t.database.db, sql`select count(*)::int as n from outbox`))[0].n

    // Someone else's identity, or one that does not exist: 404, nothing ends.
    expect((await call(t.app, t.tokens.resident, { method: 'DELETE', url: `/api/me/identities/${request.membershipId}` })).status).toBe(404)
    expect((await call(t.app, token, { method: 'DELETE', url: '/api/me/identities/2147483647' })).status).toBe(404)
    expect((await call(t.app, token, { method: 'DELETE', url: `/api/me/identities/${t.byRole.resident.membershipId}` })).status).toBe(404)

    const before = await messages()
    const withdrawn = await call<MeDto>(t.app, token, { method: 'DELETE', url: `/api/me/identities/${request.membershipId}` })
    expect(withdrawn.status).toBe(200)
    // An ended identity is no longer listed on 我的.
    expect(withdrawn.body.identities.map((i) => i.membershipId)).toEqual([resident.membershipId])
    expect(withdrawn.body.acting?.membershipId).toBe(resident.membershipId)
    // The team leader is not asked about a request its applicant took back.
    expect(await messages()).toBe(before)
    expect((await pendingOf(t.tokens.volunteer)).body.map((m) => m.membershipId)).not.toContain(request.membershipId)
    expect((await call(t.app, token, { method: 'DELETE', url: `/api/me/identities/${request.membershipId}` })).status).toBe(409)

    // Leaving the only identity acted as: the person stays signed in, acting as nothing, and the next one registered is acted as.
    // As the app sends it: an empty JSON body.
    const left = await call<MeDto>(t.app, token, { method: 'DELETE', url: `/api/me/identities/${resident.membershipId}`, payload: {} })
    expect(left.body.acting).toBeNull()
    expect((await get<MeDto>(token, '/api/me')).body).toMatchObject({ name: '钱离开', acting: null })
    expect((await post(token, '/api/orders', orderDraft(t))).status).toBe(403)
    const again = await post<MeDto>(token, '/api/memberships', { role: 'resident', household: { gridId: sunshine.grids[3].id, building: '88', unit: '1', room: '102' } })
    expect([again.status, again.body]).toMatchObject([201, { acting: { role: 'resident', householdAddress: '88号楼1单元102' } }])
    const [history] = await queryRows<{ event: string; actor_id: number; from_status: string }>(
      t.database.db,
      sql`select event, actor_id, from_status from membership_events where membership_id = ${resident.membershipId} order by id desc limit 1`,
    )
    expect(history).toEqual({ event: 'ended', actor_id: asked.body.id, from_status: 'active' })
  })

  test("every session of the person moves off an identity that ends, the phone's and the browser's alike", async () => {
    const phone = await profiled('two-sessions', '孙两端')
    const sunshine = await community(phone, '阳光社区大党委')
    const home = (await post<MeDto>(phone, '/api/memberships', { role: 'resident', household: { gridId: sunshine.grids[2].id, building: '77', unit: '1', room: '101' } })).body.acting!
    const second = (await post<MeDto>(phone, '/api/memberships', { role: 'resident', household: { gridId: sunshine.grids[2].id, building: '77', unit: '1', room: '102' } })).body
    const other = second.identities.find((i) => i.membershipId !== home.membershipId)!
    // The same person signed in a second time, acting as the first home too.
    const browser = await newcomer('two-sessions')
    expect((await get<MeDto>(browser, '/api/me')).body.acting?.membershipId).toBe(home.membershipId)

    await call(t.app, phone, { method: 'DELETE', url: `/api/me/identities/${home.membershipId}`, payload: {} })
    for (const token of [phone, browser]) expect((await get<MeDto>(token, '/api/me')).body.acting?.membershipId).toBe(other.membershipId)
    // Removed by the committee: the same, down to acting as none, and the next home approved is acted as at once.
    await post(t.tokens.committee, `/api/memberships/${other.membershipId}/end`, { note: '已搬离' })
    for (const token of [phone, browser]) expect((await get<MeDto>(token, '/api/me')).body.acting).toBeNull()
    await post(phone, '/api/memberships', { role: 'resident', household: { gridId: sunshine.grids[2].id, building: '77', unit: '1', room: '103' } })
    for (const token of [phone, browser]) expect((await get<MeDto>(token, '/api/me')).body.acting).toMatchObject({ householdAddress: '77号楼1单元103' })
  })

  test('a team leader who leaves the team leaves its lead: the requests go to the committee alone', async () => {
    const sunshine = await community(t.tokens.committee, '阳光社区大党委')
    const team = sunshine.teams[1]
    const leader = await profiled('leader-leaves', '郑队长')
    const joined = (await post<MeDto>(leader, '/api/memberships', { role: 'volunteer', teamId: team.id })).body.identities[0]
    await post(t.tokens.committee, `/api/memberships/${joined.membershipId}/decision`, { approve: true })
    const leaderId = (await get<MeDto>(leader, '/api/me')).body.id
    expect((await put(t.tokens.committee, `/api/community/teams/${team.id}/leader`, { userId: leaderId })).status).toBe(200)
    await put(leader, '/api/me/acting', { membershipId: joined.membershipId })
    const applicant = await profiled('leader-leaves-applicant', '王申请')
    const asked = (await post<MeDto>(applicant, '/api/memberships', { role: 'volunteer', teamId: team.id })).body.identities[0]
    expect((await pendingOf(leader)).body.map((m) => m.membershipId)).toContain(asked.membershipId)

    await call(t.app, leader, { method: 'DELETE', url: `/api/me/identities/${joined.membershipId}`, payload: {} })
    expect((await get<{ leaderId: number | null }>(t.tokens.committee, `/api/community/teams/${team.id}`)).body.leaderId).toBeNull()
    const [history] = await queryRows<{ events: string[] }>(
      t.database.db,
      sql`select array_agg(event order by id) as events from membership_events where membership_id = ${joined.membershipId}`,
    )
    expect(history.events).toEqual(['requested', 'approved', 'leads_team', 'stops_leading', 'ended'])
    expect((await pendingOf(t.tokens.committee)).body.map((m) => m.membershipId)).toContain(asked.membershipId)
  })
})

describe('the committee administers its members', () => {
  test('a directory a page at a time, and removing a member ends their sessions acting as it', async () => {
    const first = await get<MemberPageDto>(t.tokens.committee, '/api/members?limit=10&role=resident')
    expect(first.body.items).toHaveLength(10)
    expect(first.body.items.every((m) => m.role === 'resident' && /^1\d{2}\*{4}\d{4}$/.test(m.phone))).toBe(true)
    const second = await get<MemberPageDto>(t.tokens.committee, `/api/members?limit=10&role=resident&cursor=${first.body.nextCursor}`)
    expect(second.body.items.map((m) => m.membershipId).every((id) => id < first.body.items.at(-1)!.membershipId)).toBe(true)
    expect((await get(t.tokens.committee, '/api/members?cursor=99999999999')).status).toBe(400)
    expect((await get(t.tokens.resident, '/api/members')).status).toBe(403)

    const token = await profiled('leaving-1', '吴离开')
    const sunshine = await community(token, '阳光社区大党委')
    const me = (await post<MeDto>(token, '/api/memberships', { role: 'resident', household: { gridId: sunshine.grids[3].id, building: '2', unit: '2', room: '202' } })).body
    expect((await get(token, '/api/orders')).status).toBe(200)
    const ended = await post<MembershipOutcomeDto>(t.tokens.committee, `/api/memberships/${me.acting!.membershipId}/end`, { note: '已搬离' })
    expect(ended.body.status).toBe('ended')
    expect((await get(token, '/api/orders')).body).toMatchObject({ code: 'not_registered' })
    expect((await get<MeDto>(token, '/api/me')).body).toMatchObject({ acting: null, identities: [] })
    // A committee of another community cannot remove anyone here.
    const happiness = t.accounts.find((a) => a.role === 'committee' && a.name === '孙书记')!
    const target = first.body.items[0]
    expect((await post(await t.login(happiness.id), `/api/memberships/${target.membershipId}/end`)).status).toBe(404)
  })
})

describe('the committee corrects a registration', () => {
  test("a household's address is corrected; its people and orders follow, and the history says who did it", async () => {
    const token = await profiled('corrected-1', '冯更正')
    const sunshine = await community(token, '阳光社区大党委')
    const me = (await post<MeDto>(token, '/api/memberships', { role: 'resident', household: { gridId: sunshine.grids[4].id, building: '4', unit: '1', room: '9O1' } })).body
    const householdId = me.acting!.householdId!
    const order = (await post<OrderDetailDto>(token, '/api/orders', orderDraft(t, { gridId: undefined }))).body

    const listed = await get<MemberPageDto>(t.tokens.committee, '/api/members?role=resident&limit=5')
    expect(listed.body.items.find((m) => m.userId === me.id)).toMatchObject({ householdId, householdAddress: '4号楼1单元9O1' })
    const corrected = await put<HouseholdDto>(t.tokens.committee, `/api/households/${householdId}`, { building: '4', unit: '1', room: '901' })
    expect(corrected.status).toBe(200)
    expect(corrected.body).toMatchObject({ id: householdId, address: '4号楼1单元901' })
    expect((await get<MeDto>(token, '/api/me')).body.acting).toMatchObject({ householdId, householdAddress: '4号楼1单元901' })
    expect((await get<OrderDetailDto>(token, `/api/orders/${order.id}`)).body.householdId).toBe(householdId)
    const [history] = await queryRows<{ event: string; actor_id: number; note: string }>(
      t.database.db,
      sql`select event, actor_id, note from membership_events where membership_id = ${me.acting!.membershipId} order by id desc limit 1`,
    )
    expect(history).toEqual({ event: 'corrected', actor_id: t.byRole.committee.id, note: `住址更正：${sunshine.grids[4].name} 4号楼1单元9O1 → ${sunshine.grids[4].name} 4号楼1单元901` })

    // Onto another registered household's address: refused, nothing changed.
    const other = await queryRows<{ building: string; unit: string; room: string }>(
      t.database.db,
      sql`select building, unit, room from households where grid_id = ${sunshine.grids[4].id} and id <> ${householdId} limit 1`,
    )
    expect((await put(t.tokens.committee, `/api/households/${householdId}`, other[0])).status).toBe(409)
    expect((await get<MeDto>(token, '/api/me')).body.acting!.householdAddress).toBe('4号楼1单元901')
    // Residents cannot correct; another community's committee does not find it.
    expect((await put(token, `/api/households/${householdId}`, { building: '', unit: '', room: '1' })).status).toBe(403)
    const happiness = t.accounts.find((a) => a.role === 'committee' && a.name === '孙书记')!
    expect((await put(await t.login(happiness.id), `/api/households/${householdId}`, { building: '', unit: '', room: '1' })).status).toBe(404)
  })
})

