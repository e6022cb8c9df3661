import { ApiRequestError } from '@/services/api-error'
import { ServiceSettingsStore } from '@/stores/service-settings-store'
import type { ServiceDto } from '../../types/api'

const service = (code: string, extra: Partial<ServiceDto> = {}): ServiceDto => ({
  code, name: code, description: '说明', emergency: false, photoRequired: false, enabled: true, own: false, ...extra,
})

function fakeApi() {
  return {
    listServices: jest.fn(async () => [service('emergency', { emergency: true }), service('meals'), service('legal')]),
    updateService: jest.fn(async (code: string, settings: { enabled: boolean; photoRequired: boolean | null }) =>
      service(code, { enabled: settings.enabled, photoRequired: settings.photoRequired ?? false })),
    createService: jest.fn(async (request: { name: string }) => service('c2-abcd', { name: request.name, own: true })),
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

test('a new service of its own is listed last; reset forgets the list', async () => {
  const store = new ServiceSettingsStore(fakeApi())
  await store.load()
  await store.add({ name: '理发', description: '上门理发', photoRequired: false })
  expect(store.services.at(-1)).toMatchObject({ name: '理发', own: true })
  store.reset()
  expect([store.services, store.loaded]).toEqual([[], false])
})
