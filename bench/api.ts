/**
 * API throughput, p99 latency and CPU per request at 50 connections, the real app against a
 * minimal fastify + pg baseline that sends the same final SQL and answers the same JSON.
 *
 * This process is only the load generator (autocannon) and the referee: the app
 * (bench/api-server.ts) and the baseline (bench/baseline-server.ts) each run in their own child
 * process (on PostgreSQL compiled, as production runs the app), and their CPU time is read from
 * /proc/<pid>/stat around every measurement, as is the CPU time of the PostgreSQL backends serving
 * each of them (told apart by application_name).
 *
 * PostgreSQL: a scratch database, migrated and seeded (server/db/seed.ts), plus 40,000 extra
 * published orders in the first community (each with its submit and publish events), placed by
 * that community's seeded residents for their households, round robin. The load acts as seeded
 * identities (listDemoAccounts), each session acting as one membership: the first community's
 * community-level committee, its first resident, its first community-level volunteer, and the
 * responder with the most orders of their own. Before measuring, one request of
 * every route goes to both servers: the JSON must match (reads: equal; writes: the same keys),
 * and, in-process with a recorder on the connection, the SQL the baseline sends must be the
 * SQL the app sends, statement by statement. Then RUNS rounds; in each, every route is measured
 * on both servers in halves, ABBA (API, baseline, baseline, API; BAAB in odd rounds), each half
 * after a short warm-up; after any write measurement the database is put back as it was
 * (created orders deleted, claimed orders reopened, vacuum analyze), so every measurement sees
 * the same data and every claim finds an open order. Medians over the rounds are reported; the
 * app-to-baseline ratios are medians of each round's own ratio, so the machine's slower and faster
 * spells, which last longer than a round, cancel out, and a drift within the round weighs on both.
 *
 * PGlite: the app only (PGlite is one connection inside the server's process; a baseline would
 * have to embed its own copy of the database and is left out), fewer routes, no restore between
 * measurements.
 *
 * Env: BENCH_SECONDS (6) per server per round (PostgreSQL: two halves), BENCH_WARMUP (2) seconds
 * before each measurement (halved with it), RUNS (9),
 * BENCH_CONNECTIONS (50), BENCH_EXTRA_ORDERS (40000), BENCH_PG_URL (admin connection string),
 * BENCH_SKIP_PGLITE=1, BENCH_SKIP_POSTGRES=1, BENCH_AA=1 (a second baseline in the app's place), BENCH_ROUTES (comma-separated route names, for trying one route),
 * BENCH_API_NODE_ARGS / BENCH_BASELINE_NODE_ARGS (extra node flags for a server, e.g. --cpu-prof),
 * BENCH_ALLOW_SQL_DRIFT=1 (warn instead of stopping when the app's SQL no longer matches
 * bench/baseline-sql.ts), BENCH_CHECK_ONLY=1 (the same-SQL and same-JSON checks only, then stop:
 * `BENCH_CHECK_ONLY=1 npx tsx bench/run.ts`, ~1 min), BENCH_SQL_DUMP=<file> (write the app's
 * statements with their parameters, per route, as captured by the SQL check: where the texts of
 * bench/baseline-sql.ts come from), BENCH_KEEP_DB=1 (leave the scratch database in place and print
 * its URL, e.g. to EXPLAIN a statement on the bench data; drop it by hand afterwards).
 */
import { PGlite } from '@electric-sql/pglite'
import autocannon from 'autocannon'
import { spawn, execSync, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { isDeepStrictEqual } from 'node:util'
import pg from 'pg'
import { buildApp } from '../server/app'
import { loadConfig } from '../server/config'
import { fromPool, type Database, type Db } from '../server/db/client'
import { fromPglite } from '../server/db/pglite'
import { seedIfEmpty } from '../server/db/seed'
import { issueSession } from '../server/plugins/auth'
import { listDemoAccounts, type UserRecord } from '../server/repositories/users'
import { createScratchDatabase } from '../test/support/scratch-database'
import { buildBaseline, type Queryable } from './baseline-app'

const ROOT = join(__dirname, '..')
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS || 50)
const SECONDS = Number(process.env.BENCH_SECONDS || 6)
const WARMUP = Number(process.env.BENCH_WARMUP || Math.min(2, SECONDS))
// 9, not 5: between two identical servers one run's ratio has a log sd of up to 0.14 (req/s) and 0.19
// (p99) (A/A, bench/RESULTS-aa.md): a median of 5 runs moves by about ±0.17 between trials, of 9 by ±0.13.
const RUNS = Number(process.env.RUNS || process.env.BENCH_RUNS || 9)
const EXTRA_ORDERS = Number(process.env.BENCH_EXTRA_ORDERS || 40_000)
const ADMIN_URL = process.env.BENCH_PG_URL || 'postgres://postgres@127.0.0.1:5432/postgres'
/** Only the checks before measuring (same SQL, same JSON) on PostgreSQL; no timed run, no PGlite. */
export const CHECK_ONLY = process.env.BENCH_CHECK_ONLY === '1'
/**
 * A/A: the "API" side is a second baseline process, to see how far apart two identical servers
 * measure; the spread of their ratios is the bench's resolution.
 */
