import { POLICIES, type Actor, type OrderFacts, type OrderStatus } from '../src/domain'

/**
 * Who may see an order at all. Anyone else gets 404, so existence does not leak.
 * Responders in scope see open orders: that is the hall.
 */
export function canView(order: OrderFacts, actor: Actor): boolean {
  return (
    POLICIES.isOwner(order, actor) ||
    POLICIES.isCommittee(order, actor) ||
    POLICIES.isAssignee(order, actor) ||
    POLICIES.isTaker(order, actor) ||
    POLICIES.oversees(order, actor) ||
    (order.status === 'open' && POLICIES.canClaim(order, actor))
  )
}

/**
 * The full contact number only for those who have to call: the household, the committee, the
 * assignee, the taker, and the grid worker of the order's grid (who often placed it).
 */
export function seesContact(order: OrderFacts, actor: Actor): boolean {
  return (
    POLICIES.isOwner(order, actor) ||
    (actor.role === 'grid_worker' && POLICIES.inScope(order, actor)) ||
    POLICIES.isCommittee(order, actor) ||
    POLICIES.isAssignee(order, actor) ||
    POLICIES.isTaker(order, actor)
  )
}

/**
 * Someone who could have claimed the order from the hall, and its last event took it out of the
 * hall (another responder claimed it, the committee took it back, the resident cancelled): they
 * get 409 with the status, not a 404 that would say the order they just saw does not exist.
 * Orders that were never in their hall, or have moved on since, stay 404: no status leaks.
 */
export function missedInHall(order: OrderFacts, actor: Actor, previousStatus: OrderStatus | null): boolean {
  return previousStatus === 'open' && POLICIES.canClaim(order, actor)
}
