/**
 * The orders page's 超时 / 即将超时 filter (src/pages/orders/tabs.ts): which tabs offer it, the
 * numbers on its chips, what an empty filtered list says; and that the store keeps a list per
 * filter (a filtered list never shows up as the tab's unfiltered one).
 */
import type { OrderCountsDto } from '../../types/api'
import { OrderStore } from '@/stores/order-store'
import { CLOCK_CHOICES, clockEmpty, lateCount, tabsFor } from '@/pages/orders/tabs'
import type { Role } from '@/domain'

const filtered = (role: Role) =>
  tabsFor(role)
    .filter((t) => t.clockFilter)
    .map((t) => t.key)

test.each<[Role, string[]]>([
  // The inbox and every tab whose orders run a clock; never 挂账, 待评价 or what has ended.
  ['committee', ['pending', 'dispatching', 'active', 'all']],
  ['grid_worker', ['all', 'pending', 'dispatching', 'active']],
  ['street_admin', ['all', 'pending', 'dispatching', 'active']],
  // Responders: their own work (我的), not the hall.
  ['volunteer', ['mine', 'mine-active']],
  ['party_member', ['mine', 'mine-active']],
  ['department', ['mine', 'mine-active']],
  // A household waits on the clocks; it does not chase them.
  ['resident', []],
  ['proxy', []],
])('%s: the filter on %j', (role, keys) => {
  expect(filtered(role)).toEqual(keys)
})

test('the choices say every state in words, 不限 first', () => {
  expect(CLOCK_CHOICES.map((c) => c.label)).toEqual(['不限', '超时', '即将超时'])
})

const groups = { pending: 0, parked: 0, dispatching: 0, active: 0, awaiting_confirmation: 0, done: 0, ended: 0 }
const counts: OrderCountsDto = {
  ...groups,
  pending: 9,
  active: 4,
  clock: { overdue: { ...groups, pending: 2, active: 1 }, due_soon: { ...groups, pending: 3 } },
}

test("a chip's number: the tab's group, or every group on 全部 and 我的", () => {
  const [inbox] = tabsFor('committee')
  const all = tabsFor('committee').find((t) => t.key === 'all')!
  expect([lateCount(counts, inbox, 'overdue'), lateCount(counts, inbox, 'due_soon')]).toEqual([2, 3])
  expect(lateCount(counts, all, 'overdue')).toBe(3)
  expect(lateCount(undefined, inbox, 'overdue')).toBeUndefined()
})

test('an empty filtered list says nothing is late', () => {
  expect([clockEmpty('overdue'), clockEmpty('due_soon'), clockEmpty('late')]).toEqual(['没有超时的订单', '没有即将超时的订单', '没有超时或即将超时的订单'])
})

test('the store keeps one list per filter, and the same filter finds the same list', () => {
  const api = { listOrders: jest.fn(), getOrder: jest.fn(), createOrder: jest.fn(), transitionOrder: jest.fn(), countOrders: jest.fn(), listDuplicates: jest.fn() }
  const store = new OrderStore(api)
  const inbox = store.list({ group: 'pending' })
  const overdue = store.list({ group: 'pending', clock: 'overdue' })
  expect(overdue).not.toBe(inbox)
  expect(store.list({ group: 'pending', clock: 'overdue' })).toBe(overdue)
  expect(overdue.query).toEqual({ group: 'pending', clock: 'overdue' })
})
