/**
 * Property test: random lifecycles from `submission()`, driven by a small cast of actors with
 * valid and invalid input, checked against invariants written by hand — on the status and on
 * the slots and parts the order keeps.
 */
import fc from 'fast-check'
import {
  ORDER_ACTIONS,
  ORDER_STATUSES,
  NO_RESPONDERS,
  applyPatch,
  availableActions,
  hallPlaces,
  isResponder,
  isTerminal,
  statusFromParts,
  statusesEntered,
  submission,
  transition,
  type Actor,
  type ActorRole,
  type OrderAction,
  type OrderFacts,
  type OrderPatch,
  type OrderStatus,
  type PartStatus,
  type SlotFacts,
  type SlotSpec,
  type TimelineEntry,
  type TransitionInput,
} from '@/domain'

const GRID = '/1/2/5/'
const HOME = 100
const TEAM = 7
const UNIT = 9
const START = Date.parse('2025-03-01T08:00:00.000Z')

const CAST = {
  owner: { id: 1, role: 'resident', orgPath: GRID, householdId: HOME },
  otherResident: { id: 2, role: 'resident', orgPath: GRID, householdId: HOME + 1 },
  committee: { id: 10, role: 'committee', orgPath: '/1/' },
  committeeOut: { id: 11, role: 'committee', orgPath: '/1/3/' },
  member: { id: 20, role: 'party_member', orgPath: '/1/2/' },
  member2: { id: 22, role: 'party_member', orgPath: '/1/' },
  volunteer: { id: 21, role: 'volunteer', orgPath: GRID, teamId: TEAM },
  leader: { id: 25, role: 'volunteer', orgPath: '/1/', teamId: TEAM, leadsTeamId: TEAM },
  department: { id: 24, role: 'department', orgPath: '/1/', workUnitId: UNIT },
  responderOut: { id: 30, role: 'volunteer', orgPath: '/1/3/', teamId: TEAM },
  system: { id: 0, role: 'system', orgPath: '/' },
} as const satisfies Record<string, Actor>
const ACTORS: Actor[] = Object.values(CAST)
const inScope = (actor: Actor) => GRID.startsWith(actor.orgPath)
const RESPONDERS: readonly ActorRole[] = ['party_member', 'volunteer', 'department']

/** Which roles may fire each action — written by hand, not read from TRANSITIONS. */
const ROLE_RULE: Record<OrderAction, readonly ActorRole[]> = {
  dispatch: ['committee'],
  publish: ['committee'],
  call: ['committee'],
  reject: ['committee'],
  park: ['committee'],
  merge: ['committee'],
  // On the revisit day the system, or the committee ahead of it.
  revisit: ['committee', 'system'],
  recall: ['committee'],
  close_call: ['committee'],
  // The committee, or a volunteer leading the team a slot is addressed to.
  invite: ['committee', 'volunteer'],
  confirm: ['resident'],
  reopen: ['resident'],
  cancel: ['resident'],
  auto_close: ['system'],
  accept: RESPONDERS,
  decline: RESPONDERS,
  claim: RESPONDERS,
  leave: RESPONDERS,
  release: RESPONDERS,
  start: RESPONDERS,
  progress: RESPONDERS,
  complete: RESPONDERS,
}

const LIVE: readonly PartStatus[] = ['invited', 'joined', 'started', 'done']
/** Parts holding a place: live, in an open slot — by hand. */
const holding = (o: Pick<OrderFacts, 'slots' | 'parts'>) =>
  o.parts.filter((p) => LIVE.includes(p.status) && o.slots.some((s) => s.id === p.slotId && s.open))
const ownPart = (o: OrderFacts, actor: Actor) => holding(o).find((p) => p.userId === actor.id)
/** Whether the actor may take a place of the slot without an invitation — by hand. */
function qualifies(slot: SlotFacts, actor: Actor): boolean {
  switch (slot.kind) {
    case 'person':
      return false
    case 'hall':
      return actor.role === 'party_member' || actor.role === 'volunteer'
    case 'party_members':
      return actor.role === 'party_member'
    case 'team':
      return actor.role === 'volunteer' && actor.teamId === slot.unitId
    case 'department':
      return actor.role === 'department' && actor.workUnitId === slot.unitId
  }
}
const free = (o: OrderFacts, slot: SlotFacts) => (slot.open ? slot.headcount - holding(o).filter((p) => p.slotId === slot.id).length : 0)

