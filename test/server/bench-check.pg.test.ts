/**
 * The benchmark stays honest between full runs: its baseline server must send the app's SQL,
 * statement by statement, and answer the same JSON on every bench route (`BENCH_CHECK_ONLY`, on a
 * small data set). A server change that forgets bench/baseline-sql.ts fails here, in CI, rather
 * than at the next `npm run bench`. Needs PostgreSQL; with CI set, an unreachable one fails.
 */
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import pg from 'pg'

const ADMIN_URL = process.env.BENCH_PG_URL || 'postgres://postgres@127.0.0.1:5432/postgres'

async function postgresAnswers(): Promise<boolean> {
  const client = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 2000 })
  try {
    await client.connect()
    return true
  } catch (error) {
    if (process.env.CI) throw error
    console.warn(`Skipping the bench check: ${ADMIN_URL} unreachable (${(error as Error).message})`)
    return false
  } finally {
    await client.end().catch(() => undefined)
  }
}

test('the baseline sends the app’s SQL and answers the same JSON on every bench route', async () => {
  if (!(await postgresAnswers())) return
  const root = join(__dirname, '..', '..')
  const run = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'bench', 'run.ts')], {
    cwd: root,
    env: { ...process.env, BENCH_CHECK_ONLY: '1', BENCH_SKIP_PGLITE: '1', BENCH_EXTRA_ORDERS: '300', BENCH_API_ONLY: '1', BENCH_ALLOW_SQL_DRIFT: '' },
    encoding: 'utf8',
    timeout: 170_000,
  })
  const output = `${run.stdout}\n${run.stderr}`
  expect({ status: run.status, output: run.status === 0 ? '' : output }).toEqual({ status: 0, output: '' })
  expect(output).toContain("the baseline sends the app's SQL")
  expect(output).toContain('same JSON from the app and the baseline')
}, 180_000)
