/**
 * The slot sub-machine (src/domain/assignments.ts with the part actions of order-machine.ts):
 * a 党委呼叫 of several places answered by several people, who may take which place, leaving,
 * releasing, declining, inviting, closing a call and reopening.
 */
import {
  MAX_HEADCOUNT,
  MAX_SLOTS_PER_CALL,
  applyPatch,
  availableActions,
  hallPlaces,
  liveParts,
  placesLeft,
  qualifiesFor,
  slotSpecProblem,
  statusFromParts,
  transition,
  type Actor,
  type OrderAction,
  type OrderFacts,
  type OrderStatus,
  type PartFacts,
  type PartStatus,
  type SlotFacts,
  type SlotSpec,
  type TransitionInput,
  type TransitionResult,
} from '@/domain'

const NOW = new Date('2025-03-01T08:00:00.000Z')
const GRID = '/1/2/5/'
const HOME = 100
const TEAM = 7
const UNIT = 9
const FULL = '名额已满，手慢了'

const owner: Actor = { id: 1, role: 'resident', orgPath: GRID, householdId: HOME }
const committee: Actor = { id: 10, role: 'committee', orgPath: '/1/' }
const dept: Actor = { id: 30, role: 'department', orgPath: '/1/', workUnitId: UNIT }
const otherDept: Actor = { id: 31, role: 'department', orgPath: '/1/', workUnitId: UNIT + 1 }
const pm1: Actor = { id: 40, role: 'party_member', orgPath: '/1/' }
const pm2: Actor = { id: 41, role: 'party_member', orgPath: '/1/2/' }
const pm3: Actor = { id: 42, role: 'party_member', orgPath: GRID }
const leader: Actor = { id: 50, role: 'volunteer', orgPath: '/1/', teamId: TEAM, leadsTeamId: TEAM }
const vol1: Actor = { id: 51, role: 'volunteer', orgPath: '/1/', teamId: TEAM }
const vol2: Actor = { id: 52, role: 'volunteer', orgPath: GRID, teamId: TEAM }
const otherTeamVol: Actor = { id: 60, role: 'volunteer', orgPath: '/1/', teamId: TEAM + 1 }
const otherLeader: Actor = { id: 61, role: 'volunteer', orgPath: '/1/', teamId: TEAM + 1, leadsTeamId: TEAM + 1 }

const THREE_SLOTS: SlotSpec[] = [
  { kind: 'department', headcount: 1, unitId: UNIT },
  { kind: 'party_members', headcount: 2, skill: 'repair' },
  { kind: 'team', headcount: 2, unitId: TEAM },
]

const slot = (id: number, kind: SlotFacts['kind'], headcount = 1, unitId: number | null = null, open = true): SlotFacts => ({ id, kind, headcount, unitId, open })
const part = (slotId: number, userId: number, status: PartStatus): PartFacts => ({ slotId, userId, status })

/**
 * An order as a repository keeps it: each accepted transition is applied (new slots get the
 * next ids, as stored rows would) and the last result is kept for inspection.
 */
class Order {
  facts: OrderFacts
  last: TransitionResult | null = null

  constructor(status: OrderStatus = 'submitted', slots: SlotFacts[] = [], parts: PartFacts[] = []) {
    this.facts = { status, householdId: HOME, orgPath: GRID, slots, parts }
  }

  get status() {
    return this.facts.status
  }
  get slots() {
    return this.facts.slots
  }
  get parts() {
    return this.facts.parts
  }
  partOf(who: Actor) {
    return liveParts(this.slots, this.parts).find((p) => p.userId === who.id)
  }
  slotOf(kind: SlotFacts['kind']) {
    return this.slots.find((s) => s.kind === kind && s.open)!
  }

  try(action: OrderAction, actor: Actor, input: TransitionInput = {}): TransitionResult {
    return transition(Object.freeze({ ...this.facts }), action, actor, NOW, input)
  }

  /** Fires the action, which must be accepted, and stores what it changed. */
  do(action: OrderAction, actor: Actor, input: TransitionInput = {}): this {
    const result = this.try(action, actor, input)
    if (!result.ok) throw new Error(`${action} by ${actor.id} refused: ${result.refusal.kind} ${result.refusal.message}`)
    const { slots, parts } = applyPatch(this.facts, result.patch)
    const next = Math.max(0, ...this.slots.map((s) => s.id)) + 1
    const id = (n: number) => (n < 0 ? next - n - 1 : n)
    this.facts = { ...this.facts, status: result.to, slots: slots.map((s) => ({ ...s, id: id(s.id) })), parts: parts.map((p) => ({ ...p, slotId: id(p.slotId) })) }
    expect(result.patch.hallPlaces).toBe(hallPlaces(this.slots, this.parts))
    this.last = result
    return this
  }
}

