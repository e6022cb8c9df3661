/**
 * The message centre's store against a fake API: paging by the last id seen, the unread count
 * (from its own route and from every page), marking read at once and undoing it when the server
 * refuses, 全部已读, polling, and everything forgotten on a change of identity.
 */
import type { Api } from '@/services/api'
import { ApiRequestError } from '@/services/api-error'
import { MessageStore } from '@/stores/message-store'
import { RootStore } from '@/stores/root-store'
import type { MessageDto, MessagePageDto } from '../../types/messages'
import type { IdentityDto, MeDto } from '../../types/people'

type Fake<K extends keyof Api> = jest.Mock<ReturnType<Api[K]>, Parameters<Api[K]>>
type MessageApi = { [K in keyof ConstructorParameters<typeof MessageStore>[0] & keyof Api]: Fake<K> }

function fake<K extends keyof Api>(name: K, implementation?: NoInfer<(...args: Parameters<Api[K]>) => ReturnType<Api[K]>>): Fake<K> {
  return jest.fn(implementation).mockName(name)
}

const message = (id: number, read = false): MessageDto => ({
  id, kind: 'taken', orderId: 100 + id, title: '您的订单已有人接单', body: `助餐 · 订单 ${id}`, at: '2026-11-20T08:00:00.000Z', read,
})

/** A server holding `total` messages (ids 1…total, the odd ones read), newest first; the cursor is the last id seen. */
function fakeServer(total = 45) {
  const all = Array.from({ length: total }, (_, i) => message(total - i, (total - i) % 2 === 1))
  const unread = () => all.filter((m) => !m.read).length
  const api: MessageApi = {
    listMessages: fake('listMessages', async ({ cursor, limit = 20 }) => {
      const after = cursor ? all.filter((m) => m.id < Number(cursor)) : all
      const items = after.slice(0, limit).map((m) => ({ ...m }))
      const last = items[items.length - 1]
      return { items, nextCursor: after.length > limit ? String(last.id) : null, unread: unread() }
    }),
    unreadMessages: fake('unreadMessages', async () => ({ unread: unread() })),
    markMessagesRead: fake('markMessagesRead', async (request) => {
      all.forEach((m) => {
        if ('all' in request || request.ids.includes(m.id)) m.read = true
      })
      return { unread: unread() }
    }),
  }
  return { api, all, unread }
}

/** A promise whose settling the test controls: the server's answer "still on its way". */
function deferred<T>() {
  let resolve!: (value: T) => void
  let reject!: (error: unknown) => void
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)))
  return { promise, resolve, reject }
}

const offline = () => new ApiRequestError(0, 'network', '网络不可用，请检查网络后重试')

describe('the list', () => {
  test('pages newest first by the last id seen, without duplicates, and takes the unread count from each page', async () => {
    const { api, all } = fakeServer()
    const store = new MessageStore(api)
    await store.list.refresh()
    expect(store.list.items.map((m) => m.id)).toEqual(Array.from({ length: 20 }, (_, i) => 45 - i))
    expect(store.unread).toBe(22) // the even ids of 1…45
    expect(api.listMessages.mock.calls[0][0]).toEqual({ limit: 20 })

    all.find((m) => m.id === 2)!.read = true // read on another phone meanwhile
    await store.list.loadMore()
    expect(api.listMessages.mock.calls[1][0]).toEqual({ cursor: '26', limit: 20 })
    expect(store.unread).toBe(21)
    await store.list.loadMore()
    expect(store.list.items.map((m) => m.id)).toEqual(Array.from({ length: 45 }, (_, i) => 45 - i))
    expect(store.list.hasMore).toBe(false)
  })

  test('no messages is "empty"; a failed load says why', async () => {
    const { api } = fakeServer(0)
    const store = new MessageStore(api)
    await store.list.refresh()
    expect(store.list.isEmpty).toBe(true)
    expect(store.unread).toBe(0)
    api.listMessages.mockRejectedValueOnce(offline())
    await store.list.refresh()
    expect(store.list.error).toBe('网络不可用，请检查网络后重试')
  })
})

