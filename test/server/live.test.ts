/**
 * Live updates (GET /api/live): a socket hears that an order it may see changed, or that its
 * person has new messages; never about orders its identity may not see.
 */
import type { AddressInfo } from 'node:net'
import { deliverNotices } from '../../server/jobs/deliver-notices'
import type { OrderDetailDto } from '../../types/api'
import { LIVE_CLOSE } from '../../types/live'
import { createTestApp, type TestApp } from '../support/app'
import { call } from '../support/http'
import { aboutOrder, isReady, openLive, type LiveClient } from '../support/live-client'
import { orderDraft } from '../support/orders'

let t: TestApp
let url: string
const clients: LiveClient[] = []
beforeAll(async () => {
  t = await createTestApp()
  await deliverNotices(t.database.db, t.app.now())
  await t.app.listen({ port: 0, host: '127.0.0.1' })
  url = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`
})
afterEach(() => clients.splice(0).forEach((client) => client.close()))
afterAll(() => t.close())

async function connect(token: string | null): Promise<LiveClient> {
  const client = openLive(url, token)
  clients.push(client)
  if (token !== null) await client.next(isReady)
  return client
}

async function placeOrder(token = t.tokens.resident, description = '楼道灯坏了，晚上看不清台阶'): Promise<OrderDetailDto> {
  const { status, body } = await call<OrderDetailDto>(t.app, token, { method: 'POST', url: '/api/orders', payload: orderDraft(t, { description }) })
  expect(status).toBe(201)
  return body
}
const act = (token: string, id: number, body: object) => call(t.app, token, { method: 'POST', url: `/api/orders/${id}/transitions`, payload: body })

test('the household, the committee and the hall hear of the changes they may see', async () => {
  const resident = await connect(t.tokens.resident)
  const committee = await connect(t.tokens.committee)
  const volunteer = await connect(t.tokens.volunteer)
  const order = await placeOrder()
  await resident.next(aboutOrder(order.id))
  await committee.next(aboutOrder(order.id))

  expect((await act(t.tokens.committee, order.id, { action: 'publish' })).status).toBe(200)
  // Published: now in the volunteer's hall, so the volunteer hears of it.
  await volunteer.next(aboutOrder(order.id))
  const from = resident.frames.length
  expect((await act(t.tokens.volunteer, order.id, { action: 'claim' })).status).toBe(200)
  await resident.next(aboutOrder(order.id), { from })
})

test('a person hears nothing of an order they may not see', async () => {
  const volunteer = await connect(t.tokens.volunteer)
  // Submitted, not yet in the hall: only the household and the committees may see it.
  const hidden = await placeOrder(t.tokens.resident, '家里水管漏水')
  const committee = await connect(t.tokens.committee)
  const shown = await placeOrder(t.tokens.resident, '楼下路灯不亮')
  await act(t.tokens.committee, shown.id, { action: 'publish' })
  // The frame about the published order arrives; none before it named the hidden one.
  await volunteer.next(aboutOrder(shown.id))
  expect(volunteer.frames.filter((frame) => frame.type === 'orders').flatMap((frame) => (frame.type === 'orders' ? frame.ids ?? [-1] : []))).not.toContain(hidden.id)
  expect(committee.frames[0]).toEqual({ type: 'ready' })
})

test("another community's committee hears nothing of this one's orders, and of its own at once", async () => {
  const happiness = t.accounts.find((a) => a.role === 'committee' && a.name === '孙书记')!
  const theirResident = t.accounts.find((a) => a.role === 'resident' && a.communityPath === happiness.communityPath)!
  const theirs = await connect(await t.login(happiness.id, happiness.membershipId))
  const ours = await placeOrder(t.tokens.resident, '单元门禁坏了，老人进不了门')
  // Their own community's order is the sentinel: when it arrives, the frames before it are all there are.
  const theirToken = await t.login(theirResident.id, theirResident.membershipId)
  const own = await call<OrderDetailDto>(t.app, theirToken, { method: 'POST', url: '/api/orders', payload: orderDraft(t, { gridId: undefined, description: '小区路灯不亮' }) })
  expect(own.status).toBe(201)
  await theirs.next(aboutOrder(own.body.id))
  expect(theirs.frames.flatMap((frame) => (frame.type === 'orders' ? frame.ids ?? [-1] : []))).not.toContain(ours.id)
})

test('new messages reach their person as a "messages" frame', async () => {
  // What earlier tests left in the outbox (the claim's 已接单 for this household) is delivered first.
  await deliverNotices(t.database.db, t.app.now())
  const committee = await connect(t.tokens.committee)
  const resident = await connect(t.tokens.resident)
  await placeOrder()
  await deliverNotices(t.database.db, t.app.now())
  // order_placed is for the committees, not for the household.
  await committee.next((frame) => frame.type === 'messages')
  expect(resident.frames.some((frame) => frame.type === 'messages')).toBe(false)
})

test('without a valid hello the socket is closed as unauthenticated', async () => {
  const forged = openLive(url, 'x'.repeat(43))
  clients.push(forged)
  expect((await forged.closed).code).toBe(LIVE_CLOSE.unauthenticated)
  const { WebSocket } = await import('ws')
  const garbage = new WebSocket(url.replace('http', 'ws') + '/api/live')
  garbage.on('open', () => garbage.send('not json'))
  expect(await new Promise((resolve) => garbage.on('close', resolve))).toBe(LIVE_CLOSE.unauthenticated)
})

test('a plain HTTP request (no Upgrade) is told 426 in the API\'s error shape', async () => {
  const res = await fetch(`${url}/api/live`)
  expect(res.status).toBe(426)
  expect(await res.json()).toEqual({ code: 'upgrade_required', message: expect.stringContaining('WebSocket') })
})

describe('a socket does not outlive what its session acts as', () => {
  let clockMs = new Date('2026-11-20T09:00:00.000Z').getTime()
  let s: TestApp
  let sUrl: string
  beforeAll(async () => {
    s = await createTestApp({ now: () => new Date(clockMs) })
    await s.app.listen({ port: 0, host: '127.0.0.1' })
    sUrl = `http://127.0.0.1:${(s.app.server.address() as AddressInfo).port}`
  })
  afterAll(() => s.close())

  test('switched to another identity: told signed_out and closed at the next change after 30 s', async () => {
    const twoHats = s.accounts.find((a) => s.accounts.some((b) => b.id === a.id && b.membershipId !== a.membershipId && b.role === 'resident') && a.role !== 'resident')!
    const other = s.accounts.find((b) => b.id === twoHats.id && b.role === 'resident')!
    const token = await s.login(twoHats.id, twoHats.membershipId)
    const client = openLive(sUrl, token)
    clients.push(client)
    await client.next(isReady)
    expect((await call(s.app, token, { method: 'PUT', url: '/api/me/acting', payload: { membershipId: other.membershipId } })).status).toBe(200)
    clockMs += 31_000
    await call(s.app, s.tokens.resident, { method: 'POST', url: '/api/orders', payload: orderDraft(s) })
    await client.next((frame) => frame.type === 'signed_out')
    expect((await client.closed).code).toBe(LIVE_CLOSE.unauthenticated)
  })
})
