import {
  SYSTEM_ACTOR,
  defaultDispatchOf,
  mergeProblem,
  placementNotice,
  systemFor,
  transition,
  type Actor,
  type DispatchDefault,
  type OrderAction,
  type TimelineEntry,
  type TransitionInput,
} from '../../src/domain'
import type { Db } from '../db/client'
import { conflict, fromRefusal, invalidInput, notFound } from '../errors'
import { canView, missedInHall } from '../policies'
import { inputProblemOfCall } from '../repositories/call-checks'
import { factsOf } from '../repositories/order-dto'
import { NO_ONE } from '../repositories/assignments'
import { appendNotices, applyTransition, insertOrder, type NewOrder } from '../repositories/order-writes'
import { findOrder, lastEventOfOrder, type LoadedOrder, type OrderRow } from '../repositories/orders'

// Acting on an order, for every caller (the transitions route, a meeting's decisions): read it,
// let the domain decide, check what only the database knows, write, and decide again if someone
// else changed the order first.

export const NOT_VISIBLE = '订单不存在或无权查看'

/** The order as this actor may see it, or 404 — the same answer for missing and not visible. */
export async function visibleOrder(db: Db, id: number, actor: Actor): Promise<LoadedOrder> {
  const order = await findOrder(db, id)
  if (!order || !canView(factsOf(order), actor)) throw notFound(NOT_VISIBLE)
  return order
}

/**
 * As `visibleOrder`, but a responder who could have claimed the order from the hall a moment
 * ago learns why it is gone (409 手慢了). Anything else they cannot see is 404, so the status
 * of other orders does not leak.
 */
export async function actionableOrder(db: Db, id: number, actor: Actor): Promise<LoadedOrder> {
  const order = await findOrder(db, id)
  if (order && canView(factsOf(order), actor)) return order
  if (order && missedInHall(factsOf(order), actor, await lastEventOfOrder(db, id))) {
    throw conflict(order.row.status, '手慢了，这个订单已被其他人接走或已被收回')
  }
  throw notFound(NOT_VISIBLE)
}

/**
 * How often an action decides again after losing a race for the order's version. Each round
 * some request wins, so this bounds the wait of a responder in a burst of joins on a call with
 * many places; past it they are told to try again.
 */
const MAX_DECISIONS = 8

/** Where the action comes from besides the actor: a joint meeting links its decisions. */
export interface ActionContext {
  meetingId?: number
}

/**
 * Applies `action` to the order as `actor` and returns the order as it now is. Refusals are
 * thrown as `ApiError`s (409 for the state, 403, 400); nothing is written unless all succeeds.
 */
export async function actOnOrder(
  db: Db,
  orderId: number,
  action: OrderAction,
  actor: Actor,
  input: TransitionInput,
  now: () => Date,
  context: ActionContext = {},
): Promise<OrderRow> {
  let order = await actionableOrder(db, orderId, actor)
  for (let round = 1; ; round++) {
    const updated = await decideAndApply(db, order, action, actor, input, now(), context)
    if (updated) return updated
    // Someone else changed the order first: decide again on what they left.
    order = await actionableOrder(db, orderId, actor)
    if (round === MAX_DECISIONS) throw conflict(order.row.status, '订单刚被其他人处理，请刷新后查看')
  }
}

/**
 * The domain decides on the order as read; what only the database knows (who may be invited,
 * which teams and units exist) is checked next; then the change is applied if nobody changed the
 * order meanwhile. Null when somebody did.
 */
async function decideAndApply(
  db: Db,
  order: LoadedOrder,
  action: OrderAction,
  actor: Actor,
  input: TransitionInput,
  now: Date,
  context: ActionContext,
): Promise<OrderRow | null> {
  const result = transition(factsOf(order), action, actor, now, input)
  if (!result.ok) throw fromRefusal(result.refusal.kind, result.refusal.message, order.row.status)
  const problem = action === 'merge' ? await mergeTargetProblem(db, order.row, input.intoOrderId!, actor) : await inputProblemOfCall(db, factsOf(order), action, input, actor)
  if (problem) throw invalidInput(problem)
  const entry = context.meetingId ? { ...result.entry, meetingId: context.meetingId } : result.entry
  return applyTransition(db, order.row, { ...result, entry })
}

/** Whether the order a duplicate merges into is one the actor sees and plainly the same problem (`mergeProblem`). */
async function mergeTargetProblem(db: Db, order: OrderRow, intoOrderId: number, actor: Actor): Promise<string | null> {
  const target = await findOrder(db, intoOrderId)
  if (!target || !canView(factsOf(target), actor)) return `参数 intoOrderId 不合法：${NOT_VISIBLE}`
  const problem = mergeProblem(order, target.row)
  return problem && `参数 intoOrderId 不合法：${problem}`
}

/**
 * What the system does by rule: one try, no retry — a person acting on the order meanwhile wins.
 * The domain decides and the database checks what it names, as for a person; a refusal is no
 * error (the rule simply does not apply now). The order as it now is, or null.
 */
async function applyByRule(db: Db, order: LoadedOrder, action: OrderAction, actor: Actor, now: Date, input: TransitionInput = {}): Promise<OrderRow | null> {
  const facts = factsOf(order)
  const result = transition(facts, action, actor, now, input)
  if (!result.ok || (await inputProblemOfCall(db, facts, action, input, actor))) return null
  return applyTransition(db, order.row, result)
}

/**
 * What the system does by a rule of time (auto-close, a parked order's revisit day); the rule is
 * looked at again next run. True when it was applied.
 */
export async function actAsSystem(db: Db, orderId: number, action: OrderAction, now: Date): Promise<boolean> {
  const order = await findOrder(db, orderId)
  return order !== null && (await applyByRule(db, order, action, SYSTEM_ACTOR, now)) !== null
}

/**
 * Places an order (idempotent by key, see `insertOrder`). A service its community sends straight
 * out (to the hall, or to one of its teams) the system sends right after, for that community, so
 * the timeline says so and the hall or team hears of it as after a committee's publish; the
 * committees are then not asked to act on it. When the order stays with the committee — the
 * default, an emergency, a team that can no longer take it (checked as for any call), or someone
 * acted first — the committees are told a new order waits: with the order when nothing was to be
 * sent, after the refusal otherwise. `sent`: the order as the system sent it out.
 */
export async function placeOrder(
  db: Db,
  values: NewOrder,
  entry: TimelineEntry,
  service: DispatchDefault & { communityPath: string | null },
  now: Date,
): Promise<{ order: OrderRow; created: boolean; sent: OrderRow | null }> {
  const plan = service.communityPath ? defaultDispatchOf(service, values) : null
  const { order, created } = await insertOrder(db, values, entry, now, plan ? [] : [placementNotice(values)])
  if (!created || !plan) return { order, created, sent: null }
  // Just created: nobody was offered it yet.
  const sent = await applyByRule(db, { row: order, responders: NO_ONE }, plan.action, systemFor(service.communityPath!), now, plan.input)
  if (!sent) await appendNotices(db, order.id, [placementNotice(order)], now)
  return { order, created, sent }
}