const refusal = (result: TransitionResult) => (result.ok ? 'ok' : result.refusal)
const called = (specs: SlotSpec[] = THREE_SLOTS) => new Order().do('call', committee, { slots: specs, note: '漏水影响三户' })

describe('a call of three slots answered by five people', () => {
  test('the order completes only when every slot is complete; the resident confirms once', () => {
    const order = called()
    expect(order.status).toBe('open')
    expect(order.slots.map((s) => [s.kind, s.headcount, s.unitId, s.open])).toEqual([
      ['department', 1, UNIT, true],
      ['party_members', 2, null, true],
      ['team', 2, TEAM, true],
    ])
    expect(order.last?.ok && order.last.entry.payload).toEqual({ kind: 'slots', slots: THREE_SLOTS })
    expect(hallPlaces(order.slots, order.parts)).toBe(5)

    const five = [dept, pm1, pm2, vol1, vol2]
    for (const [i, who] of five.entries()) {
      order.do('claim', who)
      expect(order.status).toBe('accepted')
      expect(order.last?.ok && order.last.patch.hallPlaces).toBe(4 - i)
    }
    // Each took the place of their kind.
    expect(five.map((who) => order.slots.find((s) => s.id === order.partOf(who)?.slotId)?.kind)).toEqual([
      'department',
      'party_members',
      'party_members',
      'team',
      'team',
    ])
    expect(availableActions(order.facts, pm3)).toEqual([]) // nothing left to take

    for (const who of five) order.do('start', who)
    expect(order.status).toBe('in_progress')
    order.do('progress', pm1, { note: '已到场' })

    for (const who of five.slice(0, 4)) {
      order.do('complete', who, { note: '完成我的部分', photos: ['p.jpg'] })
      expect(order.status).toBe('in_progress')
    }
    // The team slot has one of two done: not complete yet.
    expect(statusFromParts(order.slots, order.parts)).toBe('in_progress')
    order.do('complete', vol2, { note: '全部完成' })
    expect(order.status).toBe('completed')
    expect(order.last?.ok && order.last.entry.payload).toEqual({ kind: 'part', slotId: 3, userId: vol2.id, status: 'done' })

    order.do('confirm', owner, { rating: 5 })
    expect(order.status).toBe('closed')
    expect(liveParts(order.slots, order.parts).map((p) => p.status)).toEqual(['done', 'done', 'done', 'done', 'done'])
  })

  test('claim takes the first slot the responder qualifies for, or the one named', () => {
    const order = called([{ kind: 'hall', headcount: 1 }, { kind: 'party_members', headcount: 1 }])
    order.do('claim', pm1, { slotId: 2 })
    expect(order.partOf(pm1)?.slotId).toBe(2)
    order.do('claim', pm2)
    expect(order.partOf(pm2)?.slotId).toBe(1)
  })
})

