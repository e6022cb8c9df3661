import { CLOCKED_STATUSES, STATUS_GROUPS, STATUS_GROUP_LABELS, STATUS_GROUP_NAMES, type OrderStatus, type Role, type StatusGroup } from '../../domain'
import type { ClockFilter, OrderCountsDto } from '../../../types/api'
import type { ListQuery } from '../../stores/order-list'

export interface OrdersTab {
  key: string
  label: string
  query: ListQuery
  /** What the empty list says. */
  empty: string
  /** A group whose count the tab shows as a badge: work waiting for this user. */
  badge?: StatusGroup
  /** Offers the 超时 / 即将超时 filter: the tab lists work whose clocks run, for someone who answers for it. */
  clockFilter?: boolean
}

const groupTab = (group: StatusGroup): OrdersTab => ({
  key: group,
  label: STATUS_GROUP_LABELS[group],
  query: { group },
  empty: `没有${STATUS_GROUP_LABELS[group]}的订单`,
})
const ALL: OrdersTab = { key: 'all', label: '全部', query: {}, empty: '还没有订单' }

/** Overseers read every order of their subtree, newest activity first; nothing waits for them. */
const overseerTabs = (allEmpty: string): OrdersTab[] => [{ ...ALL, empty: allEmpty }, ...STATUS_GROUP_NAMES.map(groupTab)]

/** Whether a tab's orders can be late at all: some of its statuses run a clock. */
const mayBeLate = (tab: OrdersTab) =>
  !tab.query.group || (STATUS_GROUPS[tab.query.group] as readonly OrderStatus[]).some((status) => CLOCKED_STATUSES.includes(status))

/** The tabs of the orders page for each role, the one most needed first. */
export function tabsFor(role: Role): OrdersTab[] {
  // The committee, the overseers above it and the responders doing the work answer for the clocks;
  // a household waits on them, and the hall is for taking work, not for chasing it.
  const tabs = roleTabs(role)
  const chases = role !== 'resident' && role !== 'proxy'
  return tabs.map((tab) => (chases && tab.query.view !== 'hall' && mayBeLate(tab) ? { ...tab, clockFilter: true } : tab))
}

/** The clock filter's choices: 不限 first, so every state has a chip that says it. */
export const CLOCK_CHOICES: readonly { value: Exclude<ClockFilter, 'late'> | 'any'; label: string }[] = [
  { value: 'any', label: '不限' },
  { value: 'overdue', label: '超时' },
  { value: 'due_soon', label: '即将超时' },
]

/** How many of a tab's orders are 超时 or 即将超时 (the clock job's reading), from the view's counts. */
export function lateCount(counts: OrderCountsDto | undefined, tab: OrdersTab, filter: Exclude<ClockFilter, 'late'>): number | undefined {
  if (!counts) return undefined
  const groups = tab.query.group ? [tab.query.group] : STATUS_GROUP_NAMES
  return groups.reduce((sum, group) => sum + counts.clock[filter][group], 0)
}

/** What an empty filtered list says: nothing late here, in words. */
export const clockEmpty = (filter: ClockFilter) => (filter === 'due_soon' ? '没有即将超时的订单' : filter === 'overdue' ? '没有超时的订单' : '没有超时或即将超时的订单')

function roleTabs(role: Role): OrdersTab[] {
  switch (role) {
    case 'resident':
    case 'proxy':
      return [
        { ...ALL, empty: role === 'proxy' ? '还没有为家人点过单，去首页选一项服务吧' : '您还没有点过单，去首页选一项服务吧' },
        ...STATUS_GROUP_NAMES.map((g) => (g === 'awaiting_confirmation' ? { ...groupTab(g), badge: g } : groupTab(g))),
      ]
    case 'committee':
      return [
        { ...groupTab('pending'), empty: '没有待派单的点单，辛苦了', badge: 'pending' },
        ...STATUS_GROUP_NAMES.filter((g) => g !== 'pending').map(groupTab),
        ALL,
      ]
    case 'grid_worker':
      return overseerTabs('网格里还没有订单，可以在首页替居民点单')
    case 'street_admin':
      return overseerTabs('街道各社区还没有订单')
    case 'party_member':
    case 'volunteer':
    case 'department':
      return [
        { key: 'hall', label: '接单大厅', query: { view: 'hall' }, empty: '大厅暂时没有待认领的需求', badge: 'dispatching' },
        { key: 'mine', label: '我的任务', query: { view: 'mine' }, empty: '您还没有接单' },
        { key: 'mine-active', label: '进行中', query: { view: 'mine', group: 'active' }, empty: '没有进行中的任务', badge: 'active' },
      ]
  }
}
