import { POLICIES, type Actor, type OrderFacts } from '../src/domain'

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
    (order.status === 'open' && POLICIES.canClaim(order, actor))
  )
}

/** The full contact number only for those who have to call: owner, committee, assignee, taker. */
export function seesContact(order: OrderFacts, actor: Actor): boolean {
  return (
    POLICIES.isOwner(order, actor) ||
    POLICIES.isCommittee(order, actor) ||
    POLICIES.isAssignee(order, actor) ||
    POLICIES.isTaker(order, actor)
  )
}
