/**
 * Guards, required input, refusal order, patches, timeline entries and availableActions of the
 * pure order state machine (src/domain/order-machine.ts).
 */
import fc from 'fast-check'
import {
  ORDER_ACTIONS,
  ORDER_STATUSES,
  ROLES,
  availableActions,
  canOrderFor,
  canSubmit,
  requirementOf,
  submission,
  transition,
  type Actor,
  type OrderAction,
  type OrderFacts,
  type OrderStatus,
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

const order = (status: OrderStatus, extra: Partial<OrderFacts> = {}): OrderFacts =>
  Object.freeze({ status, householdId: HOME, orgPath: GRID, assigneeId: null, takerId: null, ...extra })

/** Realistic orders for the statuses where the people matter. */
const assignedTo = (who: Actor) => order('assigned', { assigneeId: who.id })
const takenBy = (who: Actor, status: OrderStatus = 'accepted') => order(status, { takerId: who.id })

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
    expect(refusalKind(transition(order('completed', { takerId: member.id }), 'confirm', committee, NOW, VALID))).toBe('forbidden')
    expect(refusalKind(transition(order('open'), 'claim', committee, NOW))).toBe('forbidden')
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
    expect(refusalKind(transition(order('open'), 'claim', responderOut, NOW))).toBe('forbidden')
    expect(refusalKind(transition(order('open'), 'claim', member, NOW))).toBe('ok')
    expect(refusalKind(transition(order('open'), 'claim', volunteer, NOW))).toBe('ok')
    expect(refusalKind(transition(order('open'), 'claim', otherResident, NOW))).toBe('forbidden')
  })

  test.each([
    ['accept', {}],
    ['decline', { note: '时间冲突' }],
  ] as [OrderAction, TransitionInput][])('%s: only the assignee', (action, input) => {
    const facts = assignedTo(member)
    expect(refusalKind(transition(facts, action, member, NOW, input))).toBe('ok')
    for (const other of [volunteer, otherMember, responderOut, owner, committee]) {
      expect(refusalKind(transition(facts, action, other, NOW, input))).toBe('forbidden')
    }
    // Same id, wrong role.
    expect(refusalKind(transition(facts, action, { ...owner, id: member.id }, NOW, input))).toBe('forbidden')
  })

  test('the assignee is named, so a dispatch across communities can still be accepted', () => {
    expect(refusalKind(transition(assignedTo(responderOut), 'accept', responderOut, NOW))).toBe('ok')
  })

  test("a person serving two communities acts on their own work only as that community's responder", () => {
    const here = { ...member, communityPath: '/1/' }
    const elsewhere = { ...member, orgPath: '/9/', communityPath: '/9/' }
    expect(refusalKind(transition(assignedTo(member), 'accept', here, NOW))).toBe('ok')
    expect(refusalKind(transition(assignedTo(member), 'accept', elsewhere, NOW))).toBe('forbidden')
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
    // Being the (former) assignee is not enough.
    const assignedButTakenByOther = order(status, { assigneeId: member.id, takerId: volunteer.id })
    expect(refusalKind(transition(assignedButTakenByOther, action, member, NOW, input))).toBe('forbidden')
  })
})

describe('missing input', () => {
  const reasonCases: [OrderAction, OrderFacts, Actor][] = [
    ['reject', order('submitted'), committee],
    ['decline', assignedTo(member), member],
    ['release', takenBy(member), member],
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

  test.each(['publish', 'accept', 'claim', 'start', 'cancel'] as OrderAction[])('%s needs no input', (action) => {
    expect(requirementOf(action)).toBeUndefined()
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
    expect(refusalKind(transition(order('open'), 'start', responderOut, NOW))).toBe('illegal_state')
  })

  test('forbidden is reported before missing_input', () => {
    // Right status, wrong actor and missing input: the actor wins.
    expect(refusalKind(transition(order('submitted'), 'reject', committeeOut, NOW, {}))).toBe('forbidden')
    expect(refusalKind(transition(order('submitted'), 'dispatch', volunteer, NOW, {}))).toBe('forbidden')
    expect(refusalKind(transition(takenBy(member, 'completed'), 'confirm', otherResident, NOW, { rating: 0 }))).toBe('forbidden')
    expect(refusalKind(transition(takenBy(member, 'in_progress'), 'complete', volunteer, NOW, {}))).toBe('forbidden')
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
    if (!result.ok) throw new Error(`refused: ${result.refusal.kind}`)
    return result
  }

  test('dispatch sets the assignee and clears the taker', () => {
    const reopened = order('reopened', { assigneeId: null, takerId: null })
    expect(ok(transition(reopened, 'dispatch', committee, NOW, { assigneeId: volunteer.id })).patch).toEqual({
      assigneeId: volunteer.id,
      takerId: null,
    })
    expect(ok(transition(order('submitted'), 'dispatch', committee, NOW, { assigneeId: member.id })).patch).toEqual({
      assigneeId: member.id,
      takerId: null,
    })
  })

  test('accept and claim make the actor the taker', () => {
    expect(ok(transition(assignedTo(member), 'accept', member, NOW)).patch).toEqual({ takerId: member.id })
    expect(ok(transition(order('open'), 'claim', volunteer, NOW)).patch).toEqual({ takerId: volunteer.id })
  })

  test.each([
    ['decline', assignedTo(member), member, { note: '不在本地' }],
    ['release', takenBy(member), member, { note: '临时出差' }],
    ['reopen', takenBy(member, 'completed'), owner, { note: '还是漏水' }],
    ['publish', order('submitted'), committee, {}],
    ['publish', order('reopened'), committee, {}],
  ] as [OrderAction, OrderFacts, Actor, TransitionInput][])('%s clears assignee and taker', (action, facts, actor, input) => {
    expect(ok(transition(facts, action, actor, NOW, input)).patch).toEqual({ assigneeId: null, takerId: null })
  })

  test('confirm sets the rating', () => {
    expect(ok(transition(takenBy(member, 'completed'), 'confirm', owner, NOW, { rating: 4, note: '很好' })).patch).toEqual({
      rating: 4,
    })
  })

  test.each([
    ['reject', order('submitted'), committee, { note: '重复' }],
    ['start', takenBy(member), member, {}],
    ['progress', takenBy(member, 'in_progress'), member, { note: '进行中' }],
    ['complete', takenBy(member, 'in_progress'), member, { note: '完成' }],
    ['cancel', assignedTo(member), owner, {}],
  ] as [OrderAction, OrderFacts, Actor, TransitionInput][])('%s changes nothing but the status', (action, facts, actor, input) => {
    expect(ok(transition(facts, action, actor, NOW, input)).patch).toEqual({})
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
      patch: {},
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
      at: '2025-03-01T08:00:00.000Z',
    })
    const confirmed = transition(takenBy(member, 'completed'), 'confirm', owner, NOW, { rating: 5, note: ' 谢谢 ' })
    expect(confirmed.ok && confirmed.entry).toMatchObject({ event: 'confirm', from: 'completed', to: 'closed', rating: 5, note: '谢谢' })
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
    const facts = assignedTo(member) // frozen
    const input = Object.freeze({ note: ' x ', photos: Object.freeze(['a.jpg']) as unknown as string[] })
    expect(() => transition(facts, 'decline', member, NOW, input)).not.toThrow()
    expect(facts).toEqual({ status: 'assigned', householdId: HOME, orgPath: GRID, assigneeId: member.id, takerId: null })
  })
})

