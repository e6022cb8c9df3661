/**
 * WeChat subscribe messages from the outbox: a person accepts a template in WeChat's dialog; a
 * notice of that kind is then sent to them once, through the fake WeChat speaking the real
 * protocol (cgi-bin/token, message/subscribe/send); a busy WeChat is retried with backoff, a
 * final refusal is not; nobody without a subscription is sent anything.
 */
import { sql } from 'drizzle-orm'
import { deliverNotices } from '../../server/jobs/deliver-notices'
import { MAX_PUSH_ATTEMPTS, pushMessages } from '../../server/jobs/push-messages'
import { createWechatClient } from '../../server/wechat/client'
import type { OrderDetailDto } from '../../types/api'
import type { SubscribeTemplatesDto, SubscriptionsDto } from '../../types/messages'
import { createTestApp, queryRows, type TestApp } from '../support/app'
import { startFakeWechat, type FakeWechat } from '../support/fake-wechat'
import { call } from '../support/http'
import { orderDraft } from '../support/orders'

const TEMPLATES = { taken: 'tmpl-taken', completed: 'tmpl-completed' }
let t: TestApp
let wechat: FakeWechat
let client: ReturnType<typeof createWechatClient>

beforeAll(async () => {
  wechat = await startFakeWechat()
  t = await createTestApp({ env: { WECHAT_SUBSCRIBE_TEMPLATES: 'taken=tmpl-taken,completed=tmpl-completed', WECHAT_API_BASE: wechat.baseUrl, WECHAT_APP_ID: 'wx-test', WECHAT_APP_SECRET: 's' } })
  client = createWechatClient({ baseUrl: wechat.baseUrl, appId: 'wx-test', secret: 's' })
  await deliverNotices(t.database.db, t.app.now())
})
afterAll(async () => {
  await t.close()
  await wechat.close()
})

const db = () => t.database.db
const deliver = () => deliverNotices(db(), t.app.now(), TEMPLATES)
const act = (token: string, id: number, body: object) => call(t.app, token, { method: 'POST', url: `/api/orders/${id}/transitions`, payload: body })
const setOpenid = (userId: number, openid: string | null) => db().execute(sql`update users set openid = ${openid} where id = ${userId}`)
const pushes = (orderId: number) =>
  queryRows<{ templateId: string; status: string; attempts: number; openid: string }>(
    db(),
    sql`select p.template_id as "templateId", p.status, p.attempts, p.openid from wechat_pushes p join messages m on m.id = p.message_id where m.order_id = ${orderId} order by p.id`,
  )

async function takenOrder(): Promise<number> {
  const { body } = await call<OrderDetailDto>(t.app, t.tokens.resident, { method: 'POST', url: '/api/orders', payload: orderDraft(t) })
  await act(t.tokens.committee, body.id, { action: 'publish' })
  await act(t.tokens.volunteer, body.id, { action: 'claim' })
  return body.id
}

test('the app learns which templates to ask for, and records what was accepted', async () => {
  const templates = await call<SubscribeTemplatesDto>(t.app, t.tokens.resident, { method: 'GET', url: '/api/messages/subscriptions' })
  expect(templates.body.templates).toEqual([
    { kind: 'taken', templateId: 'tmpl-taken' },
    { kind: 'completed', templateId: 'tmpl-completed' },
  ])
  const unknown = await call<{ code: string; message: string }>(t.app, t.tokens.resident, { method: 'POST', url: '/api/messages/subscriptions', payload: { accepted: ['tmpl-other'] } })
  expect([unknown.status, unknown.body.code]).toEqual([400, 'invalid_input'])
})

