import { hostname } from 'node:os'
import PgBoss from 'pg-boss'
import pg from 'pg'
import type { Config } from '../config'

export type Log = (message: string) => void

/**
 * Where the periodic jobs run. Register every job, then `start` (after the server listens);
 * `stop` on shutdown resolves once the runs in progress have finished, so the pool is never
 * closed under one.
 */
export interface JobRunner {
  /** Shown at startup. */
  readonly kind: string
  /** Runs `job` at start and then every `intervalMs`. Register before `start`; `name` must be stable (pg-boss keeps a queue by it). */
  every(name: string, intervalMs: number, job: () => Promise<void>): void
  start(): Promise<void>
  stop(): Promise<void>
}

/** pg-boss on PostgreSQL (`DATABASE_URL`), the in-process poller on embedded PGlite. */
export function jobRunnerFor(config: Pick<Config, 'databaseUrl'>, log: Log): JobRunner {
  return config.databaseUrl ? pgBossRunner(config.databaseUrl, log) : pollingRunner(log)
}

/**
 * The jobs on this process's timers. With one process (PGlite is embedded, so there is only
 * ever one) that is each job once; several processes would each run each job.
 */
export function pollingRunner(log: Log): JobRunner {
  const jobs: { name: string; intervalMs: number; job: () => Promise<void> }[] = []
  const timers: NodeJS.Timeout[] = []
  const inFlight = new Set<Promise<void>>()
  let stopped = false
  return {
    kind: 'in-process timers',
    every(name, intervalMs, job) {
      jobs.push({ name, intervalMs, job })
    },
    async start() {
      for (const { name, intervalMs, job } of jobs) {
        let current: Promise<void> | null = null
        const run = () => {
          // A tick that finds the last run still going is skipped: runs of one job never pile up.
          if (stopped || current) return
          const pending: Promise<void> = Promise.resolve()
            .then(job)
            .catch((error: unknown) => log(`job ${name} failed: ${String(error)}`))
            .finally(() => {
              current = null
              inFlight.delete(pending)
            })
          current = pending
          inFlight.add(pending)
        }
        run()
        const timer = setInterval(run, intervalMs)
        // Shutdown is `stop`'s business: a pending tick must not keep the process alive.
        timer.unref()
        timers.push(timer)
      }
    },
    async stop() {
      stopped = true
      for (const timer of timers) clearInterval(timer)
      await Promise.all(inFlight)
    },
  }
}

/** Below this, pg-boss's cron (one-minute granularity) cannot tick: such jobs stay on in-process timers. */
const CRON_MIN_MS = 60_000
/**
 * Every job of a queue carries this key: with the queue's `stately` policy at most one is
 * active and one waiting at a time across all processes, and with `singletonSeconds` = the
 * interval at most one is ever created per interval — whoever creates it (the cron, a process
 * starting).
 */
const TICK_KEY = 'tick'
/**
 * A run still active after this is failed by pg-boss's maintenance. It bounds how long a process
 * killed mid-run (no graceful stop) blocks its job on every process; a run that really takes
 * longer goes on, and the next tick may overlap it, which every job tolerates.
 */
const EXPIRE_SECONDS = 5 * 60
/** Leaves main.ts's 10 s shutdown budget time to close the server and the pool after us. */
const STOP_TIMEOUT_MS = 7_000

const tickOf = (intervalMs: number) => ({ singletonKey: TICK_KEY, singletonSeconds: intervalMs / 1000 })

/**
 * Runs `setup` holding an advisory lock of its own session. pg-boss creates a queue with DDL
 * (a partition of its job table) that deadlocks when two processes starting together create
 * queues at once; one at a time, the later ones find everything there.
 */
async function oneAtATime(databaseUrl: string, log: Log, setup: () => Promise<void>): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl, application_name: 'sandan-jobs-setup' })
  client.on('error', (error) => log(`job runner setup: ${error.message}`))
  await client.connect()
  try {
    await client.query(`select pg_advisory_lock(hashtext('sandan job runner setup'))`)
    await setup()
  } finally {
    // Ending the session releases the lock, whether setup succeeded or not.
    await client.end()
  }
}

