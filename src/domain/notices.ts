import { liveParts } from './assignments'
import type { OrderAction, OrderFacts, OrderPatch } from './order-machine'
import type { OrderStatus } from './order-status'
import type { MembershipFacts, MembershipStatus } from './memberships'
import { speaksForHousehold, type Role } from './roles'

/**
 * Who is told what when an order moves (民呼我应: nobody should have to open the app to learn
 * that something happened to them). A transition names its notices; they are written with the
 * transition (the outbox) and delivered to people afterwards, so nothing is announced that did not
 * happen and nothing that happened goes unannounced.
 */
export const NOTICE_KINDS = [
  'order_placed',
  'invited',
  'new_in_hall',
  'taken',
  'completed',
  'returned',
  'reopened',
  'revisited',
  'rejected',
  'parked',
  'merged',
  'closed',
  'escalated',
  'due_soon',
  'stale_in_hall',
  'approval_requested',
  'membership_approved',
  'membership_rejected',
] as const
export type NoticeKind = (typeof NOTICE_KINDS)[number]

/** The line each notice opens with; the order's service and summary follow it. */
export const NOTICE_TITLES: Record<NoticeKind, string> = {
  order_placed: '新的居民点单，请及时受理',
  invited: '您有新的派单，请及时接单',
  new_in_hall: '接单大厅有新的订单',
  taken: '您的订单已有人接单',
  completed: '您的订单已办结，请确认并评价',
  returned: '订单被退回，请重新派单',
  reopened: '居民反馈问题未解决，请重新办理',
  revisited: '挂账到期，订单回到待处理',
  rejected: '您的订单未被受理',
  parked: '您的订单已挂账，到期后重新办理',
  merged: '您的订单已与同类诉求合并办理',
  closed: '居民已确认销号',
  escalated: '订单超时未办，已上报到您这一级',
  due_soon: '订单即将超时，请抓紧办理',
  stale_in_hall: '订单在接单大厅久无人接，请考虑派单或党委呼叫',
  approval_requested: '有新的身份申请，请审核',
  membership_approved: '您的申请已通过',
  membership_rejected: '您的申请未通过',
}

/** What the clocks say (the clock job's notices), as opposed to what people did. */
export const CLOCK_NOTICE_KINDS: readonly NoticeKind[] = ['escalated', 'due_soon', 'stale_in_hall']


/**
 * To whom, as the order's relationships say it; the people are found when the notice is delivered
 * (who belongs to a household or a committee may change, and the outbox row stays small).
 */
export type Audience =
  /** The order's household and the households following it (their merged duplicates). */
  | { kind: 'households'; householdIds: number[] }
  /** Named people: an invitee, the responders who did the work. */
  | { kind: 'users'; userIds: number[] }
  /** The committees whose subtree holds the order's grid. */
  | { kind: 'committees'; orgPath: string }
  /** Responders who may take a free place of the order now: its hall. */
  | { kind: 'hall' }
  /** The people holding these roles at exactly this org: a level of the tree an escalation reaches. */
  | { kind: 'level'; orgPath: string; roles: Role[] }
  /** The residents (not the proxies) of a household: who decides on a family proxy for it. */
  | { kind: 'residents'; householdId: number }

export interface Notice {
  kind: NoticeKind
  audience: Audience
}

const households = (order: OrderFacts): Audience => ({ kind: 'households', householdIds: [order.householdId, ...(order.followerHouseholdIds ?? [])] })
const committees = (order: OrderFacts): Audience => ({ kind: 'committees', orgPath: order.orgPath })

/** What the household hears when its order enters a status (from somewhere else). */
const HOUSEHOLD_NOTICES: Partial<Record<OrderStatus, NoticeKind>> = {
  accepted: 'taken',
  completed: 'completed',
  rejected: 'rejected',
  parked: 'parked',
  merged: 'merged',
}

/** The notice that opens every order: the committees above its grid have something to decide. */
export const placementNotice = (order: Pick<OrderFacts, 'orgPath'>): Notice => ({ kind: 'order_placed', audience: { kind: 'committees', orgPath: order.orgPath } })

