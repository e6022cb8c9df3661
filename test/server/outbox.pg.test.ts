/**
 * Delivery across server processes on real PostgreSQL: two deliverers, each with its own pool (as
 * two processes have), work through a thousand notices at once; every notice is delivered by
 * exactly one of them and reaches its person once. With CI set, an unreachable PostgreSQL fails
 * the test rather than skipping it (like the race tests).
 */
import { sql } from 'drizzle-orm'
import { deliverPending } from '../../server/repositories/messages'
import { queryRows } from '../support/app'
import { serverProcesses, type ServerProcesses } from '../support/server-processes'

const NOTICES = 1000

let cluster: ServerProcesses = { processes: [], close: async () => undefined }
beforeAll(async () => {
  cluster = await serverProcesses('sandan_outbox')
}, 120_000)
afterAll(() => cluster.close())

test('two deliverers share a thousand notices: each delivered by exactly one, each person told once', async () => {
  const { processes } = cluster
  if (processes.length === 0) return
  const db = processes[0].db
  // A thousand notices, each to two named people, on the seeded orders.
  await db.execute(sql`
    insert into outbox (order_id, kind, audience, created_at)
    select o.id, 'invited', jsonb_build_object('kind', 'users', 'userIds', jsonb_build_array(u.a, u.b)), now()
    from generate_series(1, ${NOTICES}) g
    join lateral (select id from orders order by id offset (g % 20) limit 1) o on true
    cross join (select min(id) as a, max(id) as b from users) u`)

  const now = new Date()
  const deliverAll = async (database: (typeof processes)[number]) => {
    let mine = 0
    // Small batches, so the two interleave rather than one taking everything at once.
    for (let n = await deliverPending(database.db, now, 25); n > 0; n = await deliverPending(database.db, now, 25)) mine += n
    return mine
  }
  const [first, second] = await Promise.all(processes.map(deliverAll))

  expect(first + second).toBe(NOTICES)
  // Both took part (the locks shared the work rather than serialising it behind one).
  expect(Math.min(first, second)).toBeGreaterThan(0)
  const [{ pending }] = await queryRows<{ pending: number }>(db, sql`select count(*)::int as pending from outbox where delivered_at is null`)
  expect(pending).toBe(0)
  const [{ messages, distinct }] = await queryRows<{ messages: number; distinct: number }>(
    db,
    sql`select count(*)::int as messages, count(distinct (outbox_id, user_id))::int as distinct from messages`,
  )
  expect([messages, distinct]).toEqual([2 * NOTICES, 2 * NOTICES])
}, 120_000)
