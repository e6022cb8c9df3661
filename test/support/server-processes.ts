import { spawn } from 'node:child_process'
import { join } from 'node:path'
import pg from 'pg'
import { fromPool, type Database } from '../../server/db/client'
import { seedIfEmpty } from '../../server/db/seed'
import { SEED_BASE } from './app'
import { createScratchDatabase, type ScratchDatabase } from './scratch-database'

const ADMIN_URL = process.env.RACE_PG_URL || 'postgres://postgres@127.0.0.1:5432/postgres'

/** Seeded PostgreSQL seen through several pools, as several server processes see one database. */
export interface ServerProcesses {
  /** One `Database` per process; empty when PostgreSQL was unreachable outside CI (the test then passes vacuously, with a notice). */
  processes: Database[]
  /** The scratch database's connection string, for real server processes (`startServerProcess`); empty when skipped. */
  url?: string
  close(): Promise<void>
}

/**
 * A scratch database, migrated and seeded, with `count` pools on it. With CI set, an unreachable
 * PostgreSQL fails rather than skips: what these tests prove must not silently not run.
 */
export async function serverProcesses(prefix: string, count = 2): Promise<ServerProcesses> {
  let scratch: ScratchDatabase
  try {
    scratch = await createScratchDatabase(ADMIN_URL, prefix)
  } catch (error) {
    if (process.env.CI) throw error
    console.warn(`Skipping ${prefix}: ${ADMIN_URL} unreachable (${(error as Error).message})`)
    return { processes: [], url: '', close: async () => undefined }
  }
  const processes = Array.from({ length: count }, () => fromPool(new pg.Pool({ connectionString: scratch.url, max: 4 })))
  await processes[0].migrate()
  await seedIfEmpty(processes[0].db, SEED_BASE)
  return {
    processes,
    url: scratch.url,
    async close() {
      for (const database of processes) await database.close()
      await scratch.drop()
    },
  }
}

const ROOT = join(__dirname, '..', '..')

/** `server/main.ts` running as a process of its own. */
export interface ServerProcess {
  pid: number
  port: number
  /** Everything it has printed so far, stdout and stderr. */
  output(): string
  /** SIGTERM, as an orchestrator stops it; resolves with the exit code once it has exited. */
  stop(): Promise<number | null>
  /** SIGKILL if still running: cleanup after a failed test. */
  kill(): void
}

/**
 * Starts `server/main.ts` as `npm run server` does (node with the tsx loader) on a free port, with
 * `env` over a quiet default (no seeding, no H5 build); resolves once it listens.
 */
export async function startServerProcess(env: Record<string, string>, timeoutMs = 60_000): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'server', 'main.ts')], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'development', PORT: '0', HOST: '127.0.0.1', SEED: '0', H5_DIR: join(ROOT, 'no-h5'), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout.on('data', (chunk) => (output += chunk.toString()))
  child.stderr.on('data', (chunk) => (output += chunk.toString()))
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  const listening = await new Promise<RegExpMatchArray>((resolve, reject) => {
    let settled = false
    const timer = setTimeout(() => fail(`not listening within ${timeoutMs} ms`), timeoutMs)
    const fail = (why: string) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      child.kill('SIGKILL')
      reject(new Error(`server/main.ts ${why}; output:\n${output}`))
    }
    const check = () => {
      const match = output.match(/Sandan server on http:\/\/127\.0\.0\.1:(\d+) .*pid (\d+)/)
      if (!match || settled) return
      settled = true
      clearTimeout(timer)
      child.stdout.off('data', check)
      resolve(match)
    }
    child.stdout.on('data', check)
    void exited.then((code) => fail(`exited early (${code})`))
  })
  return {
    pid: Number(listening[2]),
    port: Number(listening[1]),
    output: () => output,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM')
      return exited
    },
    kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
    },
  }
}
