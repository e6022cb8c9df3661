import {
  LIVE_PART_STATUSES,
  hallPlaces,
  isLive,
  liveParts,
  placesLeft,
  qualifiesFor,
  slotSpecProblem,
  statusFromParts,
  type PartFacts,
  type PartStatus,
  type SlotCandidate,
  type SlotFacts,
  type SlotSpec,
} from './assignments'
import { chinaDate } from './calendar'
import type { ClockName, EscalationLevel } from './clocks'
import { noticesOf, type Notice } from './notices'
import type { OrderStatus } from './order-status'
import { isTerminal } from './order-status'
import type { ActorRole } from './roles'
import { isOverseer, isResponder, speaksForHousehold } from './roles'

/** Every event that can happen to an order. `submit` creates it. */
export const ORDER_EVENTS = [
  'submit',
  'dispatch',
  'publish',
  'call',
  'reject',
  'park',
  'merge',
  'revisit',
  'recall',
  'invite',
  'accept',
  'decline',
  'claim',
  'leave',
  'release',
  'start',
  'progress',
  'complete',
  'close_call',
  'confirm',
  'reopen',
  'cancel',
  'auto_close',
  'absorb',
  'escalate',
  'rehouse',
] as const
export type OrderEvent = (typeof ORDER_EVENTS)[number]

/**
 * Events that follow from something else rather than being fired: `submit` creates the order,
 * `absorb` is what a `merge` leaves on the surviving order, `escalate` what an overdue clock does,
 * `rehouse` what correcting its household does (moved to another grid, or merged into another).
 */
type ConsequentEvent = 'submit' | 'absorb' | 'escalate' | 'rehouse'
/** The events an actor can fire on an existing order. */
export type OrderAction = Exclude<OrderEvent, ConsequentEvent>
const CONSEQUENT_EVENTS: readonly OrderEvent[] = ['submit', 'absorb', 'escalate', 'rehouse'] satisfies ConsequentEvent[]
export const ORDER_ACTIONS = ORDER_EVENTS.filter((e): e is OrderAction => !CONSEQUENT_EVENTS.includes(e))

/**
 * Who is acting: a person (`id`) in one of their memberships (`role` at `orgPath`, the org's
 * place in the tree, e.g. `/1/2/`; see `inScope`).
 */
export interface Actor extends SlotCandidate {
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
  /** The volunteer team this volunteer leads, if any: a leader assigns the team's places. */
  leadsTeamId?: number | null
}

/** The system itself, for what happens by rule rather than by a person (auto-close). */
export const SYSTEM_ACTOR: Actor = { id: 0, role: 'system', orgPath: '/' }

/** The system acting for one community, by a rule that community set (its services' 派单方式). */
export const systemFor = (communityPath: string): Actor => ({ ...SYSTEM_ACTOR, orgPath: communityPath, communityPath })

/** Days a completed order waits for the resident's confirmation before it closes by itself. */
export const AUTO_CLOSE_DAYS = 7

/** The parts of an order the state machine needs to decide. */
export interface OrderFacts {
  status: OrderStatus
  /** Whom the order is for: its household's residents and family proxies follow it. */
  householdId: number
  /** Households whose duplicate orders were merged into this one: they follow and confirm it too. */
  followerHouseholdIds?: readonly number[]
  /** The grid the order belongs to, as an org path such as `/1/2/5/`. */
  orgPath: string
  /** The places the committee opened (dispatch, publish, call). */
  slots: readonly SlotFacts[]
  /** Who was invited to, took, left or finished them. */
  parts: readonly PartFacts[]
}

/** Input an event may need; which fields are required depends on the event. */
export interface TransitionInput {
  /** Free text: reason, progress note, completion report or rating comment. */
  note?: string
  /** 1–5, required by `confirm`. */
  rating?: number
  /** Required by `dispatch`: who the committee sends the order to. */
  assigneeId?: number
  /** Required by `call`: the places it opens. */
  slots?: SlotSpec[]
  /** The slot a `claim` takes (default: the first the responder may take) or an `invite` fills. */
  slotId?: number
  /** Required by `invite`: whom. */
  inviteeId?: number
  /** Required by `park`: the day (YYYY-MM-DD, China time) the order comes back to the queue. */
  revisitOn?: string
  /** Required by `merge`: the order that carries on (see `mergeProblem`). */
  intoOrderId?: number
  photos?: string[]
}

