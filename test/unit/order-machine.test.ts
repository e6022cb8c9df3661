/**
 * Guards, required input, refusal order, patches, timeline entries and availableActions of the
 * pure order state machine (src/domain/order-machine.ts).
 */
import fc from 'fast-check'
import {
  MAX_PARK_DAYS,
  SYSTEM_ACTOR,
  MERGE_WINDOW_DAYS,
  absorption,
  mergeProblem,
  neighbourhoodOf,
  type MergeFacts,
  ORDER_ACTIONS,
  ORDER_STATUSES,
  PART_STATUSES,
  ROLES,
  SLOT_KINDS,
  applyPatch,
  availableActions,
  canOrderFor,
  canSubmit,
  chinaDate,
  liveParts,
  livePartOf,
  requirementOf,
  statusFromParts,
  submission,
  transition,
  type Actor,
  type OrderAction,
  type OrderFacts,
  type OrderStatus,
  type PartFacts,
  type PartStatus,
  type SlotFacts,
  type TransitionInput,
  type TransitionResult,
} from '@/domain'

const NOW = new Date('2025-03-01T08:00:00.000Z')
const GRID = '/1/2/5/'
/** The owner's household; the other resident lives next door. */
const HOME = 100

const owner: Actor = { id: 1, role: 'resident', orgPath: GRID, householdId: HOME }
const otherResident: Actor = { id: 2, role: 'resident', orgPath: GRID, householdId: HOME + 1 }
const committee: Actor = { id: 10, role: 'committee', orgPath: '/1/' }
const branchCommittee: Actor = { id: 12, role: 'committee', orgPath: '/1/2/' }
const committeeOut: Actor = { id: 11, role: 'committee', orgPath: '/1/3/' }
const member: Actor = { id: 20, role: 'party_member', orgPath: '/1/2/' }
const volunteer: Actor = { id: 21, role: 'volunteer', orgPath: GRID }
const otherMember: Actor = { id: 22, role: 'party_member', orgPath: '/1/' }
const responderOut: Actor = { id: 23, role: 'volunteer', orgPath: '/1/3/' }

/** Frozen all the way down, so a transition that wrote to the facts would throw. */
const order = (status: OrderStatus, extra: Partial<OrderFacts> = {}): OrderFacts =>
  Object.freeze({
    status,
    householdId: HOME,
    orgPath: GRID,
    ...extra,
    slots: Object.freeze((extra.slots ?? []).map((s) => Object.freeze({ ...s }))),
    parts: Object.freeze((extra.parts ?? []).map((p) => Object.freeze({ ...p }))),
  })

const slot = (id: number, kind: SlotFacts['kind'], headcount = 1, unitId: number | null = null, open = true): SlotFacts => ({ id, kind, headcount, unitId, open })
const part = (slotId: number, userId: number, status: PartStatus): PartFacts => ({ slotId, userId, status })

/**
 * The old one-responder orders, as slots and parts: a dispatch is a person slot with the
 * assignee's invitation; a publish an open hall slot; whoever accepted or claimed holds a part
 * joined (accepted), started (in progress) or done (completed, closed).
 */
const dispatchedTo = (who: Actor) => order('assigned', { slots: [slot(1, 'person')], parts: [part(1, who.id, 'invited')] })
const inHall = () => order('open', { slots: [slot(1, 'hall')] })
const PART_OF_TAKER: Partial<Record<OrderStatus, PartStatus>> = { accepted: 'joined', in_progress: 'started', completed: 'done', closed: 'done' }
const takenBy = (who: Actor, status: OrderStatus = 'accepted') => order(status, { slots: [slot(1, 'hall')], parts: [part(1, who.id, PART_OF_TAKER[status]!)] })
/** Reopened after `who` finished it: the last round's slot closed, the done part kept. */
const reopenedAfter = (who: Actor) => order('reopened', { slots: [slot(1, 'hall', 1, null, false)], parts: [part(1, who.id, 'done')] })

const VALID: TransitionInput = { note: '原因说明', rating: 5, assigneeId: member.id }

function refusalKind(result: TransitionResult) {
  return result.ok ? 'ok' : result.refusal.kind
}

