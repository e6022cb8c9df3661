/**
 * A committee's 服务目录 against a fake API: settings saved service by service, 派单方式 with the
 * community's teams to choose from, one save at a time, refusals keeping what is stored.
 */
import type { Api } from '@/services/api'
import { ApiRequestError } from '@/services/api-error'
import { ServiceSettingsStore } from '@/stores/service-settings-store'
import type { ServiceDto } from '../../types/api'
import type { TeamDto } from '../../types/community'

type Fake<K extends keyof Api> = jest.Mock<ReturnType<Api[K]>, Parameters<Api[K]>>
type SettingsApi = { [K in keyof ConstructorParameters<typeof ServiceSettingsStore>[0] & keyof Api]: Fake<K> }

function fake<K extends keyof Api>(name: K, implementation?: NoInfer<(...args: Parameters<Api[K]>) => ReturnType<Api[K]>>): Fake<K> {
  return jest.fn(implementation).mockName(name)
}

const service = (code: string, extra: Partial<ServiceDto> = {}): ServiceDto => ({
  code, name: code, description: '说明', emergency: false, photoRequired: false, enabled: true, own: false,
  dispatchMode: 'committee', dispatchTeamId: null, dispatchTeamName: null, dispatchTeamReady: false, ...extra,
})

const team = (id: number, name: string, memberCount: number): TeamDto => ({
  id, name, communityId: 2, communityName: '阳光社区大党委', skills: [], leaderId: null, leaderName: null, leaderActive: false, memberCount,
})

function fakeApi(overrides: Partial<SettingsApi> = {}): SettingsApi {
  return {
    listServices: fake('listServices', async () => [service('emergency', { emergency: true }), service('meals'), service('legal')]),
    updateService: fake('updateService', async (code, settings) => service(code, { enabled: settings.enabled, photoRequired: settings.photoRequired ?? false })),
    createService: fake('createService', async (request) => service('c2-abcd', { name: request.name, own: true })),
    setServiceDispatch: fake('setServiceDispatch', async (code, { mode, teamId = null }) =>
      service(code, { dispatchMode: mode, dispatchTeamId: teamId, dispatchTeamName: teamId ? '巾帼志愿服务队' : null, dispatchTeamReady: teamId !== null }),
    ),
    listTeams: fake('listTeams', async () => [team(7, '巾帼志愿服务队', 3), team(8, '空队', 0)]),
    ...overrides,
  }
}

test('loads the catalogue; a saved setting replaces that service only', async () => {
  const api = fakeApi()
  const store = new ServiceSettingsStore(api)
  await store.load()
  expect(store.loaded).toBe(true)
  await store.update('legal', { enabled: false, photoRequired: null })
  expect(store.services.map((s) => [s.code, s.enabled])).toEqual([['emergency', true], ['meals', true], ['legal', false]])
  expect(store.saving).toBeNull()
})

test('a refused setting keeps what is stored and passes the reason on; one save at a time', async () => {
  const api = fakeApi()
  api.updateService.mockRejectedValueOnce(new ApiRequestError(400, 'invalid_input', '紧急求助不能停用'))
  const store = new ServiceSettingsStore(api)
  await store.load()
  await expect(store.update('emergency', { enabled: false, photoRequired: null })).rejects.toThrow('紧急求助不能停用')
  expect(store.services[0].enabled).toBe(true)
  const first = store.update('meals', { enabled: true, photoRequired: true })
  await store.update('legal', { enabled: false, photoRequired: null })
  await first
  expect(api.updateService).toHaveBeenCalledTimes(2)
})

test('派单方式: saved for one service, with the team named; a refusal keeps what is stored', async () => {
  const api = fakeApi()
  const store = new ServiceSettingsStore(api)
  await store.load()
  expect(await store.setDispatch('meals', { mode: 'team', teamId: 7 })).toBe(true)
  expect(api.setServiceDispatch).toHaveBeenLastCalledWith('meals', { mode: 'team', teamId: 7 })
  expect(store.services.map((s) => [s.code, s.dispatchMode, s.dispatchTeamName])).toEqual([
    ['emergency', 'committee', null],
    ['meals', 'team', '巾帼志愿服务队'],
    ['legal', 'committee', null],
  ])

  api.setServiceDispatch.mockRejectedValueOnce(new ApiRequestError(400, 'invalid_input', '紧急求助始终先由社区党委受理，不能直接发布或派给服务队'))
  await expect(store.setDispatch('emergency', { mode: 'hall' })).rejects.toThrow('紧急求助始终先由社区党委受理')
  expect(store.services[0].dispatchMode).toBe('committee')
  expect(store.saving).toBeNull()

  // A second tap while the first is sent does nothing, and says so.
  let release!: () => void
  api.setServiceDispatch.mockImplementationOnce((code) => new Promise((resolve) => (release = () => resolve(service(code, { dispatchMode: 'hall' })))))
  const first = store.setDispatch('legal', { mode: 'hall' })
  expect(store.saving).toBe('legal')
  expect(await store.setDispatch('meals', { mode: 'committee' })).toBe(false)
  release()
  expect(await first).toBe(true)
  expect(store.services.find((s) => s.code === 'legal')?.dispatchMode).toBe('hall')
  expect(api.setServiceDispatch).toHaveBeenCalledTimes(3)
})

test('the teams to send a service to: loaded once asked, a failure kept to show', async () => {
  const store = new ServiceSettingsStore(fakeApi())
  expect(store.teams).toBeNull()
  await store.loadTeams()
  expect(store.teams?.map((t) => [t.name, t.memberCount])).toEqual([['巾帼志愿服务队', 3], ['空队', 0]])

  const failing = new ServiceSettingsStore(fakeApi({ listTeams: fake('listTeams', async () => Promise.reject(new ApiRequestError(500, 'internal', '服务器开小差了'))) }))
  await failing.loadTeams()
  expect([failing.teams, failing.teamsError]).toEqual([null, '服务器开小差了'])
})

test('a new service of its own is listed last; reset forgets the list and the teams', async () => {
  const store = new ServiceSettingsStore(fakeApi())
  await store.load()
  await store.loadTeams()
  await store.add({ name: '理发', description: '上门理发', photoRequired: false })
  expect(store.services.at(-1)).toMatchObject({ name: '理发', own: true })
  store.reset()
  expect([store.services, store.loaded, store.teams]).toEqual([[], false, null])
})
