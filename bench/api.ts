/**
 * API throughput and p99 latency at 50 connections for list, create and claim, on PGlite and on
 * PostgreSQL, next to the raw driver replaying the very SQL the same request sent (captured at
 * the driver). The ratio API ÷ raw is what the server adds on top of the database.
 */
import { PGlite } from '@electric-sql/pglite'
import autocannon from 'autocannon'
import type { FastifyInstance } from 'fastify'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { buildApp } from '../server/app'
import { loadConfig } from '../server/config'
import { fromPglite, fromPool, type Database } from '../server/db/client'
import { seedIfEmpty } from '../server/db/seed'
import { issueSession } from '../server/plugins/auth'
import { listDemoAccounts } from '../server/repositories/users'
import { createScratchDatabase } from '../test/support/scratch-database'

const CONNECTIONS = 50
const SECONDS = Number(process.env.BENCH_SECONDS || 8)
const ADMIN_URL = process.env.BENCH_PG_URL || 'postgres://postgres@127.0.0.1:5432/postgres'

export interface Measurement {
  rps: number
  p99: number
  errors: number
}

export interface RouteResult {
  db: 'pglite' | 'postgres'
  route: 'list' | 'create' | 'claim'
  api: Measurement
  raw: Measurement
}

interface Query {
  text: string
  values: unknown[]
}

/** Records the statements Drizzle sends while `recording` is on, and when the last one went. */
class StatementRecorder {
  recording = false
  statements: Query[] = []
  private lastAt = 0

  logQuery(text: string, values: unknown[]): void {
    this.lastAt = Date.now()
    // node-postgres logs its transaction brackets; the replay adds its own around each write run.
    if (this.recording && !/^(begin|commit|rollback)\b/i.test(text)) this.statements.push({ text, values })
  }

  /**
   * PGlite queues work on one connection, so requests outlive autocannon's run: wait until the
   * database has been idle a moment, so one route's backlog never overlaps the next capture.
   */
  async idle(quietMs = 300): Promise<void> {
    while (Date.now() - this.lastAt < quietMs) await new Promise((resolve) => setTimeout(resolve, 100))
  }

  async capture(run: () => Promise<unknown>): Promise<Query[]> {
    this.statements = []
    this.recording = true
    try {
      await run()
    } finally {
      this.recording = false
    }
    return this.statements
  }
}

async function inPgTransaction(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<void>): Promise<void> {
  const client = await pool.connect()
  try {
    await client.query('begin')
    await work(client)
    await client.query('commit')
  } catch (error) {
    await client.query('rollback')
    throw error
  } finally {
    client.release()
  }
}

/** Fires `job` from 50 concurrent loops for the duration, recording each one's latency. */
async function loop(job: (i: number) => Promise<void>): Promise<Measurement> {
  const latencies: number[] = []
  let errors = 0
  let next = 0
  const end = Date.now() + SECONDS * 1000
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (Date.now() < end) {
        const started = performance.now()
        try {
          await job(next++)
          latencies.push(performance.now() - started)
        } catch {
          errors += 1
        }
      }
    }),
  )
  latencies.sort((a, b) => a - b)
  return { rps: latencies.length / SECONDS, p99: latencies[Math.floor(latencies.length * 0.99)] ?? NaN, errors }
}

async function http(url: string, setup: (i: number) => { method: 'GET' | 'POST'; path: string; headers: Record<string, string>; body?: string }): Promise<Measurement> {
  let i = 0
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: SECONDS,
    requests: [{ setupRequest: (req) => ({ ...req, ...setup(i++) }) }],
  })
  return { rps: result.requests.average, p99: result.latency.p99, errors: result.non2xx + result.errors }
}