describe('guards', () => {
  test.each([
    ['dispatch', { assigneeId: member.id }],
    ['publish', {}],
    ['reject', { note: '不属于服务范围' }],
  ] as [OrderAction, TransitionInput][])('%s: committee /1/3/ is out of scope for an order in /1/2/5/', (action, input) => {
    expect(refusalKind(transition(order('submitted'), action, committeeOut, NOW, input))).toBe('forbidden')
    expect(refusalKind(transition(order('reopened'), action, committeeOut, NOW, input))).toBe('forbidden')
    // The community committee /1/ and the compound branch /1/2/ both cover the grid.
    expect(refusalKind(transition(order('submitted'), action, committee, NOW, input))).toBe('ok')
    expect(refusalKind(transition(order('submitted'), action, branchCommittee, NOW, input))).toBe('ok')
  })

  test('scope is by path segment: /1/ does not cover /10/2/', () => {
    const elsewhere = { ...order('submitted'), orgPath: '/10/2/' }
    expect(refusalKind(transition(elsewhere, 'publish', committee, NOW))).toBe('forbidden')
  })

  test('a committee member acting in scope still cannot do resident or responder work', () => {
    expect(refusalKind(transition(takenBy(member, 'completed'), 'confirm', committee, NOW, VALID))).toBe('forbidden')
    expect(refusalKind(transition(inHall(), 'claim', committee, NOW))).toBe('forbidden')
    expect(refusalKind(transition(takenBy(member, 'in_progress'), 'complete', committee, NOW, VALID))).toBe('forbidden')
    expect(refusalKind(transition(order('submitted'), 'cancel', committee, NOW))).toBe('forbidden')
  })

  test.each([
    ['cancel', order('submitted')],
    ['confirm', takenBy(member, 'completed')],
    ['reopen', takenBy(member, 'completed')],
  ] as [OrderAction, OrderFacts][])('%s: a resident who is not the owner is forbidden', (action, facts) => {
    expect(refusalKind(transition(facts, action, otherResident, NOW, VALID))).toBe('forbidden')
    expect(refusalKind(transition(facts, action, owner, NOW, VALID))).toBe('ok')
  })

  test('an actor with the owner id but another role is not the owner', () => {
    const impostor: Actor = { id: owner.id, role: 'volunteer', orgPath: GRID }
    expect(refusalKind(transition(order('submitted'), 'cancel', impostor, NOW))).toBe('forbidden')
  })

  test('a responder cannot claim an order outside their community', () => {
    expect(refusalKind(transition(inHall(), 'claim', responderOut, NOW))).toBe('forbidden')
    expect(refusalKind(transition(inHall(), 'claim', member, NOW))).toBe('ok')
    expect(refusalKind(transition(inHall(), 'claim', volunteer, NOW))).toBe('ok')
    expect(refusalKind(transition(inHall(), 'claim', otherResident, NOW))).toBe('forbidden')
    // A hall place is for Party members and volunteers: a department answers calls addressed to its unit.
    expect(refusalKind(transition(inHall(), 'claim', { id: 24, role: 'department', orgPath: '/1/', workUnitId: 9 }, NOW))).toBe('forbidden')
  })

  test.each([
    ['accept', {}],
    ['decline', { note: '时间冲突' }],
  ] as [OrderAction, TransitionInput][])('%s: only the assignee', (action, input) => {
    const facts = dispatchedTo(member)
    expect(refusalKind(transition(facts, action, member, NOW, input))).toBe('ok')
    for (const other of [volunteer, otherMember, responderOut, owner, committee]) {
      expect(refusalKind(transition(facts, action, other, NOW, input))).toBe('forbidden')
    }
    // Same id, wrong role.
    expect(refusalKind(transition(facts, action, { ...owner, id: member.id }, NOW, input))).toBe('forbidden')
  })

  /**
   * accept/decline are guarded by holding any live part (isResponderOf), so someone answering a
   * second time (a double tap, a retry after a timeout) is told the state of their part, like a
   * second `start`; only a stranger to the order is forbidden.
   */
  test('answering an invitation a second time is illegal_state, not forbidden; a stranger is forbidden', () => {
    const STATE = { kind: 'illegal_state', message: '您的任务当前状态不允许此操作' }
    const accepted = order('accepted', { slots: [slot(1, 'person')], parts: [part(1, member.id, 'joined')] })
    expect(refusalKind(transition(accepted, 'accept', member, NOW))).toBe('illegal_state')
    expect(refusalKind(transition(accepted, 'decline', member, NOW, { note: '算了' }))).toBe('illegal_state')
    const started = order('in_progress', { slots: [slot(1, 'person')], parts: [part(1, member.id, 'started')] })
    expect(transition(started, 'accept', member, NOW)).toEqual({ ok: false, refusal: STATE })
    expect(transition(started, 'decline', member, NOW, { note: '算了' })).toEqual({ ok: false, refusal: STATE })
    expect(transition(started, 'start', member, NOW)).toEqual({ ok: false, refusal: STATE })
    // A co-worker who finished their part, answering an invitation long gone.
    const oneFinished = order('in_progress', { slots: [slot(1, 'hall', 2)], parts: [part(1, member.id, 'done'), part(1, volunteer.id, 'started')] })
    expect(transition(oneFinished, 'accept', member, NOW)).toEqual({ ok: false, refusal: STATE })
    // Someone with no live part on the order is a stranger to it, whatever they once held.
    for (const facts of [accepted, started, oneFinished]) {
      expect(refusalKind(transition(facts, 'accept', otherMember, NOW))).toBe('forbidden')
      expect(refusalKind(transition(facts, 'decline', otherMember, NOW, { note: '算了' }))).toBe('forbidden')
    }
    const declined = order('open', { slots: [slot(1, 'person'), slot(2, 'hall')], parts: [part(1, member.id, 'declined')] })
    expect(refusalKind(transition(declined, 'accept', member, NOW))).toBe('forbidden')
    expect(refusalKind(transition(reopenedAfter(member), 'accept', member, NOW))).toBe('illegal_state') // the status first
    const recalledThenPublished = order('open', { slots: [slot(1, 'person', 1, null, false), slot(2, 'hall')], parts: [part(1, member.id, 'withdrawn')] })
    expect(refusalKind(transition(recalledThenPublished, 'accept', member, NOW))).toBe('forbidden')
  })

  test('the assignee is named, so a dispatch across communities can still be accepted', () => {
    expect(refusalKind(transition(dispatchedTo(responderOut), 'accept', responderOut, NOW))).toBe('ok')
  })

  test("a person serving two communities acts on their own work only as that community's responder", () => {
    const here = { ...member, communityPath: '/1/' }
    const elsewhere = { ...member, orgPath: '/9/', communityPath: '/9/' }
    expect(refusalKind(transition(dispatchedTo(member), 'accept', here, NOW))).toBe('ok')
    expect(refusalKind(transition(dispatchedTo(member), 'accept', elsewhere, NOW))).toBe('forbidden')
    expect(refusalKind(transition(takenBy(member, 'in_progress'), 'complete', elsewhere, NOW, { note: '已完成' }))).toBe('forbidden')
  })

  test.each([
    ['start', 'accepted', {}],
    ['release', 'accepted', { note: '临时有事' }],
    ['progress', 'in_progress', { note: '已联系物业' }],
    ['complete', 'in_progress', { note: '已修好' }],
  ] as [OrderAction, OrderStatus, TransitionInput][])('%s: only the taker', (action, status, input) => {
    const facts = takenBy(volunteer, status)
    expect(refusalKind(transition(facts, action, volunteer, NOW, input))).toBe('ok')
    for (const other of [member, otherMember, responderOut, owner, committee]) {
      expect(refusalKind(transition(facts, action, other, NOW, input))).toBe('forbidden')
    }
    // Same id, wrong role.
    expect(refusalKind(transition(facts, action, { ...owner, id: volunteer.id }, NOW, input))).toBe('forbidden')
    // Being the former assignee (who declined; the volunteer took a hall place) is not enough.
    const declinedThenTaken = order(status, {
      slots: [slot(1, 'person'), slot(2, 'hall')],
      parts: [part(1, member.id, 'declined'), part(2, volunteer.id, PART_OF_TAKER[status]!)],
    })
    expect(refusalKind(transition(declinedThenTaken, action, volunteer, NOW, input))).toBe('ok')
    expect(refusalKind(transition(declinedThenTaken, action, member, NOW, input))).toBe('forbidden')
    // Nor is holding an invitation not yet answered.
    const stillInvited = order(status, {
      slots: [slot(1, 'person'), slot(2, 'hall')],
      parts: [part(1, member.id, 'invited'), part(2, volunteer.id, PART_OF_TAKER[status]!)],
    })
    expect(refusalKind(transition(stillInvited, action, member, NOW, input))).toBe('forbidden')
  })
})

/** A call under way: two hall places, the member and the volunteer joined (each may leave). */
const twoJoined = () => order('accepted', { slots: [slot(1, 'hall', 2)], parts: [part(1, member.id, 'joined'), part(1, volunteer.id, 'joined')] })
/** A call working: the member finished their place, the volunteer started theirs. */
const oneDone = () => order('in_progress', { slots: [slot(1, 'hall', 2)], parts: [part(1, member.id, 'done'), part(1, volunteer.id, 'started')] })

describe('missing input', () => {
  const reasonCases: [OrderAction, OrderFacts, Actor][] = [
    ['reject', order('submitted'), committee],
    ['recall', dispatchedTo(member), committee],
    ['recall', inHall(), committee],
    ['decline', dispatchedTo(member), member],
    ['release', takenBy(member), member],
    ['leave', twoJoined(), member],
    ['close_call', oneDone(), committee],
    ['reopen', takenBy(member, 'completed'), owner],
  ]

  test.each(reasonCases)('%s needs a reason', (action, facts, actor) => {
    expect(requirementOf(action)).toBe('reason')
    for (const note of [undefined, '', '   ', '\n\t ']) {
      const result = transition(facts, action, actor, NOW, { note })
      expect(result).toEqual({ ok: false, refusal: { kind: 'missing_input', message: '请填写原因' } })
    }
    expect(refusalKind(transition(facts, action, actor, NOW, { note: ' 理由 ' }))).toBe('ok')
  })

  test('progress needs a note', () => {
    const facts = takenBy(member, 'in_progress')
    expect(requirementOf('progress')).toBe('note')
    expect(refusalKind(transition(facts, 'progress', member, NOW))).toBe('missing_input')
    expect(refusalKind(transition(facts, 'progress', member, NOW, { note: '  ' }))).toBe('missing_input')
    expect(refusalKind(transition(facts, 'progress', member, NOW, { note: '已上门查看' }))).toBe('ok')
  })

  test('complete needs a report', () => {
    const facts = takenBy(member, 'in_progress')
    expect(requirementOf('complete')).toBe('report')
    expect(refusalKind(transition(facts, 'complete', member, NOW))).toBe('missing_input')
    expect(refusalKind(transition(facts, 'complete', member, NOW, { note: ' ', photos: ['a.jpg'] }))).toBe('missing_input')
    expect(refusalKind(transition(facts, 'complete', member, NOW, { note: '已维修完毕' }))).toBe('ok')
  })

  test.each([0, 6, 2.5, undefined, -1, Number.NaN, Number.POSITIVE_INFINITY])('confirm with rating %p → missing_input', (rating) => {
    expect(requirementOf('confirm')).toBe('rating')
    const result = transition(takenBy(member, 'completed'), 'confirm', owner, NOW, { rating })
    expect(result).toEqual({ ok: false, refusal: { kind: 'missing_input', message: '请给出 1–5 星评价' } })
  })

  test.each([1, 2, 3, 4, 5])('confirm with rating %p is accepted', (rating) => {
    expect(transition(takenBy(member, 'completed'), 'confirm', owner, NOW, { rating })).toMatchObject({ ok: true, to: 'closed' })
  })

  test('confirm needs no comment', () => {
    expect(refusalKind(transition(takenBy(member, 'completed'), 'confirm', owner, NOW, { rating: 3 }))).toBe('ok')
  })

  test.each([undefined, 0, -5, 1.5])('dispatch with assigneeId %p → missing_input', (assigneeId) => {
    expect(requirementOf('dispatch')).toBe('assignee')
    const result = transition(order('submitted'), 'dispatch', committee, NOW, { assigneeId })
    expect(result).toEqual({ ok: false, refusal: { kind: 'missing_input', message: '请选择派单对象' } })
  })

  test.each(['publish', 'revisit', 'accept', 'claim', 'start', 'cancel'] as OrderAction[])('%s needs no input', (action) => {
    expect(requirementOf(action)).toBeUndefined()
  })

  test.each([
    [undefined, '请至少添加一类响应力量'],
    [[], '请至少添加一类响应力量'],
    [[{ kind: 'team', headcount: 2 }], '请选择志愿队伍'],
    [[{ kind: 'party_members', headcount: 0 }], '每类人数须在 1–20 之间'],
  ] as [TransitionInput['slots'], string][])('call with slots %j → missing_input %s', (slots, message) => {
    expect(requirementOf('call')).toBe('slots')
    expect(transition(order('submitted'), 'call', committee, NOW, { slots })).toEqual({ ok: false, refusal: { kind: 'missing_input', message } })
  })

  test.each([{}, { slotId: 1 }, { inviteeId: 30 }, { slotId: 1, inviteeId: 0 }] as TransitionInput[])('invite with %j → missing_input', (input) => {
    expect(requirementOf('invite')).toBe('invitee')
    const result = transition(inHall(), 'invite', committee, NOW, input)
    expect(result).toEqual({ ok: false, refusal: { kind: 'missing_input', message: '请选择邀请的人和名额' } })
    expect(refusalKind(transition(inHall(), 'invite', committee, NOW, { slotId: 1, inviteeId: 30 }))).toBe('ok')
  })

  test('the machine does not check that the dispatch target is a responder (server must)', () => {
    // Documented behaviour, not an endorsement: dispatching to a resident id is accepted and
    // leaves the order stuck in `assigned` until the owner cancels it.
    expect(refusalKind(transition(order('submitted'), 'dispatch', committee, NOW, { assigneeId: otherResident.id }))).toBe('ok')
  })
})