describe('availableActions agrees with transition', () => {
  const ids = [1, 2, 10, 20, 21, 22]
  const paths = ['/1/', '/1/2/', '/1/2/5/', '/1/3/', '/10/2/']
  const arbOrder = fc.record({
    status: fc.constantFrom(...ORDER_STATUSES),
    householdId: fc.constantFrom(...ids),
    orgPath: fc.constantFrom('/1/2/5/', '/1/3/7/', '/10/2/'),
    assigneeId: fc.option(fc.constantFrom(...ids), { nil: null }),
    takerId: fc.option(fc.constantFrom(...ids), { nil: null }),
  })
  const arbActor = fc.record({
    id: fc.constantFrom(...ids),
    role: fc.constantFrom(...ROLES),
    orgPath: fc.constantFrom(...paths),
    householdId: fc.option(fc.constantFrom(...ids), { nil: null }),
  })
  const COMPLETE_INPUT: TransitionInput = { note: '说明', rating: 3, assigneeId: 20 }

  test('an action is available iff transition with complete valid input succeeds', () => {
    fc.assert(
      fc.property(arbOrder, arbActor, (facts, actor) => {
        const available = availableActions(facts, actor)
        for (const action of ORDER_ACTIONS) {
          const result = transition(facts, action, actor, NOW, COMPLETE_INPUT)
          expect([action, available.includes(action)]).toEqual([action, result.ok])
          // And without input an available action is refused only for missing input.
          if (available.includes(action)) {
            const bare = transition(facts, action, actor, NOW, {})
            expect(bare.ok || bare.refusal.kind === 'missing_input').toBe(true)
            expect(bare.ok).toBe(requirementOf(action) === undefined)
          }
        }
      }),
      { numRuns: 2000 },
    )
  })

  test('availableActions lists actions in ORDER_ACTIONS order without duplicates', () => {
    const actions = availableActions(order('submitted'), committee)
    expect(actions).toEqual(['dispatch', 'publish', 'reject'])
    expect(availableActions(order('submitted'), owner)).toEqual(['cancel'])
    expect(availableActions(order('closed'), owner)).toEqual([])
  })
})

describe('timeline entries record only the input an event takes', () => {
  const actor: Actor = { id: 21, role: 'volunteer', orgPath: '/1/' }
  const order: OrderFacts = { status: 'in_progress', householdId: HOME, orgPath: '/1/2/5/', assigneeId: null, takerId: 21 }

  test('a progress note sent with a stray rating and assignee records neither', () => {
    const result = transition(order, 'progress', actor, NOW, { note: '已联系', rating: 3, assigneeId: 20 })
    expect(result.ok && result.entry).toMatchObject({ note: '已联系', rating: null, assigneeId: null })
  })
})

describe('org paths', () => {
  const order: OrderFacts = { status: 'submitted', householdId: HOME, orgPath: '/10/2/5/', assigneeId: null, takerId: null }

  test.each(['/1', '', '/', '1/', '/1/x/'])('a committee with the malformed path %j has no scope', (orgPath) => {
    expect(transition(order, 'publish', { id: 9, role: 'committee', orgPath }, NOW).ok).toBe(false)
  })

  test('a well-formed path covers its subtree', () => {
    expect(transition(order, 'publish', { id: 9, role: 'committee', orgPath: '/10/' }, NOW).ok).toBe(true)
  })
})
