import type { CategoryDto, OrderDetailDto, ServiceDto } from '../../types/api'
import { createTestApp, type TestApp } from '../support/app'
import { call, requestsTo } from '../support/http'
import { orderDraft } from '../support/orders'

/** Each community is a tenant with its own catalogue settings: what it offers, and its photo rule. */
let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(() => t.close())

const { get } = requestsTo(() => t.app)
const send = <T>(token: string, method: 'POST' | 'PUT', url: string, payload: object) => call<T>(t.app, token, { method, url, payload })

/** 孙书记: the committee of another community (幸福社区党委). */
const otherCommittee = () => t.login(t.accounts.find((a) => a.role === 'committee' && a.name === '孙书记')!.id)

test('a community switches a service off and requires photos for another; only its own people see it', async () => {
  const committee = t.tokens.committee
  const services = (await get<ServiceDto[]>(committee, '/api/catalogue')).body
  expect(services.map((s) => s.code)).toContain('legal')
  expect(services.every((s) => s.enabled && !s.own)).toBe(true)

  const off = await send<ServiceDto>(committee, 'PUT', '/api/catalogue/legal', { enabled: false, photoRequired: null })
  expect(off.body).toMatchObject({ code: 'legal', enabled: false })
  const photos = await send<ServiceDto>(committee, 'PUT', '/api/catalogue/meals', { enabled: true, photoRequired: true })
  expect(photos.body).toMatchObject({ code: 'meals', photoRequired: true })

  // Residents of this community no longer see 法律咨询, and 助餐 now asks for a photo.
  const offered = (await get<CategoryDto[]>(t.tokens.resident, '/api/categories')).body
  expect(offered.map((c) => c.code)).not.toContain('legal')
  expect(offered.find((c) => c.code === 'meals')).toMatchObject({ photoRequired: true })
  expect((await send(t.tokens.resident, 'POST', '/api/orders', orderDraft(t, { categoryCode: 'legal' }))).body).toMatchObject({
    code: 'invalid_input',
    message: expect.stringContaining('本社区暂不提供'),
  })
  expect((await send(t.tokens.resident, 'POST', '/api/orders', orderDraft(t))).body).toMatchObject({ message: expect.stringContaining('照片') })

  // Another community keeps the shared catalogue as it was; so does someone not signed in.
  const elsewhere = await otherCommittee()
  expect((await get<ServiceDto[]>(elsewhere, '/api/catalogue')).body.find((s) => s.code === 'legal')).toMatchObject({ enabled: true })
  expect((await get<CategoryDto[]>(null, '/api/categories')).body.map((c) => c.code)).toContain('legal')

  // Back to the catalogue's rule.
  expect((await send<ServiceDto>(committee, 'PUT', '/api/catalogue/meals', { enabled: true, photoRequired: null })).body.photoRequired).toBe(false)
  expect((await send(t.tokens.resident, 'POST', '/api/orders', orderDraft(t))).status).toBe(201)
})

test("a community adds its own service: its residents order it, other communities don't see it", async () => {
  const created = await send<ServiceDto>(t.tokens.committee, 'POST', '/api/catalogue', { name: '理发', description: '上门为行动不便的老人理发', photoRequired: false })
  expect(created.status).toBe(201)
  expect(created.body).toMatchObject({ name: '理发', own: true, enabled: true, emergency: false })
  const order = await send<OrderDetailDto>(t.tokens.resident, 'POST', '/api/orders', orderDraft(t, { categoryCode: created.body.code }))
  expect(order.status).toBe(201)
  expect(order.body.categoryName).toBe('理发')

  const elsewhere = await otherCommittee()
  expect((await get<ServiceDto[]>(elsewhere, '/api/catalogue')).body.map((s) => s.code)).not.toContain(created.body.code)
  expect((await send(elsewhere, 'PUT', `/api/catalogue/${created.body.code}`, { enabled: false, photoRequired: null })).status).toBe(404)
  expect((await send(t.tokens.committee, 'POST', '/api/catalogue', { name: '理发', description: '重复', photoRequired: false })).status).toBe(400)
})

test('who may set the catalogue, and what cannot be switched off', async () => {
  expect((await send(t.tokens.committee, 'PUT', '/api/catalogue/emergency', { enabled: false, photoRequired: null })).body).toMatchObject({
    code: 'invalid_input',
    message: '紧急求助不能停用',
  })
  const branch = t.accounts.find((a) => a.role === 'committee' && a.orgPath !== a.communityPath && a.communityPath === t.byRole.committee.orgPath)!
  const branchToken = await t.login(branch.id)
  expect((await get(branchToken, '/api/catalogue')).status).toBe(200)
  expect((await send(branchToken, 'PUT', '/api/catalogue/health', { enabled: false, photoRequired: null })).status).toBe(403)
  for (const role of ['resident', 'volunteer', 'street_admin'] as const) {
    expect((await get(t.tokens[role], '/api/catalogue')).status).toBe(403)
    expect((await send(t.tokens[role], 'POST', '/api/catalogue', { name: '测试', description: '测试', photoRequired: false })).status).toBe(403)
  }
  expect((await send(t.tokens.committee, 'PUT', '/api/catalogue/nope', { enabled: true, photoRequired: null })).status).toBe(404)
  expect((await send(t.tokens.committee, 'PUT', '/api/catalogue/meals', { enabled: 'yes', photoRequired: null })).status).toBe(400)
  expect((await send(t.tokens.committee, 'POST', '/api/catalogue', { name: ' ', description: '说明', photoRequired: false })).status).toBe(400)
})
