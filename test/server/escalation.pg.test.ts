/**
 * Escalation across server processes on real PostgreSQL: a thousand emergencies fall overdue at
 * once; two job runners (each with its own pool, as two processes have) escalate them together;
 * every escalation event is written exactly once, with its one announcement. With CI set, an
 * unreachable PostgreSQL fails the test rather than skipping it.
 */
import { sql } from 'drizzle-orm'
import { watchClocks } from '../../server/jobs/clocks'
import { queryRows, SEED_BASE } from '../support/app'
import { serverProcesses, type ServerProcesses } from '../support/server-processes'

const ORDERS = 1000

let cluster: ServerProcesses = { processes: [], close: async () => undefined }
beforeAll(async () => {
  cluster = await serverProcesses('sandan_escalation')
}, 120_000)
afterAll(() => cluster.close())

test('two runners, a thousand overdue emergencies: each escalation written once, each announced once', async () => {
  const { processes } = cluster
  if (processes.length === 0) return
  const db = processes[0].db
  // Long after everything the seed holds, so its own overdue orders are escalated first, alone.
  const placedAt = new Date(SEED_BASE.getTime() + 400 * 24 * 3600_000)
  await watchClocks(db, placedAt)
  const [{ before }] = await queryRows<{ before: number }>(db, sql`select coalesce(max(id), 0)::int as before from orders`)
  await db.execute(sql`
    with placed as (
      insert into orders (placed_by_id, placed_as, household_id, category_code, description, photos, grid_id, org_path, address, contact_name, contact_phone,
                          urgency, status, version, created_at, updated_at)
      select o.placed_by_id, 'resident', o.household_id, 'emergency', '燃气味很重', '[]'::jsonb, o.grid_id, o.org_path, o.address, o.contact_name, o.contact_phone,
             'emergency', 'submitted', 1, ${placedAt.toISOString()}::timestamptz, ${placedAt.toISOString()}::timestamptz
      from generate_series(1, ${ORDERS}) g cross join (select * from orders where placed_as = 'resident' order by id limit 1) o
      returning id, placed_by_id, created_at
    )
    insert into order_events (order_id, event, from_status, to_status, actor_id, actor_role, photos, at)
    select id, 'submit', null, 'submitted', placed_by_id, 'resident', '[]'::jsonb, created_at from placed`)

  // 80 minutes on, each is due all four levels of its response clock (30, 45, 60 and 75 minutes).
  const now = new Date(placedAt.getTime() + 80 * 60_000)
  const [first, second] = (await Promise.all(processes.map((p) => watchClocks(p.db, now)))).map((run) => run.escalated)

  const [{ events, distinct, announced }] = await queryRows<{ events: number; distinct: number; announced: number }>(
    db,
    sql`select count(*)::int as events,
          count(distinct (order_id, payload->>'clock', payload->>'round', payload->>'level'))::int as distinct,
          (select count(*)::int from outbox where kind = 'escalated' and order_id > ${before}) as announced
        from order_events where event = 'escalate' and order_id > ${before}`,
  )
  expect([events, distinct, announced]).toEqual([4 * ORDERS, 4 * ORDERS, 4 * ORDERS])
  // What the runners say they wrote is what was written: no step counted by both.
  expect(first + second).toBe(4 * ORDERS)
}, 180_000)