test('accepted once: 已接单 is sent to the resident once, as WeChat wants it; nothing without a subscription', async () => {
  const resident = t.byRole.resident
  await setOpenid(resident.id, 'openid-resident')
  const accepted = await call<SubscriptionsDto>(t.app, t.tokens.resident, { method: 'POST', url: '/api/messages/subscriptions', payload: { accepted: ['tmpl-taken'] } })
  expect(accepted.body.subscriptions).toEqual([{ templateId: 'tmpl-taken', remaining: 1 }])

  const first = await takenOrder()
  await deliver()
  expect(await pushes(first)).toEqual([{ templateId: 'tmpl-taken', status: 'pending', attempts: 0, openid: 'openid-resident' }])
  const before = wechat.sends.length
  expect(await pushMessages(db(), client, t.app.now())).toEqual({ sent: 1, retried: 0, failed: 0 })
  expect(await pushMessages(db(), client, t.app.now())).toEqual({ sent: 0, retried: 0, failed: 0 })
  expect(wechat.sends.slice(before)).toEqual([
    {
      touser: 'openid-resident',
      templateId: 'tmpl-taken',
      page: `pages/order-detail/index?id=${first}`,
      data: { thing1: { value: '助餐' }, thing2: { value: '您的订单已有人接单' }, time3: { value: expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/) } },
    },
  ])
  // The subscription is used up: the next order's 已接单 is a message in the app only.
  const second = await takenOrder()
  await deliver()
  expect(await pushes(second)).toEqual([])
})

test('a busy WeChat is retried with backoff and sent once; a final refusal is not retried', async () => {
  const resident = t.byRole.resident
  await setOpenid(resident.id, 'openid-resident')
  await call(t.app, t.tokens.resident, { method: 'POST', url: '/api/messages/subscriptions', payload: { accepted: ['tmpl-taken'] } })
  const order = await takenOrder()
  await deliver()
  wechat.failNextSends(2)
  const start = t.app.now().getTime()
  const at = (seconds: number) => new Date(start + seconds * 1000)
  expect(await pushMessages(db(), client, at(0))).toEqual({ sent: 0, retried: 1, failed: 0 })
  // Not due again before 10 s; then 20 s after that.
  expect(await pushMessages(db(), client, at(9))).toEqual({ sent: 0, retried: 0, failed: 0 })
  expect(await pushMessages(db(), client, at(10))).toEqual({ sent: 0, retried: 1, failed: 0 })
  expect(await pushMessages(db(), client, at(29))).toEqual({ sent: 0, retried: 0, failed: 0 })
  const before = wechat.sends.length
  expect(await pushMessages(db(), client, at(30))).toEqual({ sent: 1, retried: 0, failed: 0 })
  expect(wechat.sends.length - before).toBe(1)
  expect(await pushes(order)).toEqual([{ templateId: 'tmpl-taken', status: 'sent', attempts: 3, openid: 'openid-resident' }])

  // Someone WeChat says has no subscription left: failed at once, never tried again.
  await setOpenid(resident.id, 'refuse-resident')
  await call(t.app, t.tokens.resident, { method: 'POST', url: '/api/messages/subscriptions', payload: { accepted: ['tmpl-taken'] } })
  const refused = await takenOrder()
  await deliver()
  expect(await pushMessages(db(), client, at(40))).toEqual({ sent: 0, retried: 0, failed: 1 })
  expect(await pushMessages(db(), client, at(4000))).toEqual({ sent: 0, retried: 0, failed: 0 })
  expect(await pushes(refused)).toEqual([{ templateId: 'tmpl-taken', status: 'failed', attempts: 1, openid: 'refuse-resident' }])
  await setOpenid(resident.id, null)
})

test(`WeChat unreachable: given up after ${MAX_PUSH_ATTEMPTS} tries`, async () => {
  const resident = t.byRole.resident
  await setOpenid(resident.id, 'openid-resident')
  await call(t.app, t.tokens.resident, { method: 'POST', url: '/api/messages/subscriptions', payload: { accepted: ['tmpl-taken'] } })
  const order = await takenOrder()
  await deliver()
  const unreachable = createWechatClient({ baseUrl: 'http://127.0.0.1:9', appId: 'wx-test', secret: 's' })
  let at = t.app.now().getTime()
  for (let i = 0; i < MAX_PUSH_ATTEMPTS; i++) {
    await pushMessages(db(), unreachable, new Date(at))
    at += 3600_000
  }
  expect(await pushes(order)).toEqual([{ templateId: 'tmpl-taken', status: 'failed', attempts: MAX_PUSH_ATTEMPTS, openid: 'openid-resident' }])
  await setOpenid(resident.id, null)
})
