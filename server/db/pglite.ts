import type { PGlite } from '@electric-sql/pglite'
import { drizzle } from 'drizzle-orm/pglite'
import { migrate } from 'drizzle-orm/pglite/migrator'
import { MIGRATIONS_DIR, type Database, type DatabaseOptions } from './client'
import * as schema from './schema'

/** Wraps an open PGlite instance (tests hand in one loaded from a template). */
export function fromPglite(client: PGlite, options: DatabaseOptions = {}): Database {
  const db = drizzle({ client, schema, logger: options.logger })
  return {
    db,
    kind: 'pglite',
    migrate: () => migrate(db, { migrationsFolder: MIGRATIONS_DIR }),
    close: () => client.close(),
  }
}
