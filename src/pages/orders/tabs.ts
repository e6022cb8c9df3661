import { STATUS_GROUP_LABELS, STATUS_GROUP_NAMES, type Role, type StatusGroup } from '../../domain'
import type { ListQuery } from '../../stores/order-list'

export interface OrdersTab {
  key: string
  label: string
  query: ListQuery
  /** What the empty list says. */
  empty: string
  /** A group whose count the tab shows as a badge: work waiting for this user. */
  badge?: StatusGroup
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

/** The tabs of the orders page for each role, the one most needed first. */
export function tabsFor(role: Role): OrdersTab[] {
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
