/**
 * Exhaustive table test: every fixture × action × actor, checked against an expectation table
 * written out by hand below. The table is organised by status (not by action, as TRANSITIONS
 * is) and is never computed from TRANSITIONS, so a wrong edge or guard in the machine fails here.
 *
 * Since orders have slots and parts, the people matter as much as the status: each status has
 * one or two fixtures (a one-place order — the old dispatch/publish — and, where a call can be
 * under way, a call of several places), and who holds which relationship to each fixture is
 * written down by hand too.
 */
import {
  ORDER_ACTIONS,
  ORDER_STATUSES,
  ROLES,
  transition,
  type Actor,
  type OrderAction,
  type OrderFacts,
  type OrderStatus,
  type PartFacts,
  type PartStatus,
  type RefusalKind,
  type SlotFacts,
  type TransitionInput,
} from '@/domain'

const NOW = new Date('2025-03-01T08:00:00.000Z')
const GRID = '/1/2/5/'
const HOME = 100
/** A household whose duplicate order was merged into every fixture's order: it follows the order. */
const FOLLOWER_HOME = 102
const TEAM = 7
const UNIT = 9

const OWNER_ID = 1
const ASSIGNEE_ID = 20
const TAKER_ID = 21
const COWORKER_ID = 24
const JOINER_ID = 26
/** Whom an `invite` names: nobody in the cast, so never already on the order. */
const INVITEE_ID = 30

const FULL = '名额已满，手慢了'
const NOTHING_DONE = '还没有人完成任务：可以等待，或收回重派'

/** Who may fire each action, as a relationship to the order — written by hand. */
type Relationship =
  | 'owner'
  /** The owner, or a household whose duplicate was merged into the order. */
  | 'follower'
  | 'committee_in_scope'
  | 'system'
  /** The system, or the committee in scope. */
  | 'committee_or_system'
  /**
   * Holds any live part (invited, joined, started or done) in an open slot: who may answer an
   * invitation — a holder whose part is not an invitation is refused for its state, not forbidden.
   */
  | 'responder'
  /** Holds a joined or started part. */
  | 'taker'
  /** A taker with nobody else on the order (no other live part). */
  | 'sole_taker'
  /** Holds a joined part beside others. */
  | 'co_taker'
  /** In scope, holds no live part, qualifies for a slot with a free place. */
  | 'claimant'
  /** The committee in scope, or the leader of the team the invited slot is addressed to. */
  | 'inviter'
const ALLOWED: Record<OrderAction, Relationship> = {
  dispatch: 'committee_in_scope',
  publish: 'committee_in_scope',
  call: 'committee_in_scope',
  reject: 'committee_in_scope',
  park: 'committee_in_scope',
  merge: 'committee_in_scope',
  revisit: 'committee_or_system',
  recall: 'committee_in_scope',
  close_call: 'committee_in_scope',
  invite: 'inviter',
  accept: 'responder',
  decline: 'responder',
  claim: 'claimant',
  leave: 'co_taker',
  release: 'sole_taker',
  start: 'taker',
  progress: 'taker',
  complete: 'taker',
  confirm: 'follower',
  reopen: 'follower',
  cancel: 'owner',
  auto_close: 'system',
}

/** The part statuses an action moves on (the actor's own part), for the relationships that allow several — by hand. */
const PART_FROM: Partial<Record<OrderAction, readonly PartStatus[]>> = {
  accept: ['invited'],
  decline: ['invited'],
  start: ['joined'],
  progress: ['started'],
  complete: ['started'],
}

/** Each kind of actor, its key in the fixtures' holder lists, and the relationships it holds whatever the fixture. */
interface ActorKind {
  key: string
  name: string
  actor: Actor
  holds: Relationship[]
}

