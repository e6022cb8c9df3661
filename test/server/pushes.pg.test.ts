/**
 * Subscribe messages sent by two server processes at once on real PostgreSQL: 400 pushes due, two
 * senders on separate pools with their own WeChat clients (one shared access token). Each push
 * reaches WeChat exactly once, both senders take part, and WeChat is asked for a token once.
 * With CI set, an unreachable PostgreSQL fails the test rather than skipping it.
 */
import { sql } from 'drizzle-orm'
import { pushMessages } from '../../server/jobs/push-messages'
import { createWechatClient } from '../../server/wechat/client'
import { databaseTokenStore } from '../../server/wechat/token-store'
import type { Db } from '../../server/db/client'
import { queryRows } from '../support/app'
import { startFakeWechat, type FakeWechat } from '../support/fake-wechat'
import { serverProcesses, type ServerProcesses } from '../support/server-processes'

const PUSHES = 400

let cluster: ServerProcesses = { processes: [], close: async () => undefined }
let wechat: FakeWechat
beforeAll(async () => {
  wechat = await startFakeWechat()
  cluster = await serverProcesses('sandan_pushes')
}, 120_000)
afterAll(async () => {
  await cluster.close()
  await wechat.close()
})

test('two senders share the due pushes: each sent once, one access token for both', async () => {
  const { processes } = cluster
  if (processes.length === 0) return
  const db = processes[0].db
  // 400 messages (one outbox row each, to the first user), each with a push due now.
  await db.execute(sql`
    with o as (
      insert into outbox (order_id, kind, audience, created_at, delivered_at)
      select (select min(id) from orders), 'taken', '{"kind":"users","userIds":[]}'::jsonb, now(), now() from generate_series(1, ${PUSHES})
      returning id),
    m as (
      insert into messages (user_id, outbox_id, kind, order_id, title, body, created_at)
      select (select min(id) from users), o.id, 'taken', (select min(id) from orders), '已接单', '助餐：测试', now() from o
      returning id)
    insert into wechat_pushes (message_id, openid, template_id, page, data, status, next_at)
    select m.id, 'openid-' || m.id, 'tmpl-taken', 'pages/order-detail/index', '{"thing1":"助餐"}'::jsonb, 'pending', now() - interval '1 second' from m`)

  const sender = (database: (typeof processes)[number]) => {
    const client = createWechatClient({ baseUrl: wechat.baseUrl, appId: 'wx-test', secret: 'secret', tokenStore: databaseTokenStore(database.db, 'wx-test') })
    return async () => {
      let mine = 0
      // Small batches, so the two interleave rather than one taking everything.
      for (let run = await pushMessages(database.db as Db, client, new Date(), 10); run.sent > 0; run = await pushMessages(database.db as Db, client, new Date(), 10)) mine += run.sent
      return mine
    }
  }
  const [first, second] = await Promise.all(processes.map((database) => sender(database)()))

  expect(first + second).toBe(PUSHES)
  expect(Math.min(first, second)).toBeGreaterThan(0)
  expect(wechat.sends).toHaveLength(PUSHES)
  expect(new Set(wechat.sends.map((send) => send.touser)).size).toBe(PUSHES)
  expect(wechat.tokenRequests).toBe(1)
  const [{ pending, sent }] = await queryRows<{ pending: number; sent: number }>(
    db,
    sql`select count(*) filter (where status = 'pending')::int as pending, count(*) filter (where status = 'sent')::int as sent from wechat_pushes`,
  )
  expect([pending, sent]).toEqual([0, PUSHES])
}, 120_000)
