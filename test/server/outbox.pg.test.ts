/**
 * Delivery across server processes on real PostgreSQL: two deliverers, each with its own pool (as
 * two processes have), work through a thousand notices at once; every notice is delivered by
 * exactly one of them and reaches its person once. With CI set, an unreachable PostgreSQL fails
 * the test rather than skipping it (like the race tests).
 */
import { sql } from 'drizzle-orm'
import pg from 'pg'
import { fromPool, type Database } from '../../server/db/client'
import { seedIfEmpty } from '../../server/db/seed'
import { deliverPending } from '../../server/repositories/messages'
import { queryRows, SEED_BASE } from '../support/app'
import { createScratchDatabase, type ScratchDatabase } from '../support/scratch-database'

const ADMIN_URL = process.env.RACE_PG_URL || 'postgres://postgres@127.0.0.1:5432/postgres'
const NOTICES = 1000

let scratch: ScratchDatabase | null = null
const processes: Database[] = []

beforeAll(async () => {
  try {
    scratch = await createScratchDatabase(ADMIN_URL, 'sandan_outbox')
  } catch (error) {
    if (process.env.CI) throw error
    console.warn(`Skipping the PostgreSQL outbox test: ${ADMIN_URL} unreachable (${(error as Error).message})`)
    return
  }
  for (let i = 0; i < 2; i++) processes.push(fromPool(new pg.Pool({ connectionString: scratch.url, max: 4 })))
  await processes[0].migrate()
  await seedIfEmpty(processes[0].db, SEED_BASE)
}, 120_000)

afterAll(async () => {
  for (const database of processes) await database.close()
  await scratch?.drop()
})

test('two deliverers share a thousand notices: each delivered by exactly one, each person told once', async () => {
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
  const deliverAll = async (database: Database) => {
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
