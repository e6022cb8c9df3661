/**
 * One job runner across server processes on real PostgreSQL (pg-boss): each tick of a job runs
 * in exactly one process, runs of a job never overlap, and stopping waits for the run in
 * progress. The proof: two real server processes on one database, a thousand emergencies
 * overdue, every escalation written once by one run of the clock job. With CI set, an
 * unreachable PostgreSQL fails the test rather than skipping it.
 */
import { sql } from 'drizzle-orm'
import pg from 'pg'
import type { Db } from '../../server/db/client'
import { watchClocks } from '../../server/jobs/clocks'
import { pgBossRunner, type JobRunner } from '../../server/jobs/runner'
import { queryRows } from '../support/app'
import { createScratchDatabase } from '../support/scratch-database'
import { serverProcesses, startServerProcess, type ServerProcess, type ServerProcesses } from '../support/server-processes'

const ADMIN_URL = process.env.RACE_PG_URL || 'postgres://postgres@127.0.0.1:5432/postgres'
const ORDERS = 1000
/** The emergency response clock's four levels (30, 45, 60, 75 minutes) are all due 80 minutes on. */
const STEPS = 4

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

async function until(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs / 1000} s`)
    await sleep(250)
  }
}

interface JobRow {
  slot: string
  state: string
  pid: number | null
  /** Epoch milliseconds. */
  startedOn: number | null
  completedOn: number | null
}

/** Every job pg-boss made for `name`, live or archived, in the order they started. */
async function jobsOf(query: (text: string) => Promise<{ rows: unknown[] }>, name: string): Promise<JobRow[]> {
  const columns = `singleton_on::text as slot, state::text, (output->>'pid')::int as pid,
    (extract(epoch from started_on) * 1000)::float8 as "startedOn", (extract(epoch from completed_on) * 1000)::float8 as "completedOn"`
  const { rows } = await query(
    `select * from (select ${columns} from pgboss.job where name = '${name}' union all select ${columns} from pgboss.archive where name = '${name}') j
     order by "startedOn" nulls last`,
  )
  return rows as JobRow[]
}

describe('pg-boss runners in one process', () => {
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>> | null = null
  let client: pg.Client
  // Stopped after each test even when it failed midway: a started runner keeps jest alive.
  let runners: JobRunner[] = []
  const runner = (log: (message: string) => void) => {
    const made = pgBossRunner(scratch!.url, log)
    runners.push(made)
    return made
  }
  afterEach(async () => {
    await Promise.all(runners.map((r) => r.stop()))
    runners = []
  })
  beforeAll(async () => {
    try {
      // Empty: pg-boss needs nothing of ours, only its own schema, which it creates.
      scratch = await createScratchDatabase(ADMIN_URL, 'sandan_jobs_boss')
    } catch (error) {
      if (process.env.CI) throw error
      console.warn(`Skipping: ${ADMIN_URL} unreachable (${(error as Error).message})`)
      return
    }
    client = new pg.Client({ connectionString: scratch.url })
    await client.connect()
  }, 60_000)
  afterAll(async () => {
    if (!scratch) return
    await client.end()
    await scratch.drop()
  })

  test('two runners starting at once on an empty database run the job once; a third, later, starts on it cleanly', async () => {
    if (!scratch) return
    const logged: string[] = []
    let runs = 0
    let running = false
    const job = async () => {
      expect(running).toBe(false)
      running = true
      runs++
      await sleep(1500)
      running = false
    }
    const pair = [runner((m) => logged.push(m)), runner((m) => logged.push(m))]
    // Every 12 hours: the run each asks for at start falls in the same interval for both.
    for (const r of pair) r.every('sweep', 12 * 3600_000, job)
    await Promise.all(pair.map((r) => r.start()))
    await until('the first run starts', async () => running, 20_000)
    // Stopping mid-run waits for it: the job is done, and recorded as done, when stop resolves.
    await Promise.all(pair.map((r) => r.stop()))
    expect(running).toBe(false)
    const [first] = await jobsOf((text) => client.query(text), 'sweep')
    expect(first).toMatchObject({ state: 'completed', pid: process.pid })

    // Where it already ran: starts again, and asks for no second run in the same interval.
    const again = runner((m) => logged.push(m))
    again.every('sweep', 12 * 3600_000, job)
    await again.start()
    await sleep(3000)
    await again.stop()
    const jobs = await jobsOf((text) => client.query(text), 'sweep')
    expect(runs).toBe(new Set(jobs.map((j) => j.slot)).size)
    expect(jobs.length).toBe(runs)
    expect(logged).toEqual([])
  }, 60_000)

  test('a failing job is logged and recorded as failed; the process goes on', async () => {
    if (!scratch) return
    const logged: string[] = []
    const broken = runner((m) => logged.push(m))
    broken.every('broken', 12 * 3600_000, async () => {
      throw new Error('no such table')
    })
    await broken.start()
    await until('the failure is logged', async () => logged.length > 0, 20_000)
    await broken.stop()
    expect(logged).toEqual(['job broken failed: Error: no such table'])
    const [job] = await jobsOf((text) => client.query(text), 'broken')
    // Not retried: the next tick is the retry.
    expect(job.state).toBe('failed')
  }, 60_000)
})

describe('two server processes on one database', () => {
  let cluster: ServerProcesses = { processes: [], close: async () => undefined }
  let servers: ServerProcess[] = []
  beforeAll(async () => {
    cluster = await serverProcesses('sandan_jobs', 1)
  }, 120_000)
  afterAll(async () => {
    for (const server of servers) server.kill()
    await cluster.close()
  })

  test('a thousand overdue emergencies: one run of the clock job per tick, in one process, each escalation written once', async () => {
    const [database] = cluster.processes
    if (!database || !cluster.url) return
    const db: Db = database.db
    const count = async (query: ReturnType<typeof sql>) => (await queryRows<{ n: number }>(db, query))[0].n
    // The seed's own overdue clocks first, so that the ticks below have only the thousand to do.
    await watchClocks(db, new Date())
    const before = await count(sql`select coalesce(max(id), 0)::int as n from orders`)
    const eventsBefore = await count(sql`select coalesce(max(id), 0)::int as n from order_events`)
    // Placed 80 minutes ago by the real clock, which the server processes read.
    const placedAt = new Date(Date.now() - 80 * 60_000).toISOString()
    await db.execute(sql`
      with placed as (
        insert into orders (placed_by_id, placed_as, household_id, category_code, description, photos, grid_id, org_path, address, contact_name, contact_phone,
                            urgency, status, version, created_at, updated_at)
        select o.placed_by_id, 'resident', o.household_id, 'emergency', '燃气味很重', '[]'::jsonb, o.grid_id, o.org_path, o.address, o.contact_name, o.contact_phone,
               'emergency', 'submitted', 1, ${placedAt}::timestamptz, ${placedAt}::timestamptz
        from generate_series(1, ${ORDERS}) g cross join (select * from orders where placed_as = 'resident' order by id limit 1) o
        returning id, placed_by_id, created_at
      )
      insert into order_events (order_id, event, from_status, to_status, actor_id, actor_role, photos, at)
      select id, 'submit', null, 'submitted', placed_by_id, 'resident', '[]'::jsonb, created_at from placed`)

    const started = Date.now()
    servers = await Promise.all([startServerProcess({ DATABASE_URL: cluster.url }), startServerProcess({ DATABASE_URL: cluster.url })])
    const pids = servers.map((server) => server.pid)
    for (const server of servers) {
      expect(server.output()).toMatch(/Jobs: pg-boss/)
      expect((await fetch(`http://127.0.0.1:${server.port}/readyz`)).status).toBe(200)
    }

    const escalations = () => count(sql`select count(*)::int as n from order_events where event = 'escalate' and order_id > ${before}`)
    await until('every escalation written', async () => (await escalations()) === STEPS * ORDERS, 90_000)
    const escalatedAfterMs = Date.now() - started
    // Each announced, and delivered by the processes' notice pollers (sub-minute, in-process, sharing the outbox).
    await until(
      'every escalation notice delivered',
      async () => (await count(sql`select count(*)::int as n from outbox where order_id > ${before} and delivered_at is null`)) === 0,
      60_000,
    )
    // Both runners are up: each process's pg-boss is connected, under its pid.
    const runnerPids = await queryRows<{ name: string }>(db, sql`select distinct application_name as name from pg_stat_activity where application_name like 'sandan-jobs %'`)
    expect(runnerPids.map((r) => Number(r.name.split(' ')[1])).sort()).toEqual([...pids].sort())
    // A second tick, the cron's, with both processes long up: it too runs once, in one of them.
    const query = async (text: string) => ({ rows: await queryRows<unknown>(db, sql.raw(text)) })
    await until('a second tick of the clock job', async () => (await jobsOf(query, 'clocks')).filter((j) => j.state === 'completed').length >= 2, 130_000)
    const tickedAfterMs = Date.now() - started

    const exitCodes = await Promise.all(servers.map(async (server) => {
      const signalled = Date.now()
      const code = await server.stop()
      return { code, ms: Date.now() - signalled }
    }))
    console.log(`jobs.pg: escalated after ${escalatedAfterMs} ms, second tick after ${tickedAfterMs} ms, stopped in ${exitCodes.map((e) => e.ms).join(' and ')} ms`)

    // Each escalation once, each announced once, each announcement delivered once per person.
    const [{ events, distinct, announced }] = await queryRows<{ events: number; distinct: number; announced: number }>(
      db,
      sql`select count(*)::int as events,
            count(distinct (order_id, payload->>'clock', payload->>'round', payload->>'level'))::int as distinct,
            (select count(*)::int from outbox where kind = 'escalated' and order_id > ${before}) as announced
          from order_events where event = 'escalate' and order_id > ${before}`,
    )
    expect([events, distinct, announced]).toEqual([STEPS * ORDERS, STEPS * ORDERS, STEPS * ORDERS])
    const [{ messages, distinctMessages }] = await queryRows<{ messages: number; distinctMessages: number }>(
      db,
      sql`select count(*)::int as messages, count(distinct (m.outbox_id, m.user_id))::int as "distinctMessages"
          from messages m join outbox o on o.id = m.outbox_id where o.order_id > ${before}`,
    )
    expect(messages).toBe(distinctMessages)

    // The clock job: one job per tick (pg-boss's throttle key), each run by one of the two
    // processes, one after the other; none left behind by the shutdown.
    const ticks = await jobsOf(query, 'clocks')
    expect(new Set(ticks.map((t) => t.slot)).size).toBe(ticks.length)
    const done = ticks.filter((t) => t.state === 'completed')
    expect(done.length).toBeGreaterThanOrEqual(2)
    for (const tick of done) expect(pids).toContain(tick.pid)
    for (let i = 1; i < done.length; i++) expect(done[i].startedOn!).toBeGreaterThanOrEqual(done[i - 1].completedOn!)
    expect(ticks.filter((t) => t.state === 'active')).toEqual([])

    // What the processes say they wrote: the thousand's steps all in one run of one process, and
    // nothing counted twice (the sum is what was written, seed steps falling due meanwhile included).
    const reports = servers.flatMap((server) => [...server.output().matchAll(/clocks: (\d+) escalation step/g)].map((m) => Number(m[1])))
    expect(Math.max(...reports)).toBeGreaterThanOrEqual(STEPS * ORDERS)
    const written = await count(sql`select count(*)::int as n from order_events where event = 'escalate' and id > ${eventsBefore}`)
    expect(reports.reduce((a, b) => a + b, 0)).toBe(written)

    // Both stopped cleanly within the 10 s budget, having logged no job failure.
    for (const { code, ms } of exitCodes) {
      expect(code).toBe(0)
      expect(ms).toBeLessThan(10_000)
    }
    for (const server of servers) {
      expect(server.output()).toContain('Closed')
      expect(server.output()).not.toMatch(/job \S+ failed|job runner \(pg-boss\)/)
    }
  }, 300_000)
})