const ROLE_KEYS = { party_member: 'pm', volunteer: 'vol', department: 'dept' } as const
type ResponderRole = keyof typeof ROLE_KEYS
/** Volunteers are of TEAM, departments of UNIT: the fixtures' unit slots are theirs unless told otherwise. */
const unitOf = (role: ResponderRole) => (role === 'volunteer' ? { teamId: TEAM } : role === 'department' ? { workUnitId: UNIT } : {})

const responderKinds = (role: ResponderRole): ActorKind[] => [
  { key: `assignee:${ROLE_KEYS[role]}`, name: `assignee (${role})`, actor: { id: ASSIGNEE_ID, role, orgPath: '/1/2/', ...unitOf(role) }, holds: [] },
  { key: `taker:${ROLE_KEYS[role]}`, name: `taker (${role})`, actor: { id: TAKER_ID, role, orgPath: GRID, ...unitOf(role) }, holds: [] },
  { key: `bystander:${ROLE_KEYS[role]}`, name: `in-scope bystander (${role})`, actor: { id: 22, role, orgPath: '/1/', ...unitOf(role) }, holds: [] },
  { key: `outsider:${ROLE_KEYS[role]}`, name: `out-of-scope bystander (${role})`, actor: { id: 23, role, orgPath: '/1/3/', ...unitOf(role) }, holds: [] },
]

const ACTOR_KINDS: ActorKind[] = [
  { key: 'owner', name: 'owner resident', actor: { id: OWNER_ID, role: 'resident', orgPath: GRID, householdId: HOME }, holds: ['owner', 'follower'] },
  { key: 'proxy', name: "the household's family proxy", actor: { id: 3, role: 'proxy', orgPath: GRID, householdId: HOME }, holds: ['owner', 'follower'] },
  {
    key: 'follower',
    name: 'resident of a household whose duplicate was merged in',
    actor: { id: 7, role: 'resident', orgPath: GRID, householdId: FOLLOWER_HOME },
    holds: ['follower'],
  },
  { key: 'otherResident', name: 'other resident', actor: { id: 2, role: 'resident', orgPath: GRID, householdId: HOME + 1 }, holds: [] },
  { key: 'otherProxy', name: "another household's proxy", actor: { id: 4, role: 'proxy', orgPath: GRID, householdId: HOME + 1 }, holds: [] },
  {
    key: 'ownerAsVolunteer',
    name: 'the owner as a volunteer of the team, out of scope',
    actor: { id: OWNER_ID, role: 'volunteer', orgPath: '/1/3/', householdId: HOME, teamId: TEAM },
    holds: [],
  },
  { key: 'gridWorker', name: "the grid's grid worker", actor: { id: 5, role: 'grid_worker', orgPath: GRID }, holds: [] },
  { key: 'streetAdmin', name: 'street administrator', actor: { id: 6, role: 'street_admin', orgPath: '/1/' }, holds: [] },
  { key: 'committee', name: 'committee in scope', actor: { id: 10, role: 'committee', orgPath: '/1/' }, holds: ['committee_in_scope', 'committee_or_system'] },
  { key: 'committeeOut', name: 'committee out of scope', actor: { id: 11, role: 'committee', orgPath: '/1/3/' }, holds: [] },
  ...responderKinds('party_member'),
  ...responderKinds('volunteer'),
  ...responderKinds('department'),
  { key: 'coworker', name: 'co-worker (party_member)', actor: { id: COWORKER_ID, role: 'party_member', orgPath: '/1/' }, holds: [] },
  { key: 'leader', name: 'leader of the team', actor: { id: 25, role: 'volunteer', orgPath: '/1/', teamId: TEAM, leadsTeamId: TEAM }, holds: [] },
  { key: 'joiner', name: 'volunteer of the team (joiner)', actor: { id: JOINER_ID, role: 'volunteer', orgPath: '/1/', teamId: TEAM }, holds: [] },
  { key: 'otherTeam', name: 'volunteer of another team', actor: { id: 27, role: 'volunteer', orgPath: '/1/', teamId: 8 }, holds: [] },
  { key: 'otherLeader', name: 'leader of another team', actor: { id: 29, role: 'volunteer', orgPath: '/1/', teamId: 8, leadsTeamId: 8 }, holds: [] },
  { key: 'otherUnit', name: 'department member of another unit', actor: { id: 28, role: 'department', orgPath: '/1/', workUnitId: 10 }, holds: [] },
  { key: 'system', name: 'the system', actor: { id: 0, role: 'system', orgPath: '/' }, holds: ['system', 'committee_or_system'] },
]