/** What an event says beyond its note, typed per kind: the slots it opened, or the part it changed. */
export type EventPayload =
  | { kind: 'slots'; slots: SlotSpec[] }
  | { kind: 'part'; slotId: number; userId: number; status: PartStatus }
  | { kind: 'parked'; revisitOn: string }
  /** On the merged order: where it went. */
  | { kind: 'merged'; intoOrderId: number }
  /** On the surviving order: which order (and household) it took in. */
  | { kind: 'absorbed'; orderId: number; householdId: number }
  /** An overdue clock went up a level of the org tree (see escalation.ts). */
  | { kind: 'escalated'; clock: Exclude<ClockName, 'confirmation'>; round: number; level: EscalationLevel }

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
  payload: EventPayload | null
  /** The joint meeting that decided it (its event then belongs to the 召开会议 step). */
  meetingId?: number | null
  /** ISO 8601 timestamp. */
  at: string
}

export type RefusalKind = 'forbidden' | 'illegal_state' | 'missing_input'

export interface Refusal {
  kind: RefusalKind
  /** zh-CN message, shown to the user as is. */
  message: string
}

/** One part created (`from: null`) or moved on. */
export interface PartChange {
  slotId: number
  userId: number
  from: PartStatus | null
  to: PartStatus
}

/** What an accepted transition changes besides the order's status. */
export interface OrderPatch {
  rating?: number
  /** Slots to open: the committee's dispatch, publish or call. */
  openSlots?: SlotSpec[]
  part?: PartChange
  /** Close every open slot and withdraw the parts not finished: the order leaves its responders. */
  closeSlots?: boolean
  /** Free places after the change (see `hallPlaces`): an order with some is in the hall. */
  hallPlaces: number
  /** The order this one is merged into: its household and followers follow that one from now on. */
  mergeInto?: number
}

export type TransitionResult =
  /** `notices`: who is told (see notices.ts); written with the change, delivered after it. */
  | { ok: true; to: OrderStatus; patch: OrderPatch; entry: TimelineEntry; notices: Notice[] }
  | { ok: false; refusal: Refusal }

type Guard = (order: OrderFacts, actor: Actor, input?: TransitionInput) => boolean
export type Requirement = 'reason' | 'note' | 'report' | 'rating' | 'assignee' | 'slots' | 'invitee' | 'revisit' | 'target'

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

/** The actor's own part that still holds a place (a person holds at most one per order). */
export const livePartOf = (order: Pick<OrderFacts, 'slots' | 'parts'>, userId: number) => liveParts(order.slots, order.parts).find((p) => p.userId === userId)

const holdsPart = (order: OrderFacts, actor: Actor, statuses: readonly PartStatus[]) => {
  const part = livePartOf(order, actor.id)
  return isResponder(actor.role) && part !== undefined && statuses.includes(part.status) && inTenant(order, actor)
}

/** Slots with a free place this actor may take without an invitation (`slotId` narrows it to one). */
export function claimableSlots(order: OrderFacts, actor: Actor, slotId?: number): SlotFacts[] {
  if (!inScope(order, actor) || livePartOf(order, actor.id)) return []
  return order.slots.filter((s) => (slotId === undefined || s.id === slotId) && placesLeft(s, order.parts) > 0 && qualifiesFor(s, actor))
}

const othersHold = (order: OrderFacts, actor: Actor) => liveParts(order.slots, order.parts).some((p) => p.userId !== actor.id)

const isCommittee = (order: OrderFacts, actor: Actor) => actor.role === 'committee' && inScope(order, actor)

/**
 * The system sending a new order out as its community set the service up (see `defaultDispatchOf`):
 * only for the community over the order's grid (`systemFor`), and only while the order is new — in
 * the queue and never offered to anyone. Whatever came back to the queue (declined, released,
 * reopened) is the committee's to decide again.
 */
const dispatchesByDefault = (order: OrderFacts, actor: Actor) =>
  actor.role === 'system' && inScope(order, actor) && order.status === 'submitted' && order.slots.length === 0

