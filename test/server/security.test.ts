import Fastify from 'fastify'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { InviteDto, SessionDto } from '../../types/people'
import { registerAuth } from '../../server/plugins/auth'
import { registerErrorHandler } from '../../server/plugins/error-handler'
import { rateLimited, registerSecurity } from '../../server/plugins/security'
import { createTestApp, type TestApp } from '../support/app'
import { startFakeWechat, wechatEnv } from '../support/fake-wechat'
import { orderDraft } from '../support/orders'
import { call } from '../support/http'

const RATE_LIMITED = { code: 'rate_limited', message: '操作太频繁，请稍后再试' }

describe('security headers', () => {
  let t: TestApp
  let h5Dir: string
  beforeAll(async () => {
    h5Dir = mkdtempSync(join(tmpdir(), 'sandan-h5-'))
    writeFileSync(join(h5Dir, 'index.html'), '<!doctype html><script>document.title="x"</script><div id="app"></div>')
    t = await createTestApp({ env: { H5_DIR: h5Dir } })
  })
  afterAll(async () => {
    await t.close()
    rmSync(h5Dir, { recursive: true, force: true })
  })

  test('API answers carry helmet headers', async () => {
    const { response } = await call(t.app, null, { method: 'GET', url: '/api/categories' })
    expect(response.headers).toMatchObject({
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'SAMEORIGIN',
      'strict-transport-security': expect.stringContaining('max-age='),
      'referrer-policy': 'no-referrer',
    })
    expect(response.headers['x-powered-by']).toBeUndefined()
    expect(response.headers['content-security-policy']).toBe("default-src 'none';frame-ancestors 'none'") // JSON loads nothing
  })

  test("the H5 page's CSP allows its inline script and styles, and nothing from other origins", async () => {
    const { status, response } = await call(t.app, null, { method: 'GET', url: '/' })
    expect(status).toBe(200)
    const csp = String(response.headers['content-security-policy'])
    expect(csp).toContain("default-src 'self'")
    expect(csp).toContain("script-src 'self' 'unsafe-inline'")
    expect(csp).toContain("style-src 'self' 'unsafe-inline'")
    expect(csp).toContain("img-src 'self' data: blob:")
    expect(csp).toContain("connect-src 'self' blob:") // the H5 upload reads the picked photo from its blob: URL
    expect(csp).toContain("object-src 'none'")
    expect(csp).not.toContain('upgrade-insecure-requests')
  })

  test('the API docs still load under the CSP', async () => {
    const page = await call(t.app, null, { method: 'GET', url: '/api/docs/' })
    expect(page.status).toBe(200)
    // swagger-ui loads only same-origin scripts: allowed by script-src 'self'.
    const scripts = [...page.response.body.matchAll(/<script src="([^"]+)"/g)].map((m) => m[1])
    expect(scripts.length).toBeGreaterThan(0)
    expect(scripts.every((src) => !/^(https?:)?\/\//.test(src))).toBe(true)
    expect((await call(t.app, null, { method: 'GET', url: '/api/docs/json' })).status).toBe(200)
  })
})

describe('rate limits', () => {
  test('login: the limit per IP from config, then 429 {code, message} with Retry-After', async () => {
    const t = await createTestApp({ env: { RATE_LIMIT_LOGIN_PER_MINUTE: '2' } })
    try {
      const login = () => call<SessionDto>(t.app, null, { method: 'POST', url: '/api/auth/demo', payload: { userId: t.byRole.resident.id } })
      expect((await login()).status).toBe(200)
      const second = await login()
      expect(second.status).toBe(200)
      expect(second.response.headers['x-ratelimit-remaining']).toBe('0')
      const third = await login()
      expect(third.status).toBe(429)
      expect(third.body).toEqual(RATE_LIMITED)
      expect(Number(third.response.headers['retry-after'])).toBeGreaterThan(0)
      expect(Number(third.response.headers['retry-after'])).toBeLessThanOrEqual(60)
      // Another client address has its own allowance.
      const elsewhere = await t.app.inject({ method: 'POST', url: '/api/auth/demo', payload: { userId: t.byRole.resident.id }, remoteAddress: '10.0.0.9' })
      expect(elsewhere.statusCode).toBe(200)
      // Routes without the option are not limited.
      for (let i = 0; i < 4; i++) expect((await call(t.app, null, { method: 'GET', url: '/api/categories' })).status).toBe(200)
    } finally {
      await t.close()
    }
  })

  test('WeChat login has the same per-IP limit', async () => {
    const t = await createTestApp({ env: { RATE_LIMIT_LOGIN_PER_MINUTE: '1', WECHAT_APP_ID: 'wx', WECHAT_APP_SECRET: 's', WECHAT_API_BASE: 'http://127.0.0.1:1' } })
    try {
      // The first attempt reaches WeChat (unreachable here: 502); the second is stopped before it.
      expect((await call(t.app, null, { method: 'POST', url: '/api/auth/wechat', payload: { code: 'x' } })).status).toBe(502)
      const limited = await call(t.app, null, { method: 'POST', url: '/api/auth/wechat', payload: { code: 'x' } })
      expect(limited.status).toBe(429)
      expect(limited.body).toEqual(RATE_LIMITED)
    } finally {
      await t.close()
    }
  })

  test("create: rateLimited('create') counts per signed-in user, and per IP for anonymous callers", async () => {
    const t = await createTestApp({ env: { RATE_LIMIT_CREATE_PER_MINUTE: '2' } })
    // A bare app with the same plugins and one route using the option, as POST /api/orders does.
    const app = Fastify()
    app.decorate('config', t.config)
    app.decorate('db', t.database.db)
    app.decorate('now', () => new Date())
    registerErrorHandler(app)
    registerAuth(app)
    await registerSecurity(app)
    app.post('/orders', { ...rateLimited('create') }, async (request) => ({ by: request.user?.id ?? null }))
    try {
      const create = (token: string | null) => call<{ by: number | null }>(app, token, { method: 'POST', url: '/orders', payload: {} })
      expect((await create(t.tokens.resident)).body).toEqual({ by: t.byRole.resident.id })
      expect((await create(t.tokens.resident)).status).toBe(200)
      const limited = await create(t.tokens.resident)
      expect(limited.status).toBe(429)
      expect(limited.body).toEqual(RATE_LIMITED)
      expect(limited.response.headers['retry-after']).toBeDefined()
      // Same IP, another user: a fresh allowance (neighbours behind one NAT do not block each other).
      expect((await create(t.tokens.committee)).status).toBe(200)
      expect((await create(null)).status).toBe(200)
      expect((await create(null)).status).toBe(200)
      expect((await create(null)).status).toBe(429)
    } finally {
      await app.close()
      await t.close()
    }
  })
})

test('POST /api/orders itself is limited per user, and a refused order is not written', async () => {
  const t = await createTestApp({ env: { RATE_LIMIT_CREATE_PER_MINUTE: '2' } })
  try {
    const create = () => call(t.app, t.tokens.resident, { method: 'POST', url: '/api/orders', payload: orderDraft(t) })
    expect((await create()).status).toBe(201)
    expect((await create()).status).toBe(201)
    const limited = await create()
    expect(limited.status).toBe(429)
    expect(limited.body).toEqual(RATE_LIMITED)
    const mine = await call<{ items: unknown[] }>(t.app, t.tokens.resident, { method: 'GET', url: '/api/orders?limit=50' })
    const before = await createTestApp()
    const seeded = await call<{ items: unknown[] }>(before.app, before.tokens.resident, { method: 'GET', url: '/api/orders?limit=50' })
    await before.close()
    expect(mine.body.items.length).toBe(seeded.body.items.length + 2)
  } finally {
    await t.close()
  }
})

test('an invite\'s mini-program code is limited per address like a login: each one is a call to WeChat', async () => {
  const wechat = await startFakeWechat()
  const t = await createTestApp({ env: { ...wechatEnv(wechat), RATE_LIMIT_LOGIN_PER_MINUTE: '2' } })
  try {
    const grid = (await call<{ id: number }[]>(t.app, t.tokens.committee, { method: 'GET', url: '/api/grids' })).body[0]
    const invite = await call<InviteDto>(t.app, t.tokens.committee, { method: 'POST', url: '/api/invites', payload: { role: 'resident', orgId: grid.id } })
    const qr = () => call(t.app, null, { method: 'GET', url: invite.body.qrUrl })
    expect((await qr()).status).toBe(200)
    expect((await qr()).status).toBe(200)
    const limited = await qr()
    expect([limited.status, limited.body]).toEqual([429, RATE_LIMITED])
    expect(wechat.wxaCodes).toHaveLength(2)
  } finally {
    await t.close()
    await wechat.close()
  }
})

describe('rate-limit defaults', () => {
  test('test apps default to limits no other test reaches', async () => {
    const t = await createTestApp()
    try {
      expect(t.config.rateLimit).toEqual({ loginPerMinute: 100000, createPerMinute: 100000 })
    } finally {
      await t.close()
    }
  })
})
