/**
 * 民呼我应's clocks on the server: an emergency left unanswered goes up the org tree, each step an
 * event on its timeline and a message to the people of that level; written once however often
 * the job runs. The clock is injected.
 */
import { sql } from 'drizzle-orm'
import { chinaDate } from '../../src/domain'
import { deliverNotices } from '../../server/jobs/deliver-notices'
import { watchClocks } from '../../server/jobs/clocks'
import type { OrderDetailDto, TransitionOutcomeDto } from '../../types/api'
import type { MessagePageDto } from '../../types/messages'
import { createTestApp, queryRows, type TestApp } from '../support/app'
import { call } from '../support/http'
import { orderDraft } from '../support/orders'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
  // The seed's own overdue history is escalated and delivered first: each test sees only its order.
  await watchClocks(t.database.db, new Date(t.app.now().getTime() + 365 * 24 * 3600_000))
  await deliverNotices(t.database.db, t.app.now())
})
afterAll(() => t.close())

const minutesAfter = (start: string, minutes: number) => new Date(new Date(start).getTime() + minutes * 60_000)
const escalations = async (orderId: number) =>
  (
    await queryRows<{ level: string; clock: string }>(
      t.database.db,
      sql`select payload->>'level' as level, payload->>'clock' as clock from order_events where order_id = ${orderId} and event = 'escalate' order by id`,
    )
  ).map((r) => `${r.clock}:${r.level}`)

async function emergency(): Promise<OrderDetailDto> {
  const { status, body } = await call<OrderDetailDto>(t.app, t.tokens.resident, {
    method: 'POST',
    url: '/api/orders',
    payload: orderDraft(t, { categoryCode: 'emergency', description: '家里有很重的燃气味，老人不敢开灯', urgency: 'emergency' }),
  })
  expect(status).toBe(201)
  return body
}

test('an unanswered emergency goes up level by level, once each; the grid worker is told', async () => {
  const order = await emergency()
  const db = t.database.db
  await watchClocks(db, minutesAfter(order.createdAt, 29))
  expect(await escalations(order.id)).toEqual([])
  await watchClocks(db, minutesAfter(order.createdAt, 31))
  expect(await escalations(order.id)).toEqual(['response:grid'])
  // Run again and again: nothing twice.
  await watchClocks(db, minutesAfter(order.createdAt, 32))
  await watchClocks(db, minutesAfter(order.createdAt, 32))
  expect(await escalations(order.id)).toEqual(['response:grid'])
  await watchClocks(db, minutesAfter(order.createdAt, 61))
  expect(await escalations(order.id)).toEqual(['response:grid', 'response:compound', 'response:community'])

  // On the timeline, as the system, status unchanged; and in the grid worker's messages.
  const detail = await call<OrderDetailDto>(t.app, t.tokens.committee, { method: 'GET', url: `/api/orders/${order.id}` })
  expect(detail.body.status).toBe('submitted')
  expect(detail.body.timeline.filter((e) => e.event === 'escalate').map((e) => e.note)).toEqual([
    '超过受理时限（30 分钟），已上报网格',
    '超过受理时限（30 分钟），已上报小区党支部',
    '超过受理时限（30 分钟），已上报社区党委',
  ])
  await deliverNotices(db, t.app.now())
  const gridWorkers = await queryRows<{ userId: number }>(
    db,
    sql`select m.user_id as "userId" from memberships m join orgs o on o.id = m.org_id where o.path = ${order.orgPath} and m.role = 'grid_worker' and m.status = 'active'`,
  )
  expect(gridWorkers.length).toBeGreaterThan(0)
  const told = await queryRows<{ userId: number }>(db, sql`select user_id as "userId" from messages where order_id = ${order.id} and kind = 'escalated' order by id`)
  for (const { userId } of gridWorkers) expect(told.map((r) => r.userId)).toContain(userId)
  const committeeInbox = await call<MessagePageDto>(t.app, t.tokens.committee, { method: 'GET', url: '/api/messages?limit=50' })
  expect(committeeInbox.body.items.some((m) => m.orderId === order.id && m.kind === 'escalated')).toBe(true)
})

test('dispatched in time, only the completion clock can escalate; parked, nothing does', async () => {
  const order = await emergency()
  const db = t.database.db
  const dispatched = await call<TransitionOutcomeDto>(t.app, t.tokens.committee, {
    method: 'POST',
    url: `/api/orders/${order.id}/transitions`,
    payload: { action: 'publish' },
  })
  expect(dispatched.status).toBe(200)
  // Published within seconds: the response target was met, whatever the time now.
  await watchClocks(db, minutesAfter(order.createdAt, 100))
  expect(await escalations(order.id)).toEqual([])
  await watchClocks(db, minutesAfter(order.createdAt, 121))
  expect(await escalations(order.id)).toEqual(['completion:grid'])

  const parked = await emergency()
  const revisitOn = chinaDate(new Date(t.app.now().getTime() + 30 * 24 * 3600_000))
  const park = await call(t.app, t.tokens.committee, { method: 'POST', url: `/api/orders/${parked.id}/transitions`, payload: { action: 'park', note: '等燃气公司上门', revisitOn } })
  expect(park.status).toBe(200)
  await watchClocks(db, minutesAfter(parked.createdAt, 600))
  expect(await escalations(parked.id)).toEqual([])
})

test('reminders before it is late: 即将超时 to the committees at 80 %, a stale hall flagged, each once', async () => {
  const order = await emergency()
  const db = t.database.db
  const reminders = async () =>
    (await queryRows<{ kind: string; onceKey: string }>(db, sql`select kind, once_key as "onceKey" from outbox where order_id = ${order.id} and once_key is not null order by id`)).map(
      (r) => r.kind,
    )
  expect((await watchClocks(db, minutesAfter(order.createdAt, 23))).reminded).toBe(0)
  await watchClocks(db, minutesAfter(order.createdAt, 24))
  await watchClocks(db, minutesAfter(order.createdAt, 25))
  expect(await reminders()).toEqual(['due_soon'])

  await call(t.app, t.tokens.committee, { method: 'POST', url: `/api/orders/${order.id}/transitions`, payload: { action: 'publish' } })
  // Published now (the app's clock), so the hall wait starts from here.
  const publishedAt = t.app.now().toISOString()
  await watchClocks(db, minutesAfter(publishedAt, 29))
  expect(await reminders()).toEqual(['due_soon'])
  await watchClocks(db, minutesAfter(publishedAt, 31))
  await watchClocks(db, minutesAfter(publishedAt, 32))
  expect(await reminders()).toEqual(['due_soon', 'stale_in_hall'])
  await deliverNotices(db, t.app.now())
  const inbox = await call<MessagePageDto>(t.app, t.tokens.committee, { method: 'GET', url: '/api/messages?limit=50' })
  expect(inbox.body.items.filter((m) => m.orderId === order.id).map((m) => m.kind).sort()).toEqual(expect.arrayContaining(['due_soon', 'stale_in_hall']))
})