export const POLICIES = {
  inScope,
  isOwner: (order: Pick<OrderFacts, 'householdId'>, actor: Actor) => speaksForHousehold(actor.role) && order.householdId === actor.householdId,
  /** The owner, or a household whose duplicate was merged into the order: they see and confirm it, but only the owner withdraws it. */
  follows: (order: Pick<OrderFacts, 'householdId' | 'followerHouseholdIds'>, actor: Actor) =>
    speaksForHousehold(actor.role) &&
    (order.householdId === actor.householdId || (!!actor.householdId && !!order.followerHouseholdIds?.includes(actor.householdId))),
  isCommittee,
  /** The committee, or the system placing a new order where its community's default for the service says. */
  isCommitteeOrDefault: (order: OrderFacts, actor: Actor) => isCommittee(order, actor) || dispatchesByDefault(order, actor),
  /** Holds a place and has not finished: the one who accepted or claimed it. */
  isTaker: (order: OrderFacts, actor: Actor) => holdsPart(order, actor, ['joined', 'started']),
  /** Leads the team an open team slot is addressed to, full or not: they follow what their team was called to. */
  leadsTeamOn: (order: OrderFacts, actor: Actor) =>
    actor.role === 'volunteer' && !!actor.leadsTeamId && inScope(order, actor) && order.slots.some((s) => s.open && s.kind === 'team' && s.unitId === actor.leadsTeamId),
  /** Holds any live part, finished ones included: they follow the order. */
  isResponderOf: (order: OrderFacts, actor: Actor) => holdsPart(order, actor, LIVE_PART_STATUSES),
  /** A taker with nobody else on the order: giving it up returns it to the committee. */
  isSoleTaker: (order: OrderFacts, actor: Actor) => holdsPart(order, actor, ['joined', 'started']) && !othersHold(order, actor),
  /** A taker beside others: leaving frees the place and the call goes on. */
  isCoTaker: (order: OrderFacts, actor: Actor) => holdsPart(order, actor, ['joined']) && othersHold(order, actor),
  canClaim: (order: OrderFacts, actor: Actor, input?: TransitionInput) => isResponder(actor.role) && claimableSlots(order, actor, input?.slotId).length > 0,
  /** The committee, or the leader of the team a team slot with a free place is addressed to. */
  canInvite: (order: OrderFacts, actor: Actor, input?: TransitionInput) => {
    if (actor.role === 'committee') return inScope(order, actor)
    const teamSlots = order.slots.filter(
      (s) => s.kind === 'team' && s.unitId === actor.leadsTeamId && (input?.slotId === undefined || s.id === input.slotId) && placesLeft(s, order.parts) > 0,
    )
    return actor.role === 'volunteer' && !!actor.leadsTeamId && teamSlots.length > 0 && inScope(order, actor)
  },
  isSystem: (_order: OrderFacts, actor: Actor) => actor.role === 'system',
  /** What falls due by rule, or the committee ahead of time. */
  isCommitteeOrSystem: (order: OrderFacts, actor: Actor) => actor.role === 'system' || (actor.role === 'committee' && inScope(order, actor)),
  /** Reads the orders of its subtree (a street administrator, a grid worker) but takes no action. */
  oversees: (order: OrderFacts, actor: Actor) => isOverseer(actor.role) && inScope(order, actor),
} satisfies Record<string, Guard>

/** How an action changes the actor's part (or, for `invite`, the invitee's). */
interface PartRule {
  /** The part's statuses it leaves; `none`: the action creates the part. */
  from: readonly PartStatus[] | 'none'
  to: PartStatus
}

interface Rule {
  from: readonly OrderStatus[]
  /** The status entered; several: the one the slots and parts lead to after the change (`statusFromParts`). */
  to: OrderStatus | readonly OrderStatus[]
  guard: keyof typeof POLICIES
  requires?: Requirement
  /** Why the order cannot take the action now although its status allows it (an illegal_state). */
  blocked?: (order: OrderFacts, input: TransitionInput) => string | null
  slots?: 'open' | 'close'
  part?: PartRule
  patch?: (input: TransitionInput) => Pick<OrderPatch, 'rating'>
}

const IN_COMMITTEE_QUEUE = ['submitted', 'reopened'] as const
const BEFORE_ACCEPTANCE = ['submitted', 'assigned', 'open', 'reopened', 'parked'] as const
/** Where a call stands while it gathers or works: invitations and free places may be answered. */
const CALL_UNDER_WAY = ['assigned', 'open', 'accepted', 'in_progress'] as const
const WORKING = ['accepted', 'in_progress'] as const

