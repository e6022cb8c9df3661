import { isResponder, type ActorRole } from './roles'

/** Every status an order can be in. */
export const ORDER_STATUSES = [
  'submitted',
  'assigned',
  'open',
  'accepted',
  'in_progress',
  'completed',
  'closed',
  'reopened',
  'parked',
  'rejected',
  'cancelled',
  'merged',
] as const
export type OrderStatus = (typeof ORDER_STATUSES)[number]

export const STATUS_LABELS: Record<OrderStatus, string> = {
  submitted: '待受理',
  assigned: '已派单',
  open: '待接单',
  accepted: '已接单',
  in_progress: '办理中',
  completed: '待评价',
  // 销号 is the resident's confirmation (its event); an order closed by the rule is done too, not 销号.
  closed: '已办结',
  reopened: '重新办理',
  parked: '已挂账',
  rejected: '未受理',
  cancelled: '已取消',
  merged: '已合并',
}

/** Statuses that accept no further event. */
export const TERMINAL_STATUSES = ['closed', 'rejected', 'cancelled', 'merged'] as const satisfies readonly OrderStatus[]

export function isTerminal(status: OrderStatus): boolean {
  return (TERMINAL_STATUSES as readonly OrderStatus[]).includes(status)
}

/**
 * Status groups drive list filters: each status belongs to exactly one group.
 * Like FixMyStreet's state types, the groups are what list queries ask for.
 */
export const STATUS_GROUPS = {
  pending: ['submitted', 'reopened'],
  /** 挂账: set aside with a reason until a revisit date, then back in the queue. */
  parked: ['parked'],
  dispatching: ['assigned', 'open'],
  active: ['accepted', 'in_progress'],
  awaiting_confirmation: ['completed'],
  done: ['closed'],
  ended: ['rejected', 'cancelled', 'merged'],
} as const satisfies Record<string, readonly OrderStatus[]>

export type StatusGroup = keyof typeof STATUS_GROUPS
export const STATUS_GROUP_NAMES = Object.keys(STATUS_GROUPS) as StatusGroup[]

export const STATUS_GROUP_LABELS: Record<StatusGroup, string> = {
  pending: '待处理',
  parked: '挂账',
  dispatching: '派单中',
  active: '进行中',
  awaiting_confirmation: '待评价',
  done: '已办结',
  ended: '已结束',
}

export function groupOf(status: OrderStatus): StatusGroup {
  const group = STATUS_GROUP_NAMES.find((name) => (STATUS_GROUPS[name] as readonly OrderStatus[]).includes(status))
  if (!group) throw new Error(`status without group: ${status}`)
  return group
}

/**
 * How a list is sorted. Work waiting for someone — the committee's pending inbox and the hall —
 * is a `queue`: most urgent first, then first come, first served. Every other list is `recent`:
 * newest activity first.
 */
export function listOrderOf(role: ActorRole, list: { group?: StatusGroup; view?: 'mine' | 'hall' }): 'queue' | 'recent' {
  if (role === 'committee' && list.group === 'pending') return 'queue'
  if (isResponder(role) && list.view === 'hall') return 'queue'
  return 'recent'
}