/** The finer relationship the actor must have to the order before the step — also by hand. */
function relationshipHolds(action: OrderAction, before: OrderFacts, actor: Actor, input: TransitionInput): boolean {
  const mine = ownPart(before, actor)
  const others = holding(before).some((p) => p.userId !== actor.id)
  switch (action) {
    case 'dispatch':
    case 'publish':
    case 'call':
    case 'reject':
    case 'park':
    case 'merge':
    case 'recall':
    case 'close_call':
      return inScope(actor)
    case 'revisit':
      return actor.role === 'system' || inScope(actor)
    case 'invite': {
      if (actor.role === 'committee') return inScope(actor)
      const slot = before.slots.find((s) => s.id === input.slotId)
      return inScope(actor) && !!actor.leadsTeamId && slot?.kind === 'team' && slot.unitId === actor.leadsTeamId
    }
    case 'confirm':
    case 'reopen':
    case 'cancel':
      return actor.householdId === before.householdId
    case 'accept':
    case 'decline':
      return mine?.status === 'invited'
    case 'claim':
      return inScope(actor) && !mine && before.slots.some((s) => free(before, s) > 0 && qualifies(s, actor))
    case 'leave':
      return mine?.status === 'joined' && others
    case 'release':
      return (mine?.status === 'joined' || mine?.status === 'started') && !others
    case 'start':
      return mine?.status === 'joined'
    case 'progress':
    case 'complete':
      return mine?.status === 'started'
    case 'auto_close':
      return actor.role === 'system'
  }
}

/** How a part may move on — by hand: answered, started, finished, or given up or taken back. */
const PART_MOVES: Record<PartStatus, readonly PartStatus[]> = {
  invited: ['invited', 'joined', 'declined', 'withdrawn'],
  joined: ['joined', 'started', 'left', 'withdrawn'],
  started: ['started', 'done', 'left', 'withdrawn'],
  done: ['done'],
  declined: ['declined'],
  left: ['left'],
  withdrawn: ['withdrawn'],
}

const CALLS: SlotSpec[][] = [
  [
    { kind: 'department', headcount: 1, unitId: UNIT },
    { kind: 'party_members', headcount: 2 },
    { kind: 'team', headcount: 2, unitId: TEAM },
  ],
  [{ kind: 'person', headcount: 1, inviteeId: CAST.member.id }, { kind: 'hall', headcount: 1 }],
  [{ kind: 'person', headcount: 1, inviteeId: CAST.department.id }],
  [{ kind: 'hall', headcount: 2 }],
]
const INVITEES = [CAST.member.id, CAST.member2.id, CAST.volunteer.id, CAST.department.id, 99]

/**
 * Revisit days as seen from START (2025-03-01 16:00 in China; a lifecycle lasts under an hour):
 * tomorrow, two weeks on, and the last day allowed (366 days on: 2025 is not a leap year).
 */
const GOOD_REVISIT_DAYS = ['2025-03-02', '2025-03-15', '2026-03-02']
/** Today, 367 days on, a day that does not exist, and dates not written as YYYY-MM-DD. */
const BAD_REVISIT_DAYS = ['', '2025-03-01', '2026-03-03', '2025-02-30', '2025-3-15', '2025-03-15T00:00', '下周']