const AA = process.env.BENCH_AA === '1'
const ONLY = process.env.BENCH_ROUTES ? new Set(process.env.BENCH_ROUTES.split(',').map((s) => s.trim())) : null
const CLK_TCK = (() => {
  try {
    return Number(execSync('getconf CLK_TCK').toString().trim()) || 100
  } catch {
    return 100
  }
})()

export type Kind = 'postgres' | 'pglite'

/** One autocannon run against one server. */
export interface Measurement {
  /** Successful (2xx) responses per second. */
  rps: number
  p99: number
  /** Server process CPU (user + system) ÷ responses. */
  cpuMsPerReq: number
  /** CPU of the PostgreSQL backends serving this server ÷ responses; null when not measured. */
  pgCpuMsPerReq: number | null
  /** This process (autocannon) ÷ responses. */
  loadGenCpuMsPerReq: number
  responses: number
  errors: number
  statusCodes: Record<string, number>
  /** Every response's latency, ms. */
  latencies: number[]
  /** The measurements this one combines, in the order they were taken. */
  parts?: Measurement[]
}

export interface Summary {
  rps: number
  /** Median of the runs' own p99. */
  p99: number
  cpuMsPerReq: number
  pgCpuMsPerReq: number | null
  loadGenCpuMsPerReq: number
  /** Non-2xx, socket errors and timeouts, summed over the runs. */
  errors: number
  runs: Measurement[]
}

export interface Target {
  /** API req/s ÷ baseline req/s must be at least this. */
  minRatio: number
  /** API p99 ÷ baseline p99 must be at most this (lists only). */
  maxP99Ratio?: number
}

export interface RouteResult {
  db: Kind
  route: string
  request: string
  target: Target | null
  api: Summary
  baseline: Summary | null
}

export interface ApiBench {
  postgres: RouteResult[]
  pglite: RouteResult[]
  settings: { connections: number; seconds: number; warmup: number; runs: number; extraOrders: number; pgVersion: string | null; clockTicks: number }
  notes: string[]
}

interface Request {
  method: 'GET' | 'POST'
  path: string
  headers: Record<string, string>
  body?: string
}

interface RouteDef {
  name: string
  /** What the table shows as the request. */
  label: string
  target: Target | null
  write: boolean
  request: () => Request
}

const LIST: Target = { minRatio: 0.9, maxP99Ratio: 1.2 }
const DETAIL: Target = { minRatio: 0.85 }
const WRITE: Target = { minRatio: 0.8 }

export const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length === 0 ? NaN : sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

// ---------------------------------------------------------------------------------------------
// Child processes and their CPU time

/** utime + stime of a process, in ms; null if it has gone. */
function processCpuMs(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    // fields[0] is field 3 (state): utime is field 14, stime field 15.
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLK_TCK
  } catch {
    return null
  }
}

interface Server {
  name: string
  url: string
  pid: number
  /** application_name of its PostgreSQL connections, to find their backends. */
  pgApp: string | null
  stop(): Promise<void>
}

/**
 * A server runs as the app runs on that database. On PostgreSQL, as production runs it: compiled,
 * plain node on tsc's output in build/bench/ (see `buildCompiledServers`). On PGlite, which
 * production refuses, as `npm start` runs the demo: TypeScript through tsx.
 */
function nodeArgsFor(script: string, database: Database['kind']): string[] {
  if (database === 'pglite') return ['--import', 'tsx', join(__dirname, script)]
  return [join(ROOT, 'build', 'bench', 'bench', script.replace(/\.ts$/, '.js'))]
}

/** Compiles both servers to build/bench/ when their sources are newer than the last build (~10 s). */
function buildCompiledServers(): void {
  execSync(`"${process.execPath}" scripts/build.mjs bench`, { cwd: ROOT, stdio: 'inherit' })
}

async function startServer(
  name: string,
  script: string,
  database: Database['kind'],
  env: Record<string, string>,
  pgApp: string | null,
): Promise<Server> {
  // e.g. BENCH_API_NODE_ARGS='--cpu-prof --cpu-prof-dir=/tmp/prof' to profile the app under load.
  const extra = (process.env[`BENCH_${name.toUpperCase()}_NODE_ARGS`] ?? '').split(' ').filter(Boolean)
  const child: ChildProcess = spawn(process.execPath, [...extra, ...nodeArgsFor(script, database)], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'inherit'],
  })
  const ready = await new Promise<{ port: number; pid: number }>((resolve, reject) => {
    let buffer = ''
    const timer = setTimeout(() => reject(new Error(`${name}: not listening after 120 s`)), 120_000)
    child.once('exit', (code) => reject(new Error(`${name} exited with ${code} before listening`)))
    child.stdout!.on('data', (chunk: Buffer) => {
      buffer += chunk.toString()
      let newline
      while ((newline = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, newline)
        buffer = buffer.slice(newline + 1)
        const match = line.match(/^BENCH_READY (.*)$/)
        if (match) {
          clearTimeout(timer)
          resolve(JSON.parse(match[1]))
        } else if (line.trim()) {
          process.stderr.write(`[${name}] ${line}\n`)
        }
      }
    })
  })
  child.removeAllListeners('exit')
  if (ready.pid !== child.pid) throw new Error(`${name}: pid ${ready.pid} is not the child's ${child.pid}`)
  return {
    name,
    url: `http://127.0.0.1:${ready.port}`,
    pid: ready.pid,
    pgApp,
    stop: async () => {
      if (child.exitCode !== null) return
      const exited = new Promise((resolve) => child.once('exit', resolve))
      child.stdin!.end()
      child.kill('SIGTERM')
      const timeout = sleep(10_000).then(() => 'timeout')
      if ((await Promise.race([exited, timeout])) === 'timeout') {
        child.kill('SIGKILL')
        await exited
      }
    },
  }
}

