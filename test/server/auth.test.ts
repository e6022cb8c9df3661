import type { DemoAccountDto, MeDto, SessionDto } from '../../types/people'
import { ConfigError, loadConfig } from '../../server/config'
import { createWechatClient } from '../../server/wechat/client'
import { createTestApp, type TestApp } from '../support/app'
import { startFakeWechat, wechatEnv, type FakeWechat } from '../support/fake-wechat'
import { call } from '../support/http'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../../server/app'
import type { Database } from '../../server/db/client'
import { createCommitteeMember, createCommunity } from '../../server/repositories/admin'
import { listDemoAccounts } from '../../server/repositories/users'
import { openEmptyDatabase, TEST_RATE_LIMITS } from '../support/app'
import { ROLES } from '../../src/domain'

let wechat: FakeWechat
let t: TestApp
beforeAll(async () => {
  wechat = await startFakeWechat()
  t = await createTestApp({ env: wechatEnv(wechat) })
})
afterAll(async () => {
  await t.close()
  await wechat.close()
})

describe('POST /api/auth/wechat', () => {
  test('a good code creates the person once, with no identity yet: the app leads them to sign-up', async () => {
    const first = await call<SessionDto>(t.app, null, { method: 'POST', url: '/api/auth/wechat', payload: { code: 'ok-alice' } })
    expect(first.status).toBe(200)
    expect(first.body.me).toEqual({ id: expect.any(Number), name: '', phone: '', consented: false, acting: null, identities: [] })
    const second = await call<SessionDto>(t.app, null, { method: 'POST', url: '/api/auth/wechat', payload: { code: 'ok-alice' } })
    expect(second.body.me.id).toBe(first.body.me.id)
    expect(second.body.token).not.toBe(first.body.token)
    const me = await call<MeDto>(t.app, second.body.token, { method: 'GET', url: '/api/me' })
    expect(me.body.id).toBe(first.body.me.id)
    // Acting in a role needs a membership: nobody is guessed into a grid.
    expect((await call(t.app, second.body.token, { method: 'GET', url: '/api/orders' })).body).toMatchObject({ code: 'not_registered' })
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
    // Port 1: nothing listens there, so the connection is refused at once.
    const unreachable = createWechatClient({ baseUrl: 'http://127.0.0.1:1', appId: 'wx-test', secret: 'secret' })
    await expect(unreachable.code2Session('ok-x')).rejects.toMatchObject({ name: 'WechatError', errcode: -1 })
    const offline = await createTestApp({ env: { WECHAT_APP_ID: 'wx-test', WECHAT_APP_SECRET: 'secret' }, wechat: unreachable })
    try {
      const { status, body } = await call(offline.app, null, { method: 'POST', url: '/api/auth/wechat', payload: { code: 'ok-x' } })
      expect(status).toBe(502)
      expect(body).toEqual({ code: 'wechat_error', message: expect.stringContaining('微信') })
    } finally {
      await offline.close()
    }
  })
})

describe('GET /api/me', () => {
  test('the person with a masked phone, the identity acting now and the org chain', async () => {
    const { status, body } = await call<MeDto>(t.app, t.tokens.resident, { method: 'GET', url: '/api/me' })
    expect(status).toBe(200)
    expect(body.phone).toMatch(/^138\*{4}\d{4}$/)
    expect(body.acting).toMatchObject({ role: 'resident', orgPath: t.byRole.resident.orgPath, householdAddress: expect.stringMatching(/号楼/) })
    expect(body.acting!.orgName).toMatch(/^阳光街道党工委 · 阳光社区大党委 · 锦绣小区党支部 · 第\d网格$/)
  })

  test('401 without or with a bad token', async () => {
    expect((await call(t.app, null, { method: 'GET', url: '/api/me' })).body).toEqual({ code: 'unauthenticated', message: '请先登录' })
    expect((await call(t.app, 'A'.repeat(43), { method: 'GET', url: '/api/me' })).status).toBe(401)
  })
})

