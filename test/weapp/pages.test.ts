/**
 * Real pages of the built weapp (dist/), rendered by miniprogram-simulate and backed by the
 * real server (fastify inject, fresh seeded database): what they show comes from the API, and a
 * tap goes through Taro's event system into the mobx stores and back out through setData.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { deliverNotices } from '../../server/jobs/deliver-notices'
import type { OrderDetailDto, OrderPageDto } from '../../types/api'
import type { DemoAccountDto, MeDto } from '../../types/people'
import { bearer, createTestApp, type TestApp } from '../support/app'
import { closeWeapp, injectHandler, launchWeapp, queryAll, tap, textOf, waitFor, type WeappPage } from '../support/weapp-harness'

const MARKER = join(__dirname, '..', '..', 'test-results', 'weapp.ran')
const ran: string[] = []
let t: TestApp

beforeAll(async () => {
  rmSync(MARKER, { force: true })
  t = await createTestApp()
})
afterAll(async () => {
  closeWeapp()
  await t?.close()
  // CI checks that these tests really ran (not skipped for a missing build or environment).
  if (ran.length) {
    mkdirSync(join(MARKER, '..'), { recursive: true })
    writeFileSync(MARKER, `${JSON.stringify({ at: new Date().toISOString(), ran }, null, 2)}\n`)
  }
})

async function serverGet<T>(url: string, token: string): Promise<T> {
  const res = await t.app.inject({ method: 'GET', url, headers: bearer(token) })
  expect(res.statusCode).toBe(200)
  return res.json() as T
}

const texts = (page: WeappPage, selector: string) => page.$$(selector).map(textOf)

test('me: lists the demo identities from the server; tapping a resident signs in as that resident', async () => {
  const weapp = await launchWeapp({ request: injectHandler(t.app) })
  const page = await weapp.openPage('pages/me/index')
  expect(texts(page, '.me__name')).toEqual(['未登录'])

  await waitFor(() => page.$$('.demo-account').length > 0, { what: 'demo accounts' })
  const fromServer = (await t.app.inject({ method: 'GET', url: '/api/auth/demo-accounts' })).json() as DemoAccountDto[]
  const residents = fromServer.filter((a) => a.role === 'resident').map((a) => a.name)
  // Every role the server offers is shown, and only the server's accounts.
  for (const role of new Set(fromServer.map((a) => a.role))) expect(page.$$(`.demo-account--${role}`).length).toBeGreaterThan(0)
  expect(fromServer.map((a) => a.name)).toEqual(expect.arrayContaining(texts(page, '.demo-account__name')))
  // A long list starts folded; its "show all" control (a tap, too) lists every resident.
  if (page.$$('.demo-account--resident').length < residents.length) {
    const more = page.$$('.demo-switcher__more').find((m) => textOf(m).includes(String(residents.length)))
    expect(more).toBeDefined()
    await tap(more!)
    await waitFor(() => page.$$('.demo-account--resident').length === residents.length, { what: 'all residents listed' })
  }
  expect(texts(page, '.demo-account--resident .demo-account__name')).toEqual(residents)

  const resident = page.$$('.demo-account--resident')[1]
  const name = textOf(queryAll(resident, '.demo-account__name')[0])
  await tap(resident)

  await waitFor(() => texts(page, '.me__name')[0] === name, { what: `profile shows ${name}` })
  const token = weapp.storage.get('sandan.token')
  expect(token).toBeTruthy()
  const me = await serverGet<MeDto>('/api/me', token!)
  expect(me).toMatchObject({ name, acting: { role: 'resident' } })
  expect(weapp.requests.filter((r) => r.url.endsWith('/api/auth/demo'))).toEqual([
    expect.objectContaining({ method: 'POST', data: { userId: me.id, membershipId: me.acting!.membershipId } }),
  ])
  // The identity acted as is listed on 我的 and marked as the current one.
  await waitFor(() => texts(page, '.identity--current .identity__role')[0] === '居民', { what: 'current identity listed' })
  // The switcher marks the new account once the switch has finished ('切换中…' until then).
  await waitFor(() => texts(page, '.demo-account--current .demo-account__name')[0] === name, { what: 'account marked current' })
  page.close()
  ran.push('me')
})

test('orders: the committee inbox shows the server’s list; another tab chip shows that group', async () => {
  const weapp = await launchWeapp({ request: injectHandler(t.app), storage: { 'sandan.token': t.tokens.committee } })
  const page = await weapp.openPage('pages/orders/index')
  const pending = await serverGet<OrderPageDto>('/api/orders?group=pending&limit=20', t.tokens.committee)
  expect(pending.items.length).toBeGreaterThan(0)

  await waitFor(() => page.$$('.order-card').length === pending.items.length, { what: 'pending order cards' })
  await weapp.idle()
  expect(texts(page, '.order-card__summary')).toEqual(pending.items.map((o) => o.summary))
  // The tab, and the 时限 filter row below the tabs, unfiltered.
  expect(texts(page, '.chip--selected .chip__label')).toEqual(['待处理', '不限'])

  const chip = page.$$('.chip').find((c) => textOf(c).startsWith('已办结'))!
  const done = await serverGet<OrderPageDto>('/api/orders?group=done&limit=20', t.tokens.committee)
  expect(done.items.map((o) => o.id)).not.toEqual(pending.items.map((o) => o.id))
  await tap(chip)

  await waitFor(() => texts(page, '.chip--selected .chip__label')[0] === '已办结', { what: 'done chip selected' })
  await waitFor(
    () => JSON.stringify(texts(page, '.order-card__summary')) === JSON.stringify(done.items.map((o) => o.summary)),
    { what: 'done order cards' },
  )
  if (done.items.length === 0) expect(page.$$('.state-view--empty')).toHaveLength(1)
  expect(weapp.requests.map((r) => r.url.replace('http://127.0.0.1:3000', ''))).toEqual(
    expect.arrayContaining(['/api/me', '/api/orders?group=pending&limit=20', '/api/orders?group=done&limit=20']),
  )
  page.close()
  ran.push('orders')
})

test('messages: the committee’s messages from the server; the 消息 tab badge through wx; a tap marks read and opens the order', async () => {
  const post = (url: string, token: string, payload: object) => t.app.inject({ method: 'POST', url, payload, headers: bearer(token) })
  // Only this test's message is unread; then a resident's order, and its notices delivered.
  expect((await post('/api/messages/read', t.tokens.committee, { all: true })).statusCode).toBe(200)
  const order = (await post('/api/orders', t.tokens.resident, { categoryCode: 'other', description: '楼道灯坏了，晚上看不见', urgency: 'normal' })).json() as OrderDetailDto
  await deliverNotices(t.database.db, new Date())

  const weapp = await launchWeapp({ request: injectHandler(t.app), storage: { 'sandan.token': t.tokens.committee } })
  // WeChat's tab bar and navigation, recorded (Taro looks `wx.*` up at each call).
  const wx = (globalThis as unknown as { wx: Record<string, unknown> }).wx
  const calls: { api: string; options: Record<string, unknown> }[] = []
  for (const api of ['setTabBarBadge', 'removeTabBarBadge', 'navigateTo']) {
    wx[api] = (options: Record<string, unknown> & { success?: (r: object) => void }) => {
      calls.push({ api, options })
      options.success?.({ errMsg: `${api}:ok` })
    }
  }
  const page = await weapp.openPage('pages/messages/index')
  // The tab page shown draws the badge (index 2: the 消息 tab).
  await waitFor(() => calls.some((c) => c.api === 'setTabBarBadge' && c.options.index === 2 && c.options.text === '1'), { what: 'badge 1' })
  await waitFor(() => page.$$('.message--unread').length === 1, { what: 'one unread message' })
  const unread = page.$$('.message--unread')[0]
  expect(textOf(queryAll(unread, '.message__title')[0])).toBe('新的居民点单，请及时受理')
  expect(textOf(queryAll(unread, '.message__body')[0])).toContain(order.summary)

  await tap(unread)
  await waitFor(() => calls.some((c) => c.api === 'navigateTo'), { what: 'the order opened' })
  expect(calls.find((c) => c.api === 'navigateTo')?.options.url).toBe(`/pages/order-detail/index?id=${order.id}`)
  await waitFor(() => calls.some((c) => c.api === 'removeTabBarBadge' && c.options.index === 2), { what: 'badge removed' })
  await weapp.idle()
  expect(page.$$('.message--unread')).toHaveLength(0)
  expect(await serverGet<{ unread: number }>('/api/messages/unread', t.tokens.committee)).toEqual({ unread: 0 })
  page.close()
  ran.push('messages')
})

test('live: the committee inbox gets a new order by itself, over wx.connectSocket', async () => {
  await t.app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = t.app.server.address() as AddressInfo
  const weapp = await launchWeapp({ request: injectHandler(t.app), storage: { 'sandan.token': t.tokens.committee }, socketOrigin: `ws://127.0.0.1:${port}` })
  const page = await weapp.openPage('pages/orders/index')
  await waitFor(() => page.$$('.order-card').length > 0, { what: 'the inbox' })
  await waitFor(() => t.app.live.size === 1, { what: 'the app’s socket signed in' })
  const asked = weapp.requests.length

  const description = '单元门禁坏了，老人进不了门'
  const placed = await t.app.inject({ method: 'POST', url: '/api/orders', payload: { categoryCode: 'other', description, urgency: 'normal' }, headers: bearer(t.tokens.resident) })
  expect(placed.statusCode).toBe(201)
  // Nobody pulled down or switched tabs: the socket said the order changed, the list asked again.
  await waitFor(() => texts(page, '.order-card__summary').includes(description), { what: 'the new order in the inbox' })
  expect(weapp.requests.slice(asked).map((r) => r.url.replace('http://127.0.0.1:3000', ''))).toContain('/api/orders?group=pending&limit=20')
  page.close()
  ran.push('live')
})