const arbInput: fc.Arbitrary<TransitionInput> = fc.record(
  {
    note: fc.constantFrom('', '   ', ' 说明 ', '已处理'),
    rating: fc.constantFrom(0, 1, 2.5, 3, 5, 6),
    assigneeId: fc.constantFrom(0, 2, 20, 21, 30),
    slots: fc.constantFrom<SlotSpec[]>([], [{ kind: 'team', headcount: 1 }], [{ kind: 'hall', headcount: 0 }], ...CALLS),
    slotId: fc.integer({ min: 0, max: 4 }),
    inviteeId: fc.constantFrom(0, ...INVITEES),
    revisitOn: fc.constantFrom(...GOOD_REVISIT_DAYS, ...BAD_REVISIT_DAYS),
    intoOrderId: fc.constantFrom(0, -1, 1.5, 999),
  },
  { requiredKeys: [] },
)

/** The actions that take an order on towards done, rather than back to the committee or to an end. */
const FORWARD: readonly OrderAction[] = ['dispatch', 'publish', 'call', 'invite', 'accept', 'claim', 'start', 'progress', 'complete', 'close_call', 'confirm', 'auto_close']

/**
 * A step is either random (any action, any actor, any input — mostly refused) or guided (one of
 * the (action, actor) pairs currently available, with valid input) so that runs get deep enough
 * to reach completed/closed/reopened often. A `forward` guided step picks among the actions that
 * take the order on, when there are any, so that calls get worked on until someone is done.
 */
const arbGuided = fc.record({
  kind: fc.constant('guided' as const),
  pick: fc.nat(),
  forward: fc.boolean(),
  assigneeId: fc.constantFrom(20, 21, 24, 30),
  rating: fc.integer({ min: 1, max: 5 }),
  call: fc.nat({ max: CALLS.length - 1 }),
  invitee: fc.constantFrom(...INVITEES),
  slot: fc.nat(),
  revisitOn: fc.constantFrom(...GOOD_REVISIT_DAYS),
})
const arbStep = fc.oneof(
  fc.record({
    kind: fc.constant('random' as const),
    action: fc.constantFrom(...ORDER_ACTIONS),
    actor: fc.constantFrom(...ACTORS),
    input: arbInput,
  }),
  arbGuided,
  arbGuided,
)
type Step = typeof arbStep extends fc.Arbitrary<infer S> ? S : never

function resolve(step: Step, facts: OrderFacts): { action: OrderAction; actor: Actor; input: TransitionInput } | null {
  if (step.kind === 'random') return step
  // The system acts by rule after days, rarely: it joins one guided pick in five, so it does
  // not crowd out the residents' own confirm/reopen when an order is completed.
  const actors = step.pick % 5 === 0 ? ACTORS : ACTORS.filter((actor) => actor.role !== 'system')
  const all = actors.flatMap((actor) => availableActions(facts, actor).map((action) => ({ action, actor })))
  const onwards = all.filter((option) => FORWARD.includes(option.action))
  const options = step.forward && onwards.length > 0 ? onwards : all
  if (options.length === 0) return null
  const { action, actor } = options[step.pick % options.length]
  // An invite names a slot: mostly one with a free place (else any), and someone to invite.
  const roomy = facts.slots.filter((s) => s.kind !== 'person' && free(facts, s) > 0)
  const pool = roomy.length > 0 && step.slot % 4 !== 0 ? roomy : facts.slots
  const slotId = action === 'invite' && pool.length > 0 ? pool[step.slot % pool.length].id : undefined
  return {
    action,
    actor,
    input: { note: '办理说明', rating: step.rating, assigneeId: step.assigneeId, slots: CALLS[step.call], slotId, inviteeId: step.invitee, revisitOn: step.revisitOn, intoOrderId: 999 },
  }
}

interface OrderRecord extends OrderFacts {
  rating: number | null
}

/** What a repository does with a patch: store the slots and parts, giving new slots real ids. */
function store(order: OrderRecord, patch: OrderPatch): Pick<OrderFacts, 'slots' | 'parts'> {
  const { slots, parts } = applyPatch(order, patch)
  const next = Math.max(0, ...order.slots.map((s) => s.id)) + 1
  const id = (n: number) => (n < 0 ? next - n - 1 : n)
  return { slots: slots.map((s) => ({ ...s, id: id(s.id) })), parts: parts.map((p) => ({ ...p, slotId: id(p.slotId) })) }
}

