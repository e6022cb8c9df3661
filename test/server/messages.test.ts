/**
 * The outbox and the message centre: each transition writes its notices with it; the delivery
 * turns them into messages for the people concerned, once; each person reads their own.
 */
import { sql } from 'drizzle-orm'
import { deliverNotices } from '../../server/jobs/deliver-notices'
import { applyTransition } from '../../server/repositories/order-writes'
import { factsOf } from '../../server/repositories/order-dto'
import { findOrder } from '../../server/repositories/orders'
import { transition } from '../../src/domain'
import type { OrderDetailDto, TransitionOutcomeDto } from '../../types/api'
import type { MessagePageDto, UnreadCountDto } from '../../types/messages'
import { createTestApp, membersAbove, queryRows, type TestApp } from '../support/app'
import { call } from '../support/http'
import { orderDraft } from '../support/orders'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
  // What the seed's history left aside: every test starts from an empty outbox and message centre.
  await deliverNotices(t.database.db, t.app.now())
})
afterAll(() => t.close())

const act = (token: string, id: number, body: object) =>
  call<TransitionOutcomeDto>(t.app, token, { method: 'POST', url: `/api/orders/${id}/transitions`, payload: body })
const inbox = (token: string, query = '') => call<MessagePageDto>(t.app, token, { method: 'GET', url: `/api/messages${query}` })
const deliver = () => deliverNotices(t.database.db, t.app.now())
const pendingNotices = async () => (await queryRows<{ n: number }>(t.database.db, sql`select count(*)::int as n from outbox where delivered_at is null`))[0].n
/** Who got a message of `kind` about the order. */
const recipients = async (orderId: number, kind: string) =>
  (await queryRows<{ userId: number }>(t.database.db, sql`select user_id as "userId" from messages where order_id = ${orderId} and kind = ${kind} order by user_id`)).map((r) => r.userId)
const above = (role: string, path: string) => membersAbove(t.database.db, role, path)

async function placeOrder(): Promise<OrderDetailDto> {
  const { status, body } = await call<OrderDetailDto>(t.app, t.tokens.resident, { method: 'POST', url: '/api/orders', payload: orderDraft(t, { description: '楼道灯坏了，晚上看不清台阶' }) })
  expect(status).toBe(201)
  return body
}

describe('notices through the whole loop', () => {
  test('placed → committees; published → the hall; taken, completed → the household; confirmed → who did it', async () => {
    const order = await placeOrder()
    expect(await pendingNotices()).toBe(1)
    expect(await deliver()).toBe(1)
    const committees = await above('committee', order.orgPath)
    expect(committees.length).toBeGreaterThanOrEqual(1)
    expect(await recipients(order.id, 'order_placed')).toEqual(committees)

    const committeeInbox = await inbox(t.tokens.committee)
    expect(committeeInbox.body.items[0]).toMatchObject({ kind: 'order_placed', orderId: order.id, title: '新的居民点单，请及时受理', read: false })
    expect(committeeInbox.body.items[0].body).toBe(`${order.categoryName}：楼道灯坏了，晚上看不清台阶`)
    expect(committeeInbox.body.unread).toBeGreaterThanOrEqual(1)

    await act(t.tokens.committee, order.id, { action: 'publish' })
    await deliver()
    // Everyone who may take the hall place: Party members and volunteers above the grid, not departments.
    const hall = [...new Set([...(await above('party_member', order.orgPath)), ...(await above('volunteer', order.orgPath))])].sort((a, b) => a - b)
    expect(await recipients(order.id, 'new_in_hall')).toEqual(hall)
    expect(hall).not.toContain(t.byRole.department.id)

    await act(t.tokens.volunteer, order.id, { action: 'claim' })
    await act(t.tokens.volunteer, order.id, { action: 'start' })
    await act(t.tokens.volunteer, order.id, { action: 'complete', note: '换好了灯泡' })
    await act(t.tokens.resident, order.id, { action: 'confirm', rating: 5 })
    await deliver()
    const household = (
      await queryRows<{ userId: number }>(
        t.database.db,
        sql`select distinct user_id as "userId" from memberships where household_id = ${order.householdId} and status = 'active' and role in ('resident', 'proxy') order by 1`,
      )
    ).map((r) => r.userId)
    expect(await recipients(order.id, 'taken')).toEqual(household)
    expect(await recipients(order.id, 'completed')).toEqual(household)
    expect(await recipients(order.id, 'closed')).toEqual([t.byRole.volunteer.id])
    // start and progress tell nobody: the household heard 已接单 and will hear 已办结.
    expect((await queryRows<{ kind: string }>(t.database.db, sql`select kind from outbox where order_id = ${order.id} order by id`)).map((r) => r.kind)).toEqual([
      'order_placed',
      'new_in_hall',
      'taken',
      'completed',
      'closed',
    ])
  })

  test('a refused action and a lost race announce nothing', async () => {
    const order = await placeOrder()
    await deliver()
    expect((await act(t.tokens.volunteer, order.id, { action: 'claim' })).status).toBe(404)
    expect((await act(t.tokens.committee, order.id, { action: 'reject' })).status).toBe(400)
    expect(await pendingNotices()).toBe(0)

    const loaded = (await findOrder(t.database.db, order.id))!
    const decided = transition(factsOf(loaded), 'reject', t.byRole.committee, t.app.now(), { note: '不属于社区服务范围' })
    if (!decided.ok) throw new Error('refused')
    expect(decided.notices).toEqual([{ kind: 'rejected', audience: { kind: 'households', householdIds: [order.householdId] } }])
    await act(t.tokens.resident, order.id, { action: 'cancel' })
    const before = await pendingNotices()
    // The order moved on since it was read: the write loses, and its notice goes with it.
    expect(await applyTransition(t.database.db, loaded.row, decided)).toBeNull()
    expect(await pendingNotices()).toBe(before)
  })

  test('delivered once however often delivery runs', async () => {
    const order = await placeOrder()
    await deliver()
    expect(await deliver()).toBe(0)
    const counts = await queryRows<{ n: number }>(t.database.db, sql`select count(*)::int as n from messages where order_id = ${order.id} group by user_id having count(*) > 1`)
    expect(counts).toEqual([])
  })
})