const FULL = '名额已满，手慢了'
/** No free place to take (the hall's kinds) or, `withPerson`, to invite someone to (a person slot too). */
const noPlaceLeft =
  ({ withPerson }: { withPerson: boolean }) =>
  (order: OrderFacts, input: TransitionInput) => {
    const slots = order.slots.filter((s) => (withPerson || s.kind !== 'person') && (input.slotId === undefined || s.id === input.slotId))
    return slots.some((s) => placesLeft(s, order.parts) > 0) ? null : FULL
  }

/**
 * The transition table: for each action, the statuses it leaves, the status it enters, who
 * may fire it, what input it needs and what it does to slots and parts. `transition` and
 * `availableActions` read only this.
 */
export const TRANSITIONS = {
  // Dispatch and publish are calls of one place: to a named person, or to the hall.
  dispatch: { from: IN_COMMITTEE_QUEUE, to: 'assigned', guard: 'isCommittee', requires: 'assignee', slots: 'open' },
  // The system too, on a new order of a service its community sends straight to the hall or a team.
  publish: { from: IN_COMMITTEE_QUEUE, to: 'open', guard: 'isCommitteeOrDefault', slots: 'open' },
  // 党委呼叫: several places at once, of departments, Party members and volunteer teams.
  call: { from: IN_COMMITTEE_QUEUE, to: ['open', 'assigned'], guard: 'isCommitteeOrDefault', requires: 'slots', slots: 'open' },
  reject: { from: IN_COMMITTEE_QUEUE, to: 'rejected', guard: 'isCommittee', requires: 'reason' },
  // 挂账: not now, with a reason and a day to look again; the order waits outside the queue.
  park: { from: IN_COMMITTEE_QUEUE, to: 'parked', guard: 'isCommittee', requires: 'revisit' },
  // A duplicate of an order already on the books: its household follows that one instead.
  merge: { from: [...IN_COMMITTEE_QUEUE, 'parked'], to: 'merged', guard: 'isCommittee', requires: 'target' },
  // The revisit day came (the system), or the committee takes it up early.
  revisit: { from: ['parked'], to: 'submitted', guard: 'isCommitteeOrSystem' },
  // Nobody accepts or claims it: the committee takes it back to dispatch again.
  recall: { from: ['assigned', 'open'], to: 'submitted', guard: 'isCommittee', requires: 'reason', slots: 'close' },
  invite: {
    from: CALL_UNDER_WAY,
    to: CALL_UNDER_WAY,
    guard: 'canInvite',
    requires: 'invitee',
    blocked: noPlaceLeft({ withPerson: true }),
    part: { from: 'none', to: 'invited' },
  },
  // Guarded by holding any part: someone answering twice is told the state, not refused as a stranger.
  accept: { from: CALL_UNDER_WAY, to: WORKING, guard: 'isResponderOf', part: { from: ['invited'], to: 'joined' } },
  decline: { from: CALL_UNDER_WAY, to: ['submitted', ...CALL_UNDER_WAY], guard: 'isResponderOf', requires: 'reason', part: { from: ['invited'], to: 'declined' } },
  claim: { from: ['open', 'accepted', 'in_progress'], to: WORKING, guard: 'canClaim', blocked: noPlaceLeft({ withPerson: false }), part: { from: 'none', to: 'joined' } },
  // Before starting, beside others: the place is free again and the call goes on.
  leave: { from: WORKING, to: CALL_UNDER_WAY, guard: 'isCoTaker', requires: 'reason', part: { from: ['joined'], to: 'left' } },
  // Alone on the order: it goes back to the committee.
  release: { from: WORKING, to: 'submitted', guard: 'isSoleTaker', requires: 'reason', part: { from: ['joined', 'started'], to: 'left' }, slots: 'close' },
  start: { from: WORKING, to: 'in_progress', guard: 'isTaker', part: { from: ['joined'], to: 'started' } },
  progress: { from: ['in_progress'], to: 'in_progress', guard: 'isTaker', requires: 'note', part: { from: ['started'], to: 'started' } },
  complete: { from: ['in_progress'], to: ['in_progress', 'completed'], guard: 'isTaker', requires: 'report', part: { from: ['started'], to: 'done' } },
  // The committee ends a call with what was done: places never filled stay unfilled.
  close_call: {
    from: WORKING,
    to: 'completed',
    guard: 'isCommittee',
    requires: 'reason',
    blocked: (order) => (liveParts(order.slots, order.parts).some((p) => p.status === 'done') ? null : '还没有人完成任务：可以等待，或收回重派'),
    slots: 'close',
  },
  confirm: { from: ['completed'], to: 'closed', guard: 'follows', requires: 'rating', patch: (input) => ({ rating: input.rating }) },
  reopen: { from: ['completed'], to: 'reopened', guard: 'follows', requires: 'reason', slots: 'close' },
  cancel: { from: BEFORE_ACCEPTANCE, to: 'cancelled', guard: 'isOwner', slots: 'close' },
  // The resident did not answer within AUTO_CLOSE_DAYS: the order is struck off without a rating.
  auto_close: { from: ['completed'], to: 'closed', guard: 'isSystem' },
} as const satisfies Record<OrderAction, Rule>

