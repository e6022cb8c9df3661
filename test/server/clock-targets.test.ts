/**
 * A community's own time limits (时限): its community-level committee sets them per service (or
 * for all, '*') and urgency; the clocks on its orders follow them; other communities keep theirs.
 */
import type { OrderDetailDto } from '../../types/api'
import type { ClockTargetPageDto } from '../../types/clock-targets'
import { createTestApp, SEED_BASE, type TestApp } from '../support/app'
import { call } from '../support/http'
import { orderDraft } from '../support/orders'

let t: TestApp
let now = new Date(SEED_BASE.getTime() + 3600_000)
beforeAll(async () => {
  t = await createTestApp({ now: () => now })
})
afterAll(() => t.close())

const MINUTE = 60_000
const targets = (token: string, method: 'GET' | 'PUT' | 'DELETE' = 'GET', payload?: object) =>
  call<ClockTargetPageDto>(t.app, token, { method, url: '/api/community/clock-targets', payload })

test('the defaults, then the community’s own for a service: its orders’ clocks follow them', async () => {
  const initial = await targets(t.tokens.committee)
  expect(initial.status).toBe(200)
  expect(initial.body.defaults).toEqual([
    { urgency: 'emergency', responseMinutes: 30, completionMinutes: 120 },
    { urgency: 'urgent', responseMinutes: 120, completionMinutes: 1440 },
    { urgency: 'normal', responseMinutes: 1440, completionMinutes: 10080 },
  ])
  expect(initial.body.overrides).toEqual([])

  // 助餐 in this community: answered within 2 hours, done within a day.
  const set = await targets(t.tokens.committee, 'PUT', { categoryCode: 'meals', urgency: 'normal', responseMinutes: 120, completionMinutes: 1440 })
  expect(set.status).toBe(200)
  expect(set.body.overrides).toEqual([{ categoryCode: 'meals', urgency: 'normal', responseMinutes: 120, completionMinutes: 1440 }])

  const { body: order } = await call<OrderDetailDto>(t.app, t.tokens.resident, { method: 'POST', url: '/api/orders', payload: orderDraft(t, { categoryCode: 'meals', urgency: 'normal' }) })
  now = new Date(new Date(order.createdAt).getTime() + 100 * MINUTE)
  const seen = await call<OrderDetailDto>(t.app, t.tokens.committee, { method: 'GET', url: `/api/orders/${order.id}` })
  // 100 of 120 minutes: due soon (with the default 24 hours it would be nothing yet).
  expect(seen.body.clock).toEqual({ state: 'due_soon', clock: 'response', dueAt: new Date(new Date(order.createdAt).getTime() + 120 * MINUTE).toISOString() })

  // Back to the default: nothing to say yet.
  const reset = await targets(t.tokens.committee, 'DELETE', { categoryCode: 'meals', urgency: 'normal' })
  expect(reset.body.overrides).toEqual([])
  expect((await call<OrderDetailDto>(t.app, t.tokens.committee, { method: 'GET', url: `/api/orders/${order.id}` })).body.clock).toBeNull()
})

test('"*" sets every service; a service’s own comes first', async () => {
  await targets(t.tokens.committee, 'PUT', { categoryCode: '*', urgency: 'urgent', responseMinutes: 60, completionMinutes: 600 })
  const page = await targets(t.tokens.committee, 'PUT', { categoryCode: 'repair', urgency: 'urgent', responseMinutes: 90, completionMinutes: 900 })
  expect(page.body.overrides.map((o) => o.categoryCode)).toEqual(['repair', '*'])
  await targets(t.tokens.committee, 'DELETE', { categoryCode: '*', urgency: 'urgent' })
  await targets(t.tokens.committee, 'DELETE', { categoryCode: 'repair', urgency: 'urgent' })
})

test.each([
  ['completion before response', { categoryCode: 'meals', urgency: 'normal', responseMinutes: 600, completionMinutes: 60 }, '办结时限不能短于受理时限'],
  ['not a service of the catalogue', { categoryCode: 'nope', urgency: 'normal', responseMinutes: 60, completionMinutes: 600 }, '服务目录里没有这项服务'],
  ['zero minutes', { categoryCode: 'meals', urgency: 'normal', responseMinutes: 0, completionMinutes: 600 }, ''],
  ['over 90 days', { categoryCode: 'meals', urgency: 'normal', responseMinutes: 60, completionMinutes: 91 * 1440 }, ''],
  ['an unknown field', { categoryCode: 'meals', urgency: 'normal', responseMinutes: 60, completionMinutes: 600, extra: 1 }, ''],
])('refused with a clear 400: %s', async (_name, body, message) => {
  const res = await call<{ code: string; message: string }>(t.app, t.tokens.committee, { method: 'PUT', url: '/api/community/clock-targets', payload: body })
  expect(res.status).toBe(400)
  expect(res.body).toMatchObject({ code: 'invalid_input', message: expect.stringContaining(message) })
  expect((await targets(t.tokens.committee)).body.overrides).toEqual([])
})

test('only the community-level committee sets them; other roles may not read them', async () => {
  for (const role of ['resident', 'volunteer', 'party_member', 'grid_worker', 'street_admin'] as const) {
    expect([role, (await targets(t.tokens[role], 'PUT', { categoryCode: '*', urgency: 'normal', responseMinutes: 60, completionMinutes: 600 })).status]).toEqual([role, 403])
    expect([role, (await targets(t.tokens[role])).status]).toEqual([role, 403])
  }
})
