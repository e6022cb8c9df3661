/**
 * Whom the dispatch and invite forms offer: the committee's responders, or for a volunteer team's
 * leader only the members of the team they lead (the committee's list is not theirs to read);
 * and whether the service categories have been answered at all.
 */
import type { ResponderDto } from '../../types/api'
import type { Api } from '@/services/api'
import { ApiRequestError } from '@/services/api-error'
import { CatalogueStore } from '@/stores/catalogue-store'

type Fake<K extends keyof Api> = jest.Mock<ReturnType<Api[K]>, Parameters<Api[K]>>
type CatalogueApi = { [K in keyof ConstructorParameters<typeof CatalogueStore>[0] & keyof Api]: Fake<K> }

function fake<K extends keyof Api>(name: K, implementation?: NoInfer<(...args: Parameters<Api[K]>) => ReturnType<Api[K]>>): Fake<K> {
  return jest.fn(implementation).mockName(name)
}

const person = (id: number, teamName: string | null = null): ResponderDto => ({ id, name: `志愿者${id}`, role: 'volunteer', teamName, skills: [], activeOrders: 0 })

function catalogueApi(overrides: Partial<CatalogueApi> = {}): CatalogueApi {
  return {
    listCategories: fake('listCategories', async () => []),
    listGrids: fake('listGrids', async () => []),
    listResponders: fake('listResponders', async () => [person(1), person(2, '红色先锋队'), person(3, '邻里帮帮队')]),
    listTeamResponders: fake('listTeamResponders', async () => [person(2, '红色先锋队'), person(4, '红色先锋队')]),
    listHouseholds: fake('listHouseholds', async () => []),
    registerHousehold: fake('registerHousehold'),
    getCommunityDirectory: fake('getCommunityDirectory'),
    ...overrides,
  }
}

describe('CatalogueStore responders', () => {
  test("the committee's list, or a leader's own team", async () => {
    const api = catalogueApi()
    const store = new CatalogueStore(api)
    await store.loadResponders()
    expect(store.responders.map((r) => r.id)).toEqual([1, 2, 3])
    expect(api.listTeamResponders).not.toHaveBeenCalled()

    await store.loadResponders(7)
    expect(api.listTeamResponders).toHaveBeenCalledWith(7)
    expect(store.responders.map((r) => r.id)).toEqual([2, 4])
    expect(api.listResponders).toHaveBeenCalledTimes(1)
  })

  test('a refusal is kept for the form to show, and the loading line goes', async () => {
    const api = catalogueApi({ listTeamResponders: fake('listTeamResponders', async () => Promise.reject(new ApiRequestError(404, 'not_found', '服务队不存在或您不是该队队长'))) })
    const store = new CatalogueStore(api)
    await store.loadResponders(9)
    expect([store.error, store.loading, store.responders]).toEqual(['服务队不存在或您不是该队队长', false, []])
  })
})

describe('CatalogueStore categories', () => {
  test('an empty answer is loaded, not loading: home shows its empty state instead of a spinner forever', async () => {
    const api = catalogueApi()
    const store = new CatalogueStore(api)
    expect(store.categoriesLoaded).toBe(false)
    await store.loadCategories()
    expect([store.categoriesLoaded, store.categories, store.error]).toEqual([true, [], null])
  })

  test('a failed first load is not loaded either: home shows the error with its retry', async () => {
    const api = catalogueApi({ listCategories: fake('listCategories', async () => Promise.reject(new ApiRequestError(0, 'network', '网络不可用，请检查网络后重试'))) })
    const store = new CatalogueStore(api)
    await store.loadCategories()
    expect([store.categoriesLoaded, store.error]).toEqual([false, '网络不可用，请检查网络后重试'])
  })
})