const MISSING_INPUT_MESSAGES: Record<Requirement, string> = {
  reason: '请填写原因',
  note: '请填写进展说明',
  report: '请填写办理结果',
  rating: '请给出 1–5 星评价',
  assignee: '请选择派单对象',
  slots: '请至少添加一类响应力量',
  invitee: '请选择邀请的人和名额',
  revisit: '请填写挂账原因和重新办理的日期',
  target: '请选择合并到哪一单',
}

/** The statuses an action may lead to (one, or those its slots and parts may lead to). */
export function statusesEntered(action: OrderAction): readonly OrderStatus[] {
  const rule: Rule = TRANSITIONS[action]
  return typeof rule.to === 'string' ? [rule.to] : rule.to
}

/** What input each action needs, so a UI can ask for exactly that. */
export function requirementOf(action: OrderAction): Requirement | undefined {
  const rule: Rule = TRANSITIONS[action]
  return rule.requires
}

const isId = (n: number | undefined) => Number.isInteger(n) && n! > 0

/** A parked order is looked at again within a year, and not today: that would be no parking at all. */
export const MAX_PARK_DAYS = 366

/** The days a park may name, as a date picker's bounds: China's tomorrow to MAX_PARK_DAYS ahead. */
export function revisitDayRange(now: Date): { start: string; end: string } {
  const day = (ahead: number) => chinaDate(new Date(now.getTime() + ahead * 86_400_000))
  return { start: day(1), end: day(MAX_PARK_DAYS) }
}

function revisitProblem(revisitOn: string, now: Date): string | null {
  const day = /^\d{4}-\d{2}-\d{2}$/.test(revisitOn) ? new Date(`${revisitOn}T00:00:00+08:00`) : null
  if (!day || Number.isNaN(day.getTime()) || chinaDate(day) !== revisitOn) return '参数 revisitOn 不合法：请填写日期，例如 2026-12-01'
  const today = new Date(`${chinaDate(now)}T00:00:00+08:00`)
  const days = Math.round((day.getTime() - today.getTime()) / 86_400_000)
  if (days < 1) return '重新办理的日期须在今天之后'
  if (days > MAX_PARK_DAYS) return `挂账最长 ${MAX_PARK_DAYS} 天，请选一个更近的日期`
  return null
}

/** The input's problem for the requirement, as a zh-CN sentence, or null when it is there. */
function inputProblem(requirement: Requirement | undefined, input: TransitionInput, now: Date): string | null {
  switch (requirement) {
    case undefined:
      return null
    case 'rating':
      return Number.isInteger(input.rating) && input.rating! >= 1 && input.rating! <= 5 ? null : MISSING_INPUT_MESSAGES.rating
    case 'assignee':
      return isId(input.assigneeId) ? null : MISSING_INPUT_MESSAGES.assignee
    case 'slots':
      return input.slots ? slotSpecProblem(input.slots) : MISSING_INPUT_MESSAGES.slots
    case 'invitee':
      return isId(input.inviteeId) && isId(input.slotId) ? null : MISSING_INPUT_MESSAGES.invitee
    case 'target':
      return isId(input.intoOrderId) ? null : MISSING_INPUT_MESSAGES.target
    case 'revisit':
      if (!input.note?.trim() || !input.revisitOn) return MISSING_INPUT_MESSAGES.revisit
      return revisitProblem(input.revisitOn, now)
    default:
      return input.note?.trim() ? null : MISSING_INPUT_MESSAGES[requirement]
  }
}

