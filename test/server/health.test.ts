import type { Db } from '../../server/db/client'
import { buildApp } from '../../server/app'
import { createTestApp, type TestApp } from '../support/app'
import { call } from '../support/http'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(() => t.close())

test('GET /healthz: the process answers, no auth needed', async () => {
  const { status, body } = await call(t.app, null, { method: 'GET', url: '/healthz' })
  expect(status).toBe(200)
  expect(body).toEqual({ status: 'ok' })
})

test('GET /readyz: the database answers', async () => {
  const { status, body } = await call(t.app, null, { method: 'GET', url: '/readyz' })
  expect(status).toBe(200)
  expect(body).toEqual({ status: 'ready' })
})

test('both live outside /api', async () => {
  expect((await call(t.app, null, { method: 'GET', url: '/api/healthz' })).status).toBe(404)
  expect((await call(t.app, null, { method: 'GET', url: '/api/readyz' })).status).toBe(404)
})

describe('with the database down', () => {
  const failing = (execute: () => Promise<unknown>) => ({ execute }) as unknown as Db

  test('/readyz is 503 {code: unavailable} while /healthz stays 200', async () => {
    const app = await buildApp({ config: t.config, db: failing(() => Promise.reject(new Error('connection refused'))) })
    try {
      const { status, body } = await call(app, null, { method: 'GET', url: '/readyz' })
      expect(status).toBe(503)
      expect(body).toEqual({ code: 'unavailable', message: '数据库不可用' })
      expect((await call(app, null, { method: 'GET', url: '/healthz' })).status).toBe(200)
    } finally {
      await app.close()
    }
  })

  test('/readyz gives up on a database that never answers', async () => {
    const app = await buildApp({ config: t.config, db: failing(() => new Promise(() => {})) })
    try {
      const started = Date.now()
      const { status } = await call(app, null, { method: 'GET', url: '/readyz' })
      expect(status).toBe(503)
      expect(Date.now() - started).toBeLessThan(5000)
    } finally {
      await app.close()
    }
  })
})
