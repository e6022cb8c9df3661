/**
 * The real app, alone in its own process, for the benchmark (bench/api.ts runs it compiled, as
 * production runs the app: `node build/bench/bench/api-server.js`; the parent is the load
 * generator and reads this process's CPU time from /proc/<pid>/stat, so no route is added here).
 *
 * Env: DATABASE_URL (PostgreSQL) or DATA_DIR (embedded PGlite in DATA_DIR/pglite, prepared by the
 * parent), BENCH_LOG_LEVEL (default `warn`, as server/main.ts outside production). The database
 * is opened exactly as server/main.ts opens it (`openDatabase`: a pg Pool of 10), already
 * migrated and seeded by the parent. Rate limits are set far above what 50 connections reach.
 *
 * Prints one line `BENCH_READY {"port":…,"pid":…}` when listening; exits on SIGTERM or when the
 * parent closes stdin (so a crashed parent leaves no server behind).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { buildApp } from '../server/app'
import { loadConfig } from '../server/config'
import { openDatabase } from '../server/db/client'
import { runMain, serveForBench } from './child-server'

async function main(): Promise<void> {
  const scratch = mkdtempSync(join(tmpdir(), 'sandan-bench-api-'))
  const config = loadConfig({
    NODE_ENV: 'bench',
    DATABASE_URL: process.env.DATABASE_URL,
    DATA_DIR: process.env.DATA_DIR || scratch,
    UPLOAD_DIR: join(scratch, 'uploads'),
    // No H5 bundle: the API only, as in production behind a separate static host.
    H5_DIR: join(scratch, 'no-h5'),
    SEED: '0',
    HOST: '127.0.0.1',
    PORT: '0',
    RATE_LIMIT_LOGIN_PER_MINUTE: '1000000',
    RATE_LIMIT_CREATE_PER_MINUTE: '1000000',
  })
  const database = await openDatabase(config)
  const app = await buildApp({ config, db: database.db, logger: { level: process.env.BENCH_LOG_LEVEL || 'warn' } })
  await serveForBench(app, database.kind, async () => {
    await database.close()
    rmSync(scratch, { recursive: true, force: true })
  })
}

runMain(main)
