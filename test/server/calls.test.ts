/**
 * 一呼三应 over HTTP: the committee calls departments, Party members and a volunteer team onto one
 * order; each responder takes a place, works and reports; the order completes when every slot is
 * done and the resident confirms once. Plus invitations, leaving, closing a call, and bad input.
 */
import { sql } from 'drizzle-orm'
import type { UserRecord } from '../../server/repositories/users'
import type { OrderDetailDto, SlotDto, TransitionOutcomeDto } from '../../types/api'
import { createTestApp, queryRows, type TestApp } from '../support/app'
import { call } from '../support/http'
import { orderDraft } from '../support/orders'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(() => t.close())

const act = (token: string, id: number, body: object) =>
  call<TransitionOutcomeDto>(t.app, token, { method: 'POST', url: `/api/orders/${id}/transitions`, payload: body })
const get = (token: string, id: number) => call<OrderDetailDto>(t.app, token, { method: 'GET', url: `/api/orders/${id}` })

async function newOrder(description = '楼顶漏水，三户人家的天花板在滴水'): Promise<number> {
  const { status, body } = await call<OrderDetailDto>(t.app, t.tokens.resident, { method: 'POST', url: '/api/orders', payload: orderDraft(t, { description }) })
  expect(status).toBe(201)
  return body.id
}

const tokenOf = (who: UserRecord) => t.login(who.id, who.membershipId)
const accountsWith = (role: string, match: (a: UserRecord) => boolean = () => true) =>
  t.accounts.filter((a) => a.role === role && a.communityPath === t.byRole.committee.communityPath && match(a))

/** What the order and its slots look like in the database: nothing half-written after a refusal. */
const stored = async (id: number) =>
  (await queryRows<{ version: number; slots: number; parts: number; events: number }>(
    t.database.db,
    sql`select version, (select count(*)::int from order_slots where order_id = ${id}) as slots,
          (select count(*)::int from order_assignments where order_id = ${id}) as parts,
          (select count(*)::int from order_events where order_id = ${id}) as events
        from orders where id = ${id}`,
  ))[0]

describe('a call answered by five people', () => {
  test('department 1 + Party members 2 + a team of 2: each reports, the order completes, the resident confirms once', async () => {
    const bureau = t.byRole.department
    const members = accountsWith('party_member').slice(0, 2)
    const team = t.byRole.volunteer.teamId!
    const volunteers = accountsWith('volunteer', (a) => a.teamId === team).slice(0, 2)
    expect([members.length, volunteers.length]).toEqual([2, 2])
    const id = await newOrder()

    const called = await act(t.tokens.committee, id, {
      action: 'call',
      note: '楼顶防水层破损：住建局修缮，党员和志愿者协助清理',
      slots: [
        { kind: 'department', headcount: 1, unitId: bureau.workUnitId, skill: 'repair' },
        { kind: 'party_members', headcount: 2 },
        { kind: 'team', headcount: 2, unitId: team },
      ],
    })
    expect(called.status).toBe(200)
    const slots = called.body.order!.slots
    expect(slots.map((s) => [s.kind, s.headcount, s.unitName, s.open])).toEqual([
      ['department', 1, expect.stringContaining('住建局'), true],
      ['party_members', 2, null, true],
      ['team', 2, expect.any(String), true],
    ])
    expect(called.body.status).toBe('open')
    const slotOf = (kind: SlotDto['kind']) => slots.find((s) => s.kind === kind)!.id

    // Five people take their places from the hall, each into the slot addressed to them.
    const five = [
      { who: bureau, slot: slotOf('department') },
      ...members.map((who) => ({ who, slot: slotOf('party_members') })),
      ...volunteers.map((who) => ({ who, slot: slotOf('team') })),
    ]
    const tokens = await Promise.all(five.map(({ who }) => tokenOf(who)))
    for (const [i, { slot }] of five.entries()) {
      const hall = await call<{ items: { id: number }[] }>(t.app, tokens[i], { method: 'GET', url: '/api/orders?view=hall&limit=50' })
      expect(hall.body.items.map((o) => o.id)).toContain(id)
      const joined = await act(tokens[i], id, { action: 'claim', slotId: slot })
      expect([i, joined.status, joined.body.status]).toEqual([i, 200, 'accepted'])
      if (i === 2) {
        // The Party members' places just filled: a third Party member is told 手慢了, not 404.
        const late = await act(await tokenOf(accountsWith('party_member')[2]), id, { action: 'claim' })
        expect([late.status, late.body]).toEqual([409, expect.objectContaining({ code: 'conflict', currentStatus: 'accepted' })])
      }
    }
    expect((await stored(id)).parts).toBe(5)

    for (const [i] of five.entries()) {
      expect((await act(tokens[i], id, { action: 'start' })).body.status).toBe('in_progress')
      expect((await act(tokens[i], id, { action: 'progress', note: `第${i + 1}位：已到场` })).status).toBe(200)
    }
    for (const [i] of five.entries()) {
      const done = await act(tokens[i], id, { action: 'complete', note: `第${i + 1}位：我这部分已完成` })
      // The order moves on only when every slot is done.
      expect([i, done.body.status]).toEqual([i, i < 4 ? 'in_progress' : 'completed'])
    }

    const confirmed = await act(t.tokens.resident, id, { action: 'confirm', rating: 5, note: '大家辛苦了' })
    expect(confirmed.body.status).toBe('closed')
    expect((await act(t.tokens.resident, id, { action: 'confirm', rating: 5 })).status).toBe(409)

    const order = (await get(t.tokens.resident, id)).body
    expect(order.parts.map((p) => p.status)).toEqual(['done', 'done', 'done', 'done', 'done'])
    expect(order.takerName).toBe(`${bureau.name}等5人`)
    const events = order.timeline.map((e) => e.event)
    expect(events.filter((e) => e === 'claim')).toHaveLength(5)
    expect(events.filter((e) => e === 'complete')).toHaveLength(5)
    expect(events.filter((e) => e === 'confirm')).toHaveLength(1)
    // Typed payloads: the call says what it asked for, each part event whose part it moved.
    expect(order.timeline.find((e) => e.event === 'call')!.payload).toEqual({
      kind: 'slots',
      slots: [
        { kind: 'department', headcount: 1, unitId: bureau.workUnitId, skill: 'repair' },
        { kind: 'party_members', headcount: 2 },
        { kind: 'team', headcount: 2, unitId: team },
      ],
    })
    const completes = order.timeline.filter((e) => e.event === 'complete')
    expect(completes.map((e) => e.partName)).toEqual(five.map(({ who }) => who.name))
    expect(completes[0].payload).toEqual({ kind: 'part', slotId: slotOf('department'), userId: bureau.id, status: 'done' })
  })
})