/** The table covers every role the domain knows, and the system. */
test('the actor cast covers every role', () => {
  expect(new Set(ACTOR_KINDS.map((k) => k.actor.role))).toEqual(new Set([...ROLES, 'system']))
  expect(new Set(ACTOR_KINDS.map((k) => k.key)).size).toBe(ACTOR_KINDS.length)
})

const slot = (id: number, kind: SlotFacts['kind'], headcount = 1, unitId: number | null = null, open = true): SlotFacts => ({ id, kind, headcount, unitId, open })
const part = (slotId: number, userId: number, status: PartStatus): PartFacts => ({ slotId, userId, status })

const all = (who: string) => Object.values(ROLE_KEYS).map((r) => `${who}:${r}`)

/**
 * What an action does in a fixture — by hand: the status it enters; `refused`: the status allows
 * it but nobody here may (forbidden, or illegal_state for a holder whose part is in the wrong
 * status); `full` / `nothing_done`: the order cannot take it now, whoever asks (illegal_state).
 * An action not listed is not allowed in the fixture's status (illegal_state).
 */
type Outcome = OrderStatus | 'refused' | 'full' | 'nothing_done'

interface Fixture {
  name: string
  status: OrderStatus
  slots: SlotFacts[]
  parts: PartFacts[]
  /** The slot an `invite` names. */
  inviteSlot?: number
  legal: Partial<Record<OrderAction, Outcome>>
  /** Who holds the relationships that depend on the slots and parts (by actor key). */
  holders: Partial<Record<Relationship, string[]>>
}

const BEFORE_DECISION: Fixture['legal'] = { dispatch: 'assigned', publish: 'open', call: 'open', reject: 'rejected', park: 'parked', merge: 'merged', cancel: 'cancelled' }
/** 挂账: nothing but coming back to the queue (the system on the day, or the committee early), being merged, or the household giving up. */
const PARKED: Fixture['legal'] = { revisit: 'submitted', merge: 'merged', cancel: 'cancelled' }
/** Responders in scope who may take a hall place: party members and volunteers, whatever their team. */
const HALL_CLAIMANTS_WITHOUT_PARTS = ['bystander:pm', 'bystander:vol', 'coworker', 'joiner', 'leader', 'otherTeam', 'otherLeader']