describe('who may take which place', () => {
  test('beyond a full slot: illegal_state, 名额已满，手慢了', () => {
    const order = called([{ kind: 'party_members', headcount: 1 }, { kind: 'team', headcount: 1, unitId: TEAM }])
    order.do('claim', pm1)
    // The Party members' slot is full; the team slot is not, but a Party member may not take it.
    expect(refusal(order.try('claim', pm2, { slotId: 1 }))).toEqual({ kind: 'illegal_state', message: FULL })
    expect(refusal(order.try('claim', pm2))).toEqual({ kind: 'forbidden', message: '您没有权限进行此操作' })
    order.do('claim', vol1)
    // Every place taken: the late comer is told so, whatever they are.
    for (const who of [pm2, vol2, dept]) expect(refusal(order.try('claim', who))).toEqual({ kind: 'illegal_state', message: FULL })
  })

  test('a volunteer of another team cannot take a team place; a Party member neither', () => {
    const order = called([{ kind: 'team', headcount: 2, unitId: TEAM }])
    for (const who of [otherTeamVol, otherLeader, pm1, dept]) expect(refusal(order.try('claim', who))).toMatchObject({ kind: 'forbidden' })
    expect(refusal(order.try('claim', { ...vol1, teamId: null }))).toMatchObject({ kind: 'forbidden' })
    order.do('claim', vol1)
    order.do('claim', leader)
    expect(order.status).toBe('accepted')
  })

  test("a department member takes only their own unit's place, and no hall place", () => {
    const order = called([{ kind: 'department', headcount: 1, unitId: UNIT }, { kind: 'hall', headcount: 1 }])
    expect(refusal(order.try('claim', otherDept))).toMatchObject({ kind: 'forbidden' })
    expect(refusal(order.try('claim', dept, { slotId: 2 }))).toMatchObject({ kind: 'forbidden' })
    order.do('claim', dept)
    expect(order.partOf(dept)?.slotId).toBe(1)
    // A volunteer or Party member cannot take a department's place.
    const deptOnly = called([{ kind: 'department', headcount: 2, unitId: UNIT }])
    for (const who of [pm1, vol1]) expect(refusal(deptOnly.try('claim', who))).toMatchObject({ kind: 'forbidden' })
  })

  test('one place per person per order', () => {
    const order = called([{ kind: 'hall', headcount: 1 }, { kind: 'party_members', headcount: 1 }])
    order.do('claim', pm1)
    expect(refusal(order.try('claim', pm1))).toMatchObject({ kind: 'forbidden' })
    expect(refusal(order.try('claim', pm1, { slotId: 2 }))).toMatchObject({ kind: 'forbidden' })
    // Nor can the committee invite someone already on the order.
    expect(refusal(order.try('invite', committee, { slotId: 2, inviteeId: pm1.id }))).toEqual({ kind: 'illegal_state', message: '此人已在本单的响应名单中' })
  })

  test('a responder out of scope cannot take a place', () => {
    const order = called([{ kind: 'hall', headcount: 1 }])
    expect(refusal(order.try('claim', { ...pm1, orgPath: '/1/3/' }))).toMatchObject({ kind: 'forbidden' })
  })

  test('unknown slotId → missing_input', () => {
    const order = called([{ kind: 'hall', headcount: 1 }])
    const message = '参数 slotId 不合法：本单没有这个名额'
    expect(refusal(order.try('claim', pm1, { slotId: 99 }))).toEqual({ kind: 'missing_input', message })
    expect(refusal(order.try('invite', committee, { slotId: 99, inviteeId: pm1.id }))).toEqual({ kind: 'missing_input', message })
    expect(refusal(order.try('claim', pm1, { slotId: -1 }))).toEqual({ kind: 'missing_input', message })
  })
})

