/**
 * 挂账: the committee sets an order aside with a reason and a day to look again; on that day (China
 * calendar) it comes back into the queue by itself. The clock is injected.
 */
import { sql } from 'drizzle-orm'
import { chinaDate } from '../../src/domain'
import { revisitDueParked } from '../../server/jobs/revisit-parked'
import type { OrderCountsDto, OrderDetailDto, OrderPageDto, TransitionOutcomeDto } from '../../types/api'
import type { DecisionOutcomesDto, MeetingDto } from '../../types/meetings'
import { createTestApp, queryRows, type TestApp } from '../support/app'
import { call } from '../support/http'
import { orderDraft } from '../support/orders'

const DAY = 24 * 3600_000
let t: TestApp
/** The app's clock, read without ticking it. */
let today: Date

beforeAll(async () => {
  t = await createTestApp()
  today = t.app.now()
})
afterAll(() => t.close())

const act = (token: string, id: number, body: object) =>
  call<TransitionOutcomeDto>(t.app, token, { method: 'POST', url: `/api/orders/${id}/transitions`, payload: body })
const inDays = (n: number) => chinaDate(new Date(today.getTime() + n * DAY))

async function newOrder(description = '小区门口的路面坑洼，需要统一修整'): Promise<number> {
  const { status, body } = await call<OrderDetailDto>(t.app, t.tokens.resident, { method: 'POST', url: '/api/orders', payload: orderDraft(t, { description }) })
  expect(status).toBe(201)
  return body.id
}

const statusOf = async (id: number) => (await queryRows<{ status: string }>(t.database.db, sql`select status from orders where id = ${id}`))[0].status

describe('park and revisit', () => {
  test('parked with a reason and a day; listed under 挂账; back in the queue on that day, once', async () => {
    const id = await newOrder()
    const parked = await act(t.tokens.committee, id, { action: 'park', note: '需等街道统一规划道路改造', revisitOn: inDays(3) })
    expect([parked.status, parked.body.status]).toEqual([200, 'parked'])
    const event = parked.body.order!.timeline.at(-1)!
    expect(event).toMatchObject({ event: 'park', note: '需等街道统一规划道路改造', payload: { kind: 'parked', revisitOn: inDays(3) } })

    const list = await call<OrderPageDto>(t.app, t.tokens.committee, { method: 'GET', url: '/api/orders?group=parked&limit=50' })
    expect(list.body.items.map((o) => o.id)).toContain(id)
    const counts = await call<OrderCountsDto>(t.app, t.tokens.committee, { method: 'GET', url: '/api/orders/counts' })
    expect(counts.body.parked).toBeGreaterThanOrEqual(1)
    const inbox = await call<OrderPageDto>(t.app, t.tokens.committee, { method: 'GET', url: '/api/orders?group=pending&limit=50' })
    expect(inbox.body.items.map((o) => o.id)).not.toContain(id)

    // The day before: still parked. On the day (in China, from midnight): back, by the system.
    expect(await revisitDueParked(t.database.db, new Date(today.getTime() + 2 * DAY))).not.toContain(id)
    const midnight = new Date(`${inDays(3)}T00:00:00+08:00`)
    expect(await revisitDueParked(t.database.db, new Date(midnight.getTime() - 1000))).not.toContain(id)
    expect(await revisitDueParked(t.database.db, midnight)).toContain(id)
    expect(await statusOf(id)).toBe('submitted')
    expect(await revisitDueParked(t.database.db, new Date(midnight.getTime() + DAY))).not.toContain(id)
    const [revisit] = await queryRows<{ actorId: number | null; actorRole: string }>(
      t.database.db,
      sql`select actor_id as "actorId", actor_role as "actorRole" from order_events where order_id = ${id} and event = 'revisit'`,
    )
    expect(revisit).toEqual({ actorId: null, actorRole: 'system' })
  })

  test('the committee may take it up early; the resident may withdraw it while parked', async () => {
    const early = await newOrder()
    await act(t.tokens.committee, early, { action: 'park', note: '等物业答复', revisitOn: inDays(30) })
    expect((await act(t.tokens.committee, early, { action: 'revisit' })).body.status).toBe('submitted')
    const withdrawn = await newOrder()
    await act(t.tokens.committee, withdrawn, { action: 'park', note: '等物业答复', revisitOn: inDays(30) })
    expect((await act(t.tokens.resident, withdrawn, { action: 'cancel' })).body.status).toBe('cancelled')
    expect(await revisitDueParked(t.database.db, new Date(today.getTime() + 40 * DAY))).not.toContain(withdrawn)
  })

  /** Bodies built when the test runs: the days count from the app's clock. */
  test.each([
    ['no reason', () => ({ revisitOn: inDays(3) }), '请填写挂账原因和重新办理的日期'],
    ['no day', () => ({ note: '原因' }), '请填写挂账原因和重新办理的日期'],
    ['not a date', () => ({ note: '原因', revisitOn: '下周一' }), '参数 revisitOn 不合法'],
    ['an impossible date', () => ({ note: '原因', revisitOn: '2026-02-30' }), '参数 revisitOn 不合法'],
    ['today', () => ({ note: '原因', revisitOn: inDays(0) }), '重新办理的日期须在今天之后'],
    ['in the past', () => ({ note: '原因', revisitOn: inDays(-5) }), '重新办理的日期须在今天之后'],
    ['beyond a year', () => ({ note: '原因', revisitOn: inDays(400) }), '挂账最长 366 天'],
    ['an overlong string', () => ({ note: '原因', revisitOn: '2026-12-01T00:00:00' }), 'revisitOn'],
  ])('400 for %s, and nothing written', async (_name, body, fragment) => {
    const id = await newOrder()
    const res = await act(t.tokens.committee, id, { action: 'park', ...body() })
    expect(res.status).toBe(400)
    expect(res.body).toMatchObject({ code: 'invalid_input', message: expect.stringContaining(fragment) })
    expect(await statusOf(id)).toBe('submitted')
  })

  test('only the committee parks; a dispatched order cannot be parked', async () => {
    const id = await newOrder()
    expect((await act(t.tokens.resident, id, { action: 'park', note: '原因', revisitOn: inDays(3) })).status).toBe(403)
    await act(t.tokens.committee, id, { action: 'publish' })
    expect((await act(t.tokens.committee, id, { action: 'park', note: '原因', revisitOn: inDays(3) })).status).toBe(409)
  })

  test('a joint meeting may park an agenda order (挂账 is one of its decisions)', async () => {
    const id = await newOrder('希望在小区里加装电梯')
    const meeting = await call<MeetingDto>(t.app, t.tokens.committee, {
      method: 'POST',
      url: '/api/meetings',
      payload: { kind: 'co_building', title: '加装电梯共建联席会议', heldAt: '2026-11-25T02:00:00.000Z', place: '议事厅', agenda: [id], attendees: [] },
    })
    const decided = await call<DecisionOutcomesDto>(t.app, t.tokens.committee, {
      method: 'POST',
      url: `/api/meetings/${meeting.body.id}/decisions`,
      payload: { decisions: [{ orderId: id, action: 'park', note: '待征得全体住户同意后再议', revisitOn: inDays(60) }] },
    })
    expect(decided.body.results).toEqual([{ orderId: id, applied: true, status: 'parked', code: null, message: null }])
  })
})
