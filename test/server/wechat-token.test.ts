/**
 * One access token for every server process: two clients (two processes) on one database share
 * the token the first fetched; when WeChat stops accepting it, one renews and the other reads the
 * new one rather than fetching its own (which would knock the first one's out).
 */
import { createWechatClient } from '../../server/wechat/client'
import { databaseTokenStore } from '../../server/wechat/token-store'
import { createTestApp, type TestApp } from '../support/app'
import { startFakeWechat, type FakeWechat } from '../support/fake-wechat'
import { serverProcesses, type ServerProcesses } from '../support/server-processes'

let wechat: FakeWechat
beforeEach(async () => {
  wechat = await startFakeWechat()
})
afterEach(() => wechat.close())

const clientOn = (db: Parameters<typeof databaseTokenStore>[0]) =>
  createWechatClient({ baseUrl: wechat.baseUrl, appId: 'wx-test', secret: 'secret', tokenStore: databaseTokenStore(db, 'wx-test') })
const send = (c: ReturnType<typeof clientOn>, openid: string) => c.sendSubscribeMessage({ openid, templateId: 'tmpl-a', page: 'p', data: {} })

describe('on the embedded database', () => {
  let t: TestApp
  beforeAll(async () => {
    t = await createTestApp()
  })
  afterAll(() => t.close())

  test('the second process reads the first one’s token; after WeChat drops it, one renewal serves both', async () => {
    const [first, second] = [clientOn(t.database.db), clientOn(t.database.db)]
    expect(await first.accessToken()).toBe('token-1')
    expect(await second.accessToken()).toBe('token-1')
    expect(wechat.tokenRequests).toBe(1)

    wechat.expireTokens()
    await send(first, 'openid-a') // refused with 42001, renewed, sent
    await send(second, 'openid-b') // its token refused too: it reads the renewed one
    expect(wechat.tokenRequests).toBe(2)
    expect(wechat.sends.map((s) => s.touser)).toEqual(['openid-a', 'openid-b'])
  })
})

describe('on PostgreSQL, two processes renewing at once', () => {
  let cluster: ServerProcesses
  beforeAll(async () => {
    cluster = await serverProcesses('sandan_token')
  }, 120_000)
  afterAll(() => cluster.close())

  test('ten calls in each of two processes with no token yet: WeChat is asked once', async () => {
    const { processes } = cluster
    if (processes.length === 0) return
    const clients = processes.map((p) => clientOn(p.db))
    const tokens = await Promise.all(clients.flatMap((c) => Array.from({ length: 10 }, () => c.accessToken())))
    expect(new Set(tokens)).toEqual(new Set(['token-1']))
    expect(wechat.tokenRequests).toBe(1)
  })
})