const FIXTURES: Fixture[] = [
  { name: 'new', status: 'submitted', slots: [], parts: [], legal: BEFORE_DECISION, holders: {} },
  {
    name: 'dispatched (the assignee invited)',
    status: 'assigned',
    slots: [slot(1, 'person')],
    parts: [part(1, ASSIGNEE_ID, 'invited')],
    legal: { accept: 'accepted', decline: 'submitted', recall: 'submitted', cancel: 'cancelled', invite: 'full' },
    holders: { responder: all('assignee'), inviter: ['committee'] },
  },
  {
    name: 'published (one hall place free)',
    status: 'open',
    slots: [slot(1, 'hall')],
    parts: [],
    legal: { claim: 'accepted', invite: 'assigned', recall: 'submitted', cancel: 'cancelled', accept: 'refused', decline: 'refused' },
    holders: {
      claimant: ['assignee:pm', 'assignee:vol', 'taker:pm', 'taker:vol', ...HALL_CLAIMANTS_WITHOUT_PARTS],
      inviter: ['committee'],
    },
  },
  {
    name: 'call gathering (assignee invited; a team and a department place free)',
    status: 'open',
    slots: [slot(1, 'person'), slot(2, 'team', 1, TEAM), slot(3, 'department', 1, UNIT)],
    parts: [part(1, ASSIGNEE_ID, 'invited')],
    inviteSlot: 2,
    legal: { accept: 'accepted', decline: 'open', claim: 'accepted', invite: 'open', recall: 'submitted', cancel: 'cancelled' },
    holders: {
      responder: all('assignee'),
      claimant: ['taker:vol', 'bystander:vol', 'joiner', 'leader', 'taker:dept', 'bystander:dept'],
      inviter: ['committee', 'leader'],
    },
  },
  {
    name: 'taken (the taker joined the only place)',
    status: 'accepted',
    slots: [slot(1, 'hall')],
    parts: [part(1, TAKER_ID, 'joined')],
    legal: {
      start: 'in_progress',
      release: 'submitted',
      leave: 'refused',
      accept: 'refused',
      decline: 'refused',
      claim: 'full',
      invite: 'full',
      close_call: 'nothing_done',
    },
    holders: { responder: all('taker'), taker: all('taker'), sole_taker: all('taker'), inviter: ['committee'] },
  },
  {
    name: 'call under way (assignee invited; the taker joined one of two hall places)',
    status: 'accepted',
    slots: [slot(1, 'person'), slot(2, 'hall', 2)],
    parts: [part(1, ASSIGNEE_ID, 'invited'), part(2, TAKER_ID, 'joined')],
    inviteSlot: 2,
    legal: {
      accept: 'accepted',
      decline: 'accepted',
      claim: 'accepted',
      leave: 'open',
      release: 'refused',
      start: 'in_progress',
      invite: 'accepted',
      close_call: 'nothing_done',
    },
    holders: {
      responder: [...all('assignee'), ...all('taker')],
      taker: all('taker'),
      co_taker: all('taker'),
      claimant: HALL_CLAIMANTS_WITHOUT_PARTS,
      inviter: ['committee'],
    },
  },
  {
    name: 'in progress (the taker started the only place)',
    status: 'in_progress',
    slots: [slot(1, 'hall')],
    parts: [part(1, TAKER_ID, 'started')],
    legal: {
      progress: 'in_progress',
      complete: 'completed',
      release: 'submitted',
      start: 'refused',
      leave: 'refused',
      accept: 'refused',
      decline: 'refused',
      claim: 'full',
      invite: 'full',
      close_call: 'nothing_done',
    },
    holders: { responder: all('taker'), taker: all('taker'), sole_taker: all('taker'), inviter: ['committee'] },
  },
  {
    name: 'call working (assignee invited; Party members: taker started, co-worker done, one free; team: joiner joined)',
    status: 'in_progress',
    slots: [slot(1, 'person'), slot(2, 'party_members', 3), slot(3, 'team', 1, TEAM)],
    parts: [part(1, ASSIGNEE_ID, 'invited'), part(2, TAKER_ID, 'started'), part(2, COWORKER_ID, 'done'), part(3, JOINER_ID, 'joined')],
    inviteSlot: 2,
    legal: {
      accept: 'in_progress',
      decline: 'in_progress',
      claim: 'in_progress',
      leave: 'in_progress',
      release: 'refused',
      start: 'in_progress',
      progress: 'in_progress',
      // Two of three Party members done: the slot, so the order, is not complete yet.
      complete: 'in_progress',
      invite: 'in_progress',
      close_call: 'completed',
    },
    holders: {
      // The co-worker's done part still holds its place: they too are told the state.
      responder: [...all('assignee'), ...all('taker'), 'coworker', 'joiner'],
      taker: [...all('taker'), 'joiner'],
      co_taker: ['joiner'],
      claimant: ['bystander:pm'],
      inviter: ['committee'],
    },
  },
  {
    name: "taken again after a reopen (the last round's slot closed, the co-worker's done part kept; the taker joined the new place)",
    status: 'accepted',
    slots: [slot(1, 'hall', 1, null, false), slot(2, 'hall')],
    parts: [part(1, COWORKER_ID, 'done'), part(2, TAKER_ID, 'joined')],
    legal: {
      start: 'in_progress',
      // The co-worker's part is of the closed round: the taker is alone on the order.
      release: 'submitted',
      leave: 'refused',
      accept: 'refused',
      decline: 'refused',
      claim: 'full',
      invite: 'full',
      // Done in the earlier round only: nothing to close the call with.
      close_call: 'nothing_done',
    },
    // The co-worker holds nothing now: a stranger to this round.
    holders: { responder: all('taker'), taker: all('taker'), sole_taker: all('taker'), inviter: ['committee'] },
  },
  {
    name: 'completed (the taker done)',
    status: 'completed',
    slots: [slot(1, 'hall')],
    parts: [part(1, TAKER_ID, 'done')],
    legal: { confirm: 'closed', reopen: 'reopened', auto_close: 'closed' },
    holders: {},
  },
  { name: 'closed', status: 'closed', slots: [slot(1, 'hall')], parts: [part(1, TAKER_ID, 'done')], legal: {}, holders: {} },
  {
    name: 'reopened (the last round closed, its done part kept)',
    status: 'reopened',
    slots: [slot(1, 'hall', 1, null, false)],
    parts: [part(1, TAKER_ID, 'done')],
    legal: BEFORE_DECISION,
    holders: {},
  },
  { name: 'parked (挂账 from the queue)', status: 'parked', slots: [], parts: [], legal: PARKED, holders: {} },
  {
    name: 'parked after a reopen (the last round closed, its done part kept)',
    status: 'parked',
    slots: [slot(1, 'hall', 1, null, false)],
    parts: [part(1, TAKER_ID, 'done')],
    legal: PARKED,
    holders: {},
  },
  { name: 'rejected', status: 'rejected', slots: [], parts: [], legal: {}, holders: {} },
  { name: 'merged (into another order)', status: 'merged', slots: [], parts: [], legal: {}, holders: {} },
  {
    name: 'cancelled (the invitation withdrawn)',
    status: 'cancelled',
    slots: [slot(1, 'person', 1, null, false)],
    parts: [part(1, ASSIGNEE_ID, 'withdrawn')],
    legal: {},
    holders: {},
  },
]

