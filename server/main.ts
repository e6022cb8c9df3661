import { buildApp } from './app'
import { CLOCK_NOTICE_KINDS } from '../src/domain'
import { ConfigError, loadConfig } from './config'
import { openDatabase, type Db } from './db/client'
import { seedIfEmpty } from './db/seed'
import { scheduleAutoClose } from './jobs/auto-close'
import { deliverNotices, scheduleDeliveries } from './jobs/deliver-notices'
import { schedulePushes } from './jobs/push-messages'
import { scheduleClocks, watchClocks } from './jobs/clocks'
import { markReadOfKinds } from './repositories/messages'
import { scheduleRevisits } from './jobs/revisit-parked'
import { jobRunnerFor } from './jobs/runner'

/**
 * The demo's past, as if the server had run through it: its overdue orders already went up the
 * tree (escalations on their timelines, messages in 消息), and those clock messages count as read,
 * so a demo committee's badge shows what happens from now on rather than a burst of old 超时.
 */
async function settleDemoClocks(db: Db, now: Date): Promise<void> {
  await watchClocks(db, now)
  await deliverNotices(db, now)
  await markReadOfKinds(db, CLOCK_NOTICE_KINDS, now)
}

/** Orchestrators (systemd, Docker, Kubernetes) send SIGKILL after their grace period; exit before. */
const SHUTDOWN_TIMEOUT_MS = 10_000

async function main(): Promise<void> {
  const config = loadConfig()
  const database = await openDatabase(config)
  await database.migrate()
  if (config.seed && (await seedIfEmpty(database.db, new Date()))) {
    await settleDemoClocks(database.db, new Date())
    console.log('Seeded demo data')
  }

  const app = await buildApp({
    config,
    db: database.db,
    logger: { level: config.production ? 'info' : 'warn' },
  })
  await app.listen({ port: config.port, host: config.host })
  const log = (message: string) => app.log.warn(message)
  // pg-boss on PostgreSQL: with several processes on one database each tick runs in one of them.
  const jobs = jobRunnerFor(config, log)
  scheduleAutoClose(jobs, database.db, app.now, log)
  scheduleRevisits(jobs, database.db, app.now, log)
  scheduleDeliveries(jobs, database.db, app.now, config.wechat.templates)
  scheduleClocks(jobs, database.db, app.now, log)
  schedulePushes(jobs, database.db, app.wechat, app.now, log)
  // The signal handlers below are in place before this yields: a signal while the jobs start closes cleanly.
  const jobsStarted = jobs.start()

  let closing = false
  const shutdown = async (signal: string) => {
    // `npm start` forwards the signal it gets, and a terminal's Ctrl-C reaches us directly too.
    if (closing) return
    closing = true
    console.log(`${signal}: closing (in-flight requests finish first)`)
    setTimeout(() => {
      console.error(`Still closing after ${SHUTDOWN_TIMEOUT_MS / 1000} s: exiting anyway`)
      process.exit(1)
    }, SHUTDOWN_TIMEOUT_MS).unref()
    try {
      // A signal during the jobs' start (pg-boss sets up for a second or so) stops them once started.
      await jobsStarted.catch(() => undefined)
      await jobs.stop()
      // Stops accepting, closes idle keep-alive sockets, waits for requests being handled.
      await app.close()
      await database.close()
      console.log('Closed')
      process.exit(0)
    } catch (error) {
      console.error('Shutdown failed:', error)
      process.exit(1)
    }
  }
  process.on('SIGINT', () => void shutdown('SIGINT'))
  process.on('SIGTERM', () => void shutdown('SIGTERM'))
  await jobsStarted
  console.log(`Jobs: ${jobs.kind} (pid ${process.pid})`)

  const address = app.server.address()
  const port = typeof address === 'object' && address ? address.port : config.port
  console.log(`Sandan server on http://${config.host}:${port} (${database.kind}; API docs at /api/docs; pid ${process.pid})`)
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error)
  process.exit(1)
})
