/**
 * `openDatabase` picks the driver from the config and loads only that one: a production server
 * on PostgreSQL must not carry PGlite (WASM glue and its bundle, kept in the heap for the
 * process's life). Checked in a fresh process, where the module cache shows what was loaded.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const ROOT = join(__dirname, '..', '..')

/** Opens the database as `config` says in a new node process; answers whether PGlite was loaded. */
function loadsPglite(config: { databaseUrl?: string; pgliteDir: string }): boolean {
  const script = `
    const { openDatabase } = require('./server/db/client')
    openDatabase(${JSON.stringify(config)}).then(async (database) => {
      const loaded = Object.keys(require.cache).some((path) => path.includes('@electric-sql/pglite'))
      await database.close()
      console.log(JSON.stringify({ kind: database.kind, loaded }))
    })`
  const output = execFileSync(process.execPath, ['--import', 'tsx', '-e', script], { cwd: ROOT, encoding: 'utf8' })
  const { kind, loaded } = JSON.parse(output.trim().split('\n').pop()!) as { kind: string; loaded: boolean }
  expect(kind).toBe(config.databaseUrl ? 'postgres' : 'pglite')
  return loaded
}

test('a server on PostgreSQL never loads PGlite; the embedded default does', () => {
  // The pool connects lazily: no server needs to listen at this address.
  expect(loadsPglite({ databaseUrl: 'postgres://postgres@127.0.0.1:1/none', pgliteDir: '' })).toBe(false)
  const dir = mkdtempSync(join(tmpdir(), 'sandan-open-'))
  try {
    expect(loadsPglite({ pgliteDir: join(dir, 'pglite') })).toBe(true)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}, 60_000)