test('every status has a fixture', () => {
  expect(new Set(FIXTURES.map((f) => f.status))).toEqual(new Set(ORDER_STATUSES))
})

const freeze = (fx: Fixture): OrderFacts =>
  Object.freeze({
    status: fx.status,
    householdId: HOME,
    followerHouseholdIds: Object.freeze([FOLLOWER_HOME]),
    orgPath: GRID,
    slots: Object.freeze(fx.slots.map((s) => Object.freeze({ ...s }))),
    parts: Object.freeze(fx.parts.map((p) => Object.freeze({ ...p }))),
  })

/** Input that satisfies every requirement at once; an invite names the fixture's slot. */
const inputFor = (fx: Fixture, action: OrderAction): TransitionInput => ({
  note: '  说明  ',
  // Two weeks after NOW's China date (2025-03-01).
  revisitOn: '2025-03-15',
  intoOrderId: 999,
  rating: 4,
  assigneeId: INVITEE_ID,
  slots: [
    { kind: 'party_members', headcount: 2 },
    { kind: 'team', headcount: 2, unitId: TEAM },
    { kind: 'department', headcount: 1, unitId: UNIT },
  ],
  ...(action === 'invite' ? { slotId: fx.inviteSlot ?? 1, inviteeId: INVITEE_ID } : {}),
})

type Expected = { ok: true; to: OrderStatus } | { ok: false; kind: RefusalKind; message?: string }