async function openBenchDatabase(
  kind: Database['kind'],
  recorder: StatementRecorder,
): Promise<{ database: Database; pool: pg.Pool | null; pglite: PGlite | null; drop: () => Promise<void> }> {
  if (kind === 'pglite') {
    const dir = mkdtempSync(join(tmpdir(), 'sandan-bench-'))
    const pglite = new PGlite(dir)
    return { database: fromPglite(pglite, { logger: recorder }), pool: null, pglite, drop: async () => rmSync(dir, { recursive: true, force: true }) }
  }
  const scratch = await createScratchDatabase(ADMIN_URL, 'sandan_bench')
  const pool = new pg.Pool({ connectionString: scratch.url, max: 20 })
  return { database: fromPool(pool, { logger: recorder }), pool, pglite: null, drop: () => scratch.drop() }
}

/** Runs list, create and claim against one database kind. */
export async function benchDatabase(kind: Database['kind']): Promise<RouteResult[]> {
  const recorder = new StatementRecorder()
  const { database, pool, pglite, drop } = await openBenchDatabase(kind, recorder)
  await database.migrate()
  await seedIfEmpty(database.db, new Date())
  const dataDir = mkdtempSync(join(tmpdir(), 'sandan-bench-data-'))
  const config = loadConfig({ DATA_DIR: dataDir, H5_DIR: join(dataDir, 'none'), NODE_ENV: 'bench' })
  const app: FastifyInstance = await buildApp({ config, db: database.db })
  const url = await app.listen({ host: '127.0.0.1', port: 0 })
  const accounts = await listDemoAccounts(database.db)
  const token = async (role: string) => issueSession(database.db, accounts.find((a) => a.role === role)!.id, new Date())
  const resident = await token('resident')
  const committee = await token('committee')
  const volunteer = await token('volunteer')
  const raw = (sql: string, values: unknown[] = []) => (pool ? pool.query(sql, values) : pglite!.query(sql, values))

  // Enough open orders in the hall that every claim (API and raw) finds a fresh one.
  const template = (await raw(`select id from orders where status = 'open' order by id limit 1`)).rows[0] as { id: number }
  const copies = 40_000
  await raw(
    `insert into orders (resident_id, category_code, description, photos, grid_id, org_path, address, contact_name,
       contact_phone, preferred_time, urgency, status, version, created_at, updated_at)
     select resident_id, category_code, description, photos, grid_id, org_path, address, contact_name, contact_phone,
       preferred_time, urgency, 'open', 1, now(), now() from orders, generate_series(1, ${copies}) where id = $1`,
    [template.id],
  )
  await raw('analyze') // as autovacuum would after such growth: plans for the real row counts
  const openIds = ((await raw(`select id from orders where status = 'open' and version = 1 order by id`)).rows as { id: number }[]).map((r) => r.id)
  let nextOpen = 0
  const takeOpen = () => openIds[nextOpen++]

  const residentGrid = Number(accounts.find((a) => a.role === 'resident')!.orgPath.split('/').filter(Boolean).at(-1))
  const createBody = JSON.stringify({
    categoryCode: 'meals', description: '每天中午需要送一份午餐到家', gridId: residentGrid, address: '锦绣小区1号楼1单元101',
    contactName: '测试', contactPhone: '13800138000', urgency: 'normal',
  })
  const auth = (t: string) => ({ authorization: `Bearer ${t}`, 'content-type': 'application/json' })
  const inject = async (method: 'GET' | 'POST', path: string, t: string, payload?: string, extra: Record<string, string> = {}) => {
    const response = await app.inject({ method, url: path, headers: { ...auth(t), ...extra }, payload })
    if (response.statusCode >= 300) throw new Error(`${method} ${path}: ${response.statusCode} ${response.body}`)
    return response.json() as { id: number }
  }

  const routes: Array<{
    route: RouteResult['route']
    sample: () => Promise<unknown>
    api: (i: number) => { method: 'GET' | 'POST'; path: string; headers: Record<string, string>; body?: string }
    /** Captured values that must differ on every replay (a fresh key, a still-open order). */
    swap?: (i: number) => Map<unknown, unknown>
    /** The id the sample's INSERT … RETURNING produced: later statements get the replay's own. */
    insertedId?: () => number
  }> = []

  let sampleKey = ''
  let sampleOrder = 0
  let sampleCreated = 0
  routes.push({
    route: 'list',
    sample: () => inject('GET', '/api/orders?limit=20', committee),
    api: () => ({ method: 'GET', path: '/api/orders?limit=20', headers: auth(committee) }),
  })
  routes.push({
    route: 'create',
    sample: async () => {
      sampleKey = `bench-sample-${kind}`
      sampleCreated = (await inject('POST', '/api/orders', resident, createBody, { 'idempotency-key': sampleKey })).id
    },
    insertedId: () => sampleCreated,
    api: (i) => ({ method: 'POST', path: '/api/orders', headers: { ...auth(resident), 'idempotency-key': `api-${kind}-${i}` }, body: createBody }),
    swap: (i) => new Map([[sampleKey, `raw-${kind}-${i}`]]),
  })
  routes.push({
    route: 'claim',
    sample: async () => {
      sampleOrder = takeOpen()
      await inject('POST', `/api/orders/${sampleOrder}/transitions`, volunteer, JSON.stringify({ action: 'claim' }))
    },
    api: () => ({ method: 'POST', path: `/api/orders/${takeOpen()}/transitions`, headers: auth(volunteer), body: JSON.stringify({ action: 'claim' }) }),
    swap: () => new Map<unknown, unknown>([[sampleOrder, takeOpen()]]),
  })

  const results: RouteResult[] = []
  for (const route of routes) {
    await recorder.idle()
    const statements = await recorder.capture(route.sample)
    // Replayed as the app sent them: reads on their own, each run of writes in one transaction.
    const isWrite = (q: Query) => /^\s*(insert|update|delete)\b/i.test(q.text)
    const batches = statements.reduce<Query[][]>((all, q) => {
      const last = all[all.length - 1]
      if (last && isWrite(q) && isWrite(last[0])) last.push(q)
      else all.push([q])
      return all
    }, [])
    const replay = async (i: number) => {
      const swap = route.swap?.(i) ?? new Map<unknown, unknown>()
      const values = (q: Query) => q.values.map((v) => (swap.has(v) ? swap.get(v) : v))
      // Rows that reference the new order (its submit event) must reference this replay's
      // order, not all the sample's: 50 writers locking one parent row would serialise.
      const run = async (query: (text: string, values: unknown[]) => Promise<{ rows: unknown[] }>, q: Query) => {
        const { rows } = await query(q.text, values(q))
        const id = (rows[0] as { id?: unknown } | undefined)?.id
        if (route.insertedId && /^\s*insert into "orders"/i.test(q.text) && typeof id === 'number') swap.set(route.insertedId(), id)
      }
      for (const batch of batches) {
        if (!isWrite(batch[0])) await raw(batch[0].text, values(batch[0]))
        else if (pool) {
          await inPgTransaction(pool, async (client) => {
            for (const q of batch) await run((text, v) => client.query(text, v), q)
          })
        } else {
          await pglite!.transaction(async (tx) => {
            for (const q of batch) await run((text, v) => tx.query(text, v), q)
          })
        }
      }
    }
    const apiResult = await http(url, route.api)
    await recorder.idle()
    const rawResult = await loop(replay)
    results.push({ db: kind, route: route.route, api: apiResult, raw: rawResult })
    console.log(`${kind.padEnd(8)} ${route.route.padEnd(6)} api ${apiResult.rps.toFixed(0)} req/s p99 ${apiResult.p99} ms (${apiResult.errors} errors) · raw ${rawResult.rps.toFixed(0)}/s p99 ${rawResult.p99.toFixed(1)} ms (${rawResult.errors} errors; ${statements.length} statements)`)
  }

  await app.close()
  await database.close()
  await drop()
  rmSync(dataDir, { recursive: true, force: true })
  return results
}
