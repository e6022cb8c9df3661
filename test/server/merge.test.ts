/**
 * 合并: the committee merges a duplicate into the order that carries on; the duplicate's household
 * follows that order and confirms it. Duplicates are suggested when dispatching.
 */
import { sql } from 'drizzle-orm'
import { maskAddress, neighbourhoodOf, transition } from '../../src/domain'
import { factsOf } from '../../server/repositories/order-dto'
import { applyTransition } from '../../server/repositories/order-writes'
import { findOrder } from '../../server/repositories/orders'
import type { OrderDetailDto, OrderPageDto, OrderSummaryDto, TransitionOutcomeDto } from '../../types/api'
import type { DecisionOutcomesDto, MeetingDto } from '../../types/meetings'
import { createTestApp, queryRows, type TestApp } from '../support/app'
import { call, requestsTo } from '../support/http'
import { gridOf, orderDraft } from '../support/orders'

let t: TestApp
/** A resident of another household in the same compound as the seeded resident: the neighbour who reports the same problem. */
let neighbour: { token: string; householdId: number; gridId: number }

beforeAll(async () => {
  t = await createTestApp()
  const own = t.byRole.resident
  const other = t.accounts.find((a) => a.role === 'resident' && a.householdId !== own.householdId && neighbourhoodOf(a.orgPath) === neighbourhoodOf(own.orgPath))
  if (!other?.householdId) throw new Error('seed has no second household in the resident’s compound')
  neighbour = { token: await t.loginAsHousehold(other.householdId), householdId: other.householdId, gridId: gridOf(other.orgPath) }
})
afterAll(() => t.close())

const act = (token: string, id: number, body: object) =>
  call<TransitionOutcomeDto>(t.app, token, { method: 'POST', url: `/api/orders/${id}/transitions`, payload: body })
const { get } = requestsTo(() => t.app)

const FIRE_LANE = '3号楼后面的消防通道被私家车堵住了'

async function place(token: string, overrides: object = {}): Promise<OrderDetailDto> {
  const { status, body } = await call<OrderDetailDto>(t.app, token, {
    method: 'POST',
    url: '/api/orders',
    payload: { ...orderDraft(t), description: FIRE_LANE, categoryCode: 'meals', ...overrides },
  })
  expect(status).toBe(201)
  return body
}
const neighbourOrder = () => place(neighbour.token, { gridId: neighbour.gridId, address: '锦绣小区5号楼1单元101', contactPhone: '13800002222' })

const eventsOf = (id: number) =>
  queryRows<{ event: string; payload: unknown; meetingId: number | null }>(
    t.database.db,
    sql`select event, payload, meeting_id as "meetingId" from order_events where order_id = ${id} order by id`,
  )