describe('leaving, releasing, declining', () => {
  test('leave frees the place; the order is open again when nobody else works on it', () => {
    const order = called([{ kind: 'hall', headcount: 2 }, { kind: 'person', headcount: 1, inviteeId: pm3.id }])
    order.do('claim', pm1)
    expect(order.status).toBe('accepted')
    // Alone with an invitation still out: leave (not release), and the call gathers again.
    expect(availableActions(order.facts, pm1)).toEqual(['leave', 'start'])
    expect(refusal(order.try('leave', pm1))).toEqual({ kind: 'missing_input', message: '请填写原因' })
    order.do('leave', pm1, { note: '临时有事' })
    expect(order.status).toBe('open')
    expect(order.last?.ok && order.last.patch).toMatchObject({ part: { userId: pm1.id, from: 'joined', to: 'left' }, hallPlaces: 2 })
    expect(placesLeft(order.slotOf('hall'), order.parts)).toBe(2)
    expect(order.partOf(pm3)?.status).toBe('invited')
    // The place is free again, for anyone — the one who left too.
    order.do('claim', pm2)
    order.do('claim', pm1)
    expect(order.status).toBe('accepted')
  })

  test('leave while others work keeps the order accepted or in progress', () => {
    const order = called([{ kind: 'hall', headcount: 3 }])
    order.do('claim', pm1).do('claim', pm2)
    order.do('leave', pm1, { note: '有事' })
    expect(order.status).toBe('accepted')
    order.do('claim', pm3).do('start', pm3)
    order.do('leave', pm2, { note: '有事' })
    expect(order.status).toBe('in_progress')
    // Once started, a part cannot be left; alone on the order its holder releases it.
    expect(refusal(order.try('leave', pm3, { note: '有事' }))).toMatchObject({ kind: 'forbidden' })
    expect(availableActions(order.facts, pm3)).toContain('release')
  })

  test('release by the sole holder: back to the committee, every slot closed, every invitation withdrawn', () => {
    const order = called(THREE_SLOTS)
    order.do('claim', pm1)
    expect(refusal(order.try('leave', pm1, { note: '走了' }))).toMatchObject({ kind: 'forbidden' })
    order.do('release', pm1, { note: '临时出差' })
    expect(order.status).toBe('submitted')
    expect(order.last?.ok && order.last.patch).toEqual({
      part: { slotId: 2, userId: pm1.id, from: 'joined', to: 'left' },
      closeSlots: true,
      hallPlaces: 0,
    })
    expect(order.slots.every((s) => !s.open)).toBe(true)
    expect(liveParts(order.slots, order.parts)).toEqual([])
    // Nobody can take a place any more: the committee decides again.
    expect(refusal(order.try('claim', pm2))).toMatchObject({ kind: 'illegal_state' })
    expect(availableActions(order.facts, committee)).toEqual(['dispatch', 'publish', 'call', 'reject', 'park', 'merge'])
  })

  test('release by a sole holder who started', () => {
    const order = new Order('in_progress', [slot(1, 'person')], [part(1, pm1.id, 'started')])
    order.do('release', pm1, { note: '生病' })
    expect(order.status).toBe('submitted')
    expect(order.parts).toEqual([part(1, pm1.id, 'left')])
  })

  test('decline of the only invitation → submitted, the slot closed', () => {
    const order = new Order().do('dispatch', committee, { assigneeId: pm1.id })
    expect(order.status).toBe('assigned')
    order.do('decline', pm1, { note: '不在本地' })
    expect(order.status).toBe('submitted')
    expect(order.last?.ok && order.last.patch).toMatchObject({ closeSlots: true, hallPlaces: 0 })
    expect(order.slots.map((s) => s.open)).toEqual([false])
    // A call of invitations only: declining one leaves the order with the others.
    const two = called([
      { kind: 'person', headcount: 1, inviteeId: pm1.id },
      { kind: 'person', headcount: 1, inviteeId: pm2.id },
    ])
    expect(two.status).toBe('assigned')
    two.do('decline', pm1, { note: '没空' })
    expect(two.status).toBe('assigned')
    two.do('decline', pm2, { note: '没空' })
    expect(two.status).toBe('submitted')
  })

  test('decline while others work keeps the order where it is', () => {
    const order = called([{ kind: 'hall', headcount: 1 }, { kind: 'person', headcount: 1, inviteeId: pm3.id }])
    order.do('claim', pm1)
    order.do('decline', pm3, { note: '没空' })
    expect(order.status).toBe('accepted')
    expect(order.partOf(pm1)?.status).toBe('joined')
  })
})

describe('invitations', () => {
  test('the committee invites into any slot with a free place; the invitee accepts', () => {
    const order = called([{ kind: 'party_members', headcount: 2 }])
    order.do('invite', committee, { slotId: 1, inviteeId: pm1.id, note: '擅长维修' })
    expect(order.status).toBe('open') // one place still free
    expect(order.last?.ok && order.last.patch.part).toEqual({ slotId: 1, userId: pm1.id, from: null, to: 'invited' })
    expect(order.last?.ok && order.last.entry).toMatchObject({ actorId: committee.id, payload: { kind: 'part', userId: pm1.id, status: 'invited' } })
    order.do('invite', committee, { slotId: 1, inviteeId: pm2.id })
    expect(order.status).toBe('assigned') // only invitations, nothing free
    // Nothing to take while only invitations are out (claim is not a move of `assigned`); no room to invite.
    expect(refusal(order.try('claim', pm3))).toEqual({ kind: 'illegal_state', message: '订单当前状态不允许此操作' })
    expect(refusal(order.try('invite', committee, { slotId: 1, inviteeId: pm3.id }))).toEqual({ kind: 'illegal_state', message: FULL })
    order.do('accept', pm1)
    expect(order.status).toBe('accepted')
  })

  test("the team's leader invites into the team's slot; a member who does not lead it may not", () => {
    const order = called([{ kind: 'team', headcount: 2, unitId: TEAM }, { kind: 'hall', headcount: 1 }])
    expect(availableActions(order.facts, leader)).toContain('invite')
    for (const who of [vol1, otherLeader, otherTeamVol, pm1]) {
      expect(refusal(order.try('invite', who, { slotId: 1, inviteeId: vol2.id }))).toMatchObject({ kind: 'forbidden' })
      expect(availableActions(order.facts, who)).not.toContain('invite')
    }
    // Not into another kind of slot.
    expect(refusal(order.try('invite', leader, { slotId: 2, inviteeId: vol2.id }))).toMatchObject({ kind: 'forbidden' })
    // Nor from outside the order's scope.
    expect(refusal(order.try('invite', { ...leader, orgPath: '/1/3/' }, { slotId: 1, inviteeId: vol2.id }))).toMatchObject({ kind: 'forbidden' })
    order.do('invite', leader, { slotId: 1, inviteeId: vol2.id })
    expect(order.partOf(vol2)).toEqual(part(1, vol2.id, 'invited'))
    order.do('accept', vol2).do('start', vol2)
    expect(order.status).toBe('in_progress')
  })

  test('invite needs a slot and someone', () => {
    const order = called([{ kind: 'hall', headcount: 1 }])
    expect(refusal(order.try('invite', committee, { inviteeId: pm1.id }))).toEqual({ kind: 'missing_input', message: '请选择邀请的人和名额' })
    expect(refusal(order.try('invite', committee, { slotId: 1 }))).toEqual({ kind: 'missing_input', message: '请选择邀请的人和名额' })
  })
})

