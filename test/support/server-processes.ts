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
    return { processes: [], close: async () => undefined }
  }
  const processes = Array.from({ length: count }, () => fromPool(new pg.Pool({ connectionString: scratch.url, max: 4 })))
  await processes[0].migrate()
  await seedIfEmpty(processes[0].db, SEED_BASE)
  return {
    processes,
    async close() {
      for (const database of processes) await database.close()
      await scratch.drop()
    },
  }
}
