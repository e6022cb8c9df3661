/**
 * 召开会议 over HTTP: the committee convenes a joint meeting on hard orders, records who came and
 * the minutes, and decides each order; every decision is that order's event, linked to the
 * meeting, and stands or falls alone.
 */
import { sql } from 'drizzle-orm'
import { groupByLoopStep } from '../../src/domain'
import type { OrderDetailDto } from '../../types/api'
import type { DecisionOutcomesDto, MeetingDto, MeetingSummaryDto } from '../../types/meetings'
import { createTestApp, queryRows, type TestApp } from '../support/app'
import { call, requestsTo } from '../support/http'
import { orderDraft } from '../support/orders'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(() => t.close())

const { get, post } = requestsTo(() => t.app)

async function newOrder(description: string): Promise<number> {
  const { status, body } = await post<OrderDetailDto>(t.tokens.resident, '/api/orders', orderDraft(t, { description }))
  expect(status).toBe(201)
  return body.id
}

const convene = (agenda: number[], extra: object = {}) =>
  post<MeetingDto>(t.tokens.committee, '/api/meetings', {
    kind: 'joint',
    title: '锦绣小区三方联席会议',
    heldAt: '2026-11-25T02:00:00.000Z',
    place: '社区党群服务中心议事厅',
    agenda,
    attendees: [
      { name: '王书记', side: 'committee' },
      { name: '物业刘经理', side: 'property' },
      { name: '居民代表张大爷', side: 'residents' },
      { name: '住建局李工', side: 'department' },
    ],
    ...extra,
  })

describe('a joint meeting decides three orders three ways', () => {
  let meeting: MeetingDto
  let orders: number[]
  /** On the agenda too, but its resident withdraws it before the meeting decides. */
  let withdrawn: number

  beforeAll(async () => {
    orders = [await newOrder('消防通道被私家车长期占用'), await newOrder('楼顶漏水影响三户人家'), await newOrder('希望小区安装充电桩')]
    withdrawn = await newOrder('楼道声控灯不亮了')
    const res = await convene([...orders, withdrawn])
    expect(res.status).toBe(201)
    meeting = res.body
  })

  test('the meeting is convened with its agenda in order and its attendees', () => {
    expect(meeting).toMatchObject({ kind: 'joint', agendaCount: 4, decidedCount: 0, convenedByName: '王书记', minutes: null, minutesPublic: false })
    expect(meeting.agenda.map((a) => [a.orderId, a.status, a.decision])).toEqual([...orders, withdrawn].map((id) => [id, 'submitted', null]))
    expect(meeting.attendees.map((a) => [a.side, a.present])).toEqual([
      ['committee', null],
      ['property', null],
      ['residents', null],
      ['department', null],
    ])
  })

  test('attendance and minutes are recorded; an attendee of another meeting is refused', async () => {
    const [chair, property, resident, bureau] = meeting.attendees
    const recorded = await call<MeetingDto>(t.app, t.tokens.committee, {
      method: 'PUT',
      url: `/api/meetings/${meeting.id}/record`,
      payload: {
        attendance: [
          { id: chair.id, present: true },
          { id: property.id, present: true },
          { id: resident.id, present: true },
          { id: bureau.id, present: false },
        ],
        minutes: '一、消防通道：由党委派单，网格员协调挪车。二、楼顶漏水：党委呼叫住建局、党员、志愿者。三、充电桩：不属于社区服务范围。',
        minutesPublic: true,
      },
    })
    expect(recorded.status).toBe(200)
    expect(recorded.body.attendees.map((a) => a.present)).toEqual([true, true, true, false])
    expect(recorded.body.minutesPublic).toBe(true)
    const stray = await call(t.app, t.tokens.committee, { method: 'PUT', url: `/api/meetings/${meeting.id}/record`, payload: { attendance: [{ id: 999_999, present: true }] } })
    expect([stray.status, stray.body]).toEqual([400, expect.objectContaining({ code: 'invalid_input' })])
  })

  test('dispatch, call and reject are applied; a decision on an order that moved on is refused and the others stand', async () => {
    // Meanwhile the resident withdrew the fourth order: its decision must fail, not the others.
    expect((await post(t.tokens.resident, `/api/orders/${withdrawn}/transitions`, { action: 'cancel' })).status).toBe(200)

    const res = await post<DecisionOutcomesDto>(t.tokens.committee, `/api/meetings/${meeting.id}/decisions`, {
      decisions: [
        { orderId: orders[0], action: 'dispatch', assigneeId: t.byRole.volunteer.id, note: '会议决定：派网格志愿者协调挪车' },
        { orderId: orders[1], action: 'call', slots: [{ kind: 'department', headcount: 1, unitId: t.byRole.department.workUnitId }, { kind: 'party_members', headcount: 2 }], note: '会议决定：党委呼叫' },
        { orderId: withdrawn, action: 'publish', note: '会议决定：发布到接单大厅' },
        { orderId: orders[2], action: 'reject', note: '会议决定：充电桩由供电公司和物业另行办理，不属于社区服务' },
      ],
    })
    expect(res.status).toBe(200)
    expect(res.body.results).toEqual([
      { orderId: orders[0], applied: true, status: 'assigned', code: null, message: null },
      { orderId: orders[1], applied: true, status: 'open', code: null, message: null },
      { orderId: withdrawn, applied: false, status: 'cancelled', code: 'conflict', message: '订单已结束，不能再操作' },
      { orderId: orders[2], applied: true, status: 'rejected', code: null, message: null },
    ])
    const events = await queryRows<{ n: number }>(t.database.db, sql`select count(*)::int as n from order_events where order_id = ${withdrawn} and meeting_id is not null`)
    expect(events).toEqual([{ n: 0 }])
  })

  test('a dispatch without an assignee is refused alone; the order stays as it was', async () => {
    const order = await newOrder('独居老人家的门锁坏了')
    const m = (await convene([order])).body
    const res = await post<DecisionOutcomesDto>(t.tokens.committee, `/api/meetings/${m.id}/decisions`, { decisions: [{ orderId: order, action: 'dispatch' }] })
    expect(res.body.results).toEqual([{ orderId: order, applied: false, status: 'submitted', code: 'invalid_input', message: '请选择派单对象' }])
  })

  test("each decision is its order's event, linked to the meeting, under 召开会议", async () => {
    const detail = await get<OrderDetailDto>(t.tokens.committee, `/api/orders/${orders[1]}`)
    const decided = detail.body.timeline.find((e) => e.event === 'call')!
    expect(decided).toMatchObject({ meetingId: meeting.id, note: '会议决定：党委呼叫' })
    const steps = groupByLoopStep(detail.body.timeline)
    expect(steps.find((s) => s.step === 'meeting')).toMatchObject({ state: 'done', entries: [expect.objectContaining({ event: 'call' })] })
    const after = (await get<MeetingDto>(t.tokens.committee, `/api/meetings/${meeting.id}`)).body
    expect(after.decidedCount).toBe(3)
    expect(after.agenda.map((a) => a.decision?.action ?? null)).toEqual(['dispatch', 'call', 'reject', null])
    const list = await get<MeetingSummaryDto[]>(t.tokens.committee, '/api/meetings')
    expect(list.body.find((m) => m.id === meeting.id)).toMatchObject({ agendaCount: 4, decidedCount: 3 })
  })

  test('public minutes: the household reads its own decisions, not the attendees or other orders', async () => {
    // The three orders are the resident's own; another household sees nothing.
    const own = await get<MeetingDto>(t.tokens.resident, `/api/meetings/${meeting.id}`)
    expect(own.status).toBe(200)
    expect(own.body.attendees).toEqual([])
    expect(own.body.minutes).toContain('消防通道')
    expect(own.body.agenda.map((a) => a.orderId)).toEqual([...orders, withdrawn])
    const [other] = await queryRows<{ householdId: number }>(
      t.database.db,
      sql`select household_id as "householdId" from memberships where role = 'resident' and status = 'active' and household_id <> ${t.byRole.resident.householdId} limit 1`,
    )
    const otherToken = await t.loginAsHousehold(other.householdId)
    expect((await get(otherToken, `/api/meetings/${meeting.id}`)).status).toBe(404)
    expect((await get(t.tokens.volunteer, `/api/meetings/${meeting.id}`)).status).toBe(404)
  })
})