/** The slots an opening action asks for: a dispatch invites one person, a publish offers one place in the hall. */
function slotsOpenedBy(action: OrderAction, input: TransitionInput): SlotSpec[] {
  if (action === 'dispatch') return [{ kind: 'person', headcount: 1, inviteeId: input.assigneeId }]
  if (action === 'publish') return [{ kind: 'hall', headcount: 1 }]
  // Only what was asked for: the specs are also the `call` event's payload.
  return (input.slots ?? []).map(({ kind, headcount, unitId, skill, inviteeId }) => ({
    kind,
    headcount,
    ...(unitId ? { unitId } : {}),
    ...(skill ? { skill } : {}),
    ...(inviteeId ? { inviteeId } : {}),
  }))
}

/**
 * The part the action creates or moves on, or a refusal: the actor's own part (the invitee's for
 * `invite`), in a status the action leaves.
 */
function partChangeOf(order: OrderFacts, rule: Rule, actor: Actor, input: TransitionInput): PartChange | Refusal | null {
  if (!rule.part) return null
  const { from, to } = rule.part
  if (from === 'none') {
    if (to === 'invited') {
      if (livePartOf(order, input.inviteeId!)) return { kind: 'illegal_state', message: '此人已在本单的响应名单中' }
      return { slotId: input.slotId!, userId: input.inviteeId!, from: null, to }
    }
    return { slotId: claimableSlots(order, actor, input.slotId)[0].id, userId: actor.id, from: null, to }
  }
  const part = livePartOf(order, actor.id)!
  // Progress and completion need a started part: a joined one is told what comes first.
  const startFirst = part.status === 'joined' && from.includes('started')
  if (!from.includes(part.status)) return { kind: 'illegal_state', message: startFirst ? '请先开始服务' : '您的任务当前状态不允许此操作' }
  return { slotId: part.slotId, userId: actor.id, from: part.status, to }
}

/** Slots opened by a transition get ids below zero until stored, so the facts can be read before. */
function slotsAfter(order: OrderFacts, opened: readonly SlotSpec[], close: boolean): SlotFacts[] {
  const kept = order.slots.map((s) => (close ? { ...s, open: false } : s))
  return [...kept, ...opened.map((spec, i) => ({ id: -(i + 1), kind: spec.kind, headcount: spec.headcount, unitId: spec.unitId ?? null, open: true }))]
}

function partsAfter(order: OrderFacts, opened: readonly SlotSpec[], change: PartChange | null, close: boolean): PartFacts[] {
  const moved = change?.from ? livePartOf(order, change.userId) : undefined
  let parts: PartFacts[] = order.parts.map((p) => (p === moved ? { ...p, status: change!.to } : p))
  if (change?.from === null) parts.push({ slotId: change.slotId, userId: change.userId, status: change.to })
  opened.forEach((spec, i) => {
    if (spec.inviteeId) parts.push({ slotId: -(i + 1), userId: spec.inviteeId, status: 'invited' })
  })
  if (close) parts = parts.map((p) => (isLive(p) && p.status !== 'done' ? { ...p, status: 'withdrawn' as const } : p))
  return parts
}

/**
 * The order's slots and parts as a transition leaves them (what the repository will store),
 * with the status they put the order in.
 */
export function applyPatch(order: OrderFacts, patch: OrderPatch): { slots: SlotFacts[]; parts: PartFacts[] } {
  const opened = patch.openSlots ?? []
  const close = patch.closeSlots ?? false
  return { slots: slotsAfter(order, opened, close), parts: partsAfter(order, opened, patch.part ?? null, close) }
}

/** Records the note and photos of any event, but a rating or assignee only where the event takes one. */
function entryOf(
  event: OrderEvent,
  from: OrderStatus | null,
  to: OrderStatus,
  actor: Actor,
  input: TransitionInput,
  now: Date,
  extra: { requirement?: Requirement; payload?: EventPayload | null } = {},
): TimelineEntry {
  return {
    event,
    from,
    to,
    actorId: actor.id,
    actorRole: actor.role,
    note: input.note?.trim() || null,
    rating: extra.requirement === 'rating' ? input.rating ?? null : null,
    assigneeId: extra.requirement === 'assignee' ? input.assigneeId ?? null : null,
    photos: input.photos ?? [],
    payload: extra.payload ?? null,
    at: now.toISOString(),
  }
}

function payloadOf(patch: OrderPatch, input: TransitionInput, requirement?: Requirement): EventPayload | null {
  if (requirement === 'revisit') return { kind: 'parked', revisitOn: input.revisitOn! }
  if (requirement === 'target') return { kind: 'merged', intoOrderId: input.intoOrderId! }
  if (patch.openSlots) return { kind: 'slots', slots: patch.openSlots }
  if (patch.part) return { kind: 'part', slotId: patch.part.slotId, userId: patch.part.userId, status: patch.part.to }
  return null
}

