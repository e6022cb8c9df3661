import { POLICIES, TRANSITIONS, isResponder, qualifiesFor, type Actor, type EventPayload, type OrderEvent, type OrderFacts, type OrderStatus } from '../src/domain'

/**
 * Who may see an order at all. Anyone else gets 404, so existence does not leak.
 * Responders in scope see orders with a place they may take: that is the hall.
 */
export function canView(order: OrderFacts, actor: Actor): boolean {
  return (
    POLICIES.follows(order, actor) ||
    POLICIES.isCommittee(order, actor) ||
    POLICIES.isResponderOf(order, actor) ||
    POLICIES.leadsTeamOn(order, actor) ||
    POLICIES.oversees(order, actor) ||
    POLICIES.canClaim(order, actor)
  )
}

/**
 * The full contact number only for those who have to call: the household, the committee, the
 * people with a part in the work, and the grid worker of the order's grid (who often placed it).
 */
export function seesContact(order: OrderFacts, actor: Actor): boolean {
  return (
    POLICIES.isOwner(order, actor) ||
    (actor.role === 'grid_worker' && POLICIES.inScope(order, actor)) ||
    POLICIES.isCommittee(order, actor) ||
    POLICIES.isResponderOf(order, actor)
  )
}

const CLAIMABLE: readonly OrderStatus[] = TRANSITIONS.claim.from
/** Events that close an order's slots while it may be in the hall. */
const CLOSING: readonly OrderEvent[] = ['recall', 'cancel', 'close_call']

export interface LastEvent {
  event: OrderEvent
  from: OrderStatus | null
  payload: EventPayload | null
}

/**
 * Someone who could have taken a place from the hall, and the last event took it from them:
 * someone else took a place of a slot open to them, or the committee or the resident closed the
 * slots. They get 409 with the status, not a 404 that would say the order they just saw does not
 * exist. Orders that were never in their hall, or have moved on since, stay 404: no status leaks.
 */
export function missedInHall(order: OrderFacts, actor: Actor, last: LastEvent | null): boolean {
  if (!last || !isResponder(actor.role) || !POLICIES.inScope(order, actor)) return false
  const { payload } = last
  if (payload?.kind === 'part') {
    const slot = order.slots.find((s) => s.id === payload.slotId)
    return (payload.status === 'joined' || payload.status === 'invited') && slot !== undefined && qualifiesFor(slot, actor)
  }
  return CLOSING.includes(last.event) && last.from !== null && CLAIMABLE.includes(last.from) && order.slots.some((s) => qualifiesFor(s, actor))
}
