import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres'
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator'
import type { Logger } from 'drizzle-orm/logger'
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core'
import { resolve } from 'node:path'
import pg from 'pg'
import { ensureDir } from '../config'
import type { Config } from '../config'
import * as schema from './schema'

export type Schema = typeof schema
/** Both drivers behind one type: repositories never know which one runs. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>

export interface Database {
  db: Db
  kind: 'pglite' | 'postgres'
  migrate(): Promise<void>
  close(): Promise<void>
}

export const MIGRATIONS_DIR = resolve(__dirname, 'migrations')

/** `logger` sees every statement Drizzle sends (the benchmark replays them on the raw driver). */
export interface DatabaseOptions {
  logger?: Logger
}

/** Wraps a pg Pool. Size it for concurrency: the race test needs several connections. */
export function fromPool(pool: pg.Pool, options: DatabaseOptions = {}): Database {
  // An idle connection that dies (server restart, DROP … WITH (FORCE)) emits 'error' on the
  // pool; unhandled, that would crash the process. The pool replaces it on the next query.
  pool.on('error', (error) => console.warn(`PostgreSQL: idle connection lost (${error.message})`))
  const db = drizzlePg({ client: pool, schema, logger: options.logger })
  return {
    db,
    kind: 'postgres',
    migrate: () => migratePg(db, { migrationsFolder: MIGRATIONS_DIR }),
    close: () => pool.end(),
  }
}

/**
 * PostgreSQL when `DATABASE_URL` is set, else the embedded PGlite in `pgliteDir`. PGlite (a few MB
 * of WASM glue, its heap kept for the process's life) is loaded only when it is the database.
 */
export async function openDatabase(config: Pick<Config, 'databaseUrl' | 'pgliteDir'>): Promise<Database> {
  if (config.databaseUrl) {
    return fromPool(new pg.Pool({ connectionString: config.databaseUrl, max: 10 }))
  }
  ensureDir(config.pgliteDir)
  const { PGlite } = await import('@electric-sql/pglite')
  const { fromPglite } = await import('./pglite')
  return fromPglite(new PGlite(config.pgliteDir))
}