describe('bad input: a clear 4xx and nothing written', () => {
  const meetingsCount = async () => (await queryRows<{ n: number }>(t.database.db, sql`select count(*)::int as n from meetings`))[0].n

  test.each([
    ['an empty agenda', { agenda: [] }, 'agenda'],
    ['a repeated order', { agenda: [1, 1] }, 'agenda'],
    ['an unknown kind', { kind: 'party' }, 'kind'],
    ['no place', { place: '' }, 'place'],
    ['a bad time', { heldAt: '明天下午' }, 'heldAt'],
    ['an unknown side', { attendees: [{ name: '某人', side: 'press' }] }, 'side'],
    ['an order outside the community', { agenda: [2_000_000] }, '不在本辖区'],
  ])('%s', async (_name, overrides, fragment) => {
    const before = await meetingsCount()
    const res = await convene([await newOrder('路灯坏了好几天了')], overrides)
    expect(res.status).toBe(400)
    expect(res.body).toMatchObject({ code: 'invalid_input', message: expect.stringContaining(fragment) })
    expect(await meetingsCount()).toBe(before)
  })

  test('only the committee convenes; decisions must be on the agenda and nothing is applied otherwise', async () => {
    const order = await newOrder('单元门禁坏了')
    const res = await post(t.tokens.resident, '/api/meetings', { kind: 'joint', title: '会议', heldAt: '2026-11-25T02:00:00.000Z', place: '议事厅', agenda: [order], attendees: [] })
    expect([res.status, res.body]).toEqual([403, expect.objectContaining({ code: 'forbidden' })])
    const m = (await convene([order])).body
    const other = await newOrder('楼下垃圾桶满了')
    const stray = await post(t.tokens.committee, `/api/meetings/${m.id}/decisions`, {
      decisions: [
        { orderId: order, action: 'publish' },
        { orderId: other, action: 'publish' },
      ],
    })
    expect([stray.status, stray.body]).toEqual([400, expect.objectContaining({ message: `参数 decisions 不合法：订单 ${other} 不在本次会议的议题中` })])
    const status = await queryRows<{ status: string }>(t.database.db, sql`select status from orders where id in (${order}, ${other}) order by id`)
    expect(status).toEqual([{ status: 'submitted' }, { status: 'submitted' }])
    const unsupported = await post(t.tokens.committee, `/api/meetings/${m.id}/decisions`, { decisions: [{ orderId: order, action: 'confirm' }] })
    expect(unsupported.status).toBe(400)
  })
})