describe('the unread count', () => {
  test('is asked for on its own; calls while one is under way share it; a failure keeps the last count', async () => {
    const { api } = fakeServer()
    const store = new MessageStore(api)
    await Promise.all([store.refreshUnread(), store.refreshUnread()])
    expect(store.unread).toBe(22)
    expect(api.unreadMessages).toHaveBeenCalledTimes(1)

    api.unreadMessages.mockRejectedValueOnce(offline())
    await expect(store.refreshUnread()).resolves.toBeUndefined()
    expect(store.unread).toBe(22)
    await store.refreshUnread()
    expect(api.unreadMessages).toHaveBeenCalledTimes(3)
  })

  test('nobody signed in: nothing is asked', async () => {
    const { api } = fakeServer()
    const store = new MessageStore(api, () => false)
    await store.refreshUnread()
    store.changed()
    expect(api.unreadMessages).not.toHaveBeenCalled()
  })

  test('new messages (live, or the poll while live updates are down): the count and the list shown are asked for again', async () => {
    const { api } = fakeServer()
    const store = new MessageStore(api)
    store.changed()
    await new Promise((resolve) => setTimeout(resolve, 0))
    expect(api.unreadMessages).toHaveBeenCalledTimes(1)
    expect(api.listMessages).not.toHaveBeenCalled() // no list shown yet
    await store.list.refresh()
    store.changed()
    await new Promise((resolve) => setTimeout(resolve, 0))
    expect(api.listMessages).toHaveBeenCalledTimes(2)
    expect(store.unread).toBe(22)
  })
})

describe('marking read', () => {
  test('an opened message is read at once, before the server answers; then the server’s count wins', async () => {
    const { api } = fakeServer()
    const store = new MessageStore(api)
    await store.list.refresh()
    const answer = deferred<{ unread: number }>()
    api.markMessagesRead.mockReturnValueOnce(answer.promise)

    const marking = store.markRead([44])
    expect(store.list.find(44)?.read).toBe(true)
    expect(store.unread).toBe(21)
    expect(api.markMessagesRead).toHaveBeenCalledWith({ ids: [44] })
    answer.resolve({ unread: 19 }) // others were read elsewhere meanwhile
    await marking
    expect(store.unread).toBe(19)
    expect(store.markError).toBeNull()
  })

  test('an already read or unknown message sends nothing', async () => {
    const { api } = fakeServer()
    const store = new MessageStore(api)
    await store.list.refresh()
    await store.markRead([45, 9999])
    expect(api.markMessagesRead).not.toHaveBeenCalled()
    expect(store.unread).toBe(22)
  })

  test('refused: the message is unread again, the count back, and the page told why', async () => {
    const { api } = fakeServer()
    const store = new MessageStore(api)
    await store.list.refresh()
    api.markMessagesRead.mockRejectedValueOnce(offline())
    await expect(store.markRead([44, 42])).rejects.toThrow('网络不可用')
    expect(store.list.find(44)?.read).toBe(false)
    expect(store.list.find(42)?.read).toBe(false)
    expect(store.unread).toBe(22)
    expect(store.markError).toBe('网络不可用，请检查网络后重试')

    await store.markRead([44])
    expect(store.markError).toBeNull()
    expect(store.unread).toBe(21)
  })

  test('a count the server gave before the mark does not bring the badge back up', async () => {
    const { api } = fakeServer()
    const store = new MessageStore(api)
    await store.list.refresh()
    const stale = deferred<{ unread: number }>()
    api.unreadMessages.mockReturnValueOnce(stale.promise)
    const polling = store.refreshUnread() // a poll under way…
    await store.markRead([44]) // …when the message is opened
    expect(store.unread).toBe(21)
    stale.resolve({ unread: 22 }) // counted before the mark
    await polling
    expect(store.unread).toBe(21)
    await store.refreshUnread() // the next poll is believed again
    expect(store.unread).toBe(21)
    expect(api.unreadMessages).toHaveBeenCalledTimes(2)
  })

  test('全部已读 clears every message, loaded or not; refused, it is undone', async () => {
    const { api, unread } = fakeServer()
    const store = new MessageStore(api)
    await store.list.refresh()
    api.markMessagesRead.mockRejectedValueOnce(offline())
    await expect(store.markAllRead()).rejects.toBeInstanceOf(ApiRequestError)
    expect(store.unread).toBe(22)
    expect(store.list.items.filter((m) => !m.read)).toHaveLength(10)

    const marking = store.markAllRead()
    expect(store.unread).toBe(0)
    expect(store.list.items.every((m) => m.read)).toBe(true)
    await marking
    expect(api.markMessagesRead).toHaveBeenLastCalledWith({ all: true })
    expect(unread()).toBe(0) // the 12 not loaded too
    await store.markAllRead() // nothing left: nothing sent
    expect(api.markMessagesRead).toHaveBeenCalledTimes(2)
  })
})