/** CPU ms of every PostgreSQL backend serving `pgApp`, by pid. */
async function backendCpu(admin: pg.Pool | null, pgApp: string | null): Promise<Map<number, number> | null> {
  if (!admin || !pgApp) return null
  const { rows } = await admin.query<{ pid: number }>('select pid from pg_stat_activity where application_name = $1', [pgApp])
  const cpu = new Map<number, number>()
  for (const { pid } of rows) {
    const ms = processCpuMs(pid)
    if (ms !== null) cpu.set(pid, ms)
  }
  return cpu
}

// ---------------------------------------------------------------------------------------------
// Load

async function drive(server: Server, route: RouteDef, seconds: number, latencies?: number[]): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    const run = autocannon(
      {
        url: server.url,
        connections: CONNECTIONS,
        duration: seconds,
        requests: [{ setupRequest: (req) => ({ ...req, ...route.request() }) }],
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    )
    if (latencies) run.on('response', (_client, _status, _bytes, ms) => latencies.push(ms))
  })
}

/** The q-quantile (0–1) of the values, nearest rank. */
function percentile(values: number[], q: number): number {
  if (values.length === 0) return NaN
  const sorted = Float64Array.from(values).sort()
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]
}

async function measure(server: Server, route: RouteDef, pgAdmin: pg.Pool | null, seconds = SECONDS, warmup = WARMUP): Promise<Measurement> {
  if (warmup > 0) {
    await drive(server, route, warmup)
    // Start from an idle server: the warm-up's last requests would otherwise count as the run's.
    await settle(pgAdmin, server)
  }
  const pgBefore = await backendCpu(pgAdmin, server.pgApp)
  const cpuBefore = processCpuMs(server.pid)!
  const genBefore = process.cpuUsage()
  const latencies: number[] = []
  const result = await drive(server, route, seconds, latencies)
  const cpuAfter = processCpuMs(server.pid)!
  const gen = process.cpuUsage(genBefore)
  const pgAfter = await backendCpu(pgAdmin, server.pgApp)
  const responses = result.requests.total
  if (responses === 0) console.warn(`bench: ${route.name} on ${server.name}: no response in ${seconds} s`)
  const perResponse = (ms: number) => (responses === 0 ? NaN : ms / responses)
  let pgCpu: number | null = null
  if (pgBefore && pgAfter) {
    pgCpu = 0
    for (const [pid, ms] of pgAfter) pgCpu += ms - (pgBefore.get(pid) ?? 0)
  }
  const statusCodes = Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, s]) => [code, (s as { count: number }).count]))
  return {
    rps: result['2xx'] / result.duration,
    p99: percentile(latencies, 0.99),
    cpuMsPerReq: perResponse(cpuAfter - cpuBefore),
    pgCpuMsPerReq: pgCpu === null ? null : perResponse(pgCpu),
    loadGenCpuMsPerReq: perResponse((gen.user + gen.system) / 1000),
    responses,
    errors: result.non2xx + result.errors + result.timeouts,
    statusCodes,
    latencies,
  }
}

/** Measurements of equal length as one: rates averaged, per-response figures weighted by responses. */
function combine(parts: Measurement[]): Measurement {
  const latencies = parts.flatMap((m) => m.latencies)
  const responses = parts.reduce((sum, m) => sum + m.responses, 0)
  const perResponse = (value: (m: Measurement) => number) => parts.reduce((sum, m) => sum + value(m) * m.responses, 0) / responses
  const statusCodes: Record<string, number> = {}
  for (const m of parts) for (const [code, n] of Object.entries(m.statusCodes)) statusCodes[code] = (statusCodes[code] ?? 0) + n
  return {
    rps: parts.reduce((sum, m) => sum + m.rps, 0) / parts.length,
    p99: percentile(latencies, 0.99),
    cpuMsPerReq: perResponse((m) => m.cpuMsPerReq),
    pgCpuMsPerReq: parts.some((m) => m.pgCpuMsPerReq === null) ? null : perResponse((m) => m.pgCpuMsPerReq!),
    loadGenCpuMsPerReq: perResponse((m) => m.loadGenCpuMsPerReq),
    responses,
    errors: parts.reduce((sum, m) => sum + m.errors, 0),
    statusCodes,
    latencies,
    parts,
  }
}

function summarise(runs: Measurement[]): Summary {
  const pg = runs.map((r) => r.pgCpuMsPerReq).filter((v): v is number => v !== null)
  return {
    rps: median(runs.map((r) => r.rps)),
    p99: median(runs.map((r) => r.p99)),
    cpuMsPerReq: median(runs.map((r) => r.cpuMsPerReq)),
    pgCpuMsPerReq: pg.length ? median(pg) : null,
    loadGenCpuMsPerReq: median(runs.map((r) => r.loadGenCpuMsPerReq)),
    errors: runs.reduce((sum, r) => sum + r.errors, 0),
    runs,
  }
}

