/**
 * What the order store does when live updates say orders changed: the lists shown and the open
 * details are asked for again without a spinner, as many items as are shown, once more if
 * changes kept coming while a request ran.
 */
import type { Api } from '@/services/api'
import { OrderStore } from '@/stores/order-store'
import type { OrderDetailDto, OrderSummaryDto } from '../../types/api'

type Fake<K extends keyof Api> = jest.Mock<ReturnType<Api[K]>, Parameters<Api[K]>>
const fake = <K extends keyof Api>(name: K, implementation: NoInfer<(...args: Parameters<Api[K]>) => ReturnType<Api[K]>>): Fake<K> => jest.fn(implementation).mockName(name)

const summary = (id: number, status: OrderSummaryDto['status'] = 'submitted'): OrderSummaryDto => ({
  id, categoryCode: 'meals', categoryName: '助餐', status, urgency: 'normal', summary: `订单 ${id}`, address: '1号楼',
  gridName: '第1网格', residentName: '张*', placedByName: '张*', placedAs: 'resident', takerName: null, createdAt: '2026-11-20T08:00:00.000Z',
  updatedAt: '2026-11-20T08:00:00.000Z', householdId: 1, followerHouseholdIds: [], orgPath: '/1/2/3/', slots: [], parts: [], mergedIntoId: null, clock: null,
})
const detailOf = (order: OrderSummaryDto): OrderDetailDto => ({
  ...order, description: '每天送午餐', photos: [], contactName: '张三', contactPhone: '138****0000', preferredTime: null, rating: null, assigneeName: null, timeline: [],
})

function fakeServer(total = 45) {
  const orders = Array.from({ length: total }, (_, i) => summary(total - i))
  const api = {
    listOrders: fake('listOrders', async ({ cursor, limit = 20 }) => {
      const after = cursor ? orders.filter((o) => o.id < Number(cursor)) : orders
      const items = after.slice(0, limit).map((o) => ({ ...o }))
      return { items, nextCursor: after.length > limit ? String(items[items.length - 1].id) : null }
    }),
    getOrder: fake('getOrder', async (id) => detailOf(orders.find((o) => o.id === id)!)),
    countOrders: fake('countOrders', async () => Promise.reject(new Error('counts were never shown'))),
    createOrder: fake('createOrder', async () => Promise.reject(new Error('not used'))),
    transitionOrder: fake('transitionOrder', async () => Promise.reject(new Error('not used'))),
    listDuplicates: fake('listDuplicates', async () => Promise.reject(new Error('not used'))),
  }
  return { api, orders }
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0))

test('the lists shown are asked for again, quietly, as many items as are shown', async () => {
  const { api, orders } = fakeServer()
  const store = new OrderStore(api)
  const list = store.list({ view: 'mine' })
  await list.refresh()
  await list.loadMore()
  expect(list.items).toHaveLength(40)
  orders.unshift(summary(46))
  orders.find((o) => o.id === 30)!.status = 'accepted'

  store.changed([46])
  expect(list.loading).toBe(false) // no spinner over what is shown
  await settle()
  expect(api.listOrders).toHaveBeenLastCalledWith({ view: 'mine', limit: 40 })
  expect(list.items.map((o) => o.id).slice(0, 2)).toEqual([46, 45])
  expect(list.find(30)?.status).toBe('accepted')
  expect(list.items).toHaveLength(40)
  // A list never shown is not asked for.
  expect(store.list({ view: 'hall' }).loaded).toBe(false)
  expect(api.listOrders.mock.calls.filter(([query]) => query.view === 'hall')).toHaveLength(0)
})

test('changes that come while a request runs make one more request, not one each', async () => {
  const { api } = fakeServer()
  const store = new OrderStore(api)
  const list = store.list({ view: 'mine' })
  await list.refresh()
  api.listOrders.mockClear()
  store.changed([1])
  store.changed([2])
  store.changed([3])
  await settle()
  await settle()
  expect(api.listOrders).toHaveBeenCalledTimes(2)
})

test('an open detail is asked for again when it changed (or when anything may have)', async () => {
  const { api, orders } = fakeServer()
  const store = new OrderStore(api)
  await store.loadDetail(5)
  await store.loadDetail(6)
  api.getOrder.mockClear()
  orders.find((o) => o.id === 5)!.status = 'closed'

  store.changed([5, 99])
  await settle()
  expect(api.getOrder.mock.calls).toEqual([[5]])
  expect(store.detail(5).order?.status).toBe('closed')
  expect(store.detail(5).loading).toBe(false)
  store.changed(null)
  await settle()
  expect(api.getOrder.mock.calls.map(([id]) => id).sort()).toEqual([5, 5, 6])
})