const reached = new Set<OrderStatus>()
const firedActions = new Set<OrderAction>()
/** Lifecycles that came back from 挂账 and were then decided on again (called, published or dispatched). */
let decidedAfterRevisit = 0

/** Runs the steps from a new order, checking every invariant after each; returns where it ended. */
function runLifecycle(steps: Step[]): { order: OrderRecord; timeline: TimelineEntry[] } {
  let now = START
  const first = submission(CAST.owner, new Date(now), { note: '楼道灯坏了' })
  const timeline: TimelineEntry[] = [first]
  let order: OrderRecord = { status: first.to, householdId: HOME, orgPath: GRID, ...NO_RESPONDERS, rating: null }
  /** The slots opened since the order last left the committee's queue: the current round. */
  let round = new Set<number>()

  for (const step of steps) {
    const move = resolve(step, order)
    if (!move) continue
    now += 60_000
    const before = order
    const snapshot = structuredClone(order)
    const frozen = Object.freeze({ ...order })
    const result = transition(frozen, move.action, move.actor, new Date(now), move.input)

    if (isTerminal(before.status)) {
      expect(result).toMatchObject({ ok: false, refusal: { kind: 'illegal_state' } })
    }

    if (result.ok) {
      // Every accepted step was fired by an allowed role standing in the right relationship.
      expect([move.action, move.actor.role, ROLE_RULE[move.action].includes(move.actor.role)]).toEqual([move.action, move.actor.role, true])
      expect([move.action, relationshipHolds(move.action, before, move.actor, move.input)]).toEqual([move.action, true])
      expect(result.entry).toMatchObject({
        event: move.action,
        from: before.status,
        to: result.to,
        actorId: move.actor.id,
        at: new Date(now).toISOString(),
      })
      // The status entered is one the action may lead to.
      expect([move.action, statusesEntered(move.action).includes(result.to)]).toEqual([move.action, true])

      const after = store(before, result.patch)
      // The free places the patch reports are the domain's count on the facts after it.
      expect(result.patch.hallPlaces).toBe(hallPlaces(after.slots, after.parts))
      // A part action's status is the one its slots and parts lead to.
      if (result.patch.part || result.patch.openSlots) expect([move.action, result.to]).toEqual([move.action, statusFromParts(after.slots, after.parts)])
      // Slots and parts are history: kept, only appended to, parts moved on only the way parts move.
      expect(after.slots.slice(0, before.slots.length).map((s) => s.id)).toEqual(before.slots.map((s) => s.id))
      expect(after.parts.slice(0, before.parts.length).map((p) => [p.slotId, p.userId])).toEqual(before.parts.map((p) => [p.slotId, p.userId]))
      before.parts.forEach((p, i) => expect([p.status, PART_MOVES[p.status].includes(after.parts[i].status)]).toEqual([p.status, true]))
      // A closed slot stays closed.
      before.slots.forEach((s, i) => expect(!s.open && after.slots[i].open).toBe(false))
      // A responder's own action moves or creates only their own part.
      if (result.patch.part && move.action !== 'invite') expect(result.patch.part.userId).toBe(move.actor.id)
      // 挂账 is entered only by park, with a reason and a day that is allowed, carried in its payload.
      expect([move.action, result.to === 'parked']).toEqual([move.action, move.action === 'park'])
      if (move.action === 'park') {
        expect(GOOD_REVISIT_DAYS).toContain(move.input.revisitOn)
        expect(move.input.note?.trim()).toBeTruthy()
        expect(result.entry.payload).toEqual({ kind: 'parked', revisitOn: move.input.revisitOn })
      }
      // 合并 is entered only by merge, naming the order that carries on, in its payload and patch.
      expect([move.action, result.to === 'merged']).toEqual([move.action, move.action === 'merge'])
      if (move.action === 'merge') {
        expect(move.input.intoOrderId).toBe(999)
        expect([result.entry.payload, result.patch.mergeInto]).toEqual([{ kind: 'merged', intoOrderId: 999 }, 999])
      }
      // A revisit always lands in submitted, from parked.
      if (move.action === 'revisit') expect([before.status, result.to]).toEqual(['parked', 'submitted'])

      if (result.patch.openSlots && (['submitted', 'reopened'] as OrderStatus[]).includes(before.status)) round = new Set()
      after.slots.filter((s) => !before.slots.some((b) => b.id === s.id)).forEach((s) => round.add(s.id))
      order = { ...before, ...after, status: result.to, ...(result.patch.rating !== undefined && { rating: result.patch.rating }) }
      if (result.patch.openSlots && timeline.some((e) => e.event === 'revisit')) decidedAfterRevisit++
      timeline.push(result.entry)
      firedActions.add(move.action)
    } else {
      // A refusal changes nothing: the order is as it was and no entry is appended.
      expect(before).toEqual(snapshot)
    }
    reached.add(order.status)

    // Invariants after every step.
    expect(order.status).toBe(timeline[timeline.length - 1].to)
    expect(timeline[0].event).toBe('submit')
    for (let i = 1; i < timeline.length; i++) expect(timeline[i].from).toBe(timeline[i - 1].to)

    // On entering a terminal status, sweep every action × actor with valid input: all refused
    // with illegal_state. (Later steps on the now-frozen order are checked above, one by one.)
    if (result.ok && isTerminal(order.status)) {
      for (const action of ORDER_ACTIONS) {
        for (const actor of ACTORS) {
          const r = transition(order, action, actor, new Date(now), { note: 'x', rating: 3, assigneeId: 20, slots: CALLS[0], slotId: 1, inviteeId: 99, revisitOn: '2025-03-15', intoOrderId: 999 })
          if (r.ok || r.refusal.kind !== 'illegal_state') {
            throw new Error(`${order.status}: ${action} by actor ${actor.id} was not refused with illegal_state`)
          }
        }
      }
    }

    const held = holding(order)
    // No slot has more live parts than its headcount; nobody holds two places of one order.
    for (const s of order.slots) expect([s.id, held.filter((p) => p.slotId === s.id).length <= s.headcount]).toEqual([s.id, true])
    expect(new Set(held.map((p) => p.userId)).size).toBe(held.length)
    // Whoever answered or took a place is a responder (an invitation may name anyone: the server checks).
    for (const p of held.filter((p) => p.status !== 'invited')) {
      const who = ACTORS.find((a) => a.id === p.userId)
      expect(who && isResponder(who.role)).toBe(true)
    }
    // While the call is out, the status is the one its slots and parts lead to.
    if ((['assigned', 'open', 'accepted', 'in_progress'] as OrderStatus[]).includes(order.status)) {
      expect(order.status).toBe(statusFromParts(order.slots, order.parts))
    }
    // Back with the committee, or ended before any work: no open slot, nobody holds a place.
    if ((['submitted', 'reopened', 'rejected', 'cancelled'] as OrderStatus[]).includes(order.status)) {
      expect(order.slots.filter((s) => s.open)).toEqual([])
      expect(held).toEqual([])
    }
    // Parked: set aside by the committee, so no open slot and nobody holding a place, and the
    // last entry is the 挂账 with its day.
    if (order.status === 'parked') {
      expect(order.slots.filter((s) => s.open)).toEqual([])
      expect(held).toEqual([])
      expect(timeline[timeline.length - 1]).toMatchObject({ event: 'park', payload: { kind: 'parked' } })
    }
    // Completed (and closed): nobody still invited or working, and someone finished a part in
    // the round that completed (a done part of a round before a reopen does not count).
    if (order.status === 'completed' || order.status === 'closed') {
      expect(held.filter((p) => p.status !== 'done')).toEqual([])
      expect(order.parts.some((p) => p.status === 'done' && round.has(p.slotId))).toBe(true)
    }

    const closedBy = timeline[timeline.length - 1].event
    if (order.status === 'closed' && closedBy === 'auto_close') {
      expect(order.rating).toBeNull() // nobody rated: struck off by rule
    } else if (order.status === 'closed') {
      expect(Number.isInteger(order.rating)).toBe(true)
      expect(order.rating).toBeGreaterThanOrEqual(1)
      expect(order.rating).toBeLessThanOrEqual(5)
    } else {
      expect(order.rating).toBeNull()
    }
  }
  return { order, timeline }
}

