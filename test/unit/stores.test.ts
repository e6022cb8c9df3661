/**
 * The mobx stores against a fake API (stores take their transport in the constructor): paging,
 * in-place updates after an action, and what a failure leaves behind.
 */
import { reaction } from 'mobx'
import type { OrderDetailDto, OrderSummaryDto } from '../../types/api'
import type { Api } from '@/services/api'
import { ApiRequestError } from '@/services/api-error'
import { MediaStore } from '@/stores/media-store'
import { OrderList } from '@/stores/order-list'
import { OrderStore } from '@/stores/order-store'
import { SessionStore, TOKEN_KEY, placeOf, shortOrgName, type KeyValueStorage } from '@/stores/session-store'
import type { IdentityDto, MeDto } from '../../types/people'

/**
 * A fake for exactly the fetchers a store takes (`Store` is its constructor's api parameter),
 * each a jest mock with the real fetcher's signature: when the API changes, the fakes stop
 * compiling instead of drifting from it.
 */
type Fake<K extends keyof Api> = jest.Mock<ReturnType<Api[K]>, Parameters<Api[K]>>
type FakeApi<Store> = { [K in keyof Store & keyof Api]: Fake<K> }
type OrderListApi = FakeApi<ConstructorParameters<typeof OrderList>[0]>
type OrderStoreApi = FakeApi<ConstructorParameters<typeof OrderStore>[0]>
type SessionApi = FakeApi<ConstructorParameters<typeof SessionStore>[0]>
type MediaApi = FakeApi<ConstructorParameters<typeof MediaStore>[0]>

/** A mock of the fetcher `name`, typed from the API (and named in jest's failure messages). */
function fake<K extends keyof Api>(name: K, implementation?: NoInfer<(...args: Parameters<Api[K]>) => ReturnType<Api[K]>>): Fake<K> {
  return jest.fn(implementation).mockName(name)
}

const summary = (id: number, status: OrderSummaryDto['status'] = 'submitted'): OrderSummaryDto => ({
  id, categoryCode: 'meals', categoryName: '助餐', status, urgency: 'normal', summary: `订单 ${id}`, address: '1号楼',
  gridName: '第1网格', residentName: '张*', placedByName: '张*', placedAs: 'resident', takerName: null, createdAt: '2026-11-20T08:00:00.000Z',
  updatedAt: '2026-11-20T08:00:00.000Z', householdId: 1, followerHouseholdIds: [], orgPath: '/1/2/3/', slots: [], parts: [], mergedIntoId: null, clock: null,
})
const detail = (id: number, status: OrderSummaryDto['status']): OrderDetailDto => ({
  ...summary(id, status), description: '每天送午餐', photos: [], contactName: '张三', contactPhone: '138****0000',
  preferredTime: null, rating: null, assigneeName: null, timeline: [],
})

const RESIDENT: IdentityDto = {
  membershipId: 21, role: 'resident', status: 'active', orgId: 3, orgPath: '/1/2/3/', orgName: '阳光街道 · 阳光社区 · 锦绣小区党支部 · 第1网格',
  communityPath: '/1/2/', teamName: null, householdId: 11, householdAddress: '3号楼2单元401', workUnitName: null,
  teamId: null, workUnitId: null, leadsTeamId: null,
}
const PROXY: IdentityDto = {
  ...RESIDENT, membershipId: 22, role: 'proxy', orgId: 5, orgPath: '/1/2/5/', orgName: '阳光街道 · 阳光社区 · 锦绣小区党支部 · 第3网格',
  householdId: 40, householdAddress: '5号楼1单元202',
}
const VOLUNTEER: IdentityDto = {
  ...RESIDENT, membershipId: 23, role: 'volunteer', orgId: 2, orgPath: '/1/2/', orgName: '阳光街道 · 阳光社区', teamName: '巾帼志愿服务队',
  householdId: null, householdAddress: null,
}
/** 黎玉兰, a resident who is also a family proxy, acting as the resident unless told otherwise. */
const me = (patch: Partial<MeDto> = {}): MeDto => ({
  id: 7, name: '黎玉兰', phone: '138****0001', consented: true, acting: RESIDENT, identities: [RESIDENT, PROXY], ...patch,
})

/** 45 orders served 20 at a time, newest first, like the server. */
function pagedApi(total = 45): OrderListApi {
  const all = Array.from({ length: total }, (_, i) => summary(total - i))
  return {
    listOrders: fake('listOrders', async ({ cursor, limit = 20 }) => {
      const start = cursor ? Number(cursor) : 0
      const items = all.slice(start, start + limit)
      return { items, nextCursor: start + limit < all.length ? String(start + limit) : null }
    }),
  }
}

