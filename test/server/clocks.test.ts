/**
 * 超时 / 即将超时 on the lists and the order page: each order says which of its running clocks is
 * past 80 % of its target or past it, read from the timeline at the app's (injected) time.
 */
import type { OrderDetailDto, OrderPageDto, OrderSummaryDto } from '../../types/api'
import { createTestApp, SEED_BASE, type TestApp } from '../support/app'
import { call } from '../support/http'
import { orderDraft } from '../support/orders'

let t: TestApp
/** The app's clock, moved by hand. */
let now = new Date(SEED_BASE.getTime() + 3600_000)
beforeAll(async () => {
  t = await createTestApp({ now: () => now })
})
afterAll(() => t.close())

const MINUTE = 60_000
const later = (minutes: number) => (now = new Date(now.getTime() + minutes * MINUTE))
const clockIn = async (orderId: number): Promise<OrderSummaryDto['clock']> => {
  const detail = await call<OrderDetailDto>(t.app, t.tokens.committee, { method: 'GET', url: `/api/orders/${orderId}` })
  const inbox = await call<OrderPageDto>(t.app, t.tokens.committee, { method: 'GET', url: '/api/orders?group=pending&limit=50' })
  const listed = inbox.body.items.find((o) => o.id === orderId)
  // The list and the page agree.
  if (listed) expect(listed.clock).toEqual(detail.body.clock)
  return detail.body.clock
}

test('an emergency: fine, then due soon at 80 % of its 30 minutes, then overdue; dispatched, the response clock is met', async () => {
  const { body: order } = await call<OrderDetailDto>(t.app, t.tokens.resident, {
    method: 'POST',
    url: '/api/orders',
    payload: orderDraft(t, { categoryCode: 'emergency', description: '老人在卫生间摔倒了，起不来', urgency: 'emergency' }),
  })
  const placedAt = new Date(order.createdAt).getTime()
  const dueAt = new Date(placedAt + 30 * MINUTE).toISOString()
  expect(order.clock).toBeNull()
  later(23)
  expect(await clockIn(order.id)).toBeNull()
  later(1)
  expect(await clockIn(order.id)).toEqual({ state: 'due_soon', clock: 'response', dueAt })
  later(10)
  expect(await clockIn(order.id)).toEqual({ state: 'overdue', clock: 'response', dueAt })

  const published = await call<{ order: OrderDetailDto }>(t.app, t.tokens.committee, { method: 'POST', url: `/api/orders/${order.id}/transitions`, payload: { action: 'publish' } })
  // Answered late, but answered: only the completion clock (2 hours) runs now, and it is fine.
  expect(published.body.order.clock).toBeNull()
  later(80)
  expect(await clockIn(order.id)).toEqual({ state: 'due_soon', clock: 'completion', dueAt: new Date(placedAt + 120 * MINUTE).toISOString() })
})