describe('a change of identity', () => {
  test('reset forgets the list and the count; answers meant for the previous identity are dropped', async () => {
    const { api } = fakeServer()
    const store = new MessageStore(api)
    await store.list.refresh()
    const list = store.list
    const count = deferred<{ unread: number }>()
    api.unreadMessages.mockReturnValueOnce(count.promise)
    const polling = store.refreshUnread()
    const refusal = deferred<{ unread: number }>()
    api.markMessagesRead.mockReturnValueOnce(refusal.promise)
    const marking = store.markRead([44])

    store.reset()
    expect(store.list).not.toBe(list)
    expect(store.list.loaded).toBe(false)
    expect(store.unread).toBe(0)
    refusal.reject(offline())
    await expect(marking).rejects.toThrow()
    expect(store.unread).toBe(0) // the undo does not reach the new identity
    expect(store.markError).toBeNull()

    // The new identity's count is asked for anew, not shared with the request still under way.
    const fresh = store.refreshUnread()
    expect(api.unreadMessages).toHaveBeenCalledTimes(2)
    await fresh
    expect(store.unread).toBe(22)
    count.resolve({ unread: 99 }) // the previous identity's count, late
    await polling
    expect(store.unread).toBe(22)
  })

  test('the root store resets the messages on a switch and asks the new identity’s count', async () => {
    const RESIDENT: IdentityDto = {
      membershipId: 21, role: 'resident', status: 'active', orgId: 3, orgPath: '/1/2/3/', orgName: '阳光街道 · 阳光社区 · 第1网格',
      communityPath: '/1/2/', teamName: null, householdId: 11, householdAddress: '3号楼2单元401', workUnitName: null,
      teamId: null, workUnitId: null, leadsTeamId: null,
    }
    const VOLUNTEER: IdentityDto = { ...RESIDENT, membershipId: 23, role: 'volunteer', householdId: null, householdAddress: null }
    const me = (acting: IdentityDto): MeDto => ({ id: 7, name: '黎玉兰', phone: '138****0001', consented: true, acting, identities: [RESIDENT, VOLUNTEER] })
    const page: MessagePageDto = { items: [message(2), message(1, true)], nextCursor: null, unread: 1 }
    const answers: Partial<Record<keyof Api, (...args: never[]) => unknown>> = {
      getMe: async () => me(RESIDENT),
      actAs: async () => me(VOLUNTEER),
      listMessages: async () => page,
      unreadMessages: jest.fn().mockResolvedValueOnce({ unread: 1 }).mockResolvedValueOnce({ unread: 5 }),
      listCategories: async () => [],
    }
    const calls: Record<string, jest.Mock> = {}
    const api = new Proxy({}, { get: (_t, name: string) => (calls[name] ??= jest.fn(answers[name as keyof Api] ?? (async () => undefined))) }) as Api
    const stores = new RootStore(api, { get: () => 'token', set: () => {}, remove: () => {} }, { apiBase: '', demoLogin: false, pickPhotos: async () => [] })

    await stores.messages.refreshUnread()
    expect(calls.unreadMessages).toBeUndefined() // not signed in yet: never asked
    await stores.session.restore()
    await stores.messages.refreshUnread()
    expect(stores.messages.unread).toBe(1)
    await stores.messages.list.refresh()
    const list = stores.messages.list

    await stores.switchIdentity(23)
    expect(stores.messages.list).not.toBe(list)
    expect(stores.messages.list.items).toEqual([])
    await stores.messages.refreshUnread() // shares the one the switch started
    expect(stores.messages.unread).toBe(5)
    expect(calls.unreadMessages).toHaveBeenCalledTimes(2)

    stores.logout()
    expect(stores.messages.unread).toBe(0)
    await stores.messages.refreshUnread()
    expect(calls.unreadMessages).toHaveBeenCalledTimes(2) // signed out: nothing asked
  })
})
