/**
 * The committee's 服务时限 against a fake API: the table that applies (community-wide rows over
 * the defaults, then each service's own), changes and their refusals, and what reset forgets.
 */
import type { Api } from '@/services/api'
import { ApiRequestError } from '@/services/api-error'
import { ClockTargetStore } from '@/stores/clock-target-store'
import { DEFAULT_CLOCK_TARGETS, URGENCIES } from '@/domain'
import type { ClockTargetDto, ClockTargetPageDto } from '../../types/clock-targets'

type Fake<K extends keyof Api> = jest.Mock<ReturnType<Api[K]>, Parameters<Api[K]>>
type FakeApi<Store> = { [K in keyof Store & keyof Api]: Fake<K> }
type ClockTargetApi = FakeApi<ConstructorParameters<typeof ClockTargetStore>[0]>

function fake<K extends keyof Api>(name: K, implementation?: NoInfer<(...args: Parameters<Api[K]>) => ReturnType<Api[K]>>): Fake<K> {
  return jest.fn(implementation).mockName(name)
}

const defaults = URGENCIES.map((urgency) => ({ urgency, ...DEFAULT_CLOCK_TARGETS[urgency] }))

/** A fake server holding the community's rows: PUT and DELETE answer with the whole page, as the real one. */
function fakeApi(initial: ClockTargetDto[] = []): ClockTargetApi & { rows: ClockTargetDto[] } {
  let rows = [...initial]
  const page = (): ClockTargetPageDto => ({ defaults, overrides: [...rows] })
  const api = {
    get rows() {
      return rows
    },
    getClockTargets: fake('getClockTargets', async () => page()),
    setClockTarget: fake('setClockTarget', async (target) => {
      rows = [...rows.filter((r) => !(r.categoryCode === target.categoryCode && r.urgency === target.urgency)), target]
      return page()
    }),
    removeClockTarget: fake('removeClockTarget', async (key) => {
      rows = rows.filter((r) => !(r.categoryCode === key.categoryCode && r.urgency === key.urgency))
      return page()
    }),
  }
  return api
}

test('the table: each urgency’s community-wide row or the default, then the services with their own', async () => {
  const api = fakeApi([
    { categoryCode: 'meals', urgency: 'normal', responseMinutes: 120, completionMinutes: 1440 },
    { categoryCode: '*', urgency: 'urgent', responseMinutes: 60, completionMinutes: 720 },
  ])
  const store = new ClockTargetStore(api)
  expect([store.loaded, store.communityRows, store.serviceRows]).toEqual([false, [], []])
  await store.load()
  expect(store.loaded).toBe(true)
  expect(store.communityRows).toEqual([
    { categoryCode: '*', urgency: 'emergency', responseMinutes: 30, completionMinutes: 120, own: false },
    { categoryCode: '*', urgency: 'urgent', responseMinutes: 60, completionMinutes: 720, own: true },
    { categoryCode: '*', urgency: 'normal', responseMinutes: 1440, completionMinutes: 7 * 1440, own: false },
  ])
  expect(store.serviceRows).toEqual([{ categoryCode: 'meals', urgency: 'normal', responseMinutes: 120, completionMinutes: 1440, own: true }])
})

test('a failed load keeps the reason for the retry screen', async () => {
  const api = fakeApi()
  api.getClockTargets.mockRejectedValueOnce(new ApiRequestError(403, 'forbidden', '只有社区党委可以查看服务时限'))
  const store = new ClockTargetStore(api)
  await store.load()
  expect([store.loaded, store.error, store.loading]).toEqual([false, '只有社区党委可以查看服务时限', false])
  await store.load()
  expect([store.loaded, store.error]).toEqual([true, null])
})

test('set sends a valid limit and shows what the server stores; remove goes back to the default', async () => {
  const api = fakeApi()
  const store = new ClockTargetStore(api)
  await store.load()
  await expect(store.set({ categoryCode: '*', urgency: 'emergency', responseMinutes: 15, completionMinutes: 60 })).resolves.toBe(true)
  expect(store.communityRows[0]).toEqual({ categoryCode: '*', urgency: 'emergency', responseMinutes: 15, completionMinutes: 60, own: true })
  expect(store.saving).toBeNull()

  await expect(store.remove({ categoryCode: '*', urgency: 'emergency' })).resolves.toBe(true)
  expect(api.removeClockTarget).toHaveBeenCalledWith({ categoryCode: '*', urgency: 'emergency' })
  expect(store.communityRows[0]).toMatchObject({ responseMinutes: 30, completionMinutes: 120, own: false })
})

test('a limit the domain refuses is never sent: its reason is kept for the sheet', async () => {
  const api = fakeApi()
  const store = new ClockTargetStore(api)
  await store.load()
  await expect(store.set({ categoryCode: '*', urgency: 'normal', responseMinutes: 120, completionMinutes: 60 })).resolves.toBe(false)
  expect(store.saveError).toBe('办结时限不能短于受理时限')
  await expect(store.set({ categoryCode: '*', urgency: 'normal', responseMinutes: 0.5, completionMinutes: 60 })).resolves.toBe(false)
  expect(store.saveError).toMatch(/整数分钟/)
  expect(api.setClockTarget).not.toHaveBeenCalled()
  store.clearSaveError()
  expect(store.saveError).toBeNull()
})

test('the server’s refusal of a set or a remove is shown and the table keeps what is stored', async () => {
  const api = fakeApi([{ categoryCode: 'meals', urgency: 'normal', responseMinutes: 120, completionMinutes: 1440 }])
  const store = new ClockTargetStore(api)
  await store.load()
  api.setClockTarget.mockRejectedValueOnce(new ApiRequestError(403, 'forbidden', '只有社区一级的党委可以设置服务时限'))
  await expect(store.set({ categoryCode: 'meals', urgency: 'normal', responseMinutes: 60, completionMinutes: 600 })).resolves.toBe(false)
  expect(store.saveError).toBe('只有社区一级的党委可以设置服务时限')
  expect(store.serviceRows[0]).toMatchObject({ responseMinutes: 120, completionMinutes: 1440 })

  api.removeClockTarget.mockRejectedValueOnce(new ApiRequestError(0, 'network', '网络不可用，请检查网络后重试'))
  await expect(store.remove({ categoryCode: 'meals', urgency: 'normal' })).resolves.toBe(false)
  expect(store.saveError).toBe('网络不可用，请检查网络后重试')
  expect(store.serviceRows).toHaveLength(1)
  expect(store.saving).toBeNull()
})

test('one change at a time: a second while the first is in flight is not sent', async () => {
  const api = fakeApi()
  const store = new ClockTargetStore(api)
  await store.load()
  const first = store.set({ categoryCode: '*', urgency: 'urgent', responseMinutes: 60, completionMinutes: 600 })
  expect(store.saving).toBe('*/urgent')
  await expect(store.remove({ categoryCode: '*', urgency: 'urgent' })).resolves.toBe(false)
  await expect(first).resolves.toBe(true)
  expect(api.removeClockTarget).not.toHaveBeenCalled()
})

test('reset forgets the previous identity’s community', async () => {
  const store = new ClockTargetStore(fakeApi([{ categoryCode: '*', urgency: 'normal', responseMinutes: 60, completionMinutes: 600 }]))
  await store.load()
  await store.set({ categoryCode: '*', urgency: 'normal', responseMinutes: 90, completionMinutes: 30 })
  store.reset()
  expect([store.page, store.loaded, store.error, store.saveError, store.saving, store.communityRows]).toEqual([null, false, null, null, null, []])
})