describe('OrderList', () => {
  test('refresh loads the first page; loadMore walks to the end without duplicates', async () => {
    const api = pagedApi()
    const list = new OrderList(api, { group: 'pending' })
    await list.refresh()
    expect(list.items).toHaveLength(20)
    expect(list.hasMore).toBe(true)
    await Promise.all([list.loadMore(), list.loadMore()]) // a second scroll event while loading is ignored
    expect(list.items).toHaveLength(40)
    await list.loadMore()
    expect(list.items.map((o) => o.id)).toEqual(Array.from({ length: 45 }, (_, i) => 45 - i))
    expect(list.hasMore).toBe(false)
    await list.loadMore()
    expect(api.listOrders).toHaveBeenCalledTimes(3)
    expect(api.listOrders.mock.calls[0][0]).toEqual({ group: 'pending', limit: 20 })
  })

  test('a failed refresh keeps what was shown and says why', async () => {
    const api = pagedApi()
    const list = new OrderList(api, {})
    await list.refresh()
    api.listOrders.mockRejectedValueOnce(new ApiRequestError(0, 'network', '网络不可用，请检查网络后重试'))
    await list.refresh()
    expect(list.items).toHaveLength(20)
    expect(list.error).toBe('网络不可用，请检查网络后重试')
    expect(list.loading).toBe(false)
  })

  test('an empty answer is "empty", not "loading"', async () => {
    const list = new OrderList(pagedApi(0), {})
    expect(list.isEmpty).toBe(false)
    await list.refresh()
    expect(list.isEmpty).toBe(true)
  })
})

describe('OrderStore', () => {
  test('an action updates the order and its card in every loaded list, in place', async () => {
    const api: OrderStoreApi = {
      ...pagedApi(3),
      getOrder: fake('getOrder', async (id) => detail(id, 'submitted')),
      createOrder: fake('createOrder'),
      transitionOrder: fake('transitionOrder', async (id) => ({ id, status: 'open', order: detail(id, 'open') })),
      countOrders: fake('countOrders', async () => {
        const groups = { pending: 3, parked: 1, dispatching: 0, active: 0, awaiting_confirmation: 0, done: 0, ended: 0 }
        return { ...groups, clock: { overdue: { ...groups, pending: 1, parked: 0 }, due_soon: { ...groups, pending: 0, parked: 0 } } }
      }),
      listDuplicates: fake('listDuplicates'),
    }
    const store = new OrderStore(api)
    const list = store.list({})
    await list.refresh()
    await store.loadCounts('mine')
    expect(store.countsOf('mine')?.pending).toBe(3)
    expect(store.countsOf('mine')?.parked).toBe(1) // 挂账 is a tab of its own
    const card = list.items.find((o) => o.id === 2)!
    await store.act(2, { action: 'publish' })
    expect(store.detail(2).order?.status).toBe('open')
    expect(list.items.find((o) => o.id === 2)).toBe(card) // the same observable: only that card re-renders
    expect(card.status).toBe('open')
    expect(store.detail(2).pendingAction).toBeNull()
    expect(api.countOrders).toHaveBeenCalledTimes(2) // the tab numbers follow the change
  })

  test('an action that hands the order away drops it from the lists and the details', async () => {
    const api: OrderStoreApi = {
      ...pagedApi(3),
      getOrder: fake('getOrder', async (id) => detail(id, 'assigned')),
      createOrder: fake('createOrder'),
      transitionOrder: fake('transitionOrder', async (id) => ({ id, status: 'submitted', order: null })),
      countOrders: fake('countOrders'),
      listDuplicates: fake('listDuplicates'),
    }
    const store = new OrderStore(api)
    const list = store.list({ view: 'mine' })
    await list.refresh()
    await store.loadDetail(2)
    await expect(store.act(2, { action: 'decline', note: '不在社区' })).resolves.toBe(false)
    expect(list.items.map((o) => o.id)).toEqual([3, 1])
    expect(store.detail(2).order).toBeNull()
  })

  test('a lost race reloads the order and rethrows for the page to explain', async () => {
    const api: OrderStoreApi = {
      ...pagedApi(1),
      getOrder: fake('getOrder', async (id) => detail(id, 'accepted')),
      createOrder: fake('createOrder'),
      transitionOrder: fake('transitionOrder', async () => {
        throw new ApiRequestError(409, 'conflict', '手慢了，这个订单已被其他人接走或已被收回', 'accepted')
      }),
      countOrders: fake('countOrders'),
      listDuplicates: fake('listDuplicates'),
    }
    const store = new OrderStore(api)
    await expect(store.act(1, { action: 'claim' })).rejects.toMatchObject({ status: 409 })
    await new Promise((resolve) => setImmediate(resolve))
    expect(api.getOrder).toHaveBeenCalledWith(1)
    expect(store.detail(1).order?.status).toBe('accepted')
  })
})