const refused = (kind: RefusalKind, message: string): TransitionResult => ({ ok: false, refusal: { kind, message } })

/**
 * Decides whether `actor` may fire `action` on `order` now. Checks, in order: the order is not
 * in a state the action leaves, or cannot take it now (illegal_state: e.g. every place taken),
 * the actor is not allowed (forbidden), the input the action needs is missing (missing_input).
 * On success returns the new status, what changes (slots, parts, rating) and the timeline entry.
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
    return refused('illegal_state', isTerminal(order.status) ? '订单已结束，不能再操作' : '订单当前状态不允许此操作')
  }
  if (input.slotId !== undefined && !order.slots.some((s) => s.id === input.slotId)) return refused('missing_input', '参数 slotId 不合法：本单没有这个名额')
  const blocked = rule.blocked?.(order, input)
  if (blocked) return refused('illegal_state', blocked)
  if (!POLICIES[rule.guard](order, actor, input)) return refused('forbidden', '您没有权限进行此操作')
  const problem = inputProblem(rule.requires, input, now)
  if (problem) return refused('missing_input', problem)
  const part = partChangeOf(order, rule, actor, input)
  if (part && 'kind' in part) return refused(part.kind, part.message)
  const openSlots = rule.slots === 'open' ? slotsOpenedBy(action, input) : undefined
  let patch: OrderPatch = {
    ...rule.patch?.(input),
    ...(openSlots && { openSlots }),
    ...(part && { part }),
    ...(rule.slots === 'close' && { closeSlots: true }),
    ...(rule.requires === 'target' && { mergeInto: input.intoOrderId }),
    hallPlaces: 0,
  }
  let after = applyPatch(order, patch)
  const to = typeof rule.to === 'string' ? rule.to : statusFromParts(after.slots, after.parts)
  if (!statusesEntered(action).includes(to)) throw new Error(`${action} led to ${to}, which its rule does not list`)
  // Nobody holds it any more and no place is free: back to the committee, its slots closed.
  if (to === 'submitted' && !patch.closeSlots) {
    patch = { ...patch, closeSlots: true }
    after = applyPatch(order, patch)
  }
  patch.hallPlaces = patch.closeSlots ? 0 : hallPlaces(after.slots, after.parts)
  const entry = entryOf(action, order.status, to, actor, input, now, { requirement: rule.requires, payload: payloadOf(patch, input, rule.requires) })
  return { ok: true, to, patch, entry, notices: noticesOf(order, action, to, patch) }
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

/**
 * What a merge leaves on the surviving order: a line on its timeline, its status unchanged; the
 * merged order's household follows it from now on.
 */
export function absorption(mergeEntry: TimelineEntry, targetStatus: OrderStatus, merged: { id: number; householdId: number }): TimelineEntry {
  return {
    ...mergeEntry,
    event: 'absorb',
    from: targetStatus,
    to: targetStatus,
    photos: [],
    payload: { kind: 'absorbed', orderId: merged.id, householdId: merged.householdId },
  }
}

/** The timeline entry that opens every order. */
export function submission(actor: Actor, now: Date, input: TransitionInput = {}): TimelineEntry {
  return entryOf('submit', null, 'submitted', actor, input, now)
}

/** The facts of a new order: no slots, no parts. */
export const NO_RESPONDERS = { slots: [], parts: [] } as const satisfies Pick<OrderFacts, 'slots' | 'parts'>

/** Whether the actor's own part is in a status the action moves on (always, for actions on no part of theirs). */
function partAllows(order: OrderFacts, rule: Rule, actor: Actor): boolean {
  if (!rule.part || rule.part.from === 'none') return true
  const part = livePartOf(order, actor.id)
  return part !== undefined && rule.part.from.includes(part.status)
}

/** The actions `actor` may take on `order` now, ignoring input (the UI asks for it). */
export function availableActions(order: OrderFacts, actor: Actor): OrderAction[] {
  return ORDER_ACTIONS.filter((action) => {
    const rule: Rule = TRANSITIONS[action]
    return rule.from.includes(order.status) && !rule.blocked?.(order, {}) && POLICIES[rule.guard](order, actor) && partAllows(order, rule, actor)
  })
}
