import type { DemoAccountDto, SessionDto, UserDto } from '../../types/api'
import { ConfigError, loadConfig } from '../../server/config'
import { createWechatClient } from '../../server/wechat/client'
import { createTestApp, type TestApp } from '../support/app'
import { startFakeWechat, type FakeWechat } from '../support/fake-wechat'
import { call } from '../support/http'

let wechat: FakeWechat
let t: TestApp
beforeAll(async () => {
  wechat = await startFakeWechat()
  t = await createTestApp({ env: { WECHAT_APP_ID: 'wx-test', WECHAT_APP_SECRET: 'secret', WECHAT_API_BASE: wechat.baseUrl } })
})
afterAll(async () => {
  await t.close()
  await wechat.close()
})

describe('POST /api/auth/wechat', () => {
  test('a good code creates a resident once and returns a working session', async () => {
    const first = await call<SessionDto>(t.app, null, { method: 'POST', url: '/api/auth/wechat', payload: { code: 'ok-alice' } })
    expect(first.status).toBe(200)
    expect(first.body.user).toMatchObject({ name: '微信用户', role: 'resident', orgName: expect.stringContaining('阳光社区大党委 · ') })
    const second = await call<SessionDto>(t.app, null, { method: 'POST', url: '/api/auth/wechat', payload: { code: 'ok-alice' } })
    expect(second.body.user.id).toBe(first.body.user.id)
    expect(second.body.token).not.toBe(first.body.token)
    const me = await call<UserDto>(t.app, second.body.token, { method: 'GET', url: '/api/me' })
    expect(me.body.id).toBe(first.body.user.id)
    expect(wechat.codes).toEqual(['ok-alice', 'ok-alice'])
  })

  test('a bad code is 401 with a Chinese message', async () => {
    const { status, body } = await call(t.app, null, { method: 'POST', url: '/api/auth/wechat', payload: { code: 'stolen' } })
    expect(status).toBe(401)
    expect(body).toEqual({ code: 'unauthenticated', message: '登录凭证无效，请重新登录' })
  })

  test('400 without a code', async () => {
    expect((await call(t.app, null, { method: 'POST', url: '/api/auth/wechat', payload: {} })).body).toEqual({
      code: 'invalid_input',
      message: '缺少参数 code',
    })
  })

  test('an unreachable WeChat API is 502', async () => {
    const client = createWechatClient({ baseUrl: 'http://127.0.0.1:1', appId: 'a', secret: 's' })
    await expect(client.code2Session('ok-x')).rejects.toMatchObject({ name: 'WechatError', errcode: -1 })
  })
})

describe('GET /api/me', () => {
  test('the user with a masked phone and the org chain', async () => {
    const { status, body } = await call<UserDto>(t.app, t.tokens.resident, { method: 'GET', url: '/api/me' })
    expect(status).toBe(200)
    expect(body.phone).toMatch(/^138\*{4}\d{4}$/)
    expect(body.orgName).toMatch(/^阳光社区大党委 · 锦绣小区党支部 · 第\d网格$/)
    expect(body.orgPath).toBe(t.byRole.resident.orgPath)
  })

  test('401 without or with a bad token', async () => {
    expect((await call(t.app, null, { method: 'GET', url: '/api/me' })).body).toEqual({ code: 'unauthenticated', message: '请先登录' })
    expect((await call(t.app, 'A'.repeat(43), { method: 'GET', url: '/api/me' })).status).toBe(401)
  })
})

describe('demo login', () => {
  test('lists accounts of every role and signs in as one', async () => {
    const { body: accounts } = await call<DemoAccountDto[]>(t.app, null, { method: 'GET', url: '/api/auth/demo-accounts' })
    expect(new Set(accounts.map((a) => a.role))).toEqual(new Set(['resident', 'committee', 'party_member', 'volunteer']))
    expect(accounts[0].role).toBe('resident')
    const volunteer = accounts.find((a) => a.role === 'volunteer')!
    expect(volunteer.teamName).toMatch(/服务队|处突队/)
    const { body } = await call<SessionDto>(t.app, null, { method: 'POST', url: '/api/auth/demo', payload: { userId: volunteer.id } })
    expect(body.user).toMatchObject({ id: volunteer.id, role: 'volunteer', teamName: volunteer.teamName })
    expect((await call(t.app, null, { method: 'POST', url: '/api/auth/demo', payload: { userId: 99999 } })).status).toBe(404)
  })
})

describe('production mode', () => {
  const secrets = { NODE_ENV: 'production', WECHAT_APP_ID: 'wx1', WECHAT_APP_SECRET: 's', DATABASE_URL: 'postgres://db/sandan' }

  test.each(['WECHAT_APP_ID', 'WECHAT_APP_SECRET', 'DATABASE_URL'])('refuses to start without %s', (name) => {
    const env: Record<string, string> = { ...secrets }
    delete env[name]
    expect(() => loadConfig(env)).toThrow(ConfigError)
    expect(() => loadConfig(env)).toThrow(name)
  })

  test('SANDAN_ENV=production counts too; complete config starts without seed or demo login', () => {
    expect(() => loadConfig({ SANDAN_ENV: 'production' })).toThrow(/WECHAT_APP_ID/)
    expect(loadConfig(secrets)).toMatchObject({ production: true, seed: false, demoLogin: false })
    expect(loadConfig({})).toMatchObject({ production: false, seed: true, demoLogin: true, port: 3000, host: '127.0.0.1' })
  })

  test('demo routes are 404 in production', async () => {
    const prod = await createTestApp({ env: secrets })
    try {
      expect((await call(prod.app, null, { method: 'GET', url: '/api/auth/demo-accounts' })).body).toMatchObject({ code: 'not_found' })
      expect((await call(prod.app, null, { method: 'POST', url: '/api/auth/demo', payload: { userId: 1 } })).status).toBe(404)
      expect((await call(prod.app, prod.tokens.resident, { method: 'GET', url: '/api/me' })).status).toBe(200)
    } finally {
      await prod.close()
    }
  })
})
