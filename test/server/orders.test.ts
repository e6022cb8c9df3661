import { sql } from 'drizzle-orm'
import { STATUS_GROUP_NAMES } from '../../src/domain'
import type { CreateOrderRequest, OrderCountsDto, OrderDetailDto, OrderPageDto, OrderSummaryDto, TransitionOutcomeDto } from '../../types/api'
import { createTestApp, queryRows, type TestApp } from '../support/app'
import { orderDraft } from '../support/orders'
import { call } from '../support/http'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(() => t.close())

const draft = (overrides: Partial<CreateOrderRequest> = {}) => orderDraft(t, overrides)

const create = (token: string | null, body: unknown, headers: Record<string, string> = {}) =>
  call<OrderDetailDto>(t.app, token, { method: 'POST', url: '/api/orders', payload: body as object, headers })
const act = (token: string, id: number, body: object) =>
  call<TransitionOutcomeDto>(t.app, token, { method: 'POST', url: `/api/orders/${id}/transitions`, payload: body })
const get = (token: string, id: number) => call<OrderDetailDto>(t.app, token, { method: 'GET', url: `/api/orders/${id}` })
const list = (token: string, query = '') => call<OrderPageDto>(t.app, token, { method: 'GET', url: `/api/orders${query}` })

describe('POST /api/orders', () => {
  test('a resident creates an order with its submit event', async () => {
    const { status, body } = await create(t.tokens.resident, draft())
    expect(status).toBe(201)
    expect(body).toMatchObject({ status: 'submitted', categoryName: '助餐', householdId: t.byRole.resident.householdId, placedAs: 'resident', contactPhone: '13800001111' })
    expect(body.timeline.map((e) => e.event)).toEqual(['submit'])
  })

  test.each([
    ['description too short', { description: '坏了' }, 'description'],
    ['bad phone', { contactPhone: '12345' }, 'contactPhone'],
    ['bad urgency', { urgency: 'whenever' }, 'urgency'],
    ['photo not uploaded here', { photos: ['https://evil.example/x.jpg'] }, 'photos'],
    ['too many photos', { photos: Array.from({ length: 7 }, (_, i) => `/api/uploads/2026/11/abcdefgh${i}.jpg`) }, 'photos'],
    ['unknown category', { categoryCode: 'nope' }, 'categoryCode'],
    ['grid outside the community', { gridId: 999 }, 'gridId'],
  ])('400 for %s, naming the field', async (_name, overrides, field) => {
    const { status, body } = await create(t.tokens.resident, { ...draft(), ...overrides })
    expect(status).toBe(400)
    expect(body).toMatchObject({ code: 'invalid_input' })
    expect((body as unknown as { message: string }).message).toContain(field)
  })

  test('400 when the service needs a photo and none is attached (维修)', async () => {
    const { status, body } = await create(t.tokens.resident, draft({ categoryCode: 'repair', photos: [] }))
    expect(status).toBe(400)
    expect(body).toMatchObject({ code: 'invalid_input', message: '这类服务需要附上照片，方便上门前准备' })
  })

  test('400 for a missing field', async () => {
    const { description: _omit, ...rest } = draft()
    const { status, body } = await create(t.tokens.resident, rest)
    expect(status).toBe(400)
    expect(body).toEqual({ code: 'invalid_input', message: '缺少参数 description' })
  })

  test('address and contact left out (the one-tap 助急) come from the household and the person placing it', async () => {
    const { status, body } = await create(t.tokens.resident, { categoryCode: 'emergency', description: '一键助急：请尽快联系我', urgency: 'emergency' })
    expect(status).toBe(201)
    const [household] = await queryRows<{ address: string }>(
      t.database.db,
      sql`select concat(replace(b.name, '党支部', ''), h.building, '号楼', h.unit, '单元', h.room) as address
          from households h join orgs g on g.id = h.grid_id join orgs b on b.id = g.parent_id where h.id = ${t.byRole.resident.householdId}`,
    )
    expect(body).toMatchObject({ address: household.address, contactName: t.byRole.resident.name, contactPhone: t.byRole.resident.phone })
  })

  test('400 when nothing gives a contact phone: a person without a bound phone must type one', async () => {
    await t.database.db.execute(sql`update users set phone = '' where id = ${t.byRole.resident.id}`)
    try {
      const { status, body } = await create(t.tokens.resident, { categoryCode: 'emergency', description: '一键助急：请尽快联系我', urgency: 'emergency' })
      expect([status, body]).toEqual([400, { code: 'invalid_input', message: '请填写正确的 11 位手机号' }])
    } finally {
      await t.database.db.execute(sql`update users set phone = ${t.byRole.resident.phone} where id = ${t.byRole.resident.id}`)
    }
  })

  test('401 without a session, 403 for non-residents', async () => {
    expect((await create(null, draft())).status).toBe(401)
    expect((await create('x'.repeat(43), draft())).body).toMatchObject({ code: 'unauthenticated' })
    const { status, body } = await create(t.tokens.committee, draft())
    expect(status).toBe(403)
    expect(body).toMatchObject({ code: 'forbidden' })
  })

  test('Idempotency-Key: same key returns the same order once; a new key makes a new one', async () => {
    const headers = { 'idempotency-key': 'retry-key-0001' }
    const first = await create(t.tokens.resident, draft({ description: '幂等测试：帮忙换灯泡' }), headers)
    const again = await Promise.all([1, 2, 3].map(() => create(t.tokens.resident, draft({ description: '幂等测试：帮忙换灯泡' }), headers)))
    expect(first.status).toBe(201)
    expect(again.map((r) => [r.status, r.body.id])).toEqual([[200, first.body.id], [200, first.body.id], [200, first.body.id]])
    const other = await create(t.tokens.resident, draft({ description: '幂等测试：帮忙换灯泡' }), { 'idempotency-key': 'retry-key-0002' })
    expect(other.status).toBe(201)
    expect(other.body.id).not.toBe(first.body.id)
    expect(await queryRows(t.database.db, sql`select count(*)::int as n from orders where description = '幂等测试：帮忙换灯泡'`)).toEqual([{ n: 2 }])
    expect(await queryRows(t.database.db, sql`select count(*)::int as n from order_events where order_id = ${first.body.id}`)).toEqual([{ n: 1 }])
  })
})

