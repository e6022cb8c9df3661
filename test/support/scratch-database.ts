import pg from 'pg'

export interface ScratchDatabase {
  /** Connection string of the new database. */
  url: string
  /** Drops it; call after every pool on it has been ended. */
  drop(): Promise<void>
}

/**
 * A database of its own on a real PostgreSQL server, for tests and benchmarks that need real
 * connections (races, throughput). Throws when the server cannot be reached.
 */
export async function createScratchDatabase(adminUrl: string, prefix: string): Promise<ScratchDatabase> {
  const name = `${prefix}_${Math.random().toString(36).slice(2, 10)}`
  const admin = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 2000 })
  await admin.connect()
  try {
    await admin.query(`create database ${name}`)
  } catch (error) {
    await admin.end()
    throw error
  }
  const url = new URL(adminUrl)
  url.pathname = `/${name}`
  return {
    url: url.toString(),
    async drop() {
      // pool.end() resolves before its sockets have closed: let them go before forcing the drop,
      // or the pool sees its idle connections killed.
      for (let i = 0; i < 40; i += 1) {
        const { rows } = await admin.query('select count(*)::int as n from pg_stat_activity where datname = $1', [name])
        if (rows[0].n === 0) break
        await new Promise((resolve) => setTimeout(resolve, 50))
      }
      await admin.query(`drop database if exists ${name} with (force)`)
      await admin.end()
    },
  }
}
