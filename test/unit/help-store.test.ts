/**
 * One-tap help for a household: the 助急 order carries only what the server cannot fill in, a
 * retried call is the same order (its key is kept until one succeeds), and the numbers to ring
 * belong to the identity acting now.
 */
import { ApiRequestError } from '@/services/api-error'
import { HelpStore, ONE_TAP_HELP, householdAddressOf } from '@/stores/help-store'
import type { OrderDetailDto } from '../../types/api'
import type { HouseholdContactsDto } from '../../types/contacts'

const CONTACTS: HouseholdContactsDto = {
  gridName: '第1网格',
  gridWorkers: [{ name: '秦明', phone: '13800000001' }],
  community: { name: '阳光社区大党委', phone: '13800000002' },
}

function fakes() {
  const api = { getContacts: jest.fn(async () => CONTACTS) }
  const orders = { create: jest.fn(async (_order: unknown, _key: string) => ({ id: 41 }) as OrderDetailDto) }
  return { api, orders, store: new HelpStore(api, orders) }
}

test('the 助急 order is the category, a fixed line and the urgency: address and contact come from the server', async () => {
  const { orders, store } = fakes()
  const order = await store.callForHelp()
  expect(order.id).toBe(41)
  expect(orders.create).toHaveBeenCalledWith({ categoryCode: 'emergency', description: '一键助急：请尽快联系我', urgency: 'emergency' }, expect.any(String))
  expect(Object.keys(ONE_TAP_HELP).sort()).toEqual(['categoryCode', 'description', 'urgency'])
  expect(store.calling).toBe(false)
})

test('a failed call keeps its idempotency key for the retry; a placed one starts a new key', async () => {
  const { orders, store } = fakes()
  orders.create.mockRejectedValueOnce(new ApiRequestError(0, 'internal', '网络不给力'))
  await expect(store.callForHelp()).rejects.toThrow('网络不给力')
  await store.callForHelp()
  await store.callForHelp()
  const keys = orders.create.mock.calls.map((call) => call[1])
  expect(keys[0]).toBe(keys[1])
  expect(keys[2]).not.toBe(keys[1])
})

test('contacts load, show a failure in words, and are forgotten for another identity', async () => {
  const { api, store } = fakes()
  await store.loadContacts()
  expect(store.contacts).toEqual(CONTACTS)
  api.getContacts.mockRejectedValueOnce(new ApiRequestError(403, 'forbidden', '只有居民和亲情代理可以查看本户的网格员和社区电话'))
  await store.loadContacts()
  expect(store.contactsError).toBe('只有居民和亲情代理可以查看本户的网格员和社区电话')
  store.reset()
  expect([store.contacts, store.contactsError]).toEqual([null, null])
})

test('the household address as an order carries it: the estate from the grid branch, then building, unit and room', () => {
  expect(householdAddressOf({ orgName: '阳光街道党工委 · 阳光社区大党委 · 锦绣小区党支部 · 第1网格', householdAddress: '6号楼4单元204' })).toBe('锦绣小区6号楼4单元204')
  expect(householdAddressOf({ orgName: '阳光街道党工委 · 阳光社区大党委 · 锦绣小区党支部 · 第1网格', householdAddress: null })).toBeNull()
})