describe('who may take which place', () => {
  let id: number
  let teamSlot: number
  beforeAll(async () => {
    id = await newOrder('单元门口的路面塌了一块')
    const called = await act(t.tokens.committee, id, {
      action: 'call',
      slots: [{ kind: 'team', headcount: 1, unitId: t.byRole.volunteer.teamId }, { kind: 'department', headcount: 1, unitId: t.byRole.department.workUnitId }],
    })
    expect(called.status).toBe(200)
    teamSlot = called.body.order!.slots[0].id
  })

  test("a volunteer of another team and a Party member cannot see or take the team's place", async () => {
    const stranger = accountsWith('volunteer', (a) => a.teamId !== t.byRole.volunteer.teamId)[0]
    const token = await tokenOf(stranger)
    expect((await get(token, id)).status).toBe(404)
    expect((await act(token, id, { action: 'claim', slotId: teamSlot })).status).toBe(404)
    expect((await get(t.tokens.party_member, id)).status).toBe(404)
  })

  test('a department member of another unit sees no place; of this unit, only the department slot', async () => {
    const other = accountsWith('department', (a) => a.workUnitId !== t.byRole.department.workUnitId)[0]
    expect((await get(await tokenOf(other), id)).status).toBe(404)
    const refused = await act(t.tokens.department, id, { action: 'claim', slotId: teamSlot })
    expect([refused.status, refused.body]).toEqual([403, expect.objectContaining({ code: 'forbidden' })])
  })

  test('an unknown slot is a 400, and nothing is written', async () => {
    const before = await stored(id)
    const res = await act(t.tokens.volunteer, id, { action: 'claim', slotId: 999_999 })
    expect([res.status, res.body]).toEqual([400, { code: 'invalid_input', message: '参数 slotId 不合法：本单没有这个名额' }])
    expect(await stored(id)).toEqual(before)
  })
})