describe('refusal order: illegal_state, then forbidden, then missing_input', () => {
  test('illegal_state is reported before forbidden', () => {
    // Wrong status and wrong actor: the status wins.
    expect(refusalKind(transition(order('submitted'), 'confirm', otherResident, NOW))).toBe('illegal_state')
    expect(refusalKind(transition(order('closed'), 'dispatch', committeeOut, NOW))).toBe('illegal_state')
    expect(refusalKind(transition(inHall(), 'start', responderOut, NOW))).toBe('illegal_state')
  })

  test('an unknown slot comes right after the status; an order that cannot take the action now, before the actor', () => {
    const NO_SUCH_SLOT = { kind: 'missing_input', message: '参数 slotId 不合法：本单没有这个名额' }
    // The status first, even with a bad slot.
    expect(refusalKind(transition(order('submitted'), 'claim', volunteer, NOW, { slotId: 99 }))).toBe('illegal_state')
    // Then the slot, before the place is found full and before the actor is looked at.
    expect(transition(takenBy(member), 'claim', committee, NOW, { slotId: 99 })).toEqual({ ok: false, refusal: NO_SUCH_SLOT })
    expect(transition(inHall(), 'invite', otherResident, NOW, { slotId: 99, inviteeId: 30 })).toEqual({ ok: false, refusal: NO_SUCH_SLOT })
    // Every place taken: illegal_state, whoever asks.
    const full = { ok: false, refusal: { kind: 'illegal_state', message: '名额已满，手慢了' } }
    expect(transition(takenBy(member), 'claim', otherMember, NOW)).toEqual(full)
    expect(transition(takenBy(member), 'claim', committee, NOW)).toEqual(full)
    // Nobody finished: the call cannot be closed, even by someone who may not close it.
    expect(transition(twoJoined(), 'close_call', committeeOut, NOW, { note: '结束' })).toMatchObject({ ok: false, refusal: { kind: 'illegal_state' } })
  })

  test("the actor's part in the wrong status comes last, after missing input", () => {
    // The volunteer joined but did not start; the member is working.
    const facts = order('in_progress', { slots: [slot(1, 'hall', 2)], parts: [part(1, member.id, 'started'), part(1, volunteer.id, 'joined')] })
    expect(refusalKind(transition(facts, 'complete', volunteer, NOW))).toBe('missing_input')
    expect(transition(facts, 'complete', volunteer, NOW, { note: '已完成' })).toEqual({ ok: false, refusal: { kind: 'illegal_state', message: '请先开始服务' } })
    expect(transition(facts, 'start', member, NOW)).toEqual({ ok: false, refusal: { kind: 'illegal_state', message: '您的任务当前状态不允许此操作' } })
    expect(refusalKind(transition(facts, 'complete', member, NOW, { note: '已完成' }))).toBe('ok')
  })

  test('forbidden is reported before missing_input', () => {
    // Right status, wrong actor and missing input: the actor wins.
    expect(refusalKind(transition(order('submitted'), 'reject', committeeOut, NOW, {}))).toBe('forbidden')
    expect(refusalKind(transition(order('submitted'), 'dispatch', volunteer, NOW, {}))).toBe('forbidden')
    expect(refusalKind(transition(takenBy(member, 'completed'), 'confirm', otherResident, NOW, { rating: 0 }))).toBe('forbidden')
    expect(refusalKind(transition(takenBy(member, 'in_progress'), 'complete', volunteer, NOW, {}))).toBe('forbidden')
    expect(refusalKind(transition(order('submitted'), 'park', committeeOut, NOW, { revisitOn: '2025-02-30' }))).toBe('forbidden')
  })

  test('terminal orders say so in the message', () => {
    for (const status of ['closed', 'rejected', 'cancelled'] as const) {
      const result = transition(order(status), 'cancel', owner, NOW)
      expect(result).toEqual({ ok: false, refusal: { kind: 'illegal_state', message: '订单已结束，不能再操作' } })
    }
    expect(transition(order('in_progress'), 'cancel', owner, NOW)).toEqual({
      ok: false,
      refusal: { kind: 'illegal_state', message: '订单当前状态不允许此操作' },
    })
  })

  test('a forbidden refusal has the fixed message', () => {
    expect(transition(order('submitted'), 'cancel', otherResident, NOW)).toEqual({
      ok: false,
      refusal: { kind: 'forbidden', message: '您没有权限进行此操作' },
    })
  })
})

