/**
 * Exhaustive table test: every status × action × actor, checked against an expectation table
 * written out by hand below. The table is organised by status (not by action, as TRANSITIONS
 * is) and is never computed from TRANSITIONS, so a wrong edge or guard in the machine fails here.
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
  type RefusalKind,
  type Role,
  type TransitionInput,
} from '@/domain'

const NOW = new Date('2025-03-01T08:00:00.000Z')
const GRID = '/1/2/5/'

/** Legal (status, action) pairs and the status each one enters — written by hand. */
const LEGAL: Record<OrderStatus, Partial<Record<OrderAction, OrderStatus>>> = {
  submitted: { dispatch: 'assigned', publish: 'open', reject: 'rejected', cancel: 'cancelled' },
  assigned: { accept: 'accepted', decline: 'submitted', recall: 'submitted', cancel: 'cancelled' },
  open: { claim: 'accepted', recall: 'submitted', cancel: 'cancelled' },
  accepted: { start: 'in_progress', release: 'submitted' },
  in_progress: { progress: 'in_progress', complete: 'completed', release: 'submitted' },
  completed: { confirm: 'closed', reopen: 'reopened', auto_close: 'closed' },
  closed: {},
  reopened: { dispatch: 'assigned', publish: 'open', reject: 'rejected', cancel: 'cancelled' },
  rejected: {},
  cancelled: {},
}

/** Who may fire each action, as a relationship to the order — written by hand. */
type Relationship = 'owner' | 'committee_in_scope' | 'assignee' | 'taker' | 'responder_in_scope' | 'system'
const ALLOWED: Record<OrderAction, Relationship> = {
  dispatch: 'committee_in_scope',
  publish: 'committee_in_scope',
  reject: 'committee_in_scope',
  recall: 'committee_in_scope',
  accept: 'assignee',
  decline: 'assignee',
  claim: 'responder_in_scope',
  release: 'taker',
  start: 'taker',
  progress: 'taker',
  complete: 'taker',
  confirm: 'owner',
  reopen: 'owner',
  cancel: 'owner',
  auto_close: 'system',
}

const OWNER_ID = 1
const HOME = 100
const ASSIGNEE_ID = 20
const TAKER_ID = 21

/** Each kind of actor and the relationships it holds to the order built by `orderIn`. */
interface ActorKind {
  name: string
  actor: Actor
  holds: Relationship[]
}

const responderKinds = (role: Role): ActorKind[] => [
  { name: `assignee (${role})`, actor: { id: ASSIGNEE_ID, role, orgPath: '/1/2/' }, holds: ['assignee', 'responder_in_scope'] },
  { name: `taker (${role})`, actor: { id: TAKER_ID, role, orgPath: GRID }, holds: ['taker', 'responder_in_scope'] },
  { name: `in-scope bystander (${role})`, actor: { id: 22, role, orgPath: '/1/' }, holds: ['responder_in_scope'] },
  { name: `out-of-scope bystander (${role})`, actor: { id: 23, role, orgPath: '/1/3/' }, holds: [] },
]

const ACTOR_KINDS: ActorKind[] = [
  { name: 'owner resident', actor: { id: OWNER_ID, role: 'resident', orgPath: GRID, householdId: HOME }, holds: ['owner'] },
  { name: "the household's family proxy", actor: { id: 3, role: 'proxy', orgPath: GRID, householdId: HOME }, holds: ['owner'] },
  { name: 'other resident', actor: { id: 2, role: 'resident', orgPath: GRID, householdId: HOME + 1 }, holds: [] },
  { name: "another household's proxy", actor: { id: 4, role: 'proxy', orgPath: GRID, householdId: HOME + 1 }, holds: [] },
  { name: 'the owner as a volunteer', actor: { id: OWNER_ID, role: 'volunteer', orgPath: '/1/3/', householdId: HOME }, holds: [] },
  { name: "the grid's grid worker", actor: { id: 5, role: 'grid_worker', orgPath: GRID }, holds: [] },
  { name: 'street administrator', actor: { id: 6, role: 'street_admin', orgPath: '/1/' }, holds: [] },
  { name: 'committee in scope', actor: { id: 10, role: 'committee', orgPath: '/1/' }, holds: ['committee_in_scope'] },
  { name: 'committee out of scope', actor: { id: 11, role: 'committee', orgPath: '/1/3/' }, holds: [] },
  ...responderKinds('party_member'),
  ...responderKinds('volunteer'),
  { name: 'the system', actor: { id: 0, role: 'system', orgPath: '/' }, holds: ['system'] },
]

/** The table covers every role the domain knows, and the system. */
test('the actor cast covers every role', () => {
  expect(new Set(ACTOR_KINDS.map((k) => k.actor.role))).toEqual(new Set([...ROLES, 'system']))
})

/** An order in `status` with a distinct assignee and taker, so each guard can be told apart. */
const orderIn = (status: OrderStatus): OrderFacts => ({
  status,
  householdId: HOME,
  orgPath: GRID,
  assigneeId: ASSIGNEE_ID,
  takerId: TAKER_ID,
})

/** Input that satisfies every requirement at once. */
const FULL_INPUT: TransitionInput = { note: '  说明  ', rating: 4, assigneeId: 30 }

type Expected = { ok: true; to: OrderStatus } | { ok: false; kind: RefusalKind }

function expectedOutcome(status: OrderStatus, action: OrderAction, kind: ActorKind): Expected {
  const to = LEGAL[status][action]
  if (to === undefined) return { ok: false, kind: 'illegal_state' }
  if (!kind.holds.includes(ALLOWED[action])) return { ok: false, kind: 'forbidden' }
  return { ok: true, to }
}

const describeExpected = (e: Expected) => (e.ok ? `ok → ${e.to}` : e.kind)

const CASES = ORDER_STATUSES.flatMap((status) =>
  ORDER_ACTIONS.flatMap((action) =>
    ACTOR_KINDS.map((kind) => {
      const expected = expectedOutcome(status, action, kind)
      return { status, action, who: kind.name, kind, expected, outcome: describeExpected(expected) }
    }),
  ),
)

describe('transition table: every status × action × actor', () => {
  test('covers every status, action and role', () => {
    expect(CASES).toHaveLength(ORDER_STATUSES.length * ORDER_ACTIONS.length * ACTOR_KINDS.length)
    // Every legal pair has at least one actor that succeeds.
    for (const status of ORDER_STATUSES) {
      for (const action of Object.keys(LEGAL[status]) as OrderAction[]) {
        expect(CASES.some((c) => c.status === status && c.action === action && c.expected.ok)).toBe(true)
      }
    }
  })

  test.each(CASES)('$status × $action × $who → $outcome', ({ status, action, kind, expected }) => {
    const order = Object.freeze(orderIn(status))
    const result = transition(order, action, kind.actor, NOW, FULL_INPUT)
    if (expected.ok) {
      expect(result).toMatchObject({ ok: true, to: expected.to })
      if (result.ok) {
        expect(result.entry).toMatchObject({ event: action, from: status, to: expected.to, actorId: kind.actor.id })
      }
    } else {
      expect(result).toMatchObject({ ok: false, refusal: { kind: expected.kind } })
      if (!result.ok) expect(result.refusal.message).not.toBe('')
    }
  })
})