describe('the message centre', () => {
  test('pages newest first, counts unread, marks read only the reader’s own', async () => {
    for (let i = 0; i < 3; i++) await placeOrder()
    await deliver()
    const first = await inbox(t.tokens.committee, '?limit=2')
    expect(first.status).toBe(200)
    expect(first.body.items).toHaveLength(2)
    expect(first.body.items[0].id).toBeGreaterThan(first.body.items[1].id)
    const second = await inbox(t.tokens.committee, `?limit=2&cursor=${first.body.nextCursor}`)
    expect(second.body.items[0].id).toBeLessThan(first.body.items[1].id)

    const unread = (await call<UnreadCountDto>(t.app, t.tokens.committee, { method: 'GET', url: '/api/messages/unread' })).body.unread
    expect(unread).toBe(first.body.unread)
    // Someone else's message id is ignored, not an error that would say it exists.
    const others = (await inbox(t.tokens.resident)).body.items.map((m) => m.id)
    const marked = await call<UnreadCountDto>(t.app, t.tokens.committee, { method: 'POST', url: '/api/messages/read', payload: { ids: [first.body.items[0].id, ...others.slice(0, 1)] } })
    expect([marked.status, marked.body.unread]).toEqual([200, unread - 1])
    expect((await inbox(t.tokens.committee, '?limit=1')).body.items[0].read).toBe(true)
    const all = await call<UnreadCountDto>(t.app, t.tokens.committee, { method: 'POST', url: '/api/messages/read', payload: { all: true } })
    expect(all.body.unread).toBe(0)
    expect((await inbox(t.tokens.resident)).body.items.map((m) => m.read)).not.toContain(undefined)
  })

  test.each([
    ['GET', '/api/messages?cursor=abc', undefined],
    ['GET', '/api/messages?limit=0', undefined],
    ['GET', '/api/messages?limit=51', undefined],
    ['POST', '/api/messages/read', {}],
    ['POST', '/api/messages/read', { ids: [] }],
    ['POST', '/api/messages/read', { ids: [1], all: true }],
    ['POST', '/api/messages/read', { all: false }],
  ])('%s %s %j → 400 with a message', async (method, url, payload) => {
    const res = await call<{ code: string; message: string }>(t.app, t.tokens.committee, { method: method as 'GET' | 'POST', url, payload })
    expect(res.status).toBe(400)
    expect(res.body).toMatchObject({ code: 'invalid_input', message: expect.any(String) })
  })

  test('no session, no messages', async () => {
    expect((await call(t.app, '', { method: 'GET', url: '/api/messages' })).status).toBe(401)
  })
})