describe('patches', () => {
  const ok = (result: TransitionResult) => {
    if (!result.ok) throw new Error(`refused: ${result.refusal.kind} ${result.refusal.message}`)
    return result
  }
  /** The facts after the transition: slots, parts and the status they lead to. */
  const after = (facts: OrderFacts, result: TransitionResult) => {
    const { slots, parts } = applyPatch(facts, ok(result).patch)
    return { slots, parts, live: liveParts(slots, parts), fromParts: statusFromParts(slots, parts) }
  }

  test('dispatch opens a person slot with the assignee invited; nobody from an earlier round holds a place', () => {
    const fresh = transition(order('submitted'), 'dispatch', committee, NOW, { assigneeId: member.id })
    expect(ok(fresh).patch).toEqual({ openSlots: [{ kind: 'person', headcount: 1, inviteeId: member.id }], hallPlaces: 0 })
    expect(after(order('submitted'), fresh)).toEqual({
      slots: [{ id: -1, kind: 'person', headcount: 1, unitId: null, open: true }],
      parts: [{ slotId: -1, userId: member.id, status: 'invited' }],
      live: [{ slotId: -1, userId: member.id, status: 'invited' }],
      fromParts: 'assigned',
    })

    // Reopened after the member did it: dispatched to the volunteer, the member holds nothing.
    const reopened = reopenedAfter(member)
    const again = transition(reopened, 'dispatch', committee, NOW, { assigneeId: volunteer.id })
    expect(ok(again).patch).toEqual({ openSlots: [{ kind: 'person', headcount: 1, inviteeId: volunteer.id }], hallPlaces: 0 })
    const { slots, parts, live, fromParts } = after(reopened, again)
    expect(slots.map((s) => [s.id, s.open])).toEqual([[1, false], [-1, true]])
    expect(parts).toContainEqual({ slotId: 1, userId: member.id, status: 'done' }) // history is kept
    expect(live).toEqual([{ slotId: -1, userId: volunteer.id, status: 'invited' }])
    expect(livePartOf({ slots, parts }, member.id)).toBeUndefined()
    expect(fromParts).toBe('assigned')
  })

  test('accept and claim make the actor the taker (their part joined)', () => {
    const accepted = transition(dispatchedTo(member), 'accept', member, NOW)
    expect(ok(accepted).patch).toEqual({ part: { slotId: 1, userId: member.id, from: 'invited', to: 'joined' }, hallPlaces: 0 })
    expect(after(dispatchedTo(member), accepted)).toMatchObject({ live: [{ userId: member.id, status: 'joined' }], fromParts: 'accepted' })
    const claimed = transition(inHall(), 'claim', volunteer, NOW)
    expect(ok(claimed).patch).toEqual({ part: { slotId: 1, userId: volunteer.id, from: null, to: 'joined' }, hallPlaces: 0 })
    expect(after(inHall(), claimed)).toMatchObject({ live: [{ userId: volunteer.id, status: 'joined' }], fromParts: 'accepted' })
  })

  test.each([
    ['decline', dispatchedTo(member), member, { note: '不在本地' }, { part: { slotId: 1, userId: member.id, from: 'invited', to: 'declined' } }],
    ['release', takenBy(member), member, { note: '临时出差' }, { part: { slotId: 1, userId: member.id, from: 'joined', to: 'left' } }],
    ['release', takenBy(member, 'in_progress'), member, { note: '生病' }, { part: { slotId: 1, userId: member.id, from: 'started', to: 'left' } }],
    ['recall', dispatchedTo(member), committee, { note: '另派' }, {}],
    ['recall', inHall(), committee, { note: '另派' }, {}],
    ['reopen', takenBy(member, 'completed'), owner, { note: '还是漏水' }, {}],
    ['cancel', dispatchedTo(member), owner, {}, {}],
  ] as [OrderAction, OrderFacts, Actor, TransitionInput, object][])(
    '%s closes the slots: nobody holds the order any more',
    (action, facts, actor, input, change) => {
      const result = transition(facts, action, actor, NOW, input)
      expect(ok(result).patch).toEqual({ ...change, closeSlots: true, hallPlaces: 0 })
      const { slots, parts, live } = after(facts, result)
      expect(slots.every((s) => !s.open)).toBe(true)
      expect(live).toEqual([])
      // An invitation or a place not finished is withdrawn (unless the actor moved it); a done part stays done.
      for (const p of parts) expect(['declined', 'left', 'withdrawn', 'done']).toContain(p.status)
    },
  )

  test.each([
    ['submitted', order('submitted')],
    ['reopened', reopenedAfter(member)],
  ] as const)('publish from %s opens one hall place and clears every earlier holder', (_, facts) => {
    const result = transition(facts, 'publish', committee, NOW)
    expect(ok(result).patch).toEqual({ openSlots: [{ kind: 'hall', headcount: 1 }], hallPlaces: 1 })
    expect(after(facts, result)).toMatchObject({ live: [], fromParts: 'open' })
  })

  test('confirm sets the rating', () => {
    expect(ok(transition(takenBy(member, 'completed'), 'confirm', owner, NOW, { rating: 4, note: '很好' })).patch).toEqual({
      rating: 4,
      hallPlaces: 0,
    })
  })

  test.each([
    ['reject', order('submitted'), committee, { note: '重复' }, {}],
    ['auto_close', takenBy(member, 'completed'), { id: 0, role: 'system', orgPath: '/' }, {}, {}],
    ['start', takenBy(member), member, {}, { part: { slotId: 1, userId: member.id, from: 'joined', to: 'started' } }],
    ['progress', takenBy(member, 'in_progress'), member, { note: '进行中' }, { part: { slotId: 1, userId: member.id, from: 'started', to: 'started' } }],
    ['complete', takenBy(member, 'in_progress'), member, { note: '完成' }, { part: { slotId: 1, userId: member.id, from: 'started', to: 'done' } }],
  ] as [OrderAction, OrderFacts, Actor, TransitionInput, object][])('%s changes nothing but the status and the actor\'s own part', (action, facts, actor, input, change) => {
    expect(ok(transition(facts, action, actor, NOW, input)).patch).toEqual({ ...change, hallPlaces: 0 })
  })

  test('call opens the slots asked for, with only the fields asked for; its invitees are invited', () => {
    const slots = [
      { kind: 'department', headcount: 1, unitId: 9 },
      { kind: 'party_members', headcount: 2, skill: 'repair', unitId: 0 },
      { kind: 'person', headcount: 1, inviteeId: volunteer.id },
    ] as TransitionInput['slots']
    const result = transition(order('submitted'), 'call', committee, NOW, { slots })
    expect(ok(result)).toMatchObject({ to: 'open' })
    expect(ok(result).patch).toEqual({
      openSlots: [
        { kind: 'department', headcount: 1, unitId: 9 },
        { kind: 'party_members', headcount: 2, skill: 'repair' },
        { kind: 'person', headcount: 1, inviteeId: volunteer.id },
      ],
      hallPlaces: 3,
    })
    expect(after(order('submitted'), result).live).toEqual([{ slotId: -3, userId: volunteer.id, status: 'invited' }])
    // Only invitations: the call waits for the invitees.
    const personOnly = transition(order('submitted'), 'call', committee, NOW, { slots: [{ kind: 'person', headcount: 1, inviteeId: member.id }] })
    expect(ok(personOnly)).toMatchObject({ to: 'assigned', patch: { hallPlaces: 0 } })
  })

  test('leave frees the place; close_call withdraws the parts not finished', () => {
    const left = transition(twoJoined(), 'leave', member, NOW, { note: '家里有事' })
    expect(ok(left)).toMatchObject({ to: 'accepted', patch: { part: { slotId: 1, userId: member.id, from: 'joined', to: 'left' }, hallPlaces: 1 } })
    const closed = transition(oneDone(), 'close_call', committee, NOW, { note: '已基本解决' })
    expect(ok(closed)).toMatchObject({ to: 'completed', patch: { closeSlots: true, hallPlaces: 0 } })
    expect(after(oneDone(), closed).parts).toEqual([part(1, member.id, 'done'), part(1, volunteer.id, 'withdrawn')])
  })
})

describe('timeline entries', () => {
  test('an accepted transition returns the entry to append', () => {
    const result = transition(takenBy(member, 'in_progress'), 'complete', member, NOW, {
      note: '  已更换水龙头\n',
      photos: ['after.jpg'],
    })
    expect(result).toEqual({
      ok: true,
      to: 'completed',
      patch: { part: { slotId: 1, userId: member.id, from: 'started', to: 'done' }, hallPlaces: 0 },
      // The household hears the work is done and is asked to confirm it.
      notices: [{ kind: 'completed', audience: { kind: 'households', householdIds: [HOME] } }],
      entry: {
        event: 'complete',
        from: 'in_progress',
        to: 'completed',
        actorId: member.id,
        actorRole: 'party_member',
        note: '已更换水龙头',
        rating: null,
        assigneeId: null,
        photos: ['after.jpg'],
        payload: { kind: 'part', slotId: 1, userId: member.id, status: 'done' },
        at: NOW.toISOString(),
      },
    })
  })

  test('dispatch records the assignee; confirm records the rating; a blank note is null', () => {
    const dispatched = transition(order('submitted'), 'dispatch', committee, NOW, { assigneeId: member.id, note: '   ' })
    expect(dispatched.ok && dispatched.entry).toMatchObject({
      event: 'dispatch',
      from: 'submitted',
      to: 'assigned',
      actorId: committee.id,
      actorRole: 'committee',
      note: null,
      assigneeId: member.id,
      rating: null,
      photos: [],
      payload: { kind: 'slots', slots: [{ kind: 'person', headcount: 1, inviteeId: member.id }] },
      at: '2025-03-01T08:00:00.000Z',
    })
    const confirmed = transition(takenBy(member, 'completed'), 'confirm', owner, NOW, { rating: 5, note: ' 谢谢 ' })
    expect(confirmed.ok && confirmed.entry).toMatchObject({ event: 'confirm', from: 'completed', to: 'closed', rating: 5, note: '谢谢', payload: null })
  })

  test('progress keeps the status and logs the note', () => {
    const result = transition(takenBy(volunteer, 'in_progress'), 'progress', volunteer, NOW, { note: ' 买好了药 ' })
    expect(result.ok && result.entry).toMatchObject({ from: 'in_progress', to: 'in_progress', note: '买好了药', actorRole: 'volunteer' })
  })

  test('submission opens the timeline', () => {
    expect(submission(owner, NOW, { note: ' 楼道灯坏了 ', photos: ['p.jpg'] })).toEqual({
      event: 'submit',
      from: null,
      to: 'submitted',
      actorId: owner.id,
      actorRole: 'resident',
      note: '楼道灯坏了',
      rating: null,
      assigneeId: null,
      photos: ['p.jpg'],
      payload: null,
      at: NOW.toISOString(),
    })
  })

  test('residents, family proxies and grid workers may submit; nobody else', () => {
    expect(ROLES.filter((role) => canSubmit({ id: 1, role, orgPath: GRID }))).toEqual(['resident', 'proxy', 'grid_worker'])
  })

  test('a household orders for itself; a grid worker for any household of the grid', () => {
    const home = { id: HOME, orgPath: GRID }
    expect(canOrderFor(owner, home)).toBe(true)
    expect(canOrderFor({ id: 3, role: 'proxy', orgPath: GRID, householdId: HOME }, home)).toBe(true)
    expect(canOrderFor(otherResident, home)).toBe(false)
    expect(canOrderFor({ id: 5, role: 'grid_worker', orgPath: GRID }, home)).toBe(true)
    expect(canOrderFor({ id: 5, role: 'grid_worker', orgPath: '/1/2/6/' }, home)).toBe(false)
    expect(canOrderFor(committee, home)).toBe(false)
  })

  test('transition never mutates the order or the input', () => {
    const facts = dispatchedTo(member) // frozen
    const input = Object.freeze({ note: ' x ', photos: Object.freeze(['a.jpg']) as unknown as string[] })
    expect(() => transition(facts, 'decline', member, NOW, input)).not.toThrow()
    expect(facts).toEqual({
      status: 'assigned',
      householdId: HOME,
      orgPath: GRID,
      slots: [{ id: 1, kind: 'person', headcount: 1, unitId: null, open: true }],
      parts: [{ slotId: 1, userId: member.id, status: 'invited' }],
    })
    // Slots and parts are frozen too: every kind of patch is computed without touching them.
    const call = order('in_progress', { slots: [slot(1, 'hall', 3)], parts: [part(1, member.id, 'done'), part(1, volunteer.id, 'joined')] })
    expect(() => transition(call, 'leave', volunteer, NOW, { note: '有事' })).not.toThrow()
    expect(() => transition(call, 'close_call', committee, NOW, { note: '结束' })).not.toThrow()
    expect(() => transition(call, 'claim', otherMember, NOW)).not.toThrow()
    expect(() => applyPatch(call, { closeSlots: true, openSlots: [{ kind: 'hall', headcount: 1 }], hallPlaces: 1 })).not.toThrow()
    expect(call.parts).toEqual([part(1, member.id, 'done'), part(1, volunteer.id, 'joined')])
  })
})

