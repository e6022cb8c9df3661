import type { OrderStatus } from './order-status'
import { isTerminal } from './order-status'
import type { ActorRole } from './roles'
import { isOverseer, isResponder, speaksForHousehold } from './roles'

/** Every event that can happen to an order. `submit` creates it. */
export const ORDER_EVENTS = [
  'submit',
  'dispatch',
  'publish',
  'reject',
  'recall',
  'accept',
  'decline',
  'claim',
  'release',
  'start',
  'progress',
  'complete',
  'confirm',
  'reopen',
  'cancel',
  'auto_close',
] as const
export type OrderEvent = (typeof ORDER_EVENTS)[number]

/** The events an actor can fire on an existing order (everything but `submit`). */
export type OrderAction = Exclude<OrderEvent, 'submit'>
export const ORDER_ACTIONS = ORDER_EVENTS.filter((e): e is OrderAction => e !== 'submit')

/**
 * Who is acting: a person (`id`) in one of their memberships (`role` at `orgPath`, the org's
 * place in the tree, e.g. `/1/2/`; see `inScope`).
 */
export interface Actor {
  id: number
  role: ActorRole
  orgPath: string
  /** The household a resident or family proxy speaks for; absent for every other role. */
  householdId?: number | null
  /**
   * The community (tenant) the membership lies in. A person serving two communities acts on
   * work assigned to or taken by them only as that community's responder. Absent: bound to none.
   */
  communityPath?: string | null
}

/** The system itself, for what happens by rule rather than by a person (auto-close). */
export const SYSTEM_ACTOR: Actor = { id: 0, role: 'system', orgPath: '/' }

/** Days a completed order waits for the resident's confirmation before it closes by itself. */
export const AUTO_CLOSE_DAYS = 7

/** The parts of an order the state machine needs to decide. */
export interface OrderFacts {
  status: OrderStatus
  /** Whom the order is for: its household's residents and family proxies follow it. */
  householdId: number
  /** The grid the order belongs to, as an org path such as `/1/2/5/`. */
  orgPath: string
  /** Named person the committee dispatched to (set by `dispatch`). */
  assigneeId: number | null
  /** Person who accepted or claimed the work (set by `accept` / `claim`). */
  takerId: number | null
}

/** Input an event may need; which fields are required depends on the event. */
export interface TransitionInput {
  /** Free text: reason, progress note, completion report or rating comment. */
  note?: string
  /** 1–5, required by `confirm`. */
  rating?: number
  /** Required by `dispatch`: who the committee sends the order to. */
  assigneeId?: number
  photos?: string[]
}

/** One line of the order's timeline, appended by every transition. */
export interface TimelineEntry {
  event: OrderEvent
  from: OrderStatus | null
  to: OrderStatus
  actorId: number
  actorRole: ActorRole
  note: string | null
  rating: number | null
  assigneeId: number | null
  photos: string[]
  /** ISO 8601 timestamp. */
  at: string
}

export type RefusalKind = 'forbidden' | 'illegal_state' | 'missing_input'

export interface Refusal {
  kind: RefusalKind
  /** zh-CN message, shown to the user as is. */
  message: string
}

/** Field changes an accepted transition applies to the order besides its status. */
export interface OrderPatch {
  assigneeId?: number | null
  takerId?: number | null
  rating?: number
}

export type TransitionResult =
  | { ok: true; to: OrderStatus; patch: OrderPatch; entry: TimelineEntry }
  | { ok: false; refusal: Refusal }

type Guard = (order: OrderFacts, actor: Actor) => boolean
export type Requirement = 'reason' | 'note' | 'report' | 'rating' | 'assignee'

/**
 * Named authorisation predicates. `inScope` is how the org tree scopes work: an actor may act
 * on an order whose grid lies inside the actor's subtree (a community committee `/1/` covers
 * grid `/1/2/5/`; a compound branch `/1/3/` does not).
 */
/** Org paths are `/`-delimited and end in `/`, so `/1/` never matches `/10/…`. */
const isOrgPath = (path: string) => /^(\/\d+)+\/$/.test(path)
const inScope = (target: { orgPath: string }, actor: Actor) => isOrgPath(actor.orgPath) && target.orgPath.startsWith(actor.orgPath)