describe('demo login', () => {
  test('lists identities of every role, a person once per identity, and signs in as one', async () => {
    const { body: accounts } = await call<DemoAccountDto[]>(t.app, null, { method: 'GET', url: '/api/auth/demo-accounts' })
    expect(new Set(accounts.map((a) => a.role))).toEqual(new Set(ROLES))
    expect(accounts[0].role).toBe('resident')
    // 双报到: at least three Party members are residents too.
    const residents = new Set(accounts.filter((a) => a.role === 'resident').map((a) => a.id))
    expect(accounts.filter((a) => a.role === 'party_member' && residents.has(a.id)).length).toBeGreaterThanOrEqual(3)
    const volunteer = accounts.find((a) => a.role === 'volunteer')!
    expect(volunteer.teamName).toMatch(/服务队|处突队/)
    const { body } = await call<SessionDto>(t.app, null, { method: 'POST', url: '/api/auth/demo', payload: { userId: volunteer.id, membershipId: volunteer.membershipId } })
    expect(body.me).toMatchObject({ id: volunteer.id, acting: { role: 'volunteer', teamName: volunteer.teamName } })
    expect((await call(t.app, null, { method: 'POST', url: '/api/auth/demo', payload: { userId: 99999 } })).status).toBe(404)
    // Someone else's membership is not a way in.
    const other = accounts.find((a) => a.id !== volunteer.id)!
    expect((await call(t.app, null, { method: 'POST', url: '/api/auth/demo', payload: { userId: volunteer.id, membershipId: other.membershipId } })).status).toBe(404)
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

describe('first WeChat login of an unknown person', () => {
  const wechatLogin = (app: FastifyInstance, code: string) =>
    call<SessionDto>(app, null, { method: 'POST', url: '/api/auth/wechat', payload: { code } })

  /** The app as production runs it (no demo login), on a database with nothing in it. */
  async function emptyApp(env: Record<string, string>) {
    const dataDir = mkdtempSync(join(tmpdir(), 'sandan-auth-'))
    const config = loadConfig({
      ...TEST_RATE_LIMITS, DATA_DIR: dataDir, H5_DIR: join(dataDir, 'none'),
      ...wechatEnv(wechat), ...env,
    })
    const database: Database = await openEmptyDatabase()
    const app = await buildApp({ config, db: database.db })
    const close = async () => {
      await app.close()
      await database.close()
      rmSync(dataDir, { recursive: true, force: true })
    }
    return { app, database, close }
  }
  const PRODUCTION = { NODE_ENV: 'production', DATABASE_URL: 'postgres://unused/sandan' }

  test('production, empty database: a session without identity (sign-up), never a 500', async () => {
    const prod = await emptyApp(PRODUCTION)
    try {
      const { status, body } = await wechatLogin(prod.app, 'ok-nobody')
      expect(status).toBe(200)
      expect(body.me).toMatchObject({ acting: null, identities: [], consented: false })
      expect((await call(prod.app, body.token, { method: 'GET', url: '/api/orders' })).status).toBe(403)
      // A committee member registered with `npm run admin -- create-committee --openid …` signs in as the committee.
      await createCommunity(prod.database.db, '阳光社区', [{ name: '锦绣小区', grids: ['第1网格'] }])
      const { userId } = await createCommitteeMember(prod.database.db, { community: '阳光社区', name: '王书记', phone: '13800000000', openid: 'openid-wang' })
      const session = await wechatLogin(prod.app, 'ok-wang')
      expect(session.status).toBe(200)
      expect(session.body.me).toMatchObject({ id: userId, name: '王书记', phone: '138****0000', acting: { role: 'committee', orgName: '阳光社区' } })
    } finally {
      await prod.close()
    }
  }, 30_000)

  test('production with a seeded org tree: the stranger holds no identity until they sign up', async () => {
    const prod = await createTestApp({ env: { ...PRODUCTION, ...wechatEnv(wechat) } })
    try {
      const identities = async () => (await listDemoAccounts(prod.database.db)).length
      const before = await identities()
      expect((await wechatLogin(prod.app, 'ok-stranger')).body.me).toMatchObject({ acting: null, identities: [] })
      expect(await identities()).toBe(before)
    } finally {
      await prod.close()
    }
  }, 30_000) // a whole app on a fresh database: seconds when the full suite loads both cores
})