describe('availableActions agrees with transition', () => {
  const ids = [1, 2, 10, 20, 21, 22]
  const paths = ['/1/', '/1/2/', '/1/2/5/', '/1/3/', '/10/2/']
  const units = [7, 8]
  const arbSlot = fc.record({
    kind: fc.constantFrom(...SLOT_KINDS),
    headcount: fc.integer({ min: 1, max: 3 }),
    unit: fc.constantFrom(...units),
    open: fc.boolean(),
  })
  const arbPart = fc.record({ slot: fc.nat(), userId: fc.constantFrom(...ids), status: fc.constantFrom(...PART_STATUSES) })
  /**
   * Any status with slots and parts a store could hold: every part in a slot of the order, no
   * slot with more live parts than its headcount, nobody with two live parts, and no open slot
   * while the order is with the committee or ended without work (every way there closes them).
   * Otherwise the status is drawn independently of them, so availableActions meets facts it
   * would not meet in a walk.
   */
  const arbOrder = fc
    .record({
      status: fc.constantFrom(...ORDER_STATUSES),
      householdId: fc.constantFrom(...ids),
      orgPath: fc.constantFrom('/1/2/5/', '/1/3/7/', '/10/2/'),
      slots: fc.array(arbSlot, { maxLength: 3 }),
      parts: fc.array(arbPart, { maxLength: 5 }),
    })
    .map(({ slots: drawn, parts: drawnParts, ...rest }): OrderFacts => {
      const slotsClosed = (['submitted', 'reopened', 'parked', 'rejected', 'cancelled'] as OrderStatus[]).includes(rest.status)
      const slots = drawn.map((d, i) => slot(i + 1, d.kind, d.headcount, d.kind === 'team' || d.kind === 'department' ? d.unit : null, d.open && !slotsClosed))
      const parts: PartFacts[] = []
      for (const d of drawnParts) {
        if (slots.length === 0) break
        const candidate = part((d.slot % slots.length) + 1, d.userId, d.status)
        const next = [...parts, candidate]
        const live = liveParts(slots, next)
        const crowded = slots.some((s) => live.filter((p) => p.slotId === s.id).length > s.headcount)
        const twice = new Set(live.map((p) => p.userId)).size !== live.length
        if (!crowded && !twice) parts.push(candidate)
      }
      return { ...rest, slots, parts }
    })
  const arbActor = fc.record({
    id: fc.constantFrom(...ids),
    role: fc.constantFrom(...ROLES),
    orgPath: fc.constantFrom(...paths),
    householdId: fc.option(fc.constantFrom(...ids), { nil: null }),
    teamId: fc.option(fc.constantFrom(...units), { nil: null }),
    workUnitId: fc.option(fc.constantFrom(...units), { nil: null }),
    leadsTeamId: fc.option(fc.constantFrom(...units), { nil: null }),
    communityPath: fc.constantFrom(undefined, '/1/', '/10/'),
  })
  const INVITEE = 99
  const COMPLETE_INPUT: TransitionInput = { note: '说明', rating: 3, assigneeId: 20, slots: [{ kind: 'hall', headcount: 1 }], revisitOn: '2025-03-15', intoOrderId: 99 }
  test('an action is available iff transition with complete valid input succeeds', () => {
    fc.assert(
      fc.property(arbOrder, arbActor, (facts, actor) => {
        const available = availableActions(facts, actor)
        for (const action of ORDER_ACTIONS) {
          // An invite names a slot: complete input is one that some slot of the order takes.
          const succeeds =
            action === 'invite'
              ? facts.slots.some((s) => transition(facts, action, actor, NOW, { slotId: s.id, inviteeId: INVITEE }).ok)
              : transition(facts, action, actor, NOW, COMPLETE_INPUT).ok
          expect([action, available.includes(action)]).toEqual([action, succeeds])
          // And without input an available action is refused only for missing input, and only
          // when it needs some.
          if (available.includes(action)) {
            const bare = transition(facts, action, actor, NOW, {})
            expect([action, bare.ok ? 'ok' : bare.refusal.kind]).toEqual([action, requirementOf(action) === undefined ? 'ok' : 'missing_input'])
          }
        }
      }),
      { numRuns: 3000 },
    )
  })

  test('invite is offered only where some open slot, a person slot too, has a free place', () => {
    const full = { ok: false, refusal: { kind: 'illegal_state', message: '名额已满，手慢了' } }
    // A plain dispatch, a one-place order taken or in progress, a call whose places are all held.
    for (const facts of [dispatchedTo(member), takenBy(member), takenBy(member, 'in_progress'), oneDone()]) {
      expect(availableActions(facts, committee)).not.toContain('invite')
      expect(transition(facts, 'invite', committee, NOW, { slotId: 1, inviteeId: INVITEE })).toEqual(full)
    }
    // A person slot whose invitee declined has its place free again: the committee may invite someone else.
    const declinedBesideTaker = order('accepted', {
      slots: [slot(1, 'person'), slot(2, 'hall')],
      parts: [part(1, member.id, 'declined'), part(2, volunteer.id, 'joined')],
    })
    expect(availableActions(declinedBesideTaker, committee)).toContain('invite')
    expect(refusalKind(transition(declinedBesideTaker, 'invite', committee, NOW, { slotId: 1, inviteeId: INVITEE }))).toBe('ok')
    expect(transition(declinedBesideTaker, 'invite', committee, NOW, { slotId: 2, inviteeId: INVITEE })).toEqual(full)
    // A closed slot has no place, whatever its headcount.
    const closedRound = order('accepted', {
      slots: [slot(1, 'hall', 3, null, false), slot(2, 'hall')],
      parts: [part(1, member.id, 'done'), part(2, volunteer.id, 'joined')],
    })
    expect(availableActions(closedRound, committee)).not.toContain('invite')
    expect(transition(closedRound, 'invite', committee, NOW, { slotId: 1, inviteeId: INVITEE })).toEqual(full)
    // Where there is room it is offered, and the invite goes through.
    expect(availableActions(inHall(), committee)).toContain('invite')
    expect(refusalKind(transition(inHall(), 'invite', committee, NOW, { slotId: 1, inviteeId: INVITEE }))).toBe('ok')
  })

  /** A leader invites only into their team's places: with the team slot full, there is nothing to offer them. */
  test('a team leader whose team slot is full is not offered invite, though another slot has room', () => {
    const leader: Actor = { id: 25, role: 'volunteer', orgPath: '/1/', teamId: 7, leadsTeamId: 7 }
    const facts = order('accepted', {
      slots: [slot(1, 'team', 1, 7), slot(2, 'party_members', 2)],
      parts: [part(1, 26, 'joined')],
    })
    expect(availableActions(facts, leader)).toEqual([])
    expect(transition(facts, 'invite', leader, NOW, { slotId: 1, inviteeId: INVITEE })).toEqual({
      ok: false,
      refusal: { kind: 'illegal_state', message: '名额已满，手慢了' },
    })
    expect(refusalKind(transition(facts, 'invite', leader, NOW, { slotId: 2, inviteeId: INVITEE }))).toBe('forbidden')
    // The committee may fill the free Party-member places, so for it the offer is right.
    expect(availableActions(facts, committee)).toContain('invite')
    expect(refusalKind(transition(facts, 'invite', committee, NOW, { slotId: 2, inviteeId: INVITEE }))).toBe('ok')
  })

  test("actions are offered only when the actor's own part is in a status they move on", () => {
    // The taker of an order in progress is not offered 开始服务 again.
    const inProgress = takenBy(volunteer, 'in_progress')
    expect(availableActions(inProgress, volunteer)).toEqual(['release', 'progress', 'complete'])
    expect(availableActions(inProgress, volunteer)).not.toContain('start')
    // A co-taker who joined but has not started may leave or start; the one working may report.
    const joinedBesideWorker = order('in_progress', { slots: [slot(1, 'hall', 2)], parts: [part(1, member.id, 'started'), part(1, volunteer.id, 'joined')] })
    expect(availableActions(joinedBesideWorker, volunteer)).toEqual(['leave', 'start'])
    expect(availableActions(joinedBesideWorker, member)).toEqual(['progress', 'complete'])
    // Someone who finished their part has nothing left to do; the one still working beside them reports.
    expect(availableActions(oneDone(), member)).toEqual([])
    expect(availableActions(oneDone(), volunteer)).toEqual(['progress', 'complete'])
    // Holding an invitation beside a taker: answer it, nothing else.
    const invitedBesideTaker = order('accepted', { slots: [slot(1, 'person'), slot(2, 'hall')], parts: [part(1, member.id, 'invited'), part(2, volunteer.id, 'joined')] })
    expect(availableActions(invitedBesideTaker, member)).toEqual(['accept', 'decline'])
    expect(availableActions(invitedBesideTaker, volunteer)).toEqual(['leave', 'start'])
    // A taker is not offered to answer again.
    expect(availableActions(takenBy(member), member)).not.toContain('accept')
    expect(availableActions(takenBy(member), member)).not.toContain('decline')
  })

  test('availableActions lists actions in ORDER_ACTIONS order without duplicates', () => {
    const actions = availableActions(order('submitted'), committee)
    expect(actions).toEqual(['dispatch', 'publish', 'call', 'reject', 'park', 'merge'])
    expect(availableActions(reopenedAfter(member), committee)).toEqual(['dispatch', 'publish', 'call', 'reject', 'park', 'merge'])
    expect(availableActions(order('submitted'), owner)).toEqual(['cancel'])
    expect(availableActions(order('closed'), owner)).toEqual([])
    // The old one-place orders offer what they used to.
    expect(availableActions(dispatchedTo(member), member)).toEqual(['accept', 'decline'])
    expect(availableActions(dispatchedTo(member), committee)).toEqual(['recall'])
    expect(availableActions(inHall(), volunteer)).toEqual(['claim'])
    expect(availableActions(inHall(), committee)).toEqual(['recall', 'invite'])
    expect(availableActions(takenBy(volunteer), volunteer)).toEqual(['release', 'start'])
    expect(availableActions(takenBy(volunteer, 'in_progress'), volunteer)).toEqual(['release', 'progress', 'complete'])
    expect(availableActions(takenBy(volunteer, 'completed'), owner)).toEqual(['confirm', 'reopen'])
    // Beside others a joined taker leaves instead of releasing.
    expect(availableActions(twoJoined(), volunteer)).toEqual(['leave', 'start'])
    // Every place held and one done: the committee may close the call, not invite.
    expect(availableActions(oneDone(), committee)).toEqual(['close_call'])
    for (const facts of [order('submitted'), dispatchedTo(member), inHall(), takenBy(volunteer), twoJoined(), oneDone()]) {
      for (const actor of [owner, committee, member, volunteer]) {
        const listed = availableActions(facts, actor)
        expect(listed).toEqual(ORDER_ACTIONS.filter((a) => listed.includes(a)))
      }
    }
  })

  test('close_call counts only the parts done in the current round', () => {
    // Reopened after the member finished, published again, the volunteer joined: nothing done since.
    const afterReopen = order('accepted', {
      slots: [slot(1, 'hall', 1, null, false), slot(2, 'hall')],
      parts: [part(1, member.id, 'done'), part(2, volunteer.id, 'joined')],
    })
    expect(availableActions(afterReopen, committee)).not.toContain('close_call')
    expect(transition(afterReopen, 'close_call', committee, NOW, { note: '结束' })).toEqual({
      ok: false,
      refusal: { kind: 'illegal_state', message: '还没有人完成任务：可以等待，或收回重派' },
    })
    // Once someone of this round is done, it may be closed.
    const doneThisRound = order('in_progress', {
      slots: [slot(1, 'hall', 1, null, false), slot(2, 'hall', 2)],
      parts: [part(1, member.id, 'done'), part(2, volunteer.id, 'done'), part(2, otherMember.id, 'joined')],
    })
    expect(availableActions(doneThisRound, committee)).toContain('close_call')
    expect(refusalKind(transition(doneThisRound, 'close_call', committee, NOW, { note: '结束' }))).toBe('ok')
  })
})

