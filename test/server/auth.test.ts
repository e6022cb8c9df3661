import type { WebLoginInfoDto } from '../../types/api'
import type { DemoAccountDto, MeDto, SessionDto } from '../../types/people'
import { ConfigError, loadConfig } from '../../server/config'
import { createWechatClient } from '../../server/wechat/client'
import { createTestApp, type TestApp } from '../support/app'
import { appWithFakeWechat, type FakeWechat, wechatEnv } from '../support/fake-wechat'
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
let close: () => Promise<void>
beforeAll(async () => ({ t, wechat, close } = await appWithFakeWechat()))
afterAll(() => close?.())

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

describe('H5 web login (公众号网页授权)', () => {
  const SIGNUP = 'https://sandan.example.cn/#/pages/signup/index?invite=abc'

  /** What the H5 app does: asks where to go, goes there, and reads the address WeChat sends it back to. */
  async function authorize(state = 'x1y2z3', redirect = SIGNUP, scope = 'snsapi_base'): Promise<URL> {
    const { body: info } = await call<WebLoginInfoDto>(t.app, null, { method: 'GET', url: '/api/auth/wechat-web' })
    const query = `appid=${info.appId}&redirect_uri=${encodeURIComponent(redirect)}&response_type=code&scope=${scope}&state=${state}`
    const response = await fetch(`${info.authorizeUrl}?${query}#wechat_redirect`, { redirect: 'manual' })
    expect(response.status).toBe(302)
    return new URL(response.headers.get('location')!)
  }
  const webLogin = (code: string) => call<SessionDto>(t.app, null, { method: 'POST', url: '/api/auth/wechat-web', payload: { code } })
  const miniProgramLogin = (code: string) => call<SessionDto>(t.app, null, { method: 'POST', url: '/api/auth/wechat', payload: { code } })
  const codeOf = (back: URL) => back.searchParams.get('code')!

  afterEach(() => wechat.authorizeAs(null))

  test('GET tells the app where WeChat authorises, for the official account', async () => {
    const { status, body } = await call<WebLoginInfoDto>(t.app, null, { method: 'GET', url: '/api/auth/wechat-web' })
    expect(status).toBe(200)
    expect(body).toEqual({ available: true, appId: 'wx-test-web', authorizeUrl: `${wechat.baseUrl}/connect/oauth2/authorize` })
  })

  test('WeChat sends the browser back with code and state before the hash route, which keeps its invite', async () => {
    const back = await authorize('abc123')
    expect(`${back.origin}${back.pathname}`).toBe('https://sandan.example.cn/')
    expect(back.searchParams.get('state')).toBe('abc123')
    expect(codeOf(back)).toMatch(/^web-code-\d+$/)
    expect(back.hash).toBe('#/pages/signup/index?invite=abc')
    expect(wechat.authorizations.at(-1)).toMatchObject({ appid: 'wx-test-web', scope: 'snsapi_base', redirectUri: SIGNUP })
  })

  test('a new person: a session with no identity (sign-up next); the state never reaches the server', async () => {
    const { status, body } = await webLogin(codeOf(await authorize()))
    expect(status).toBe(200)
    expect(body.me).toEqual({ id: expect.any(Number), name: '', phone: '', consented: false, acting: null, identities: [] })
    expect((await call<MeDto>(t.app, body.token, { method: 'GET', url: '/api/me' })).body.id).toBe(body.me.id)
    // Another authorisation of nobody in particular is another new person.
    expect((await webLogin(codeOf(await authorize()))).body.me.id).not.toBe(body.me.id)
  })

  test('a returning person is the same person, with a new session each time', async () => {
    wechat.authorizeAs({ openid: 'web-bob' })
    const first = await webLogin(codeOf(await authorize()))
    const profile = await call(t.app, first.body.token, { method: 'PUT', url: '/api/me/profile', payload: { privacyConsent: true, name: '鲍大爷', phone: '13911110000' } })
    expect(profile.status).toBe(200)
    const again = await webLogin(codeOf(await authorize()))
    expect(again.body.me).toMatchObject({ id: first.body.me.id, name: '鲍大爷', consented: true })
    expect(again.body.token).not.toBe(first.body.token)
  })

  test('the unionid makes a mini-program login and a web login one person, whichever came first', async () => {
    // WeChat gives a web login's unionid only for snsapi_userinfo (a consent page), which the app
    // does not ask for today: this is what the server does should it, or should WeChat change.
    const userinfo = () => authorize('x1y2z3', SIGNUP, 'snsapi_userinfo')
    // Mini-program first: the web login finds them by unionid.
    wechat.setUnionid('openid-carol', 'union-carol')
    const carol = (await miniProgramLogin('ok-carol')).body.me.id
    wechat.authorizeAs({ openid: 'web-carol', unionid: 'union-carol' })
    expect((await webLogin(codeOf(await userinfo()))).body.me.id).toBe(carol)
    expect((await miniProgramLogin('ok-carol')).body.me.id).toBe(carol)

    // Web first: the mini-program login finds them by unionid, and both openids stay theirs.
    wechat.authorizeAs({ openid: 'web-dave', unionid: 'union-dave' })
    const dave = (await webLogin(codeOf(await userinfo()))).body.me.id
    wechat.setUnionid('openid-dave', 'union-dave')
    expect((await miniProgramLogin('ok-dave')).body.me.id).toBe(dave)
    expect((await webLogin(codeOf(await userinfo()))).body.me.id).toBe(dave)

    // Known from before WeChat gave a unionid: the next mini-program login records it.
    const erin = (await miniProgramLogin('ok-erin')).body.me.id
    wechat.setUnionid('openid-erin', 'union-erin')
    await miniProgramLogin('ok-erin')
    wechat.authorizeAs({ openid: 'web-erin', unionid: 'union-erin' })
    expect((await webLogin(codeOf(await userinfo()))).body.me.id).toBe(erin)

    // Without a unionid the apps cannot tell it is the same person: two people. So it is with the
    // app's silent snsapi_base, whatever the open platform binds.
    wechat.authorizeAs({ openid: 'web-frank' })
    expect((await webLogin(codeOf(await userinfo()))).body.me.id).not.toBe((await miniProgramLogin('ok-frank')).body.me.id)
    wechat.setUnionid('openid-gina', 'union-gina')
    const gina = (await miniProgramLogin('ok-gina')).body.me.id
    wechat.authorizeAs({ openid: 'web-gina', unionid: 'union-gina' })
    expect((await webLogin(codeOf(await authorize()))).body.me.id).not.toBe(gina)
  })

  test('a code WeChat refuses (made up, or used already) is 401 with a Chinese message', async () => {
    const refused = { code: 'unauthenticated', message: '登录凭证无效，请重新登录' }
    expect(await webLogin('made-up')).toMatchObject({ status: 401, body: refused })
    const code = codeOf(await authorize())
    expect((await webLogin(code)).status).toBe(200)
    expect(await webLogin(code)).toMatchObject({ status: 401, body: refused })
    expect(wechat.webCodes.slice(-2)).toEqual([code, code])
  })

  test('400 without a code, or with anything else in the body', async () => {
    expect((await call(t.app, null, { method: 'POST', url: '/api/auth/wechat-web', payload: {} })).body).toEqual({ code: 'invalid_input', message: '缺少参数 code' })
    expect((await call(t.app, null, { method: 'POST', url: '/api/auth/wechat-web', payload: { code: 'x', state: 'y' } })).status).toBe(400)
  })

  test('without an official account configured: not available, and the login is 404', async () => {
    const bare = await createTestApp({ env: { WECHAT_APP_ID: 'wx-test', WECHAT_APP_SECRET: 'secret', WECHAT_API_BASE: wechat.baseUrl } })
    try {
      expect((await call(bare.app, null, { method: 'GET', url: '/api/auth/wechat-web' })).body).toEqual({ available: false, appId: null, authorizeUrl: null })
      const { status, body } = await call(bare.app, null, { method: 'POST', url: '/api/auth/wechat-web', payload: { code: 'web-code-1' } })
      expect(status).toBe(404)
      expect(body).toEqual({ code: 'web_login_unavailable', message: '暂未开通微信网页登录，请在微信小程序中登录' })
    } finally {
      await bare.close()
    }
  }, 30_000)

  test('configuration: both settings or neither; optional in production', () => {
    expect(() => loadConfig({ WECHAT_WEB_APP_ID: 'wx-web' })).toThrow(/WECHAT_WEB_APP_SECRET is missing/)
    expect(() => loadConfig({ WECHAT_WEB_APP_SECRET: 's' })).toThrow(/WECHAT_WEB_APP_ID is missing/)
    expect(() => loadConfig({ WECHAT_AUTHORIZE_BASE: 'open.weixin.qq.com' })).toThrow(/WECHAT_AUTHORIZE_BASE/)
    const production = { NODE_ENV: 'production', WECHAT_APP_ID: 'wx1', WECHAT_APP_SECRET: 's', DATABASE_URL: 'postgres://db/sandan' }
    expect(loadConfig(production).wechatWeb).toBeNull()
    expect(loadConfig({ ...production, WECHAT_WEB_APP_ID: 'wx-web', WECHAT_WEB_APP_SECRET: 'ws' }).wechatWeb).toEqual({
      appId: 'wx-web', secret: 'ws', authorizeBase: 'https://open.weixin.qq.com',
    })
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