/**
 * The notices of an accepted transition of `order` (the facts before it) by `action`, entering
 * `to` with `patch`. Pure: the domain says who is concerned, the outbox and its delivery do the rest.
 */
export function noticesOf(order: OrderFacts, action: OrderAction, to: OrderStatus, patch: OrderPatch): Notice[] {
  const notices: Notice[] = []
  const invited = [
    ...(patch.openSlots ?? []).flatMap((spec) => (spec.inviteeId ? [spec.inviteeId] : [])),
    ...(patch.part?.from === null && patch.part.to === 'invited' ? [patch.part.userId] : []),
  ]
  if (invited.length > 0) notices.push({ kind: 'invited', audience: { kind: 'users', userIds: invited } })
  // A place anyone qualified may take was opened (publish, a call, a place left free again).
  if (patch.hallPlaces > 0 && (patch.openSlots !== undefined || action === 'leave')) notices.push({ kind: 'new_in_hall', audience: { kind: 'hall' } })
  const household = to !== order.status ? HOUSEHOLD_NOTICES[to] : undefined
  if (household) notices.push({ kind: household, audience: households(order) })
  if (to === 'submitted' && (action === 'decline' || action === 'release')) notices.push({ kind: 'returned', audience: committees(order) })
  if (action === 'reopen') notices.push({ kind: 'reopened', audience: committees(order) })
  // Back from 挂账: in the committees' queue again, to decide on.
  if (action === 'revisit' && to === 'submitted') notices.push({ kind: 'revisited', audience: committees(order) })
  if (action === 'confirm') {
    const workers = liveParts(order.slots, order.parts).filter((p) => p.status === 'done').map((p) => p.userId)
    if (workers.length > 0) notices.push({ kind: 'closed', audience: { kind: 'users', userIds: [...new Set(workers)] } })
  }
  return notices
}

/**
 * The notices of a membership entering `to` from `from` (null: just asked for): a request goes to
 * everyone who may decide on it (`canDecide`: the committees above it; the household's residents
 * for a proxy or a second resident of a home; a volunteer's team leader), a decision to the person who asked, unless they ended
 * the request themselves.
 */
export function membershipNoticesOf(m: MembershipFacts, from: MembershipStatus | null, to: MembershipStatus, byApplicant: boolean): Notice[] {
  if (to === 'pending' && from !== 'pending') {
    const deciders: Notice[] = [{ kind: 'approval_requested', audience: { kind: 'committees', orgPath: m.orgPath } }]
    if (speaksForHousehold(m.role) && m.householdId !== null) deciders.push({ kind: 'approval_requested', audience: { kind: 'residents', householdId: m.householdId } })
    if (m.role === 'volunteer' && m.teamLeaderId !== null) deciders.push({ kind: 'approval_requested', audience: { kind: 'users', userIds: [m.teamLeaderId] } })
    return deciders
  }
  if (from !== 'pending' || byApplicant) return []
  if (to === 'active') return [{ kind: 'membership_approved', audience: { kind: 'users', userIds: [m.userId] } }]
  if (to === 'ended') return [{ kind: 'membership_rejected', audience: { kind: 'users', userIds: [m.userId] } }]
  return []
}

/** WeChat's `thing` fields hold at most 20 characters. */
const THING_MAX = 20
const thing = (text: string) => (Array.from(text).length > THING_MAX ? `${Array.from(text).slice(0, THING_MAX - 1).join('')}…` : text)

/**
 * The fields of a subscribe message, in the one shape every template chosen for Sandan must have
 * (configure templates with these keywords): thing1 the service, thing2 what happened, time3 when
 * (China time).
 */
export function subscribeFields(kind: NoticeKind, serviceName: string, at: Date): Record<string, string> {
  const china = new Date(at.getTime() + 8 * 3600_000).toISOString()
  return { thing1: thing(serviceName), thing2: thing(NOTICE_TITLES[kind]), time3: `${china.slice(0, 10)} ${china.slice(11, 16)}` }
}