describe('closing a call', () => {
  test('close_call needs a reason and a done part; then the order is completed, parts not finished withdrawn', () => {
    const order = called([{ kind: 'party_members', headcount: 3 }])
    order.do('claim', pm1).do('claim', pm2).do('start', pm1)
    expect(refusal(order.try('close_call', committee, { note: '结束' }))).toEqual({
      kind: 'illegal_state',
      message: '还没有人完成任务：可以等待，或收回重派',
    })
    expect(availableActions(order.facts, committee)).not.toContain('close_call')
    order.do('complete', pm1, { note: '完成' })
    expect(order.status).toBe('in_progress')
    expect(availableActions(order.facts, committee)).toContain('close_call')
    expect(refusal(order.try('close_call', committee))).toEqual({ kind: 'missing_input', message: '请填写原因' })
    expect(refusal(order.try('close_call', pm1, { note: '结束' }))).toMatchObject({ kind: 'forbidden' })
    order.do('close_call', committee, { note: '一人已解决问题' })
    expect(order.status).toBe('completed')
    expect(order.parts).toEqual([part(1, pm1.id, 'done'), part(1, pm2.id, 'withdrawn')])
    expect(order.slots.every((s) => !s.open)).toBe(true)
    order.do('confirm', owner, { rating: 4 })
    expect(order.status).toBe('closed')
  })
})

describe('reopen starts a new round', () => {
  test('reopen closes the slots; the old done parts no longer count; the same person may take a new place', () => {
    const order = new Order().do('publish', committee).do('claim', pm1).do('start', pm1).do('complete', pm1, { note: '好了' })
    expect(order.status).toBe('completed')
    order.do('reopen', owner, { note: '还是漏水' })
    expect(order.status).toBe('reopened')
    expect(order.slots.map((s) => s.open)).toEqual([false])
    expect(order.parts).toEqual([part(1, pm1.id, 'done')]) // history kept…
    expect(liveParts(order.slots, order.parts)).toEqual([]) // …but it holds no place
    expect(availableActions(order.facts, pm1)).toEqual([])

    order.do('publish', committee)
    expect(order.status).toBe('open')
    expect(hallPlaces(order.slots, order.parts)).toBe(1)
    order.do('claim', pm1)
    expect(order.partOf(pm1)).toEqual(part(2, pm1.id, 'joined'))
    expect(order.status).toBe('accepted') // not completed: the old done part is of the closed slot
    order.do('start', pm1).do('complete', pm1, { note: '这次修好了' })
    expect(order.status).toBe('completed')
  })
})

