/**
 * The stores together: a change of person or identity clears what belonged to the previous one;
 * a grid worker's household search keeps only the latest answer.
 */
import type { Api } from '@/services/api'
import { HouseholdSearch } from '@/stores/catalogue-store'
import { RootStore } from '@/stores/root-store'
import type { HouseholdDto, IdentityDto, MeDto } from '../../types/people'

const RESIDENT: IdentityDto = {
  membershipId: 21, role: 'resident', status: 'active', orgId: 3, orgPath: '/1/2/3/', orgName: '阳光街道 · 阳光社区 · 第1网格',
  communityPath: '/1/2/', teamName: null, householdId: 11, householdAddress: '3号楼2单元401', workUnitName: null,
  teamId: null, workUnitId: null, leadsTeamId: null,
}
const WORKER: IdentityDto = { ...RESIDENT, membershipId: 24, role: 'grid_worker', householdId: null, householdAddress: null }
const me = (acting: IdentityDto): MeDto => ({ id: 7, name: '黎玉兰', phone: '138****0001', consented: true, acting, identities: [RESIDENT, WORKER] })

const household = (id: number, address: string): HouseholdDto => ({ id, gridId: 3, gridName: '第1网格', address, residents: ['张*'] })

/** Every fetcher a jest mock; `answers` gives the ones a test needs. */
function fakeApi(answers: Partial<Record<keyof Api, (...args: never[]) => unknown>>): Api {
  const cache: Record<string, jest.Mock> = {}
  return new Proxy({}, {
    get: (_target, name: string) => (cache[name] ??= jest.fn(answers[name as keyof Api] ?? (async () => undefined))),
  }) as Api
}

const storage = { get: () => 'token', set: () => {}, remove: () => {} }
const environment = { apiBase: '', demoLogin: false, pickPhotos: async () => [] }

test('switching identity drops the order lists, the approvals and what the previous identity could pick from', async () => {
  const api = fakeApi({
    getMe: async () => me(RESIDENT),
    actAs: async () => me(WORKER),
    listOrders: async () => ({ items: [], nextCursor: null }),
    listHouseholds: async () => [household(1, '3号楼2单元401')],
    listPendingMembers: async () => ({ items: [], nextCursor: null, total: 0 }),
  })
  const stores = new RootStore(api, storage, environment)
  expect(stores.people).toBeDefined()
  await stores.session.restore()
  const list = stores.orders.list({})
  await list.refresh()
  await stores.catalogue.households.search('')
  expect(stores.catalogue.households.items).toHaveLength(1)
  await stores.people.pending.refresh()
  const pending = stores.people.pending
  expect(stores.orders.list({})).toBe(list) // the same identity keeps its lists

  await stores.switchIdentity(24)
  expect(stores.session.user?.role).toBe('grid_worker')
  expect(stores.orders.list({})).not.toBe(list)
  expect(stores.catalogue.households.items).toEqual([])
  expect(stores.people.pending).not.toBe(pending)
  expect(stores.people.pending.loaded).toBe(false)

  stores.logout()
  expect(stores.session.signedIn).toBe(false)
})

describe('HouseholdSearch', () => {
  test('a slow answer to an earlier search does not replace the latest', async () => {
    const resolvers: Record<string, (items: HouseholdDto[]) => void> = {}
    const listHouseholds = jest.fn((q?: string) => new Promise<HouseholdDto[]>((resolve) => (resolvers[q ?? ''] = resolve)))
    const search = new HouseholdSearch({ listHouseholds, registerHousehold: jest.fn() })
    const first = search.search('3')
    const second = search.search('3号楼 ')
    expect(listHouseholds).toHaveBeenLastCalledWith('3号楼') // trimmed; empty is sent as no filter
    resolvers['3号楼']([household(2, '3号楼1单元101')])
    await second
    resolvers['3']([household(1, '13号楼')])
    await first
    expect(search.items.map((h) => h.id)).toEqual([2])
    expect(search.loading).toBe(false)
  })

  test('a registered household is listed first and can be found by id; failures carry the server’s words', async () => {
    const registerHousehold = jest.fn(async () => household(9, '5号楼101'))
    const listHouseholds = jest.fn(async () => [household(1, '3号楼2单元401')])
    const search = new HouseholdSearch({ listHouseholds, registerHousehold })
    await search.search('')
    expect(listHouseholds).toHaveBeenCalledWith(undefined)
    await search.register({ gridId: 3, building: '5', unit: '', room: '101' })
    expect(search.items.map((h) => h.id)).toEqual([9, 1])
    expect(search.find(9)?.address).toBe('5号楼101')

    listHouseholds.mockRejectedValueOnce(Object.assign(new Error('x'), { name: 'Error' }))
    await search.search('9')
    expect(search.error).toBe('出了点问题，请稍后重试')
  })
})