describe('timeline entries record only the input an event takes', () => {
  const actor: Actor = { id: 21, role: 'volunteer', orgPath: '/1/' }
  const facts = takenBy(actor, 'in_progress')

  test('a progress note sent with a stray rating, assignee and slots records none of them', () => {
    const result = transition(facts, 'progress', actor, NOW, { note: '已联系', rating: 3, assigneeId: 20, slots: [{ kind: 'hall', headcount: 1 }] })
    expect(result.ok && result.entry).toMatchObject({ note: '已联系', rating: null, assigneeId: null, payload: { kind: 'part', status: 'started' } })
    expect(result.ok && result.patch.openSlots).toBeUndefined()
  })
})

describe('org paths', () => {
  const facts: OrderFacts = { status: 'submitted', householdId: HOME, orgPath: '/10/2/5/', slots: [], parts: [] }

  test.each(['/1', '', '/', '1/', '/1/x/'])('a committee with the malformed path %j has no scope', (orgPath) => {
    expect(transition(facts, 'publish', { id: 9, role: 'committee', orgPath }, NOW).ok).toBe(false)
  })

  test('a well-formed path covers its subtree', () => {
    expect(transition(facts, 'publish', { id: 9, role: 'committee', orgPath: '/10/' }, NOW).ok).toBe(true)
  })
})

describe('chinaDate', () => {
  test.each([
    ['2026-11-24T00:00:00.000Z', '2026-11-24'],
    ['2026-11-24T15:59:59.999Z', '2026-11-24'],
    // China midnight is 16:00 UTC the day before.
    ['2026-11-24T16:00:00.000Z', '2026-11-25'],
    ['2026-11-24T23:59:59.999Z', '2026-11-25'],
    ['2026-11-25T00:00:00+08:00', '2026-11-25'],
    ['2026-11-24T23:59:59+08:00', '2026-11-24'],
    // Over the turn of the year and onto a leap day.
    ['2026-12-31T16:00:00.000Z', '2027-01-01'],
    ['2028-02-28T16:00:00.000Z', '2028-02-29'],
    ['2028-02-29T16:00:00.000Z', '2028-03-01'],
  ])('%s is %s in China', (at, day) => {
    expect(chinaDate(new Date(at))).toBe(day)
  })

  test('an invalid instant has no date: it throws rather than making one up', () => {
    expect(() => chinaDate(new Date(Number.NaN))).toThrow(RangeError)
  })
})