const describe = (m: Measurement) =>
  `${m.rps.toFixed(0).padStart(5)} req/s p99 ${m.p99.toFixed(0).padStart(4)} ms cpu ${m.cpuMsPerReq.toFixed(3)} ms/req` +
  (m.pgCpuMsPerReq === null ? '' : ` pg ${m.pgCpuMsPerReq.toFixed(3)}`) +
  ` gen ${m.loadGenCpuMsPerReq.toFixed(3)}` +
  (m.errors ? ` errors ${m.errors} ${JSON.stringify(m.statusCodes)}` : '')

// ---------------------------------------------------------------------------------------------
// Data

interface Fixture {
  tokens: { committee: string; resident: string; hall: string; mine: string }
  detailId: number
  /** The benched resident's household grid (sent as the create body's `gridId`, which the server checks). */
  residentGrid: number
  /** Published extra orders, for claims, in id order. */
  openIds: number[]
  /** Highest ids after setup: what restore() goes back to. */
  seedMaxOrder: number
  maxOrder: number
  maxEvent: number
  maxOutbox: number
  maxSlot: number
  /** Highest order_assignments id (parts) after setup. */
  maxPart: number
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Raw = (text: string, values?: unknown[]) => Promise<{ rows: any[] }>

/** Migrates, seeds, adds the extra published orders, opens the sessions the load uses. */
async function prepareData(database: Database, raw: Raw, extra: number): Promise<Fixture> {
  await database.migrate()
  await seedIfEmpty(database.db, new Date())
  const db: Db = database.db
  // Identities (a person acting as one membership), in role order then membership order.
  const accounts = await listDemoAccounts(db)
  const identity = (what: string, test: (a: UserRecord) => boolean) => {
    const found = accounts.find(test)
    if (!found) throw new Error(`bench: the seed has no ${what} (listDemoAccounts)`)
    return found
  }
  // The community-level committee of the first community (not a compound branch's).
  const committee = identity('community-level committee', (a) => a.role === 'committee' && a.communityPath !== null && a.orgPath === a.communityPath)
  const community = committee.communityPath!
  const resident = identity('resident in the first community', (a) => a.role === 'resident' && a.communityPath === community && a.householdId !== null)
  const volunteer = identity('community-level volunteer in the first community', (a) => a.role === 'volunteer' && a.orgPath === community)
  const seedMaxOrder = Number((await raw('select coalesce(max(id), 0) as n from orders')).rows[0].n)
  const template = (await raw(`select id from orders where status = 'open' and org_path like $1 order by id limit 1`, [`${community}%`])).rows[0] as { id: number }
  // Spread over the households of the community's seeded residents, each order placed by its
  // resident (contact: that resident), the rest copied from one published seeded order.
  await raw(
    `with homes as (
       select (row_number() over (order by m.id))::int - 1 as k, m.user_id, h.id as household_id, h.grid_id, h.org_path,
              concat_ws('', h.building || '号楼', h.unit || '单元', h.room) as address, u.name, u.phone
       from memberships m join households h on h.id = m.household_id join users u on u.id = m.user_id
       where m.role = 'resident' and m.status = 'active' and h.org_path like $2
     )
     insert into orders (placed_by_id, placed_as, household_id, category_code, description, photos, grid_id, org_path, address,
       contact_name, contact_phone, preferred_time, urgency, status, hall_places, version, created_at, updated_at)
     select homes.user_id, 'resident', homes.household_id, t.category_code, t.description, t.photos, homes.grid_id, homes.org_path,
       homes.address, homes.name, homes.phone, t.preferred_time, t.urgency, 'open', 1, 1, now(), now()
     from generate_series(0, $3::int - 1) g
       join homes on homes.k = g % (select count(*)::int from homes)
       cross join (select * from orders where id = $1) t
     order by g`,
    [template.id, `${community}%`, extra],
  )
  // Each with the timeline a published order has: submitted by whoever placed it, published by the
  // committee (the publish opened one place in the hall: its slot, and the event's payload says so).
  await raw(
    `insert into order_events (order_id, event, from_status, to_status, actor_id, actor_role, photos, payload, at)
     select id, 'submit', null, 'submitted', placed_by_id, placed_as, '[]'::jsonb, null, created_at from orders where id > $1
     union all
     select id, 'publish', 'submitted', 'open', $2::int, 'committee', '[]'::jsonb,
            '{"kind": "slots", "slots": [{"kind": "hall", "headcount": 1}]}'::jsonb, created_at from orders where id > $1`,
    [seedMaxOrder, committee.id],
  )
  await raw(
    `insert into order_slots (order_id, kind, headcount, opened_at) select id, 'hall', 1, created_at from orders where id > $1 order by id`,
    [seedMaxOrder],
  )
  // As autovacuum would after such growth (plans for the real row counts, visibility map set), but
  // now rather than in the middle of the first measurements.
  await raw('vacuum analyze')
  // The responder with the most work of their own, for `?view=mine`, acting as that responder
  // membership; the first volunteer for the hall and claims.
  const mine = (
    await raw(
      `select m.id as "membershipId", m.user_id as "userId" from memberships m
       where m.role in ('party_member', 'volunteer') and m.status = 'active'
       order by (select count(*) from order_assignments a join order_slots s on s.id = a.slot_id
                 where a.user_id = m.user_id and a.status in ('invited', 'joined', 'started', 'done') and s.closed_at is null) desc, m.id limit 1`,
    )
  ).rows[0] as { membershipId: number; userId: number }
  // The seeded order with the longest timeline in the committee's community, as the committee opens it.
  const detailId = (
    await raw(
      `select e.order_id from order_events e join orders o on o.id = e.order_id where e.order_id <= $1 and o.org_path like $2
       group by e.order_id order by count(*) desc, e.order_id limit 1`,
      [seedMaxOrder, `${community}%`],
    )
  ).rows[0].order_id as number
  const openIds = ((await raw(`select id from orders where id > $1 and status = 'open' order by id`, [seedMaxOrder])).rows as { id: number }[]).map((r) => r.id)
  const session = (userId: number, membershipId: number) => issueSession(db, userId, new Date(), membershipId)
  const residentGrid = (await raw('select grid_id from households where id = $1', [resident.householdId])).rows[0].grid_id as number
  return {
    tokens: {
      committee: await session(committee.id, committee.membershipId),
      resident: await session(resident.id, resident.membershipId),
      hall: await session(volunteer.id, volunteer.membershipId),
      mine: await session(mine.userId, mine.membershipId),
    },
    detailId,
    residentGrid,
    openIds,
    seedMaxOrder,
    maxOrder: Number((await raw('select max(id) as n from orders')).rows[0].n),
    maxEvent: Number((await raw('select max(id) as n from order_events')).rows[0].n),
    maxOutbox: Number((await raw('select coalesce(max(id), 0) as n from outbox')).rows[0].n),
    maxSlot: Number((await raw('select coalesce(max(id), 0) as n from order_slots')).rows[0].n),
    maxPart: Number((await raw('select coalesce(max(id), 0) as n from order_assignments')).rows[0].n),
  }
}

/**
 * Waits until no PostgreSQL backend of `pgApp` is busy: when autocannon stops, up to 50 requests
 * are still being handled (their sockets are closed, their statements still run).
 */
async function settle(admin: pg.Pool | null, server: Server): Promise<void> {
  // The server process itself going quiet (PGlite's single queue can hold seconds of backlog).
  for (let i = 0, before = processCpuMs(server.pid) ?? 0; i < 120; i++) {
    await sleep(250)
    const now = processCpuMs(server.pid) ?? 0
    if (now - before <= 20) break
    before = now
  }
  const pgApp = server.pgApp
  if (!admin || !pgApp) return
  for (let i = 0; i < 100; i++) {
    const { rows } = await admin.query(`select count(*)::int as n from pg_stat_activity where application_name = $1 and state <> 'idle'`, [pgApp])
    if (rows[0].n === 0) return
    await sleep(100)
  }
  console.warn(`bench: ${pgApp} still busy 10 s after the load stopped`)
}

/** Back to the data as prepared: created orders gone, claimed orders open again (their parts gone, their place free). */
async function restore(admin: pg.Pool, f: Fixture): Promise<void> {
  await admin.query('delete from order_assignments where id > $1', [f.maxPart])
  await admin.query('delete from order_slots where id > $1', [f.maxSlot])
  await admin.query('delete from order_events where id > $1', [f.maxEvent])
  await admin.query('delete from messages where outbox_id > $1', [f.maxOutbox])
  await admin.query('delete from outbox where id > $1', [f.maxOutbox])
  await admin.query('delete from orders where id > $1', [f.maxOrder])
  await admin.query(
    `update orders set status = 'open', hall_places = 1, rating = null, version = 1, updated_at = created_at
     where id > $1 and (status <> 'open' or version <> 1 or hall_places <> 1)`,
    [f.seedMaxOrder],
  )
  await admin.query('update order_slots set closed_at = null where order_id > $1 and closed_at is not null', [f.seedMaxOrder])
  await admin.query('vacuum analyze orders, order_events, order_slots, order_assignments, outbox')
}

function routesFor(kind: Kind, f: Fixture): { routes: RouteDef[]; resetClaims: () => void } {
  const json = { 'content-type': 'application/json' }
  const as = (token: string) => ({ authorization: `Bearer ${token}` })
  const createBody = JSON.stringify({
    categoryCode: 'meals',
    description: '每天中午需要送一份午餐到家',
    gridId: f.residentGrid,
    address: '锦绣小区1号楼1单元101',
    contactName: '测试',
    contactPhone: '13800138000',
    urgency: 'normal',
  })
  let key = 0
  let nextOpen = 0
  let warned = false
  const takeOpen = () => {
    if (nextOpen >= f.openIds.length && !warned) {
      warned = true
      console.warn(`bench: all ${f.openIds.length} open orders claimed: further claims will fail (409)`)
    }
    return f.openIds[Math.min(nextOpen++, f.openIds.length - 1)]
  }
  const get = (path: string, token: string) => () => ({ method: 'GET' as const, path, headers: as(token) })
  const all: RouteDef[] = [
    { name: 'committee list', label: 'GET /api/orders', target: LIST, write: false, request: get('/api/orders', f.tokens.committee) },
    { name: 'committee inbox', label: 'GET /api/orders?group=pending', target: LIST, write: false, request: get('/api/orders?group=pending', f.tokens.committee) },
    { name: 'resident list', label: 'GET /api/orders', target: LIST, write: false, request: get('/api/orders', f.tokens.resident) },
    { name: 'responder hall', label: 'GET /api/orders?view=hall', target: LIST, write: false, request: get('/api/orders?view=hall', f.tokens.hall) },
    { name: 'responder mine', label: 'GET /api/orders?view=mine', target: LIST, write: false, request: get('/api/orders?view=mine', f.tokens.mine) },
    { name: 'detail', label: 'GET /api/orders/:id', target: DETAIL, write: false, request: get(`/api/orders/${f.detailId}`, f.tokens.committee) },
    {
      name: 'create',
      label: 'POST /api/orders',
      target: WRITE,
      write: true,
      request: () => ({
        method: 'POST',
        path: '/api/orders',
        headers: { ...as(f.tokens.resident), ...json, 'idempotency-key': `bench-${kind}-${process.pid}-${key++}` },
        body: createBody,
      }),
    },
    {
      name: 'claim',
      label: 'POST /api/orders/:id/transitions',
      target: WRITE,
      write: true,
      request: () => ({ method: 'POST', path: `/api/orders/${takeOpen()}/transitions`, headers: { ...as(f.tokens.hall), ...json }, body: '{"action":"claim"}' }),
    },
  ]
  const pgliteRoutes = new Set(['committee list', 'responder hall', 'detail', 'create', 'claim'])
  const routes = all.filter((r) => (kind === 'postgres' || pgliteRoutes.has(r.name)) && (!ONLY || ONLY.has(r.name)))
  return { routes, resetClaims: () => (nextOpen = 0) }
}

// ---------------------------------------------------------------------------------------------
// Same JSON, same SQL

async function send(base: string, r: Request): Promise<{ status: number; body: unknown }> {
  const response = await fetch(base + r.path, { method: r.method, headers: r.headers, body: r.body })
  return { status: response.status, body: await response.json() }
}

/** Key paths only (types may differ, e.g. null vs string for a taker): what "same keys" compares. */
function keyPaths(value: unknown, prefix = ''): string[] {
  if (Array.isArray(value)) return [...new Set(value.flatMap((item) => keyPaths(item, `${prefix}[]`)))].sort()
  if (value === null || typeof value !== 'object') return []
  return Object.keys(value).flatMap((k) => [`${prefix}.${k}`, ...keyPaths((value as Record<string, unknown>)[k], `${prefix}.${k}`)]).sort()
}

function firstDifference(a: unknown, b: unknown, path = ''): string | null {
  if (isDeepStrictEqual(a, b)) return null
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const d = firstDifference((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`)
      if (d) return d
    }
  }
  return `${path || '(root)'}: API ${JSON.stringify(a)?.slice(0, 200)} vs baseline ${JSON.stringify(b)?.slice(0, 200)}`
}

/** One request of every route to both servers: same status, and the same JSON (reads) or keys (writes). */
async function checkSameJson(api: Server, baseline: Server, routes: RouteDef[]): Promise<void> {
  for (const route of routes) {
    const a = await send(api.url, route.request())
    const b = await send(baseline.url, route.request())
    const problem =
      a.status !== b.status || a.status >= 300
        ? `status API ${a.status} vs baseline ${b.status}: ${JSON.stringify(a.body).slice(0, 200)} / ${JSON.stringify(b.body).slice(0, 200)}`
        : route.write
          ? isDeepStrictEqual(keyPaths(a.body), keyPaths(b.body))
            ? null
            : `keys differ:\n  API only: ${keyPaths(a.body).filter((k) => !keyPaths(b.body).includes(k)).join(', ')}\n  baseline only: ${keyPaths(b.body).filter((k) => !keyPaths(a.body).includes(k)).join(', ')}`
          : firstDifference(a.body, b.body)
    if (problem) throw new Error(`bench: the baseline does not answer ${route.name} (${route.label}) as the app does — ${problem}`)
  }
  console.log(`bench: same JSON from the app and the baseline on ${routes.length} routes`)
}

const normalise = (text: string) => text.replace(/\s+/g, ' ').trim()

/**
 * The app and the baseline, in this process, each answering one request of every route with a
 * recorder on their connection: the statements must be the same, in the same order.
 */
async function checkSameSql(url: string, routes: RouteDef[]): Promise<string[]> {
  const appPool = new pg.Pool({ connectionString: url, max: 2 })
  const basePool = new pg.Pool({ connectionString: url, max: 2 })
  let appLog: string[] = []
  let baseLog: string[] = []
  // What the app sent, with its parameters, per route, and the baseline's parameters (`baseline`):
  // BENCH_SQL_DUMP=<file> writes it (JSON), to copy the texts into bench/baseline-sql.ts and check
  // which value goes to which placeholder.
  const dump: { route: string; statements: { text: string; params: unknown[] }[]; baseline?: unknown[][] }[] = []
  let baseParams: unknown[][] = []
  let appParams: unknown[][] = []
  const control = (text: string) => /^(begin|commit|rollback)\b/i.test(text.trim())
  const database = fromPool(appPool, {
    logger: {
      logQuery: (text, params) => {
        if (control(text)) return
        appLog.push(text)
        appParams.push(params)
      },
    },
  })
  const dataDir = mkdtempSync(join(tmpdir(), 'sandan-bench-check-'))
  const app = await buildApp({
    config: loadConfig({
      NODE_ENV: 'bench',
      DATA_DIR: dataDir,
      H5_DIR: join(dataDir, 'none'),
      RATE_LIMIT_CREATE_PER_MINUTE: '1000000',
      RATE_LIMIT_LOGIN_PER_MINUTE: '1000000',
    }),
    db: database.db,
  })
  const record = (config: { text: string; values?: unknown[] }) => {
    if (control(config.text)) return
    baseLog.push(config.text)
    baseParams.push(config.values ?? [])
  }
  const recording: Queryable = {
    query: (config) => {
      record(config)
      return basePool.query(config as pg.QueryConfig)
    },
    // Transactions: the statements on the checked-out client are recorded too (begin/commit not, as for the app).
    connect: async () => {
      const client = await basePool.connect()
      return {
        query: (config) => {
          record(typeof config === 'string' ? { text: config } : config)
          return client.query(config as pg.QueryConfig)
        },
        release: (error?: Error) => client.release(error),
      }
    },
  }
  const baseline = buildBaseline(recording)
  const drift: string[] = []
  const inject = async (server: typeof baseline, route: RouteDef, log: () => string[]) => {
    const r = route.request()
    const response = await server.inject({ method: r.method, url: r.path, headers: r.headers, payload: r.body })
    if (response.statusCode >= 300) throw new Error(`bench: ${route.name} answered ${response.statusCode} in-process: ${response.body.slice(0, 300)}`)
    return log()
  }
  try {
    for (const route of routes) {
      appLog = []
      appParams = []
      const sent = await inject(app as unknown as typeof baseline, route, () => appLog)
      const entry: (typeof dump)[number] = { route: route.name, statements: sent.map((text, i) => ({ text, params: appParams[i] })) }
      dump.push(entry)
      baseLog = []
      baseParams = []
      let replayed: string[]
      try {
        replayed = await inject(baseline, route, () => baseLog)
      } catch (error) {
        // Go on with the other routes: the message (and the dump) then covers all of them.
        drift.push(`${route.name}: ${(error as Error).message}`)
        continue
      } finally {
        entry.baseline = baseParams
      }
      const a = sent.map(normalise)
      const b = replayed.map(normalise)
      if (!isDeepStrictEqual(a, b)) {
        const lines = [`${route.name}: the app sent ${a.length} statements, the baseline ${b.length}`]
        a.forEach((text, i) => {
          if (text !== b[i]) lines.push(`  #${i + 1} app:      ${sent[i]}\n  #${i + 1} baseline: ${replayed[i] ?? '(none)'}`)
        })
        for (let i = a.length; i < b.length; i++) lines.push(`  #${i + 1} baseline only: ${replayed[i]}`)
        drift.push(lines.join('\n'))
      }
    }
  } finally {
    if (process.env.BENCH_SQL_DUMP) {
      writeFileSync(process.env.BENCH_SQL_DUMP, JSON.stringify(dump, null, 2))
      console.log(`bench: the app's statements, with their parameters, written to ${process.env.BENCH_SQL_DUMP}`)
    }
    await app.close()
    await baseline.close()
    await database.close()
    await basePool.end()
    rmSync(dataDir, { recursive: true, force: true })
  }
  if (drift.length === 0) {
    console.log(`bench: the baseline sends the app's SQL, statement by statement, on ${routes.length} routes`)
    return []
  }
  const message = `The app's SQL no longer matches bench/baseline-sql.ts:\n${drift.join('\n')}`
  if (process.env.BENCH_ALLOW_SQL_DRIFT !== '1') throw new Error(`bench: ${message}\n(update bench/baseline-sql.ts and bench/baseline-app.ts, or set BENCH_ALLOW_SQL_DRIFT=1)`)
  console.warn(`bench: WARNING ${message}`)
  return drift.map((d) => `SQL drift (BENCH_ALLOW_SQL_DRIFT=1): ${d.split('\n')[0]}`)
}

