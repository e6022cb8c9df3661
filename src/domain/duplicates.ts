import { parentPathOf } from './memberships'
import { isTerminal, type OrderStatus } from './order-status'

/**
 * Merging duplicates (合并): several households report the same blocked fire lane; the committee
 * keeps one order and the others follow it. Only what is plainly the same problem may merge: the
 * same service, in the same compound (or grid), reported within a few weeks of each other.
 */
export const MERGE_WINDOW_DAYS = 30

/** What deciding a merge needs to know of each order. */
export interface MergeFacts {
  id: number
  status: OrderStatus
  categoryCode: string
  /** The grid's org path, e.g. `/1/2/5/`. */
  orgPath: string
  createdAt: Date
}

/** The compound a grid lies in: its parent in the org tree. */
export const neighbourhoodOf = (gridPath: string): string => parentPathOf(gridPath)

/** Why `order` cannot be merged into `target`, as a zh-CN sentence, or null when it can. */
export function mergeProblem(order: MergeFacts, target: MergeFacts): string | null {
  if (target.id === order.id) return '不能合并到本单自己'
  if (isTerminal(target.status)) return '目标订单已结束，不能合并到它'
  if (target.categoryCode !== order.categoryCode) return '只能合并同一服务的订单'
  if (neighbourhoodOf(target.orgPath) !== neighbourhoodOf(order.orgPath)) return '只能合并同一小区（网格）的订单'
  const days = Math.abs(target.createdAt.getTime() - order.createdAt.getTime()) / 86_400_000
  if (days > MERGE_WINDOW_DAYS) return `只能合并前后 ${MERGE_WINDOW_DAYS} 天内提交的订单`
  return null
}
