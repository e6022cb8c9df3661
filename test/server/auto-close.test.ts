import { eq } from 'drizzle-orm'
import { AUTO_CLOSE_DAYS } from '../../src/domain'
import type { OrderDetailDto } from '../../types/api'
import { orders } from '../../server/db/schema'
import { autoCloseStale, scheduleAutoClose } from '../../server/jobs/auto-close'
import { pollingRunner } from '../../server/jobs/runner'
import { createTestApp, type TestApp } from '../support/app'
import { call } from '../support/http'

// Each test gets its own copy of the seeded database: auto-closing changes it for good.
let t: TestApp
beforeEach(async () => {
  t = await createTestApp()
})
afterEach(() => t.close())

const DAY = 24 * 3600_000
const completedOrders = () => t.database.db.select().from(orders).where(eq(orders.status, 'completed'))

test(`completed orders unconfirmed for ${AUTO_CLOSE_DAYS} days close by themselves, with a system event`, async () => {
  const completed = await completedOrders()
  expect(completed.length).toBeGreaterThan(0)
  const newest = Math.max(...completed.map((o) => o.updatedAt.getTime()))
  const oldest = Math.min(...completed.map((o) => o.updatedAt.getTime()))

  // A day short of the limit for the oldest: nothing closes.
  expect(await autoCloseStale(t.database.db, new Date(oldest + (AUTO_CLOSE_DAYS - 1) * DAY))).toEqual([])

  const autoClosed = await autoCloseStale(t.database.db, new Date(newest + (AUTO_CLOSE_DAYS + 1) * DAY))
  expect(autoClosed.sort()).toEqual(completed.map((o) => o.id).sort())
  expect(await autoCloseStale(t.database.db, new Date(newest + (AUTO_CLOSE_DAYS + 2) * DAY))).toEqual([])

  const order = completed[0]
  const resident = await t.loginAsHousehold(order.householdId)
  const { status, body } = await call<OrderDetailDto>(t.app, resident, { method: 'GET', url: `/api/orders/${order.id}` })
  expect(status).toBe(200)
  expect(body).toMatchObject({ status: 'closed', rating: null })
  expect(body.timeline.at(-1)).toMatchObject({ event: 'auto_close', from: 'completed', to: 'closed', actorRole: 'system', actorId: null, actorName: '系统' })
})

test('the resident can no longer confirm an auto-closed order (409)', async () => {
  const [order] = await completedOrders()
  expect(await autoCloseStale(t.database.db, new Date(order.updatedAt.getTime() + (AUTO_CLOSE_DAYS + 1) * DAY))).toContain(order.id)
  const resident = await t.loginAsHousehold(order.householdId)
  const answer = await call(t.app, resident, { method: 'POST', url: `/api/orders/${order.id}/transitions`, payload: { action: 'confirm', rating: 5 } })
  expect(answer.status).toBe(409)
  expect(answer.body).toMatchObject({ code: 'conflict', currentStatus: 'closed' })
})

test('stopping the schedule waits for the run in progress, so shutdown never closes the pool under it', async () => {
  const logged: string[] = []
  // Far enough ahead that every completed order is stale: the first run has work to do.
  const later = () => new Date(Date.now() + 365 * DAY)
  const runner = pollingRunner((message) => logged.push(message))
  scheduleAutoClose(runner, t.database.db, later, (message) => logged.push(message))
  await runner.start()
  await runner.stop()
  // Resolved only after the run: its closes are written and logged by now.
  expect(logged.some((line) => line.startsWith('auto-closed'))).toBe(true)
  expect(await completedOrders()).toEqual([])
})

test('the confirmation clock reads the timeline: a later write to the order (a merged duplicate) does not restart it', async () => {
  const [order] = await completedOrders()
  const completedAt = order.updatedAt.getTime()
  // Something else touched the order since (absorbing a duplicate moves updated_at on).
  await t.database.db.update(orders).set({ updatedAt: new Date(completedAt + 5 * DAY) }).where(eq(orders.id, order.id))
  expect(await autoCloseStale(t.database.db, new Date(completedAt + (AUTO_CLOSE_DAYS - 1) * DAY))).not.toContain(order.id)
  expect(await autoCloseStale(t.database.db, new Date(completedAt + AUTO_CLOSE_DAYS * DAY + 60_000))).toContain(order.id)
})