// ---------------------------------------------------------------------------------------------
// The two sections

async function benchPostgres(notes: string[]): Promise<{ results: RouteResult[]; pgVersion: string }> {
  const scratch = await createScratchDatabase(ADMIN_URL, 'sandan_bench')
  const admin = new pg.Pool({ connectionString: scratch.url, max: 3 })
  admin.on('error', () => undefined)
  const servers: Server[] = []
  try {
    const pgVersion = (await admin.query('show server_version')).rows[0].server_version as string
    const setup = fromPool(new pg.Pool({ connectionString: scratch.url, max: 2 }))
    const f = await prepareData(setup, (text, values) => admin.query(text, values), EXTRA_ORDERS)
    await setup.close()
    const { routes, resetClaims } = routesFor('postgres', f)
    console.log(`postgres: ${f.maxOrder} orders (${EXTRA_ORDERS} extra), ${f.openIds.length} open for claims`)

    notes.push(...(await checkSameSql(scratch.url, routes)))
    await restore(admin, f)
    resetClaims()

    const withApp = (name: string) => {
      const url = new URL(scratch.url)
      url.searchParams.set('application_name', name)
      return url.toString()
    }
    if (AA) notes.push('A/A (BENCH_AA=1): the "API" side is a second baseline process, not the app')
    buildCompiledServers()
    const api = await startServer('api', AA ? 'baseline-server.ts' : 'api-server.ts', 'postgres', { DATABASE_URL: withApp('bench_api') }, 'bench_api')
    servers.push(api)
    const baseline = await startServer('baseline', 'baseline-server.ts', 'postgres', { DATABASE_URL: withApp('bench_baseline') }, 'bench_baseline')
    servers.push(baseline)

    await checkSameJson(api, baseline, routes)
    await restore(admin, f)
    resetClaims()
    if (CHECK_ONLY) {
      console.log('bench: BENCH_CHECK_ONLY=1: same SQL and same JSON checked, nothing measured')
      return { results: [], pgVersion }
    }

    // Before the first round, every route on both servers, untimed: a fresh process (JIT, pool
    // connections, PostgreSQL's plan caches of its backends) is otherwise slower in round 1's
    // first half than in its second, and the side measured first pays for it.
    /** Waits for the server to go quiet and, after writes, puts the data back as it was. */
    const reset = async (server: Server, route: RouteDef) => {
      await settle(admin, server)
      if (route.write) {
        await restore(admin, f)
        resetClaims()
      }
    }
    for (const route of routes) {
      for (const server of [api, baseline]) {
        await drive(server, route, WARMUP * 2)
        await reset(server, route)
      }
    }
    const runs = new Map<string, { api: Measurement[]; baseline: Measurement[] }>(routes.map((r) => [r.name, { api: [], baseline: [] }]))
    for (let round = 0; round < RUNS; round++) {
      for (const route of routes) {
        // In halves, ABBA (BAAB in odd rounds): a drift of the machine's speed within the round
        // weighs on both sides alike and cancels out of their ratio.
        const [first, second] = round % 2 === 0 ? [api, baseline] : [baseline, api]
        const halves = new Map<Server, Measurement[]>([[api, []], [baseline, []]])
        for (const server of [first, second, second, first]) {
          halves.get(server)!.push(await measure(server, route, admin, SECONDS / 2, WARMUP / 2))
          await reset(server, route)
        }
        for (const server of [api, baseline]) {
          const m = combine(halves.get(server)!)
          runs.get(route.name)![server === api ? 'api' : 'baseline'].push(m)
          console.log(`postgres  run ${round + 1}/${RUNS}  ${route.name.padEnd(16)} ${server.name.padEnd(8)} ${describe(m)}`)
        }
      }
    }
    const results = routes.map((route) => ({
      db: 'postgres' as const,
      route: route.name,
      request: route.label,
      target: route.target,
      api: summarise(runs.get(route.name)!.api),
      baseline: summarise(runs.get(route.name)!.baseline),
    }))
    return { results, pgVersion }
  } finally {
    for (const server of servers) await server.stop()
    await admin.end()
    if (process.env.BENCH_KEEP_DB === '1') console.log(`bench: BENCH_KEEP_DB=1: the scratch database is left in place: ${scratch.url}`)
    else await scratch.drop()
  }
}