const holds = (fx: Fixture, kind: ActorKind, rel: Relationship) => kind.holds.includes(rel) || (fx.holders[rel] ?? []).includes(kind.key)
const ownPart = (fx: Fixture, id: number) => fx.parts.find((p) => p.userId === id && ['invited', 'joined', 'started', 'done'].includes(p.status) && fx.slots.find((s) => s.id === p.slotId)?.open)

function expectedOutcome(fx: Fixture, action: OrderAction, kind: ActorKind): Expected {
  const outcome = fx.legal[action]
  if (outcome === undefined) return { ok: false, kind: 'illegal_state' }
  if (outcome === 'full') return { ok: false, kind: 'illegal_state', message: FULL }
  if (outcome === 'nothing_done') return { ok: false, kind: 'illegal_state', message: NOTHING_DONE }
  if (!holds(fx, kind, ALLOWED[action])) return { ok: false, kind: 'forbidden' }
  const from = PART_FROM[action]
  if (from && !from.includes(ownPart(fx, kind.actor.id)!.status)) return { ok: false, kind: 'illegal_state' }
  if (outcome === 'refused') throw new Error(`table error: ${kind.name} may ${action} in "${fx.name}"`)
  return { ok: true, to: outcome }
}

const describeExpected = (e: Expected) => (e.ok ? `ok → ${e.to}` : e.kind)

const CASES = FIXTURES.flatMap((fx) =>
  ORDER_ACTIONS.flatMap((action) =>
    ACTOR_KINDS.map((kind) => {
      const expected = expectedOutcome(fx, action, kind)
      return { fixture: fx.name, fx, action, who: kind.name, kind, expected, outcome: describeExpected(expected) }
    }),
  ),
)

describe('transition table: every fixture × action × actor', () => {
  test('covers every fixture, action and actor; every legal pair has an actor that succeeds', () => {
    expect(CASES).toHaveLength(FIXTURES.length * ORDER_ACTIONS.length * ACTOR_KINDS.length)
    for (const fx of FIXTURES) {
      for (const [action, outcome] of Object.entries(fx.legal) as [OrderAction, Outcome][]) {
        const succeeds = CASES.some((c) => c.fx === fx && c.action === action && c.expected.ok)
        expect([fx.name, action, succeeds]).toEqual([fx.name, action, !['refused', 'full', 'nothing_done'].includes(outcome)])
      }
    }
    // Every action succeeds somewhere (the fixtures reach the whole machine).
    expect(ORDER_ACTIONS.filter((action) => !CASES.some((c) => c.action === action && c.expected.ok))).toEqual([])
  })

  test.each(CASES)('$fixture × $action × $who → $outcome', ({ fx, action, kind, expected }) => {
    const order = freeze(fx)
    const result = transition(order, action, kind.actor, NOW, inputFor(fx, action))
    if (expected.ok) {
      expect(result).toMatchObject({ ok: true, to: expected.to })
      if (result.ok) {
        expect(result.entry).toMatchObject({ event: action, from: fx.status, to: expected.to, actorId: kind.actor.id })
        // Only a 挂账 says when the order comes back.
        expect(result.entry.payload?.kind === 'parked').toBe(action === 'park')
        if (action === 'park') expect(result.entry.payload).toEqual({ kind: 'parked', revisitOn: '2025-03-15' })
        expect(result.entry.payload?.kind === 'merged').toBe(action === 'merge')
        if (action === 'merge') expect([result.entry.payload, result.patch.mergeInto]).toEqual([{ kind: 'merged', intoOrderId: 999 }, 999])
      }
    } else {
      expect(result).toMatchObject({ ok: false, refusal: { kind: expected.kind } })
      if (!result.ok) {
        expect(result.refusal.message).not.toBe('')
        if (expected.message) expect(result.refusal.message).toBe(expected.message)
      }
    }
  })
})