/** Within the actor's community; a named assignee may sit on another branch of it, so not `inScope`. */
const inTenant = (order: OrderFacts, actor: Actor) => !actor.communityPath || order.orgPath.startsWith(actor.communityPath)

export const POLICIES = {
  inScope,
  isOwner: (order: OrderFacts, actor: Actor) => speaksForHousehold(actor.role) && order.householdId === actor.householdId,
  isCommittee: (order: OrderFacts, actor: Actor) => actor.role === 'committee' && inScope(order, actor),
  isAssignee: (order: OrderFacts, actor: Actor) => isResponder(actor.role) && order.assigneeId === actor.id && inTenant(order, actor),
  isTaker: (order: OrderFacts, actor: Actor) => isResponder(actor.role) && order.takerId === actor.id && inTenant(order, actor),
  canClaim: (order: OrderFacts, actor: Actor) => isResponder(actor.role) && inScope(order, actor),
  isSystem: (_order: OrderFacts, actor: Actor) => actor.role === 'system',
  /** Reads the orders of its subtree (a street administrator, a grid worker) but takes no action. */
  oversees: (order: OrderFacts, actor: Actor) => isOverseer(actor.role) && inScope(order, actor),
} satisfies Record<string, Guard>

interface Rule {
  from: readonly OrderStatus[]
  to: OrderStatus
  guard: keyof typeof POLICIES
  requires?: Requirement
  patch?: (order: OrderFacts, actor: Actor, input: TransitionInput) => OrderPatch
}

const IN_COMMITTEE_QUEUE = ['submitted', 'reopened'] as const
const BEFORE_ACCEPTANCE = ['submitted', 'assigned', 'open', 'reopened'] as const
const CLEAR_RESPONDERS = (): OrderPatch => ({ assigneeId: null, takerId: null })

/**
 * The transition table: for each action, the statuses it leaves, the status it enters, who
 * may fire it and what input it needs. `transition` and `availableActions` read only this.
 */
export const TRANSITIONS = {
  dispatch: {
    from: IN_COMMITTEE_QUEUE,
    to: 'assigned',
    guard: 'isCommittee',
    requires: 'assignee',
    patch: (_o, _a, input) => ({ assigneeId: input.assigneeId, takerId: null }),
  },
  publish: { from: IN_COMMITTEE_QUEUE, to: 'open', guard: 'isCommittee', patch: CLEAR_RESPONDERS },
  reject: { from: IN_COMMITTEE_QUEUE, to: 'rejected', guard: 'isCommittee', requires: 'reason' },
  // Nobody accepts or claims it: the committee takes it back to dispatch again.
  recall: { from: ['assigned', 'open'], to: 'submitted', guard: 'isCommittee', requires: 'reason', patch: CLEAR_RESPONDERS },
  accept: {
    from: ['assigned'],
    to: 'accepted',
    guard: 'isAssignee',
    patch: (_o, actor) => ({ takerId: actor.id }),
  },
  decline: { from: ['assigned'], to: 'submitted', guard: 'isAssignee', requires: 'reason', patch: CLEAR_RESPONDERS },
  claim: { from: ['open'], to: 'accepted', guard: 'canClaim', patch: (_o, actor) => ({ takerId: actor.id }) },
  release: { from: ['accepted', 'in_progress'], to: 'submitted', guard: 'isTaker', requires: 'reason', patch: CLEAR_RESPONDERS },
  start: { from: ['accepted'], to: 'in_progress', guard: 'isTaker' },
  progress: { from: ['in_progress'], to: 'in_progress', guard: 'isTaker', requires: 'note' },
  complete: { from: ['in_progress'], to: 'completed', guard: 'isTaker', requires: 'report' },
  confirm: {
    from: ['completed'],
    to: 'closed',
    guard: 'isOwner',
    requires: 'rating',
    patch: (_o, _a, input) => ({ rating: input.rating }),
  },
  reopen: { from: ['completed'], to: 'reopened', guard: 'isOwner', requires: 'reason', patch: CLEAR_RESPONDERS },
  cancel: { from: BEFORE_ACCEPTANCE, to: 'cancelled', guard: 'isOwner' },
  // The resident did not answer within AUTO_CLOSE_DAYS: the order is struck off without a rating.
  auto_close: { from: ['completed'], to: 'closed', guard: 'isSystem' },
} as const satisfies Record<OrderAction, Rule>