describe('挂账 (park) and revisit', () => {
  const MISSING = { ok: false, refusal: { kind: 'missing_input', message: '请填写挂账原因和重新办理的日期' } }
  const MALFORMED = { ok: false, refusal: { kind: 'missing_input', message: '参数 revisitOn 不合法：请填写日期，例如 2026-12-01' } }
  const NOT_AFTER_TODAY = { ok: false, refusal: { kind: 'missing_input', message: '重新办理的日期须在今天之后' } }
  const TOO_FAR = { ok: false, refusal: { kind: 'missing_input', message: '挂账最长 366 天，请选一个更近的日期' } }
  const system: Actor = { id: 0, role: 'system', orgPath: '/' }
  const park = (revisitOn: string | undefined, now: Date, note: string | undefined = '等维修基金到位') =>
    transition(order('submitted'), 'park', committee, now, { note, revisitOn })
  /** An order parked from the queue (no slots) or after a reopen (the last round closed, its done part kept). */
  const parked = () => order('parked')
  const parkedAfterReopen = () => order('parked', { slots: [slot(1, 'hall', 1, null, false)], parts: [part(1, member.id, 'done')] })

  test('park needs a reason and a day; a parked order is looked at again within 366 days', () => {
    expect(requirementOf('park')).toBe('revisit')
    expect(MAX_PARK_DAYS).toBe(366)
  })

  test.each([
    [undefined, '2025-03-15'],
    ['', '2025-03-15'],
    [' \n\t', '2025-03-15'],
    ['等维修基金到位', undefined],
    ['等维修基金到位', ''],
    // Both missing, or the note missing and the day malformed: the missing input is named first.
    [undefined, undefined],
    ['  ', '2025-02-30'],
  ])('park with note %j and revisitOn %j → missing_input', (note, revisitOn) => {
    expect(transition(order('submitted'), 'park', committee, NOW, { note, revisitOn })).toEqual(MISSING)
  })

  test.each([
    '2025-3-15',
    '2025/03/15',
    '20250315',
    ' 2025-03-15',
    '2025-03-15 ',
    '2025-03-15T00:00',
    '2025-03-15T00:00:00+08:00',
    '15-03-2025',
    '下周一',
    // Written right, but no such day.
    '2025-13-01',
    '2025-00-10',
    '2025-04-00',
    '2025-04-31',
    '2026-02-30',
    '2027-02-29',
    '2025-12-32',
  ])('park with revisitOn %j → malformed', (revisitOn) => {
    expect(park(revisitOn, NOW)).toEqual(MALFORMED)
  })

  test('2028-02-29 is a day (a leap year); 2026-02-30 is not', () => {
    const now = new Date('2027-06-01T04:00:00.000Z')
    expect(park('2028-02-29', now)).toMatchObject({ ok: true, to: 'parked' })
    expect(park('2026-02-30', now)).toEqual(MALFORMED)
    expect(park('2027-02-29', now)).toEqual(MALFORMED)
  })

  /** 2026-11-24T15:59:59Z is 23:59:59 on 11-24 in China; one second later it is 11-25. */
  describe('days are China days', () => {
    const lastSecondOf24th = new Date('2026-11-24T15:59:59.000Z')
    const firstSecondOf25th = new Date('2026-11-24T16:00:00.000Z')

    test('at 23:59:59 on 11-24, 11-25 is one day later and allowed; 11-24 is today', () => {
      expect(park('2026-11-25', lastSecondOf24th)).toMatchObject({ ok: true, to: 'parked' })
      expect(park('2026-11-24', lastSecondOf24th)).toEqual(NOT_AFTER_TODAY)
    })

    test('at 00:00:00 on 11-25 (16:00 UTC on 11-24), 11-25 is today and refused; 11-26 is allowed', () => {
      expect(park('2026-11-25', firstSecondOf25th)).toEqual(NOT_AFTER_TODAY)
      expect(park('2026-11-24', firstSecondOf25th)).toEqual(NOT_AFTER_TODAY)
      expect(park('2026-11-26', firstSecondOf25th)).toMatchObject({ ok: true, to: 'parked' })
    })

    test('still 11-24 by UTC but 11-25 in China: 11-25 is today', () => {
      expect(park('2026-11-25', new Date('2026-11-24T20:00:00.000Z'))).toEqual(NOT_AFTER_TODAY)
    })

    test('a day in the past is not after today', () => {
      expect(park('2026-11-01', lastSecondOf24th)).toEqual(NOT_AFTER_TODAY)
      expect(park('2025-11-25', lastSecondOf24th)).toEqual(NOT_AFTER_TODAY)
    })

    test('366 days on is the last day allowed, 367 is too far — counted from the China day', () => {
      // From 11-24: 2027-11-24 is 365 days on (no 02-29 between), 2027-11-25 is 366.
      expect(park('2027-11-24', lastSecondOf24th)).toMatchObject({ ok: true })
      expect(park('2027-11-25', lastSecondOf24th)).toMatchObject({ ok: true, to: 'parked' })
      expect(park('2027-11-26', lastSecondOf24th)).toEqual(TOO_FAR)
      // One second later it is 11-25 in China: the limit moves a day on.
      expect(park('2027-11-26', firstSecondOf25th)).toMatchObject({ ok: true, to: 'parked' })
      expect(park('2027-11-27', firstSecondOf25th)).toEqual(TOO_FAR)
      expect(park('2030-01-01', firstSecondOf25th)).toEqual(TOO_FAR)
    })
  })

  test('366 days over a leap day: from 2027-03-01, 2028-03-01 is allowed and 2028-03-02 is not', () => {
    const now = new Date('2027-03-01T02:00:00.000Z') // 10:00 in China
    expect(park('2028-02-29', now)).toMatchObject({ ok: true }) // 365 days on
    expect(park('2028-03-01', now)).toMatchObject({ ok: true }) // 366
    expect(park('2028-03-02', now)).toEqual(TOO_FAR) // 367
  })

  test('the 挂账 entry carries the day in its payload, and the reason as its note; nothing else changes', () => {
    const now = new Date('2026-11-24T15:59:59.000Z')
    expect(transition(order('submitted'), 'park', committee, now, { note: '  等维修基金到位\n', revisitOn: '2026-12-01', rating: 5, assigneeId: member.id })).toEqual({
      ok: true,
      to: 'parked',
      patch: { hallPlaces: 0 },
      notices: [{ kind: 'parked', audience: { kind: 'households', householdIds: [HOME] } }],
      entry: {
        event: 'park',
        from: 'submitted',
        to: 'parked',
        actorId: committee.id,
        actorRole: 'committee',
        note: '等维修基金到位',
        rating: null,
        assigneeId: null,
        photos: [],
        payload: { kind: 'parked', revisitOn: '2026-12-01' },
        at: '2026-11-24T15:59:59.000Z',
      },
    })
  })

  test('park from a reopened order keeps the last round as it was', () => {
    const result = transition(reopenedAfter(member), 'park', branchCommittee, NOW, { note: '等配件', revisitOn: '2025-03-02' })
    expect(result).toMatchObject({ ok: true, to: 'parked', patch: { hallPlaces: 0 }, entry: { from: 'reopened', payload: { kind: 'parked', revisitOn: '2025-03-02' } } })
    if (!result.ok) return
    expect(applyPatch(reopenedAfter(member), result.patch)).toEqual({ slots: [slot(1, 'hall', 1, null, false)], parts: [part(1, member.id, 'done')] })
  })

  test('park: only the committee in scope, only from its queue', () => {
    const input = { note: '等维修基金到位', revisitOn: '2025-03-15' }
    for (const actor of [committee, branchCommittee]) expect(refusalKind(transition(order('submitted'), 'park', actor, NOW, input))).toBe('ok')
    for (const actor of [committeeOut, system, owner, otherResident, member, volunteer, { id: 6, role: 'street_admin', orgPath: '/1/' } as Actor]) {
      expect([actor.id, refusalKind(transition(order('submitted'), 'park', actor, NOW, input))]).toEqual([actor.id, 'forbidden'])
    }
    for (const facts of [dispatchedTo(member), inHall(), takenBy(member), takenBy(member, 'completed'), parked()]) {
      expect(transition(facts, 'park', committee, NOW, input)).toEqual({ ok: false, refusal: { kind: 'illegal_state', message: '订单当前状态不允许此操作' } })
    }
    for (const status of ['closed', 'rejected', 'cancelled'] as const) {
      expect(transition(order(status), 'park', committee, NOW, input)).toEqual({ ok: false, refusal: { kind: 'illegal_state', message: '订单已结束，不能再操作' } })
    }
  })

  test('revisit: the system on the day, or the committee in scope early; it needs no input and lands in submitted', () => {
    for (const facts of [parked(), parkedAfterReopen()]) {
      for (const actor of [system, committee, branchCommittee]) {
        expect(transition(facts, 'revisit', actor, NOW)).toMatchObject({ ok: true, to: 'submitted', patch: { closeSlots: true, hallPlaces: 0 } })
      }
      for (const actor of [committeeOut, owner, otherResident, member, volunteer, { id: 6, role: 'street_admin', orgPath: '/1/' } as Actor]) {
        expect([actor.id, refusalKind(transition(facts, 'revisit', actor, NOW))]).toEqual([actor.id, 'forbidden'])
      }
    }
    expect(transition(parked(), 'revisit', system, NOW)).toEqual({
      ok: true,
      to: 'submitted',
      patch: { closeSlots: true, hallPlaces: 0 },
      notices: [{ kind: 'revisited', audience: { kind: 'committees', orgPath: GRID } }],
      entry: {
        event: 'revisit',
        from: 'parked',
        to: 'submitted',
        actorId: 0,
        actorRole: 'system',
        note: null,
        rating: null,
        assigneeId: null,
        photos: [],
        payload: null,
        at: NOW.toISOString(),
      },
    })
    // The done part of the round before the reopen is kept: history.
    const result = transition(parkedAfterReopen(), 'revisit', committee, NOW, { note: '维修基金已到位' })
    expect(result).toMatchObject({ ok: true, entry: { note: '维修基金已到位', payload: null } })
    if (result.ok) expect(applyPatch(parkedAfterReopen(), result.patch).parts).toEqual([part(1, member.id, 'done')])
  })

  test('revisit only from parked', () => {
    for (const facts of [order('submitted'), reopenedAfter(member), dispatchedTo(member), inHall(), takenBy(member, 'in_progress'), takenBy(member, 'completed')]) {
      expect(transition(facts, 'revisit', system, NOW)).toEqual({ ok: false, refusal: { kind: 'illegal_state', message: '订单当前状态不允许此操作' } })
      expect(refusalKind(transition(facts, 'revisit', committee, NOW))).toBe('illegal_state')
    }
    expect(transition(order('closed'), 'revisit', system, NOW)).toEqual({ ok: false, refusal: { kind: 'illegal_state', message: '订单已结束，不能再操作' } })
  })

  test('the household may cancel a parked order; nobody else may', () => {
    for (const facts of [parked(), parkedAfterReopen()]) {
      expect(transition(facts, 'cancel', owner, NOW)).toMatchObject({ ok: true, to: 'cancelled', patch: { closeSlots: true, hallPlaces: 0 } })
      expect(refusalKind(transition(facts, 'cancel', { id: 3, role: 'proxy', orgPath: GRID, householdId: HOME }, NOW))).toBe('ok')
      for (const actor of [otherResident, committee, system, member]) expect([actor.id, refusalKind(transition(facts, 'cancel', actor, NOW))]).toEqual([actor.id, 'forbidden'])
    }
  })

  test('a parked order offers revisit (or merging it) to the committee, revisit to the system, cancel to the household, nothing to anyone else', () => {
    for (const facts of [parked(), parkedAfterReopen()]) {
      expect(availableActions(facts, committee)).toEqual(['merge', 'revisit'])
      expect(availableActions(facts, system)).toEqual(['revisit'])
      expect(availableActions(facts, owner)).toEqual(['cancel'])
      for (const actor of [committeeOut, otherResident, member, volunteer, otherMember]) expect(availableActions(facts, actor)).toEqual([])
    }
  })
})