/** The cron expression that ticks every `intervalMs`: whole minutes dividing an hour, or whole hours dividing 12. */
export function cronFor(intervalMs: number): string {
  const minutes = intervalMs / 60_000
  if (Number.isInteger(minutes) && minutes < 60 && 60 % minutes === 0) return minutes === 1 ? '* * * * *' : `*/${minutes} * * * *`
  const hours = intervalMs / 3600_000
  // pg-boss refuses a throttle (the interval) longer than its archive delay, 12 hours.
  if (Number.isInteger(hours) && 12 % hours === 0) return hours === 1 ? '0 * * * *' : `0 */${hours} * * *`
  throw new Error(`no cron expression ticks every ${intervalMs} ms (use whole minutes dividing an hour, or hours dividing 12)`)
}

/**
 * pg-boss (its own schema, `pgboss` unless told): a job ticking every minute or more runs once
 * per tick across every process on the database — the cron makes one job per tick, and one
 * worker takes it (`for update skip locked`). Each process also asks for a run when it starts
 * (as the timers did), which the tick key makes the same job as the cron's for this interval.
 *
 * Jobs ticking faster than a minute (notices every 3 s, pushes every 5 s) stay on each
 * process's timers, started and stopped here: pg-boss's cron cannot tick that fast, and a
 * queue job per tick would cost more than the work, which is itself a queue taken `for update
 * skip locked` — every process polling it shares the rows out, each done once.
 */
export function pgBossRunner(databaseUrl: string, log: Log, options: { schema?: string } = {}): JobRunner {
  const schema = options.schema ?? 'pgboss'
  // Few connections: three workers and pg-boss's own timekeeping, each one short query at a time.
  // The pid in the name tells whose connections pg_stat_activity shows.
  // The cron is read every 5 s (by one process; pg-boss's default is 30 s), so a tick runs within
  // seconds of its minute and consecutive runs are about 60 s apart rather than 30 to 90.
  const boss = new PgBoss({ connectionString: databaseUrl, schema, max: 4, application_name: `sandan-jobs ${process.pid}`, cronMonitorIntervalSeconds: 5 })
  // An unheard 'error' event would throw and end the process; pg-boss retries on its own.
  boss.on('error', (error) => log(`job runner (pg-boss): ${error instanceof Error ? error.message : String(error)}`))
  const ticks = new Map<string, { intervalMs: number; job: () => Promise<void> }>()
  const fast = pollingRunner(log)
  let stopping = false
  const queue = { policy: 'stately', retryLimit: 0, expireInSeconds: EXPIRE_SECONDS } as const
  return {
    kind: `pg-boss (schema ${schema}) and in-process timers for jobs faster than a minute`,
    every(name, intervalMs, job) {
      if (intervalMs < CRON_MIN_MS) return fast.every(name, intervalMs, job)
      cronFor(intervalMs)
      if (ticks.has(name)) throw new Error(`job ${name} registered twice`)
      ticks.set(name, { intervalMs, job })
    },
    async start() {
      await oneAtATime(databaseUrl, log, async () => {
        // Creates pg-boss's schema on an empty database, migrates an older one, leaves a current one be.
        await boss.start()
        for (const [name, { intervalMs }] of ticks) {
          await boss.createQueue(name, { name, ...queue })
          // createQueue leaves an existing queue as it was: a database from an earlier version gets today's settings.
          await boss.updateQueue(name, { name, ...queue })
          await boss.schedule(name, cronFor(intervalMs), {}, tickOf(intervalMs))
        }
        // A job no longer in the code must stop being made by the cron.
        for (const { name } of await boss.getSchedules()) if (!ticks.has(name)) await boss.unschedule(name)
      })
      for (const [name, { intervalMs, job }] of ticks) {
        await boss.work(name, async () => {
          // A job fetched while stopping would run after pg-boss let go of it and main closes the pool under it.
          if (stopping) return { skipped: 'stopping' }
          try {
            await job()
          } catch (error) {
            log(`job ${name} failed: ${String(error)}`)
            throw error
          }
          // Kept with the job (pgboss.job / pgboss.archive): which process ran each tick.
          return { host: hostname(), pid: process.pid }
        })
        await boss.send(name, {}, tickOf(intervalMs))
      }
      await fast.start()
    },
    async stop() {
      stopping = true
      // Graceful: pg-boss waits for the runs in progress (up to the timeout), then closes its pool.
      await Promise.all([fast.stop(), boss.stop({ graceful: true, wait: true, timeout: STOP_TIMEOUT_MS })])
    },
  }
}