describe('the full loop across three accounts', () => {
  test('resident → committee dispatch → volunteer accept/start/progress/complete → resident confirms', async () => {
    const { body: order } = await create(t.tokens.resident, draft({ description: '独居老人家里水管漏水，需要维修' }))
    const steps: [string, object][] = [
      [t.tokens.committee, { action: 'dispatch', assigneeId: t.byRole.volunteer.id, note: '请尽快上门' }],
      [t.tokens.volunteer, { action: 'accept' }],
      [t.tokens.volunteer, { action: 'start' }],
      [t.tokens.volunteer, { action: 'progress', note: '已买好配件' }],
      [t.tokens.volunteer, { action: 'complete', note: '已更换水管接头' }],
      [t.tokens.resident, { action: 'confirm', rating: 5, note: '谢谢' }],
    ].map(([token, body]) => [token as string, body as object])
    let last = order
    for (const [token, body] of steps) {
      const { status, body: next } = await act(token, order.id, body)
      expect({ body, status }).toEqual({ body, status: 200 })
      last = next.order!
    }
    expect(last).toMatchObject({ status: 'closed', rating: 5, takerName: t.byRole.volunteer.name })
    expect(last.parts).toEqual([{ slotId: last.slots[0].id, userId: t.byRole.volunteer.id, name: t.byRole.volunteer.name, status: 'done' }])
    expect(last.timeline.map((e) => [e.event, e.from, e.to])).toEqual([
      ['submit', null, 'submitted'],
      ['dispatch', 'submitted', 'assigned'],
      ['accept', 'assigned', 'accepted'],
      ['start', 'accepted', 'in_progress'],
      ['progress', 'in_progress', 'in_progress'],
      ['complete', 'in_progress', 'completed'],
      ['confirm', 'completed', 'closed'],
    ])
    expect(last.timeline[1]).toMatchObject({ assigneeName: t.byRole.volunteer.name, actorName: '王书记', note: '请尽快上门' })
    // The resident sees their own name; the volunteer sees it masked and the contact phone in full.
    expect(last.timeline[0].actorName).toBe(t.byRole.resident.name)
    const asVolunteer = await get(t.tokens.volunteer, order.id)
    expect(asVolunteer.body.timeline[0].actorName).toMatch(/^.\*+$/)
    expect(asVolunteer.body.contactPhone).toBe('13800001111')
  })

  test('409 with the current status for an action the state does not allow', async () => {
    const { body: order } = await create(t.tokens.resident, draft())
    const { status, body } = await act(t.tokens.resident, order.id, { action: 'confirm', rating: 5 })
    expect(status).toBe(409)
    expect(body).toMatchObject({ code: 'conflict', currentStatus: 'submitted' })
  })

  test('403 when the role may not act, 400 when input is missing or the assignee is wrong', async () => {
    const { body: order } = await create(t.tokens.resident, draft())
    expect((await act(t.tokens.resident, order.id, { action: 'publish' })).status).toBe(403)
    expect((await act(t.tokens.committee, order.id, { action: 'reject' })).body).toEqual({ code: 'invalid_input', message: '请填写原因' })
    const toResident = await act(t.tokens.committee, order.id, { action: 'dispatch', assigneeId: t.byRole.resident.id })
    expect(toResident.status).toBe(400)
    expect((await act(t.tokens.committee, order.id, { action: 'fly' })).status).toBe(400)
  })
})