describe('合并: merging a duplicate into the order that carries on', () => {
  const base: MergeFacts = { id: 1, status: 'submitted', categoryCode: 'repair', orgPath: GRID, createdAt: NOW }
  const target = (extra: Partial<MergeFacts> = {}): MergeFacts => ({ ...base, id: 2, status: 'in_progress', ...extra })
  const daysLater = (days: number) => new Date(NOW.getTime() + days * 86_400_000)

  test('the compound of a grid is its parent in the org tree', () => {
    expect(neighbourhoodOf('/1/2/5/')).toBe('/1/2/')
    expect(neighbourhoodOf('/12/34/567/')).toBe('/12/34/')
  })

  test('only the same service, in the same compound, within the window, into a live order other than itself', () => {
    expect(mergeProblem(base, target())).toBeNull()
    // Another grid of the same compound is still the same neighbourhood (one fire lane, two grids).
    expect(mergeProblem(base, target({ orgPath: '/1/2/6/' }))).toBeNull()
    expect(mergeProblem(base, target({ createdAt: daysLater(-MERGE_WINDOW_DAYS) }))).toBeNull()
    expect(mergeProblem(base, target({ id: 1 }))).toBe('不能合并到本单自己')
    expect(mergeProblem(base, target({ categoryCode: 'meals' }))).toBe('只能合并同一服务的订单')
    expect(mergeProblem(base, target({ orgPath: '/1/3/7/' }))).toBe('只能合并同一小区（网格）的订单')
    expect(mergeProblem(base, target({ createdAt: daysLater(MERGE_WINDOW_DAYS + 1) }))).toBe(`只能合并前后 ${MERGE_WINDOW_DAYS} 天内提交的订单`)
    for (const status of ['closed', 'rejected', 'cancelled', 'merged'] as const) expect(mergeProblem(base, target({ status }))).toBe('目标订单已结束，不能合并到它')
    // Parked or waiting for confirmation is not ended: the household follows it from there.
    for (const status of ['parked', 'completed', 'submitted'] as const) expect(mergeProblem(base, target({ status }))).toBeNull()
  })

  test('the committee merges from its queue or from 挂账, naming the order that carries on', () => {
    for (const facts of [order('submitted'), order('reopened'), order('parked')]) {
      expect(transition(facts, 'merge', committee, NOW, { intoOrderId: 7, note: '同一条消防通道' })).toMatchObject({
        ok: true,
        to: 'merged',
        patch: { mergeInto: 7, hallPlaces: 0 },
        entry: { event: 'merge', note: '同一条消防通道', payload: { kind: 'merged', intoOrderId: 7 } },
      })
    }
    expect(transition(order('submitted'), 'merge', committee, NOW, {})).toEqual({ ok: false, refusal: { kind: 'missing_input', message: '请选择合并到哪一单' } })
    expect(refusalKind(transition(order('submitted'), 'merge', committee, NOW, { intoOrderId: 0 }))).toBe('missing_input')
    for (const actor of [committeeOut, owner, member]) expect(refusalKind(transition(order('submitted'), 'merge', actor, NOW, { intoOrderId: 7 }))).toBe('forbidden')
    expect(refusalKind(transition(inHall(), 'merge', committee, NOW, { intoOrderId: 7 }))).toBe('illegal_state')
  })

  test('a merged duplicate is over for everyone', () => {
    for (const actor of [committee, owner, SYSTEM_ACTOR, member]) expect(availableActions(order('merged'), actor)).toEqual([])
  })

  test("a follower household sees the order through: confirms or reopens it, but cannot withdraw another household's order", () => {
    const follower: Actor = { id: 5, role: 'resident', orgPath: GRID, householdId: HOME + 2 }
    const completed = order('completed', { followerHouseholdIds: [HOME + 2], slots: [slot(1, 'hall')], parts: [part(1, member.id, 'done')] })
    expect(availableActions(completed, follower)).toEqual(['confirm', 'reopen'])
    expect(transition(completed, 'confirm', follower, NOW, { rating: 4 })).toMatchObject({ ok: true, to: 'closed', patch: { rating: 4 } })
    expect(availableActions(order('submitted', { followerHouseholdIds: [HOME + 2] }), follower)).toEqual([])
    expect(refusalKind(transition(order('submitted', { followerHouseholdIds: [HOME + 2] }), 'cancel', follower, NOW))).toBe('forbidden')
    // Without the merge, the neighbour is a stranger to the order.
    expect(availableActions(order('completed', { slots: [slot(1, 'hall')], parts: [part(1, member.id, 'done')] }), follower)).toEqual([])
  })

  test('the surviving order tells the merge on its timeline, its status unchanged, by whoever merged it', () => {
    const merge = transition(order('submitted'), 'merge', committee, NOW, { intoOrderId: 7, note: '同一条消防通道' })
    if (!merge.ok) throw new Error('merge refused')
    expect(absorption({ ...merge.entry, meetingId: 3 }, 'in_progress', { id: 1, householdId: HOME })).toEqual({
      ...merge.entry,
      meetingId: 3,
      event: 'absorb',
      from: 'in_progress',
      to: 'in_progress',
      photos: [],
      payload: { kind: 'absorbed', orderId: 1, householdId: HOME },
    })
  })
})