describe('slotSpecProblem', () => {
  test.each([
    [[], '请至少添加一类响应力量'],
    [Array.from({ length: MAX_SLOTS_PER_CALL + 1 }, () => ({ kind: 'hall', headcount: 1 })), `一次呼叫最多 ${MAX_SLOTS_PER_CALL} 类响应力量`],
    [[{ kind: 'hall', headcount: 0 }], `每类人数须在 1–${MAX_HEADCOUNT} 之间`],
    [[{ kind: 'hall', headcount: MAX_HEADCOUNT + 1 }], `每类人数须在 1–${MAX_HEADCOUNT} 之间`],
    [[{ kind: 'hall', headcount: 1.5 }], `每类人数须在 1–${MAX_HEADCOUNT} 之间`],
    [[{ kind: 'team', headcount: 2 }], '请选择志愿队伍'],
    [[{ kind: 'department', headcount: 1, unitId: 0 }], '请选择部门/驻区单位'],
    [[{ kind: 'person', headcount: 1 }], '指定人员须选择一人'],
    [[{ kind: 'person', headcount: 2, inviteeId: 5 }], '指定人员须选择一人'],
    [
      [
        { kind: 'person', headcount: 1, inviteeId: 5 },
        { kind: 'person', headcount: 1, inviteeId: 5 },
      ],
      '同一人不能被指定两次',
    ],
  ] as [SlotSpec[], string][])('%j → %s', (specs, message) => {
    expect(slotSpecProblem(specs)).toBe(message)
    expect(refusal(new Order().try('call', committee, { slots: specs }))).toEqual({ kind: 'missing_input', message })
  })

  test('a good call has no problem', () => {
    expect(slotSpecProblem(THREE_SLOTS)).toBeNull()
    expect(slotSpecProblem(Array.from({ length: MAX_SLOTS_PER_CALL }, () => ({ kind: 'hall', headcount: MAX_HEADCOUNT })))).toBeNull()
    expect(slotSpecProblem([{ kind: 'person', headcount: 1, inviteeId: 5 }, { kind: 'person', headcount: 1, inviteeId: 6 }])).toBeNull()
  })
})

describe('qualifiesFor, placesLeft, hallPlaces', () => {
  test('qualifiesFor: by kind, role, team and unit', () => {
    const hall = { kind: 'hall', unitId: null } as const
    const members = { kind: 'party_members', unitId: null } as const
    const team = { kind: 'team', unitId: TEAM } as const
    const unit = { kind: 'department', unitId: UNIT } as const
    const person = { kind: 'person', unitId: null } as const
    const cases: [Pick<SlotFacts, 'kind' | 'unitId'>, Actor, boolean][] = [
      [hall, pm1, true],
      [hall, vol1, true],
      [hall, otherTeamVol, true],
      [hall, dept, false],
      [hall, committee, false],
      [members, pm1, true],
      [members, vol1, false],
      [team, vol1, true],
      [team, leader, true],
      [team, otherTeamVol, false],
      [team, pm1, false],
      [{ kind: 'team', unitId: null }, { ...vol1, teamId: null }, false],
      [unit, dept, true],
      [unit, otherDept, false],
      [unit, pm1, false],
      [{ kind: 'department', unitId: null }, { ...dept, workUnitId: null }, false],
      [person, pm1, false],
      [person, vol1, false],
      [person, dept, false],
    ]
    for (const [s, who, expected] of cases) expect([s, who.id, qualifiesFor(s, who)]).toEqual([s, who.id, expected])
  })

  test('placesLeft: headcount less live parts; none once closed', () => {
    const s = slot(1, 'hall', 3)
    expect(placesLeft(s, [])).toBe(3)
    const parts = [part(1, 1, 'invited'), part(1, 2, 'done'), part(1, 3, 'declined'), part(1, 4, 'left'), part(1, 5, 'withdrawn'), part(2, 6, 'joined')]
    expect(placesLeft(s, parts)).toBe(1)
    expect(placesLeft(s, [...parts, part(1, 7, 'started')])).toBe(0)
    expect(placesLeft({ ...s, open: false }, [])).toBe(0)
  })

  test('hallPlaces: the free places of every open slot but person slots', () => {
    const slots = [slot(1, 'person'), slot(2, 'hall', 2), slot(3, 'team', 2, TEAM), slot(4, 'department', 1, UNIT, false)]
    expect(hallPlaces(slots, [])).toBe(4)
    expect(hallPlaces(slots, [part(2, 1, 'joined'), part(3, 2, 'invited'), part(3, 3, 'left')])).toBe(2)
    expect(hallPlaces([slot(1, 'person')], [])).toBe(0)
  })

  test('statusFromParts reads the old one-place orders as they were', () => {
    const person = [slot(1, 'person')]
    const hall = [slot(1, 'hall')]
    expect(statusFromParts(person, [part(1, 5, 'invited')])).toBe('assigned')
    expect(statusFromParts(hall, [])).toBe('open')
    expect(statusFromParts(hall, [part(1, 5, 'joined')])).toBe('accepted')
    expect(statusFromParts(hall, [part(1, 5, 'started')])).toBe('in_progress')
    expect(statusFromParts(hall, [part(1, 5, 'done')])).toBe('completed')
    expect(statusFromParts(person, [part(1, 5, 'declined')])).toBe('submitted')
    expect(statusFromParts([], [])).toBe('submitted')
  })
})
