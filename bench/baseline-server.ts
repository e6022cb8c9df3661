/**
 * The baseline (bench/baseline-app.ts) in its own process, as bench/api-server.ts runs the app:
 * `node --import tsx bench/baseline-server.ts` with DATABASE_URL. A pg Pool of 10, the size
 * server/db/client.ts `openDatabase` gives the app.
 *
 * Prints one line `BENCH_READY {"port":…,"pid":…}` when listening; exits on SIGTERM or when the
 * parent closes stdin.
 */
import pg from 'pg'
import { buildBaseline } from './baseline-app'

async function main(): Promise<void> {
  if (!process.env.DATABASE_URL) throw new Error('baseline-server: DATABASE_URL is required (PostgreSQL only)')
  const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 })
  pool.on('error', (error) => console.warn(`baseline: idle connection lost (${error.message})`))
  const app = buildBaseline(pool)
  await app.listen({ host: '127.0.0.1', port: 0 })
  const address = app.server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  process.stdout.write(`BENCH_READY ${JSON.stringify({ port, pid: process.pid, db: 'postgres' })}\n`)

  let closing = false
  const stop = async () => {
    if (closing) return
    closing = true
    await app.close()
    await pool.end()
    process.exit(0)
  }
  process.on('SIGTERM', () => void stop())
  process.on('SIGINT', () => void stop())
  process.stdin.on('end', () => void stop())
  process.stdin.resume()
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
