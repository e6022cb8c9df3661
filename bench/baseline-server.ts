/**
 * The baseline (bench/baseline-app.ts) in its own process, as bench/api-server.ts runs the app:
 * compiled, `node build/bench/bench/baseline-server.js`, with DATABASE_URL. A pg Pool of 10, the size
 * server/db/client.ts `openDatabase` gives the app.
 *
 * Prints one line `BENCH_READY {"port":…,"pid":…}` when listening; exits on SIGTERM or when the
 * parent closes stdin.
 */
import pg from 'pg'
import { buildBaseline } from './baseline-app'
import { runMain, serveForBench } from './child-server'

async function main(): Promise<void> {
  if (!process.env.DATABASE_URL) throw new Error('baseline-server: DATABASE_URL is required (PostgreSQL only)')
  const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 })
  pool.on('error', (error) => console.warn(`baseline: idle connection lost (${error.message})`))
  const app = buildBaseline(pool)
  await serveForBench(app, 'postgres', () => pool.end())
}

runMain(main)
