import { gunzipSync } from 'node:zlib'
import type { CategoryDto, GridDto, ResponderDto } from '../../types/api'
import { createTestApp, type TestApp } from '../support/app'
import { call } from '../support/http'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(() => t.close())

test('GET /api/categories is public, 助急 first and flagged', async () => {
  const { status, body } = await call<CategoryDto[]>(t.app, null, { method: 'GET', url: '/api/categories' })
  expect(status).toBe(200)
  expect(body.map((c) => c.name)).toEqual(['助急', '助餐', '助行', '助医', '代购代领', '维修', '法律咨询', '健康服务', '心理疏导', '其他'])
  expect(body[0]).toMatchObject({ code: 'emergency', emergency: true })
  expect(body.every((c) => c.description.length > 0)).toBe(true)
})

test('GET /api/grids lists the six grids of the community with full names', async () => {
  const { status, body } = await call<GridDto[]>(t.app, t.tokens.resident, { method: 'GET', url: '/api/grids' })
  expect(status).toBe(200)
  expect(body).toHaveLength(6)
  expect(body[0].fullName).toBe('锦绣小区党支部 · 第1网格')
  expect((await call(t.app, null, { method: 'GET', url: '/api/grids' })).status).toBe(401)
})

test('GET /api/responders: committee only, with teams, skills and active orders', async () => {
  const { status, body } = await call<ResponderDto[]>(t.app, t.tokens.committee, { method: 'GET', url: '/api/responders' })
  expect(status).toBe(200)
  expect(body).toHaveLength(20)
  expect(new Set(body.map((r) => r.role))).toEqual(new Set(['party_member', 'volunteer', 'department']))
  expect(body.filter((r) => r.teamName).length).toBe(10)
  expect(body.some((r) => r.activeOrders > 0)).toBe(true)
  expect(body.every((r) => r.skills.length > 0)).toBe(true)
  // Skills are catalogue codes with their names: the picker ranks by the order's code and shows the name.
  expect(body.find((r) => r.teamName === '党员先锋服务队')?.skills).toEqual([
    { code: 'repair', name: '维修' },
    { code: 'errands', name: '代购代领' },
    { code: 'mobility', name: '助行' },
  ])
  expect((await call(t.app, t.tokens.volunteer, { method: 'GET', url: '/api/responders' })).body).toMatchObject({ code: 'forbidden' })
  expect((await call(t.app, null, { method: 'GET', url: '/api/responders' })).status).toBe(401)
})

test('unknown API routes are 404 {code, message}', async () => {
  expect((await call(t.app, null, { method: 'GET', url: '/api/nope' })).body).toEqual({ code: 'not_found', message: '接口不存在' })
})

test('/api/docs/json is an OpenAPI document listing the routes', async () => {
  const { status, body } = await call<{ openapi: string; paths: Record<string, object> }>(t.app, null, { method: 'GET', url: '/api/docs/json' })
  expect(status).toBe(200)
  expect(body.openapi).toMatch(/^3\./)
  for (const path of ['/api/orders', '/api/orders/{id}', '/api/orders/{id}/transitions', '/api/auth/wechat', '/api/me', '/api/uploads', '/api/categories', '/api/grids', '/api/responders']) {
    expect(body.paths).toHaveProperty([path])
  }
  expect(Object.keys(body.paths['/api/orders'])).toEqual(expect.arrayContaining(['get', 'post']))
})

test('answers are gzipped when the client accepts it', async () => {
  const response = await t.app.inject({ method: 'GET', url: '/api/categories', headers: { 'accept-encoding': 'gzip' } })
  expect(response.statusCode).toBe(200)
  expect(response.headers['content-encoding']).toBe('gzip')
  const plain = await t.app.inject({ method: 'GET', url: '/api/categories' })
  expect(JSON.parse(gunzipSync(response.rawPayload).toString('utf8'))).toEqual(plain.json())
})