describe('invitations, leaving, closing a call', () => {
  test("the team leader assigns a member of the team; a member who is not the leader cannot", async () => {
    const team = t.byRole.volunteer.teamId!
    const mates = accountsWith('volunteer', (a) => a.teamId === team)
    const leader = mates.find((a) => a.leadsTeamId === team)!
    const member = mates.find((a) => a.id !== leader.id)!
    const id = await newOrder('独居老人家里的水管爆了')
    const called = await act(t.tokens.committee, id, { action: 'call', slots: [{ kind: 'team', headcount: 2, unitId: team }] })
    const slotId = called.body.order!.slots[0].id
    const notLeader = await act(await tokenOf(mates.find((a) => a.id !== leader.id && a.id !== member.id)!), id, { action: 'invite', slotId, inviteeId: member.id })
    expect(notLeader.status).toBe(403)
    const invited = await act(await tokenOf(leader), id, { action: 'invite', slotId, inviteeId: member.id })
    expect(invited.status).toBe(200)
    expect(invited.body.order!.parts).toEqual([{ slotId, userId: member.id, name: member.name, status: 'invited' }])
    const memberToken = await tokenOf(member)
    expect((await act(memberToken, id, { action: 'accept' })).body.status).toBe('accepted')
    // Someone outside the team cannot be invited to its place.
    const outsider = accountsWith('party_member')[0]
    const wrong = await act(t.tokens.committee, id, { action: 'invite', slotId, inviteeId: outsider.id })
    expect(wrong.status).toBe(400)
  })

  test('leaving frees the place while others work on; closing the call completes it with what was done', async () => {
    const [a, b] = accountsWith('party_member')
    const id = await newOrder('帮忙搬运楼道里堆放的杂物')
    const called = await act(t.tokens.committee, id, { action: 'call', slots: [{ kind: 'party_members', headcount: 3 }] })
    expect(called.status).toBe(200)
    const [ta, tb] = [await tokenOf(a), await tokenOf(b)]
    await act(ta, id, { action: 'claim' })
    await act(tb, id, { action: 'claim' })
    // Alone on a call nobody may walk off silently: leaving needs someone else there.
    const left = await act(tb, id, { action: 'leave', note: '临时加班' })
    expect([left.status, left.body.status]).toEqual([200, 'accepted'])
    expect(left.body.order).not.toBeNull() // still in the hall: a place is free again
    const aloneLeave = await act(ta, id, { action: 'leave', note: '临时有事' })
    expect(aloneLeave.status).toBe(403)

    const early = await act(t.tokens.committee, id, { action: 'close_call', note: '够用了' })
    expect([early.status, early.body]).toEqual([409, expect.objectContaining({ message: '还没有人完成任务：可以等待，或收回重派' })])
    await act(ta, id, { action: 'start' })
    await act(ta, id, { action: 'complete', note: '已搬走大部分杂物' })
    const closed = await act(t.tokens.committee, id, { action: 'close_call', note: '剩下的由物业清运' })
    expect(closed.body.status).toBe('completed')
    expect(closed.body.order!.slots.every((s) => !s.open)).toBe(true)
    expect((await act(t.tokens.resident, id, { action: 'confirm', rating: 4 })).body.status).toBe('closed')
  })
})

describe('bad input on a call: a clear 400 and nothing written', () => {
  let id: number
  beforeAll(async () => {
    id = await newOrder('小区的路灯坏了好几盏')
  })

  test.each([
    ['no slots', { slots: [] }, '参数 slots'],
    ['headcount 0', { slots: [{ kind: 'party_members', headcount: 0 }] }, 'headcount'],
    ['headcount 21', { slots: [{ kind: 'party_members', headcount: 21 }] }, 'headcount'],
    ['unknown kind', { slots: [{ kind: 'army', headcount: 1 }] }, 'kind'],
    ['a team slot without a team', { slots: [{ kind: 'team', headcount: 2 }] }, '请选择志愿队伍'],
    ['an unknown team', { slots: [{ kind: 'team', headcount: 2, unitId: 999_999 }] }, '没有这支志愿队伍'],
    ['a department that is not a work unit', { slots: [{ kind: 'department', headcount: 1, unitId: 1 }] }, '没有这个部门或驻区单位'],
    ['a person slot without the person', { slots: [{ kind: 'person', headcount: 1 }] }, '指定人员须选择一人'],
    ['a person who is not a responder', { slots: [{ kind: 'person', headcount: 1, inviteeId: 1 }] }, '只能派给本辖区'],
    ['an unknown skill', { slots: [{ kind: 'party_members', headcount: 1, skill: 'flying' }] }, 'skill'],
    ['an extra field', { slots: [{ kind: 'party_members', headcount: 1, extra: true }] }, 'extra'],
    ['a string headcount', { slots: [{ kind: 'party_members', headcount: '2' }] }, 'headcount'],
  ])('%s', async (_name, body, fragment) => {
    const before = await stored(id)
    const res = await act(t.tokens.committee, id, { action: 'call', ...body })
    expect(res.status).toBe(400)
    expect(res.body).toMatchObject({ code: 'invalid_input', message: expect.stringContaining(fragment) })
    expect(await stored(id)).toEqual(before)
  })

  test("another community's team is not reachable", async () => {
    const [{ teamId }] = await queryRows<{ teamId: number }>(
      t.database.db,
      sql`select t.id as "teamId" from teams t join orgs o on o.id = t.org_id where o.path not like ${`${t.byRole.committee.orgPath}%`} limit 1`,
    )
    const res = await act(t.tokens.committee, id, { action: 'call', slots: [{ kind: 'team', headcount: 1, unitId: teamId }] })
    expect([res.status, res.body]).toEqual([400, expect.objectContaining({ message: '参数 slots 不合法：没有这支志愿队伍' })])
  })

  test('a resident cannot call; a call on an order already dispatched is a 409', async () => {
    expect((await act(t.tokens.resident, id, { action: 'call', slots: [{ kind: 'party_members', headcount: 1 }] })).status).toBe(403)
    expect((await act(t.tokens.committee, id, { action: 'publish' })).status).toBe(200)
    expect((await act(t.tokens.committee, id, { action: 'call', slots: [{ kind: 'party_members', headcount: 1 }] })).status).toBe(409)
  })
})
