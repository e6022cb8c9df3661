/**
 * One-time WeChat subscriptions asked on the taps that matter: only configured templates, at most
 * three, only on weapp (a dialog to ask with), what was accepted told to the server; failures
 * never reach the tap.
 */
import type { Api } from '@/services/api'
import { SubscriptionStore, type RequestSubscribe } from '@/stores/subscription-store'

type SubscriptionApi = Pick<Api, 'getSubscribeTemplates' | 'acceptSubscriptions'>

const api = (overrides: Partial<SubscriptionApi> = {}): SubscriptionApi & { accepted: string[][] } => {
  const accepted: string[][] = []
  return {
    accepted,
    getSubscribeTemplates: jest.fn(async () => ({
      templates: [
        { kind: 'taken' as const, templateId: 'tmpl-taken' },
        { kind: 'completed' as const, templateId: 'tmpl-done' },
        { kind: 'invited' as const, templateId: 'tmpl-invited' },
        { kind: 'new_in_hall' as const, templateId: 'tmpl-hall' },
      ],
    })),
    acceptSubscriptions: jest.fn(async (request: { accepted: string[] }) => {
      accepted.push(request.accepted)
      return { subscriptions: request.accepted.map((templateId) => ({ templateId, remaining: 1 })) }
    }),
    ...overrides,
  }
}

test('asks for the configured templates of the kinds, and records what was accepted', async () => {
  const server = api()
  const dialog = jest.fn<ReturnType<RequestSubscribe>, Parameters<RequestSubscribe>>(async (ids) => Object.fromEntries(ids.map((id) => [id, id === 'tmpl-taken' ? 'accept' : 'reject'])))
  const store = new SubscriptionStore(server, dialog)
  await store.load()
  await expect(store.ask(['taken', 'completed', 'escalated'])).resolves.toBe(1)
  expect(dialog).toHaveBeenCalledWith(['tmpl-taken', 'tmpl-done'])
  expect(server.accepted).toEqual([['tmpl-taken']])
})

test('nothing accepted: nothing told; at most three templates at a time', async () => {
  const server = api()
  const dialog = jest.fn<ReturnType<RequestSubscribe>, Parameters<RequestSubscribe>>(async () => ({}))
  const store = new SubscriptionStore(server, dialog)
  await store.load()
  await expect(store.ask(['taken', 'completed', 'invited', 'new_in_hall'])).resolves.toBe(0)
  expect(dialog.mock.calls[0][0]).toHaveLength(3)
  expect(server.acceptSubscriptions).not.toHaveBeenCalled()
})

test('on H5 (no dialog) nothing is loaded or asked; a failing dialog or server never throws', async () => {
  const h5 = api()
  const store = new SubscriptionStore(h5)
  await store.load()
  await expect(store.ask(['taken'])).resolves.toBe(0)
  expect(h5.getSubscribeTemplates).not.toHaveBeenCalled()

  const failing = new SubscriptionStore(api({ acceptSubscriptions: jest.fn(async () => Promise.reject(new Error('offline'))) }), async (ids) => ({ [ids[0]]: 'accept' }))
  await failing.load()
  await expect(failing.ask(['taken'])).resolves.toBe(0)
  const refusing = new SubscriptionStore(api(), async () => Promise.reject(new Error('can only be invoked by user TAP gesture')))
  await refusing.load()
  await expect(refusing.ask(['taken'])).resolves.toBe(0)
  // Templates that could not be loaded: the taps ask for nothing.
  const unloaded = new SubscriptionStore(api({ getSubscribeTemplates: jest.fn(async () => Promise.reject(new Error('offline'))) }), async () => ({}))
  await unloaded.load()
  await expect(unloaded.ask(['taken'])).resolves.toBe(0)
})
