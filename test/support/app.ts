import type { FastifyInstance } from 'fastify'
import { createHash } from 'node:crypto'
import { existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ROLES, type Role } from '../../src/domain'
import { buildApp } from '../../server/app'
import { loadConfig, type Config } from '../../server/config'
import { sql, type SQL } from 'drizzle-orm'
import { MIGRATIONS_DIR, type Database, type Db } from '../../server/db/client'
import { fromPglite } from '../../server/db/pglite'
import { seedIfEmpty } from '../../server/db/seed'
import { issueSession } from '../../server/plugins/auth'
import { listDemoAccounts, type UserRecord } from '../../server/repositories/users'
import type { WechatClient, WechatWebClient } from '../../server/wechat/client'
import { PGlite, RealBlob } from './real-node'

/** The seed's "now": seeded activity lies in the 30 days before it. */
export const SEED_BASE = new Date('2026-11-20T08:00:00.000Z')

const SERVER_DB = join(__dirname, '..', '..', 'server', 'db')

/** The template changes whenever migrations or (for the seeded one) seed code do. */
function templatePath(seeded: boolean): string {
  const hash = createHash('sha256')
  const files = [
    ...readdirSync(MIGRATIONS_DIR, { recursive: true }).map((f) => join(MIGRATIONS_DIR, String(f))),
    ...(seeded ? [join(SERVER_DB, 'seed.ts'), join(SERVER_DB, 'seed-data.ts')] : []),
  ].sort()
  for (const file of files) if (!file.endsWith('meta')) try { hash.update(readFileSync(file)) } catch { /* a directory */ }
  return join(tmpdir(), `sandan-test-template-${seeded ? '' : 'empty-'}${hash.digest('hex').slice(0, 16)}.tar`)
}

/**
 * A migrated (and seeded) database, built once (initdb costs seconds) and then copied for every
 * test file from a dump in the OS temp dir. Written to a temp name first: parallel jest
 * workers may build it at the same time, and rename is atomic.
 */
async function templateDump(seeded = true): Promise<Buffer> {
  const path = templatePath(seeded)
  if (existsSync(path)) return readFileSync(path)
  const pg = new PGlite()
  const database = fromPglite(pg)
  await database.migrate()
  if (seeded) await seedIfEmpty(database.db, SEED_BASE)
  const dump = Buffer.from(await (await pg.dumpDataDir('none')).arrayBuffer())
  await pg.close()
  const partial = `${path}.${process.pid}.partial`
  writeFileSync(partial, dump)
  renameSync(partial, path)
  return dump
}

/** A fresh in-memory copy of the seeded template. */
export async function openTestDatabase(): Promise<Database> {
  const dump = await templateDump()
  const pg = new PGlite({ loadDataDir: new RealBlob([dump]) as unknown as Blob })
  return fromPglite(pg)
}

/** A fresh in-memory database with every migration applied and no rows: a new production install. */
export async function openEmptyDatabase(): Promise<Database> {
  const dump = await templateDump(false)
  return fromPglite(new PGlite({ loadDataDir: new RealBlob([dump]) as unknown as Blob }))
}

/** Test apps get limits no test reaches by accident; rate-limit tests set their own. */
export const TEST_RATE_LIMITS = { RATE_LIMIT_LOGIN_PER_MINUTE: '100000', RATE_LIMIT_CREATE_PER_MINUTE: '100000' }

/** Deterministic clock: starts an hour after the seed and ticks one second per reading. */
export function testClock(start = new Date(SEED_BASE.getTime() + 3600_000)): () => Date {
  let t = start.getTime()
  return () => new Date((t += 1000))
}

export interface TestAppOptions {
  env?: Record<string, string>
  wechat?: WechatClient
  wechatWeb?: WechatWebClient
  now?: () => Date
}

export interface TestApp {
  app: FastifyInstance
  database: Database
  config: Config
  /** Seeded identities (person × active membership) in ROLES order. */
  accounts: UserRecord[]
  /** The first identity of each role in the first community; `byRole.committee` is its community-level 王书记. */
  byRole: Record<Role, UserRecord>
  /** Bearer tokens acting as `byRole`'s identities. */
  tokens: Record<Role, string>
  /** A session for any person, acting as `membershipId` or by default their first active identity. */
  login(userId: number, membershipId?: number): Promise<string>
  /** A session acting as the first resident of a household (whom its orders are for). */
  loginAsHousehold(householdId: number): Promise<string>
  close(): Promise<void>
}

export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'sandan-test-'))
  const config = loadConfig({ DATA_DIR: dataDir, H5_DIR: join(dataDir, 'no-h5'), NODE_ENV: 'test', ...TEST_RATE_LIMITS, ...options.env })
  const database = await openTestDatabase()
  const now = options.now ?? testClock()
  const app = await buildApp({ config, db: database.db, wechat: options.wechat, wechatWeb: options.wechatWeb, now })
  const accounts = await listDemoAccounts(database.db)
  const first = (role: Role) => {
    const found = accounts.find((a) => a.role === role && (role !== 'committee' || a.orgPath === a.communityPath))
    if (!found) throw new Error(`seed has no ${role}`)
    return found
  }
  const byRole = Object.fromEntries(ROLES.map((role) => [role, first(role)])) as Record<Role, UserRecord>
  const login = (userId: number, membershipId?: number) => issueSession(database.db, userId, now(), membershipId)
  const tokens = {} as Record<Role, string>
  for (const role of ROLES) tokens[role] = await login(byRole[role].id, byRole[role].membershipId)
  const loginAsHousehold = async (householdId: number) => {
    const resident = accounts.find((a) => a.role === 'resident' && a.householdId === householdId)
    if (!resident) throw new Error(`no resident account in household ${householdId}`)
    return login(resident.id, resident.membershipId)
  }
  return {
    app, database, config, accounts, byRole, tokens, login, loginAsHousehold,
    async close() {
      await app.close()
      await database.close()
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` })

/** Raw SQL rows in tests; both drivers answer `execute` with `{ rows }`. */
export async function queryRows<T>(db: Db, query: SQL): Promise<T[]> {
  return ((await db.execute(query)) as unknown as { rows: T[] }).rows
}

/** Active holders of `role` whose org lies above (or at) `path`: whom a committee or hall notice should reach. */
export async function membersAbove(db: Db, role: string, path: string): Promise<number[]> {
  const rows = await queryRows<{ userId: number }>(
    db,
    sql`select distinct m.user_id as "userId" from memberships m join orgs o on o.id = m.org_id
        where m.role = ${role} and m.status = 'active' and ${path} like o.path || '%' order by 1`,
  )
  return rows.map((r) => r.userId)
}