async function benchPglite(): Promise<RouteResult[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'sandan-bench-pglite-'))
  let server: Server | null = null
  try {
    // Prepared here, then closed: the server process opens the directory as server/main.ts would.
    const client = new PGlite(join(dataDir, 'pglite'))
    const database = fromPglite(client)
    const f = await prepareData(database, (text, values) => client.query(text, values), EXTRA_ORDERS)
    await database.close()
    const { routes } = routesFor('pglite', f)
    console.log(`pglite: ${f.maxOrder} orders (${EXTRA_ORDERS} extra), ${f.openIds.length} open for claims`)
    server = await startServer('api', 'api-server.ts', 'pglite', { DATABASE_URL: '', DATA_DIR: dataDir }, null)
    const runs = new Map<string, Measurement[]>(routes.map((r) => [r.name, []]))
    for (let round = 0; round < RUNS; round++) {
      for (const route of routes) {
        const m = await measure(server, route, null)
        await settle(null, server)
        runs.get(route.name)!.push(m)
        console.log(`pglite    run ${round + 1}/${RUNS}  ${route.name.padEnd(16)} api      ${describe(m)}`)
      }
    }
    return routes.map((route) => ({
      db: 'pglite' as const,
      route: route.name,
      request: route.label,
      target: null,
      api: summarise(runs.get(route.name)!),
      baseline: null,
    }))
  } finally {
    await server?.stop()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

export async function benchApi(): Promise<ApiBench> {
  const notes: string[] = []
  const { results: postgres, pgVersion } = process.env.BENCH_SKIP_POSTGRES === '1' ? { results: [], pgVersion: null } : await benchPostgres(notes)
  const pglite = process.env.BENCH_SKIP_PGLITE === '1' || CHECK_ONLY ? [] : await benchPglite()
  return {
    postgres,
    pglite,
    settings: { connections: CONNECTIONS, seconds: SECONDS, warmup: WARMUP, runs: RUNS, extraOrders: EXTRA_ORDERS, pgVersion, clockTicks: CLK_TCK },
    notes,
  }
}