describe('random lifecycles', () => {
  const lifecycles = fc.property(fc.array(arbStep, { minLength: 1, maxLength: 40 }), (steps) => {
    runLifecycle(steps)
  })

  test('invariants hold after every step', () => {
    fc.assert(lifecycles, { numRuns: 500 })
  })

  /**
   * The generator is worth something only if its runs go everywhere. Whether a random seed
   * reaches a rare pair (an order completed, then closed by the system) is chance, so this
   * checks coverage on one fixed seed: a statement about the generator, not a flaky draw.
   * Since 挂账 many runs take a detour through parked (and some end there, cancelled), so this
   * draws 1000 lifecycles: at 500, one seed in five missed a rare action.
   */
  test('the generated lifecycles reach every status and fire every action', () => {
    reached.clear()
    firedActions.clear()
    decidedAfterRevisit = 0
    fc.assert(lifecycles, { numRuns: 1000, seed: 20261122 })
    expect([...ORDER_STATUSES].filter((s) => !reached.has(s))).toEqual([])
    expect([...ORDER_ACTIONS].filter((a) => !firedActions.has(a))).toEqual([])
    // Orders come back from 挂账 and are worked on again, not only parked and left.
    expect(decidedAfterRevisit).toBeGreaterThan(0)
  })

  test('a closed order keeps who did the work: the done part stays on it', () => {
    const steps: Step[] = [
      { kind: 'random', action: 'publish', actor: CAST.committee, input: {} },
      { kind: 'random', action: 'claim', actor: CAST.volunteer, input: {} },
      { kind: 'random', action: 'start', actor: CAST.volunteer, input: {} },
      { kind: 'random', action: 'complete', actor: CAST.volunteer, input: { note: '已修好' } },
      { kind: 'random', action: 'confirm', actor: CAST.owner, input: { rating: 5 } },
    ]
    const { order } = runLifecycle(steps)
    expect(order).toMatchObject({ status: 'closed', rating: 5, parts: [{ userId: CAST.volunteer.id, status: 'done' }] })
  })

  test('挂账 and back: the system revisits on the day, the order is worked on and closed', () => {
    const steps: Step[] = [
      { kind: 'random', action: 'park', actor: CAST.committee, input: { note: '等物业维修基金', revisitOn: '2025-03-15' } },
      // Nobody works on a parked order, and it is not decided on until it comes back.
      { kind: 'random', action: 'publish', actor: CAST.committee, input: {} },
      { kind: 'random', action: 'revisit', actor: CAST.committeeOut, input: {} },
      { kind: 'random', action: 'revisit', actor: CAST.owner, input: {} },
      { kind: 'random', action: 'revisit', actor: CAST.system, input: {} },
      { kind: 'random', action: 'publish', actor: CAST.committee, input: {} },
      { kind: 'random', action: 'claim', actor: CAST.volunteer, input: {} },
      { kind: 'random', action: 'start', actor: CAST.volunteer, input: {} },
      { kind: 'random', action: 'complete', actor: CAST.volunteer, input: { note: '已修好' } },
      { kind: 'random', action: 'confirm', actor: CAST.owner, input: { rating: 4 } },
    ]
    const { order, timeline } = runLifecycle(steps)
    expect(order).toMatchObject({ status: 'closed', rating: 4 })
    expect(timeline.map((e) => [e.event, e.to])).toEqual([
      ['submit', 'submitted'],
      ['park', 'parked'],
      ['revisit', 'submitted'],
      ['publish', 'open'],
      ['claim', 'accepted'],
      ['start', 'in_progress'],
      ['complete', 'completed'],
      ['confirm', 'closed'],
    ])
    expect(timeline[1]).toMatchObject({ actorId: CAST.committee.id, note: '等物业维修基金', payload: { kind: 'parked', revisitOn: '2025-03-15' } })
    expect(timeline[2]).toMatchObject({ actorId: CAST.system.id, actorRole: 'system', payload: null })
  })

  test('挂账 after a reopen: the committee takes it up early; parked again, the household cancels', () => {
    const steps: Step[] = [
      { kind: 'random', action: 'publish', actor: CAST.committee, input: {} },
      { kind: 'random', action: 'claim', actor: CAST.member, input: {} },
      { kind: 'random', action: 'start', actor: CAST.member, input: {} },
      { kind: 'random', action: 'complete', actor: CAST.member, input: { note: '已修好' } },
      { kind: 'random', action: 'reopen', actor: CAST.owner, input: { note: '又坏了' } },
      // Refused: today, and 367 days on; then allowed on the last day.
      { kind: 'random', action: 'park', actor: CAST.committee, input: { note: '等配件', revisitOn: '2025-03-01' } },
      { kind: 'random', action: 'park', actor: CAST.committee, input: { note: '等配件', revisitOn: '2026-03-03' } },
      { kind: 'random', action: 'park', actor: CAST.committee, input: { note: '等配件', revisitOn: '2026-03-02' } },
      { kind: 'random', action: 'revisit', actor: CAST.committee, input: {} },
      { kind: 'random', action: 'park', actor: CAST.committee, input: { note: '再等等', revisitOn: '2025-03-02' } },
      { kind: 'random', action: 'cancel', actor: CAST.owner, input: {} },
    ]
    const { order, timeline } = runLifecycle(steps)
    expect(order.status).toBe('cancelled')
    expect(timeline.slice(6).map((e) => [e.event, e.from, e.to])).toEqual([
      ['park', 'reopened', 'parked'],
      ['revisit', 'parked', 'submitted'],
      ['park', 'submitted', 'parked'],
      ['cancel', 'parked', 'cancelled'],
    ])
    // The done part of the first round is kept through all of it.
    expect(order.parts).toEqual([{ slotId: 1, userId: CAST.member.id, status: 'done' }])
  })

  /** `close_call` counts only the parts done in the current round: after a reopen, the earlier round's do not. */
  test('close_call after a reopen waits for a part done in the new round', () => {
    const reopenedAndTaken: Step[] = [
      { kind: 'random', action: 'publish', actor: CAST.committee, input: {} },
      { kind: 'random', action: 'claim', actor: CAST.volunteer, input: {} },
      { kind: 'random', action: 'start', actor: CAST.volunteer, input: {} },
      { kind: 'random', action: 'complete', actor: CAST.volunteer, input: { note: '已修好' } },
      { kind: 'random', action: 'reopen', actor: CAST.owner, input: { note: '还是坏的' } },
      { kind: 'random', action: 'publish', actor: CAST.committee, input: {} },
      { kind: 'random', action: 'claim', actor: CAST.member, input: {} },
    ]
    const closeCall: Step = { kind: 'random', action: 'close_call', actor: CAST.committee, input: { note: '结束' } }
    // Refused: nothing done since the resident said it was not solved.
    const refused = runLifecycle([...reopenedAndTaken, closeCall])
    expect(refused.order.status).toBe('accepted')
    expect(refused.timeline.map((e) => e.event)).not.toContain('close_call')
    expect(availableActions(refused.order, CAST.committee)).not.toContain('close_call')
    // Once the new taker is done (here, of a two-place call), the committee may close it.
    const worked: Step[] = [
      ...reopenedAndTaken.slice(0, 5),
      { kind: 'random', action: 'call', actor: CAST.committee, input: { slots: [{ kind: 'hall', headcount: 2 }] } },
      { kind: 'random', action: 'claim', actor: CAST.member, input: {} },
      { kind: 'random', action: 'start', actor: CAST.member, input: {} },
      { kind: 'random', action: 'complete', actor: CAST.member, input: { note: '这次修好了' } },
      closeCall,
    ]
    const closed = runLifecycle(worked)
    expect(closed.order.status).toBe('completed')
    expect(closed.timeline.at(-1)).toMatchObject({ event: 'close_call', from: 'in_progress', to: 'completed' })
  })
})