describe('hall and scope', () => {
  test('published orders appear in the hall; a party member claims one', async () => {
    const { body: order } = await create(t.tokens.resident, draft({ description: '大厅测试：帮忙代买米面油' }))
    await act(t.tokens.committee, order.id, { action: 'publish' })
    const hall = await list(t.tokens.party_member, '?view=hall&limit=50')
    expect(hall.body.items.every((o) => o.status === 'open')).toBe(true)
    expect(hall.body.items.map((o) => o.id)).toContain(order.id)
    // Someone browsing the hall sees a masked phone; after claiming they see it in full.
    expect((await get(t.tokens.party_member, order.id)).body.contactPhone).toBe('138****1111')
    const claimed = await act(t.tokens.party_member, order.id, { action: 'claim' })
    expect(claimed.body.order).toMatchObject({ status: 'accepted', takerName: t.byRole.party_member.name, contactPhone: '13800001111' })
    expect(claimed.body.order!.parts).toMatchObject([{ userId: t.byRole.party_member.id, status: 'joined' }])
    // A second claimer lost the race: 409 with the status, though the order is no longer theirs to see.
    const again = await act(t.tokens.volunteer, order.id, { action: 'claim' })
    expect(again.status).toBe(409)
    expect(again.body).toMatchObject({ code: 'conflict', currentStatus: 'accepted' })
    expect((await get(t.tokens.volunteer, order.id)).status).toBe(404)
    const mine = await list(t.tokens.party_member, '?view=mine&limit=50')
    expect(mine.body.items.map((o) => o.id)).toContain(order.id)
  })

  test("a resident cannot see another resident's order (404, not 403)", async () => {
    const { body: order } = await create(t.tokens.resident, draft())
    const other = t.accounts.find((a) => a.role === 'resident' && a.id !== t.byRole.resident.id)!
    const token = await t.login(other.id)
    expect((await get(token, order.id)).body).toMatchObject({ code: 'not_found' })
    expect((await act(token, order.id, { action: 'cancel' })).status).toBe(404)
    expect((await get(token, 999999)).status).toBe(404)
    expect((await list(token, '?limit=50')).body.items.every((o) => o.householdId === other.householdId)).toBe(true)
  })

  test("another compound's committee can neither see nor act", async () => {
    const { body: order } = await create(t.tokens.resident, draft())
    const residentCompound = t.byRole.resident.orgPath.split('/').slice(0, 4).join('/') + '/'
    const isBranch = (a: (typeof t.accounts)[number]) => a.communityPath === t.byRole.committee.orgPath && a.orgPath !== a.communityPath
    const otherBranch = t.accounts.find((a) => a.role === 'committee' && isBranch(a) && a.orgPath !== residentCompound)!
    const ownBranch = t.accounts.find((a) => a.role === 'committee' && a.orgPath === residentCompound)!
    const other = await t.login(otherBranch.id)
    expect((await act(other, order.id, { action: 'publish' })).status).toBe(404)
    const list1 = await list(other, '?limit=50')
    expect(list1.body.items.every((o) => o.orgPath.startsWith(otherBranch.orgPath))).toBe(true)
    expect((await act(await t.login(ownBranch.id), order.id, { action: 'publish' })).status).toBe(200)
  })
})