const MISSING_INPUT_MESSAGES: Record<Requirement, string> = {
  reason: '请填写原因',
  note: '请填写进展说明',
  report: '请填写办理结果',
  rating: '请给出 1–5 星评价',
  assignee: '请选择派单对象',
}

/** What input each action needs, so a UI can ask for exactly that. */
export function requirementOf(action: OrderAction): Requirement | undefined {
  const rule: Rule = TRANSITIONS[action]
  return rule.requires
}

function missingInput(requirement: Requirement | undefined, input: TransitionInput): boolean {
  switch (requirement) {
    case undefined:
      return false
    case 'rating':
      return !(Number.isInteger(input.rating) && input.rating! >= 1 && input.rating! <= 5)
    case 'assignee':
      return !(Number.isInteger(input.assigneeId) && input.assigneeId! > 0)
    default:
      return !input.note?.trim()
  }
}

/** Records the note and photos of any event, but a rating or assignee only where the event takes one. */
function entryOf(
  event: OrderEvent,
  from: OrderStatus | null,
  to: OrderStatus,
  actor: Actor,
  input: TransitionInput,
  now: Date,
  requirement?: Requirement,
): TimelineEntry {
  return {
    event,
    from,
    to,
    actorId: actor.id,
    actorRole: actor.role,
    note: input.note?.trim() || null,
    rating: requirement === 'rating' ? input.rating ?? null : null,
    assigneeId: requirement === 'assignee' ? input.assigneeId ?? null : null,
    photos: input.photos ?? [],
    at: now.toISOString(),
  }
}

/**
 * Decides whether `actor` may fire `action` on `order` now. Checks, in order: the order is not
 * in a state the action leaves (illegal_state), the actor is not allowed (forbidden), the input
 * the action needs is missing (missing_input). On success returns the new status, the field
 * changes and the timeline entry to append.
 */
export function transition(
  order: OrderFacts,
  action: OrderAction,
  actor: Actor,
  now: Date,
  input: TransitionInput = {},
): TransitionResult {
  const rule: Rule = TRANSITIONS[action]
  if (!rule.from.includes(order.status)) {
    return {
      ok: false,
      refusal: {
        kind: 'illegal_state',
        message: isTerminal(order.status) ? '订单已结束，不能再操作' : '订单当前状态不允许此操作',
      },
    }
  }
  if (!POLICIES[rule.guard](order, actor)) {
    return { ok: false, refusal: { kind: 'forbidden', message: '您没有权限进行此操作' } }
  }
  if (missingInput(rule.requires, input)) {
    return { ok: false, refusal: { kind: 'missing_input', message: MISSING_INPUT_MESSAGES[rule.requires!] } }
  }
  const patch = rule.patch?.(order, actor, input) ?? {}
  return { ok: true, to: rule.to, patch, entry: entryOf(action, order.status, rule.to, actor, input, now, rule.requires) }
}

/** Whether `actor` may place orders at all: for their own household, or (a grid worker) for others. */
export function canSubmit(actor: Actor): boolean {
  return speaksForHousehold(actor.role) || actor.role === 'grid_worker'
}

/**
 * Whether `actor` may place an order for the household at `household.orgPath` (its grid): their
 * own household, or any household of the grid a grid worker serves.
 */
export function canOrderFor(actor: Actor, household: { id: number; orgPath: string }): boolean {
  if (speaksForHousehold(actor.role)) return actor.householdId === household.id
  return actor.role === 'grid_worker' && inScope(household, actor)
}

/** The timeline entry that opens every order. */
export function submission(actor: Actor, now: Date, input: TransitionInput = {}): TimelineEntry {
  return entryOf('submit', null, 'submitted', actor, input, now)
}

/** The actions `actor` may take on `order` now, ignoring input (the UI asks for it). */
export function availableActions(order: OrderFacts, actor: Actor): OrderAction[] {
  return ORDER_ACTIONS.filter((action) => {
    const rule: Rule = TRANSITIONS[action]
    return rule.from.includes(order.status) && POLICIES[rule.guard](order, actor)
  })
}