describe('OrderStore duplicates (合并 candidates)', () => {
  const api = (listDuplicates: OrderStoreApi['listDuplicates']): OrderStoreApi => ({
    ...pagedApi(0),
    getOrder: fake('getOrder'),
    createOrder: fake('createOrder'),
    transitionOrder: fake('transitionOrder'),
    countOrders: fake('countOrders'),
    listDuplicates,
  })

  test('loads the candidates onto the order, and keeps an error for the page when it may not ask', async () => {
    const store = new OrderStore(api(fake('listDuplicates', async () => [summary(8), summary(9, 'in_progress')])))
    expect(store.detail(7).duplicates).toBeNull()
    await store.loadDuplicates(7)
    expect(store.detail(7).duplicates?.map((o) => o.id)).toEqual([8, 9])

    const refused = new OrderStore(api(fake('listDuplicates', async () => {
      throw new ApiRequestError(403, 'forbidden', '只有社区党委可以合并重复的订单')
    })))
    await refused.loadDuplicates(7)
    expect([refused.detail(7).duplicates, refused.detail(7).duplicatesError]).toEqual([null, '只有社区党委可以合并重复的订单'])
  })
})

describe('SessionStore', () => {
  const memory = (initial: Record<string, string> = {}): KeyValueStorage & { map: Map<string, string> } => {
    const map = new Map(Object.entries(initial))
    return { map, get: (k) => map.get(k) ?? null, set: (k, v) => void map.set(k, v), remove: (k) => void map.delete(k) }
  }
  const sessionApi = (fakes: Partial<SessionApi>): SessionApi => ({
    getMe: fake('getMe'),
    loginAsDemo: fake('loginAsDemo'),
    loginWithWechat: fake('loginWithWechat'),
    listDemoAccounts: fake('listDemoAccounts'),
    actAs: fake('actAs'),
    updateProfile: fake('updateProfile'),
    join: fake('join'),
    leaveIdentity: fake('leaveIdentity'),
    ...fakes,
  })

  test('restore checks a stored token; without one it asks nothing', async () => {
    const api = sessionApi({ getMe: fake('getMe', async () => me()) })
    const empty = new SessionStore(api, memory())
    await empty.restore()
    expect(api.getMe).not.toHaveBeenCalled()
    expect(empty.restoring).toBe(false)

    const stored = new SessionStore(api, memory({ [TOKEN_KEY]: 'abc' }))
    await stored.restore()
    expect(stored.actor).toEqual({
      id: 7, role: 'resident', orgPath: '/1/2/3/', householdId: 11, communityPath: '/1/2/', teamId: null, workUnitId: null, leadsTeamId: null,
    })
  })

  test('someone waiting for an approval is asked about again; someone acting is not', async () => {
    let approved = false
    const waiting = me({ acting: null, identities: [{ ...VOLUNTEER, status: 'pending' }] })
    const getMe = fake('getMe', async () => (approved ? me({ acting: VOLUNTEER, identities: [VOLUNTEER] }) : waiting))
    const session = new SessionStore(sessionApi({ getMe }), memory({ [TOKEN_KEY]: 'abc' }))
    await session.restore()
    expect(session.needsSignup).toBe(true)
    approved = true
    await session.refreshIfWaiting()
    expect(session.user?.role).toBe('volunteer')
    await session.refreshIfWaiting()
    expect(getMe).toHaveBeenCalledTimes(2)
  })

  test('an approval is taken up in one step: no moment with an identity but nobody acting, and tabs shown together ask once', async () => {
    const waiting = me({ acting: null, identities: [{ ...VOLUNTEER, status: 'pending' }] })
    const getMe = fake('getMe', async () => waiting)
    const actAs = fake('actAs', async () => me({ acting: VOLUNTEER, identities: [VOLUNTEER] }))
    const session = new SessionStore(sessionApi({ getMe, actAs }), memory({ [TOKEN_KEY]: 'abc' }))
    await session.restore()
    // Approved meanwhile: the server knows the identity as active, but the session acts as nobody yet.
    getMe.mockImplementation(async () => me({ acting: null, identities: [VOLUNTEER] }))
    const seen: string[] = []
    const stop = reaction(() => [session.needsSignup, session.user?.role ?? null] as const, ([needs, role]) => seen.push(`${needs}:${role}`))
    await Promise.all([session.refreshIfWaiting(), session.refreshIfWaiting()])
    stop()
    expect(seen).toEqual(['false:volunteer'])
    expect(getMe).toHaveBeenCalledTimes(2)
    expect(actAs).toHaveBeenCalledTimes(1)
  })

  test('user is the person acting as one identity: their name and phone with its role and place', async () => {
    const session = new SessionStore(sessionApi({ getMe: fake('getMe', async () => me({ acting: PROXY })) }), memory({ [TOKEN_KEY]: 'abc' }))
    await session.restore()
    expect(session.user).toEqual({
      id: 7, name: '黎玉兰', phone: '138****0001', membershipId: 22, role: 'proxy', orgId: 5, orgPath: '/1/2/5/',
      orgName: '阳光街道 · 阳光社区 · 锦绣小区党支部 · 第3网格', communityPath: '/1/2/', teamName: null, householdId: 40, householdAddress: '5号楼1单元202', workUnitName: null,
      teamId: null, workUnitId: null, leadsTeamId: null,
    })
    expect(session.needsSignup).toBe(false)
  })

  test('login stores the token; logout forgets it', async () => {
    const storage = memory()
    const loginAsDemo = fake('loginAsDemo', async () => ({ token: 't-1', me: me() }))
    const session = new SessionStore(sessionApi({ loginAsDemo }), storage)
    await session.loginAsDemo(7, 21)
    expect(loginAsDemo).toHaveBeenCalledWith(7, 21)
    expect(storage.map.get(TOKEN_KEY)).toBe('t-1')
    expect(session.signedIn).toBe(true)
    session.logout()
    expect(storage.map.has(TOKEN_KEY)).toBe(false)
    expect(session.user).toBeNull()
    expect(session.signedIn).toBe(false)
  })

  test('a first WeChat login is signed in with nothing to act as: sign-up comes first', async () => {
    const fresh: MeDto = { id: 9, name: '', phone: '', consented: false, acting: null, identities: [] }
    const session = new SessionStore(sessionApi({ loginWithWechat: fake('loginWithWechat', async () => ({ token: 't-2', me: fresh })) }), memory())
    await session.loginWithWechat('code')
    expect(session.signedIn).toBe(true)
    expect(session.user).toBeNull()
    expect(session.actor).toBeNull()
    expect(session.needsSignup).toBe(true)
    expect(session.needsProfile).toBe(true)
  })

  test('pending identities alone still need a sign-up; consent, name and phone make the profile complete', () => {
    const session = new SessionStore(sessionApi({}), memory())
    session.me = me({ acting: null, identities: [{ ...VOLUNTEER, status: 'pending' }] })
    expect(session.needsSignup).toBe(true)
    expect(session.needsProfile).toBe(false)
    expect(session.pendingIdentities.map((i) => i.role)).toEqual(['volunteer'])
  })

  test('switching identity acts as another membership', async () => {
    const actAs = fake('actAs', async () => me({ acting: PROXY }))
    const session = new SessionStore(sessionApi({ actAs }), memory())
    session.me = me()
    const before = session.identityKey
    await session.switchIdentity(22)
    expect(actAs).toHaveBeenCalledWith(22)
    expect(session.user?.role).toBe('proxy')
    expect(session.actor?.householdId).toBe(40)
    expect(session.identityKey).not.toBe(before)
  })

  test('leaving the identity acted as: the identity the server acts as next, and the others reset', async () => {
    const leaveIdentity = fake('leaveIdentity', async () => me({ acting: PROXY, identities: [PROXY] }))
    const session = new SessionStore(sessionApi({ leaveIdentity }), memory())
    session.me = me()
    const before = session.identityKey
    await session.leave(session.user!.membershipId)
    expect(leaveIdentity).toHaveBeenCalledWith(me().acting!.membershipId)
    expect(session.identities).toEqual([PROXY])
    expect(session.user?.role).toBe('proxy')
    expect(session.identityKey).not.toBe(before)
  })

  test('restore acts as the first active identity when the one acted as has ended', async () => {
    const actAs = fake('actAs', async () => me({ acting: PROXY }))
    const getMe = fake('getMe', async () => me({ acting: null, identities: [{ ...VOLUNTEER, status: 'pending' }, PROXY] }))
    const session = new SessionStore(sessionApi({ getMe, actAs }), memory({ [TOKEN_KEY]: 'abc' }))
    await session.restore()
    expect(actAs).toHaveBeenCalledWith(22)
    expect(session.user?.membershipId).toBe(22)
  })

  test('restore keeps the person when acting as their first active identity is refused', async () => {
    const actAs = fake('actAs', async () => {
      throw new ApiRequestError(403, 'forbidden', '这个身份已结束')
    })
    const getMe = fake('getMe', async () => me({ acting: null, identities: [PROXY] }))
    const session = new SessionStore(sessionApi({ getMe, actAs }), memory({ [TOKEN_KEY]: 'abc' }))
    await session.restore()
    expect(session.identities.map((i) => i.membershipId)).toEqual([22])
    expect(session.user).toBeNull()
    expect(session.restoring).toBe(false)
  })

  test('join resolves the identity it made, or the one of that role already held', async () => {
    const join = fake('join', async () => me({ identities: [RESIDENT, PROXY, { ...VOLUNTEER, status: 'pending' }] }))
    const session = new SessionStore(sessionApi({ join }), memory())
    session.me = me()
    await expect(session.join({ role: 'volunteer', teamId: 3 })).resolves.toMatchObject({ membershipId: 23, status: 'pending' })
    // Asked again: nothing new, the server answers with what exists.
    await expect(session.join({ role: 'volunteer', teamId: 3 })).resolves.toMatchObject({ membershipId: 23 })
  })

  test('demo accounts: a production server has none (404 → null); other failures reach the page', async () => {
    const account = { id: 7, membershipId: 21, name: '黎玉兰', role: 'resident' as const, orgName: '第1网格', teamName: null }
    const listDemoAccounts = fake('listDemoAccounts', async () => [account])
    const session = new SessionStore(sessionApi({ listDemoAccounts }), memory(), true)
    expect(session.demoLogin).toBe(true)
    await expect(session.demoAccounts()).resolves.toEqual([account])
    listDemoAccounts.mockRejectedValueOnce(new ApiRequestError(404, 'not_found', '接口不存在'))
    await expect(session.demoAccounts()).resolves.toBeNull()
    listDemoAccounts.mockRejectedValueOnce(new ApiRequestError(0, 'network', '网络不可用，请检查网络后重试'))
    await expect(session.demoAccounts()).rejects.toMatchObject({ status: 0 })
    expect(new SessionStore(sessionApi({}), memory()).demoLogin).toBe(false) // off unless the build offers it
  })

  test('places: the street every identity shares is left out; the household, team or unit is added', () => {
    expect(shortOrgName('阳光街道 · 阳光社区 · 第1网格')).toBe('阳光社区 · 第1网格')
    expect(shortOrgName('阳光街道')).toBe('阳光街道')
    expect(placeOf(PROXY)).toBe('阳光社区 · 锦绣小区党支部 · 第3网格 · 5号楼1单元202')
    expect(placeOf(VOLUNTEER)).toBe('阳光社区 · 巾帼志愿服务队')
  })
})

describe('MediaStore', () => {
  test('photo URLs are resolved against the API origin; uploads are counted while in flight', async () => {
    let finish: () => void = () => {}
    const api: MediaApi = {
      uploadPhoto: fake('uploadPhoto', (path) => new Promise((resolve) => (finish = () => resolve({ url: `/api/uploads/${path}` })))),
    }
    const pickPhotos = jest.fn(async (count: number) => Array.from({ length: count }, (_, i) => `p${i}.jpg`))
    const media = new MediaStore(api, { apiBase: 'https://api.example.com', pickPhotos })
    expect(media.url('/api/uploads/a.jpg')).toBe('https://api.example.com/api/uploads/a.jpg')
    expect(media.apiBase).toBe('https://api.example.com')

    const paths = await media.pick(1)
    expect(pickPhotos).toHaveBeenCalledWith(1)
    const uploaded = media.upload(paths)
    expect(media.uploading).toBe(1)
    finish()
    await expect(uploaded).resolves.toEqual(['/api/uploads/p0.jpg'])
    expect(media.uploading).toBe(0)
  })
})
