import { PGlite } from '@electric-sql/pglite'
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite'
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator'
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

/** Wraps an open PGlite instance (tests hand in one loaded from a template). */
export function fromPglite(client: PGlite, options: DatabaseOptions = {}): Database {
  const db = drizzlePglite({ client, schema, logger: options.logger })
  return {
    db,
    kind: 'pglite',
    migrate: () => migratePglite(db, { migrationsFolder: MIGRATIONS_DIR }),
    close: () => client.close(),
  }
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

export function openDatabase(config: Pick<Config, 'databaseUrl' | 'pgliteDir'>): Database {
  if (config.databaseUrl) {
    return fromPool(new pg.Pool({ connectionString: config.databaseUrl, max: 10 }))
  }
  ensureDir(config.pgliteDir)
  return fromPglite(new PGlite(config.pgliteDir))
}