describe('GET /api/orders pagination and filters', () => {
  test('walks every page without duplicates or gaps, newest first', async () => {
    const all = await queryRows<{ id: number }>(t.database.db, sql`select id from orders where org_path like ${`${t.byRole.committee.orgPath}%`} order by updated_at desc, id desc`)
    const seen: number[] = []
    let cursor: string | null = null
    do {
      const query: string = `?limit=7${cursor ? `&cursor=${cursor}` : ''}`
      const { status, body } = await list(t.tokens.committee, query)
      expect(status).toBe(200)
      expect(body.items.length).toBeLessThanOrEqual(7)
      seen.push(...body.items.map((o) => o.id))
      cursor = body.nextCursor
    } while (cursor)
    expect(seen).toEqual(all.map((r) => r.id))
  })

  /** Every page of a list, following nextCursor. */
  async function walk(token: string, query: string): Promise<OrderSummaryDto[]> {
    const seen: OrderSummaryDto[] = []
    let cursor: string | null = null
    do {
      const { status, body } = await list(token, `${query}${cursor ? `&cursor=${cursor}` : ''}`)
      expect(status).toBe(200)
      seen.push(...body.items)
      cursor = body.nextCursor
    } while (cursor)
    return seen
  }

  const RANK = { emergency: 0, urgent: 1, normal: 2 } as const
  const queueOrder = (a: OrderSummaryDto, b: OrderSummaryDto) =>
    RANK[a.urgency] - RANK[b.urgency] || a.createdAt.localeCompare(b.createdAt) || a.id - b.id

  test('the committee inbox is a queue: most urgent first, then oldest first, across pages', async () => {
    for (const urgency of ['normal', 'emergency', 'urgent', 'emergency'] as const) {
      await create(t.tokens.resident, draft({ description: `排队测试：${urgency} 的需求`, urgency }))
    }
    const inbox = await walk(t.tokens.committee, '?group=pending&limit=2')
    const pending = await queryRows<{ n: number }>(t.database.db, sql`select count(*)::int as n from orders where status in ('submitted', 'reopened') and org_path like ${`${t.byRole.committee.orgPath}%`}`)
    expect(inbox).toHaveLength(pending[0].n)
    expect(new Set(inbox.map((o) => o.id)).size).toBe(inbox.length)
    expect(inbox.map((o) => o.id)).toEqual([...inbox].sort(queueOrder).map((o) => o.id))
    expect(inbox[0].urgency).toBe('emergency')
  })

  test("the hall is a queue too; a volunteer's own tasks are newest first", async () => {
    const hall = await walk(t.tokens.volunteer, '?view=hall&limit=2')
    expect(hall.length).toBeGreaterThan(2)
    expect(hall.map((o) => o.id)).toEqual([...hall].sort(queueOrder).map((o) => o.id))
    const mine = await walk(t.tokens.volunteer, '?view=mine&limit=2')
    expect(mine.map((o) => o.updatedAt)).toEqual(mine.map((o) => o.updatedAt).sort().reverse())
  })

  test('counts per status group agree with the lists, for the committee and the hall', async () => {
    const counts = await call<OrderCountsDto>(t.app, t.tokens.committee, { method: 'GET', url: '/api/orders/counts' })
    expect(counts.status).toBe(200)
    for (const group of STATUS_GROUP_NAMES) {
      expect([group, counts.body[group]]).toEqual([group, (await walk(t.tokens.committee, `?group=${group}&limit=50`)).length])
    }
    const hall = await call<OrderCountsDto>(t.app, t.tokens.volunteer, { method: 'GET', url: '/api/orders/counts?view=hall' })
    // The hall holds orders with a free place: published ones, and calls already under way.
    const inHall = await walk(t.tokens.volunteer, '?view=hall&limit=50')
    expect(hall.body.dispatching + hall.body.active).toBe(inHall.length)
    expect(hall.body.pending + hall.body.awaiting_confirmation + hall.body.done + hall.body.ended).toBe(0)
    expect(inHall.every((o) => o.slots.some((s) => s.open && s.kind !== 'person'))).toBe(true)
    expect((await call(t.app, null, { method: 'GET', url: '/api/orders/counts' })).status).toBe(401)
    expect((await call(t.app, t.tokens.volunteer, { method: 'GET', url: '/api/orders/counts?view=all' })).status).toBe(400)
  })

  test('group filter and role scoping', async () => {
    const done = await list(t.tokens.committee, '?group=done&limit=50')
    expect(done.body.items.length).toBeGreaterThan(0)
    expect(done.body.items.every((o) => o.status === 'closed')).toBe(true)
    // Without a group a resident sees all of their own orders, whatever the status, and no one else's.
    const own = await walk(t.tokens.resident, '?limit=50')
    const theirs = await queryRows<{ id: number }>(t.database.db, sql`select id from orders where household_id = ${t.byRole.resident.householdId}`)
    expect(own.map((o) => o.id).sort((a, b) => a - b)).toEqual(theirs.map((r) => r.id).sort((a, b) => a - b))
    expect(new Set(own.map((o) => o.status)).size).toBeGreaterThan(1)
    const mine = await list(t.tokens.volunteer, '?limit=50')
    const me = t.byRole.volunteer.id
    const holdsPart = (o: OrderSummaryDto) => o.parts.some((p) => p.userId === me && ['invited', 'joined', 'started', 'done'].includes(p.status))
    expect(mine.body.items.length).toBeGreaterThan(0)
    expect(mine.body.items.every(holdsPart)).toBe(true)
  })

  test('400 for a bad cursor, limit or group; 401 without a session', async () => {
    expect((await list(t.tokens.resident, '?cursor=garbage')).body).toMatchObject({ code: 'invalid_input' })
    expect((await list(t.tokens.resident, '?limit=51')).status).toBe(400)
    expect((await list(t.tokens.resident, '?group=nope')).status).toBe(400)
    expect((await call(t.app, null, { method: 'GET', url: '/api/orders' })).status).toBe(401)
  })
})

describe('atomicity', () => {
  test('a failing event insert rolls back the status change', async () => {
    const { body: order } = await create(t.tokens.resident, draft())
    await t.database.db.execute(sql`alter table order_events add constraint test_no_publish check (event <> 'publish') not valid`)
    try {
      const { status, body } = await act(t.tokens.committee, order.id, { action: 'publish' })
      expect(status).toBe(500)
      expect(body).toEqual({ code: 'internal', message: expect.any(String) })
    } finally {
      await t.database.db.execute(sql`alter table order_events drop constraint test_no_publish`)
    }
    const after = await get(t.tokens.resident, order.id)
    expect(after.body.status).toBe('submitted')
    expect(after.body.timeline).toHaveLength(1)
    const [row] = await queryRows<{ version: number }>(t.database.db, sql`select version from orders where id = ${order.id}`)
    expect(row.version).toBe(1)
  })
})