describe('merging a duplicate', () => {
  test('suggested to the committee, merged, followed and confirmed by the other household', async () => {
    const kept = await place(t.tokens.resident)
    const duplicate = await neighbourOrder()

    // The committee is offered the kept order as a likely duplicate; nobody else may ask.
    const suggested = await get<OrderSummaryDto[]>(t.tokens.committee, `/api/orders/${duplicate.id}/duplicates`)
    expect(suggested.status).toBe(200)
    expect(suggested.body.map((o) => o.id)).toContain(kept.id)
    expect(suggested.body.map((o) => o.id)).not.toContain(duplicate.id)
    expect((await get(neighbour.token, `/api/orders/${duplicate.id}/duplicates`)).body).toMatchObject({ code: 'forbidden' })

    const merged = await act(t.tokens.committee, duplicate.id, { action: 'merge', intoOrderId: kept.id, note: '同一条消防通道' })
    expect([merged.status, merged.body.status]).toEqual([200, 'merged'])
    expect(merged.body.order).toMatchObject({ mergedIntoId: kept.id })
    expect(merged.body.order!.timeline.at(-1)).toMatchObject({ event: 'merge', note: '同一条消防通道', payload: { kind: 'merged', intoOrderId: kept.id } })

    // The kept order tells it on its timeline, status unchanged, and the neighbour follows it.
    const keptNow = await get<OrderDetailDto>(neighbour.token, `/api/orders/${kept.id}`)
    expect(keptNow.status).toBe(200)
    expect(keptNow.body.followerHouseholdIds).toEqual([neighbour.householdId])
    expect(keptNow.body.timeline.at(-1)).toMatchObject({ event: 'absorb', from: 'submitted', to: 'submitted', payload: { kind: 'absorbed', orderId: duplicate.id, householdId: neighbour.householdId } })
    // The neighbour sees the kept order's resident, phone and door masked: it is not their order.
    expect(keptNow.body.contactPhone).not.toBe(kept.contactPhone)
    expect([keptNow.body.address, kept.address]).toEqual([maskAddress(kept.address), expect.stringMatching(/号楼.+/)])
    expect((await get<OrderDetailDto>(t.tokens.resident, `/api/orders/${kept.id}`)).body.address).toBe(kept.address)
    const theirList = await get<OrderPageDto>(neighbour.token, '/api/orders?limit=50')
    expect(theirList.body.items.map((o) => o.id)).toEqual(expect.arrayContaining([kept.id, duplicate.id]))

    // Worked on as one order; either household may confirm it, the neighbour does.
    await act(t.tokens.committee, kept.id, { action: 'publish' })
    await act(t.tokens.volunteer, kept.id, { action: 'claim' })
    await act(t.tokens.volunteer, kept.id, { action: 'start' })
    await act(t.tokens.volunteer, kept.id, { action: 'complete', note: '已联系车主挪车，并贴了提示' })
    expect((await act(neighbour.token, kept.id, { action: 'cancel' })).status).toBe(409)
    const confirmed = await act(neighbour.token, kept.id, { action: 'confirm', rating: 5 })
    expect([confirmed.status, confirmed.body.status]).toEqual([200, 'closed'])
  })

  test('the neighbour may not withdraw the order they follow', async () => {
    const kept = await place(t.tokens.resident)
    const duplicate = await neighbourOrder()
    await act(t.tokens.committee, duplicate.id, { action: 'merge', intoOrderId: kept.id, note: '重复' })
    const refused = await act(neighbour.token, kept.id, { action: 'cancel' })
    expect([refused.status, refused.body]).toEqual([403, expect.objectContaining({ code: 'forbidden' })])
    expect((await act(t.tokens.resident, kept.id, { action: 'cancel' })).body.status).toBe('cancelled')
  })

  test('followers carry over when the kept order is itself merged later, and the owner is never its own follower', async () => {
    const first = await place(t.tokens.resident)
    const second = await neighbourOrder()
    const third = await place(t.tokens.resident)
    await act(t.tokens.committee, second.id, { action: 'merge', intoOrderId: first.id, note: '重复' })
    await act(t.tokens.committee, first.id, { action: 'merge', intoOrderId: third.id, note: '重复' })
    const [row] = await queryRows<{ followers: number[] }>(t.database.db, sql`select follower_household_ids as followers from orders where id = ${third.id}`)
    expect(row.followers).toEqual([neighbour.householdId])
    expect((await get(neighbour.token, `/api/orders/${third.id}`)).status).toBe(200)
  })

  test.each([
    ['itself', async (d: OrderDetailDto) => d.id, '不能合并到本单自己'],
    ['another service', async () => (await place(t.tokens.resident, { categoryCode: 'errands' })).id, '只能合并同一服务的订单'],
    ['an order that ended', async () => {
      const ended = await place(t.tokens.resident)
      await act(t.tokens.resident, ended.id, { action: 'cancel' })
      return ended.id
    }, '目标订单已结束'],
    ['an order that does not exist', async () => 2147483000, '订单不存在或无权查看'],
  ])('refused with a clear 400 and nothing written: into %s', async (_name, targetOf, message) => {
    const duplicate = await neighbourOrder()
    const into = await targetOf(duplicate)
    const before = await eventsOf(duplicate.id)
    const refused = await act(t.tokens.committee, duplicate.id, { action: 'merge', intoOrderId: into, note: '重复' })
    expect(refused.status).toBe(400)
    expect(refused.body).toMatchObject({ code: 'invalid_input', message: expect.stringContaining(message) })
    expect(await eventsOf(duplicate.id)).toEqual(before)
  })

  test('an order in another compound is not a duplicate: not suggested, not mergeable', async () => {
    const own = t.byRole.resident
    const far = t.accounts.find((a) => a.role === 'resident' && a.communityPath === own.communityPath && neighbourhoodOf(a.orgPath) !== neighbourhoodOf(own.orgPath))
    if (!far?.householdId) throw new Error('seed has no resident in another compound of the community')
    const farOrder = await place(await t.loginAsHousehold(far.householdId), { gridId: gridOf(far.orgPath), address: '和平里小区1号楼101', contactPhone: '13800003333' })
    const duplicate = await neighbourOrder()
    expect((await get<OrderSummaryDto[]>(t.tokens.committee, `/api/orders/${duplicate.id}/duplicates`)).body.map((o) => o.id)).not.toContain(farOrder.id)
    const refused = await act(t.tokens.committee, duplicate.id, { action: 'merge', intoOrderId: farOrder.id, note: '重复' })
    expect(refused.body).toMatchObject({ code: 'invalid_input', message: expect.stringContaining('只能合并同一小区') })
  })

  test('a merge into an order that ended after the check is refused as a whole by the write', async () => {
    const kept = await place(t.tokens.resident)
    const duplicate = await neighbourOrder()
    const loaded = (await findOrder(t.database.db, duplicate.id))!
    const decided = transition(factsOf(loaded), 'merge', t.byRole.committee, t.app.now(), { intoOrderId: kept.id, note: '重复' })
    if (!decided.ok) throw new Error('merge refused by the domain')
    // The kept order ends between the check and the write.
    await act(t.tokens.resident, kept.id, { action: 'cancel' })
    await expect(applyTransition(t.database.db, loaded.row, decided)).rejects.toMatchObject({ statusCode: 409, message: '要合并到的订单刚刚结束了，请另选一单' })
    expect((await eventsOf(duplicate.id)).map((e) => e.event)).toEqual(['submit'])
    expect((await eventsOf(kept.id)).map((e) => e.event)).toEqual(['submit', 'cancel'])
    expect((await findOrder(t.database.db, duplicate.id))!.row).toMatchObject({ status: 'submitted', mergedIntoId: null, version: loaded.row.version })
  })

  test('a meeting may decide a merge: both timelines link the meeting', async () => {
    const kept = await place(t.tokens.resident)
    const duplicate = await neighbourOrder()
    const meeting = await call<MeetingDto>(t.app, t.tokens.committee, {
      method: 'POST',
      url: '/api/meetings',
      payload: { kind: 'joint', title: '消防通道专题', heldAt: new Date().toISOString(), place: '社区会议室', agenda: [duplicate.id], attendees: [{ name: '物业王经理', side: 'property' }] },
    })
    expect(meeting.status).toBe(201)
    const decided = await call<DecisionOutcomesDto>(t.app, t.tokens.committee, {
      method: 'POST',
      url: `/api/meetings/${meeting.body.id}/decisions`,
      payload: { decisions: [{ orderId: duplicate.id, action: 'merge', intoOrderId: kept.id, note: '并入同一单办理' }] },
    })
    expect(decided.body.results).toEqual([expect.objectContaining({ orderId: duplicate.id, applied: true, status: 'merged' })])
    expect((await eventsOf(duplicate.id)).at(-1)).toMatchObject({ event: 'merge', meetingId: meeting.body.id })
    expect((await eventsOf(kept.id)).at(-1)).toMatchObject({ event: 'absorb', meetingId: meeting.body.id })
  })
})
