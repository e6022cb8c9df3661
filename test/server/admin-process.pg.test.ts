/**
 * The bootstrap of a production install as README.md tells the operator to do it: `npm run admin
 * -- …` (start.mjs admin, the compiled build/server/admin.js under NODE_ENV=production) on an
 * empty PostgreSQL database, then `npm start` on it, then WeChat logins through the fake WeChat
 * server. Real processes, exit codes and output: what admin.test.ts proves in process, here as the
 * operator meets it. Needs PostgreSQL; skipped with a notice when it is unreachable, unless CI is set.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import type { MeDto, MemberPageDto, SessionDto } from '../../types/people'
import { startFakeWechat, wechatEnv, type FakeWechat } from '../support/fake-wechat'
import { createScratchDatabase, type ScratchDatabase } from '../support/scratch-database'

const ROOT = join(__dirname, '..', '..')
const ADMIN_URL = process.env.RACE_PG_URL || 'postgres://postgres@127.0.0.1:5432/postgres'

let scratch: ScratchDatabase | null = null
let wechat: FakeWechat
let dataDir: string
let server: ChildProcess | null = null

/** The environment README.md's Production section exports, pointed at the scratch database and the fake WeChat. */
const productionEnv = (): Record<string, string> => ({
  NODE_ENV: 'production',
  DATABASE_URL: scratch!.url,
  ...wechatEnv(wechat),
  DATA_DIR: dataDir,
  // A set H5_DIR skips the H5 build in start.mjs; this one does not exist, so nothing is served at /.
  H5_DIR: join(dataDir, 'no-h5'),
})

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'sandan-admin-process-'))
  wechat = await startFakeWechat()
  try {
    scratch = await createScratchDatabase(ADMIN_URL, 'sandan_admin_process')
  } catch (error) {
    if (process.env.CI) throw error
    console.warn(`Skipping the admin command process test: ${ADMIN_URL} unreachable (${(error as Error).message})`)
  }
})

afterAll(async () => {
  // Only if an assertion failed midway: never leave a server behind.
  if (server && server.exitCode === null) server.kill('SIGKILL')
  await scratch?.drop()
  await wechat.close()
  rmSync(dataDir, { recursive: true, force: true })
})

interface Run {
  code: number | null
  stdout: string
  stderr: string
}

/** `npm run admin -- <args>`: `npm run admin` is `node scripts/start.mjs admin`. */
function admin(args: string[], env: Record<string, string> = productionEnv()): Promise<Run> {
  const child = spawn(process.execPath, [join(ROOT, 'scripts', 'start.mjs'), 'admin', ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk) => (stdout += chunk.toString()))
  child.stderr.on('data', (chunk) => (stderr += chunk.toString()))
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })))
}

/** A run's exit code and what it printed, in one value, so a failure shows all of it. */
const outcome = (run: Run) => ({ code: run.code, stdout: run.stdout.replace(/^(Building|Built) server.*\n/gm, ''), stderr: run.stderr })

/** Rows in every table the admin commands write: a refused command must leave them all as they were. */
async function tableCounts(): Promise<Record<string, number>> {
  const client = new pg.Client({ connectionString: scratch!.url })
  await client.connect()
  try {
    const tables = ['orgs', 'teams', 'users', 'memberships', 'membership_events', 'categories', 'community_services', 'sessions']
    const counts: Record<string, number> = {}
    for (const table of tables) counts[table] = (await client.query(`select count(*)::int as n from ${table}`)).rows[0].n
    return counts
  } finally {
    await client.end()
  }
}

/** `npm start` (start.mjs → node build/server/main.js) on the scratch database; resolves with its port once it listens. */
function startServer(): Promise<number> {
  let output = ''
  server = spawn(process.execPath, [join(ROOT, 'scripts', 'start.mjs')], {
    cwd: ROOT,
    env: { ...process.env, ...productionEnv(), PORT: '0', HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const child = server
  child.stderr!.on('data', (chunk) => (output += chunk.toString()))
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not listening within 60 s; output:\n${output}`)), 60_000)
    child.stdout!.on('data', (chunk) => {
      output += chunk.toString()
      const match = output.match(/Sandan server on http:\/\/127\.0\.0\.1:(\d+) /)
      if (match) {
        clearTimeout(timer)
        resolve(Number(match[1]))
      }
    })
    child.on('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`npm start exited early (${code}); output:\n${output}`))
    })
  })
}

async function stopServer(): Promise<number | null> {
  const child = server!
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  child.kill('SIGTERM')
  return exited
}

test('bootstrap a production database with the admin commands, then the first WeChat logins', async () => {
  if (!scratch) return

  // As README.md lists them. The first run may build build/server (start.mjs, when it is missing).
  const steps: [string[], RegExp][] = [
    [['create-street', '--name', '阳光街道党工委'], /^已创建街道\/乡镇「阳光街道党工委」（id \d+）\n$/],
    [
      ['create-community', '--street', '阳光街道党工委', '--name', '阳光社区', '--compound', '锦绣小区:第1网格,第2网格', '--compound', '和平里小区:第3网格'],
      /^已在街道「阳光街道党工委」下创建社区「阳光社区」（id \d+）\n {2}小区「锦绣小区」（id \d+）：第1网格（id \d+）、第2网格（id \d+）\n {2}小区「和平里小区」（id \d+）：第3网格（id \d+）\n$/,
    ],
    [['create-work-unit', '--street', '阳光街道党工委', '--name', '县人民医院'], /^已在街道「阳光街道党工委」下创建单位「县人民医院」（id \d+）\n$/],
    [['load-catalogue'], /^服务类型：新增 \d+ 个（emergency, .*），更新 0 个\n$/],
    [
      ['create-committee', '--community', '阳光社区', '--name', '王书记', '--phone', '13800000000', '--openid', 'openid-wang'],
      /^已登记「阳光社区」党委成员 王书记（用户 id \d+，可用微信登录）\n$/,
    ],
    [
      ['create-street-admin', '--street', '阳光街道党工委', '--name', '赵主任', '--phone', '13700000000', '--openid', 'openid-zhao'],
      /^已登记「阳光街道党工委」街道管理员 赵主任（用户 id \d+，可用微信登录）\n$/,
    ],
  ]
  for (const [args, printed] of steps) {
    expect({ args, ...outcome(await admin(args)) }).toEqual({ args, code: 0, stdout: expect.stringMatching(printed), stderr: '' })
  }

  const list = outcome(await admin(['list']))
  expect(list.code).toBe(0)
  expect(list.stdout).toMatch(/^阳光街道党工委（街道\/乡镇，id \d+，居民 0 人）：街道管理员 赵主任$/m)
  expect(list.stdout).toMatch(/^ {2}阳光社区（社区\/村，id \d+，居民 0 人）：社区党委 王书记$/m)
  expect(list.stdout).toMatch(/^ {2}县人民医院（单位，id \d+）$/m)
  expect(list.stdout).toContain('尚未登记的微信用户（0 人')

  // Refusals: a clear message on stderr, a non-zero exit, and not one row written.
  const written = await tableCounts()
  expect(written).toMatchObject({ orgs: 8, users: 2, memberships: 2, membership_events: 2 })
  const refusals: [string[], number, RegExp][] = [
    [['frobnicate'], 2, /未知命令：frobnicate[\s\S]*用法：npm run admin -- <命令>/],
    [['create-street'], 2, /create-street 缺少 --name/],
    [['create-committee', '--community', '阳光社区', '--name', '李委员', '--phone', '13800000001', '--bogus', 'x'], 2, /create-committee：.*bogus/],
    [['create-street', '--name', '阳光街道党工委'], 1, /街道\/乡镇「阳光街道党工委」已存在（id \d+），未做任何修改/],
    [['create-community', '--street', '阳光街道党工委', '--name', '阳光社区', '--compound', '新小区:第9网格'], 1, /社区「阳光社区」已存在（id \d+），未做任何修改/],
    [['create-work-unit', '--street', '阳光街道党工委', '--name', '县人民医院'], 1, /已有单位「县人民医院」（id \d+），未做任何修改/],
    [['create-committee', '--community', '阳光社区', '--name', '张三', '--phone', '13800000000'], 1, /手机号 13800000000 已登记给用户「王书记」.*未做任何修改/],
    [['create-committee', '--community', '阳光社区', '--name', '张三', '--phone', '13900000000', '--openid', 'openid-wang'], 1, /openid openid-wang 已登记给用户「王书记」.*未做任何修改/],
    [['create-committee', '--community', '没有的社区', '--name', '张三', '--phone', '13900000000'], 1, /没有这个社区：没有的社区/],
  ]
  for (const [args, code, message] of refusals) {
    const run = outcome(await admin(args))
    expect({ args, code: run.code, stdout: run.stdout, stderr: run.stderr }).toEqual({ args, code, stdout: '', stderr: expect.stringMatching(message) })
  }
  // Production settings missing: refused before touching the database, naming what is missing.
  const unconfigured = outcome(await admin(['list'], { ...productionEnv(), WECHAT_APP_SECRET: '' }))
  expect(unconfigured).toEqual({ code: 1, stdout: '', stderr: expect.stringContaining('Refusing to start in production mode without: WECHAT_APP_SECRET') })
  expect(await tableCounts()).toEqual(written)

  const port = await startServer()
  const api = async <T>(method: string, path: string, token?: string, body?: object) => {
    const response = await fetch(`http://127.0.0.1:${port}/api${path}`, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body && JSON.stringify(body),
    })
    return { status: response.status, body: (await response.json()) as T }
  }
  const wechatLogin = async (code: string) => {
    const session = await api<SessionDto>('POST', '/auth/wechat', undefined, { code })
    expect({ code, status: session.status }).toEqual({ code, status: 200 })
    return session.body
  }

  // A brand-new WeChat user on the fresh database: a session with no identity, which leads to sign-up.
  const newcomer = await wechatLogin('ok-newcomer')
  expect(newcomer.me).toMatchObject({ name: '', acting: null, identities: [], consented: false })
  expect(await api('GET', '/me', newcomer.token)).toMatchObject({ status: 200, body: { acting: null, identities: [] } })
  expect((await api('GET', '/members', newcomer.token)).status).toBe(403)
  expect((await api<{ name: string }[]>('GET', '/directory/communities', newcomer.token)).body.map((c) => c.name)).toEqual(['阳光社区'])

  // The committee member the command registered by openid acts as committee at once.
  const wang = await wechatLogin('ok-wang')
  expect(wang.me).toMatchObject({ name: '王书记', acting: { role: 'committee', status: 'active', orgName: '阳光街道党工委 · 阳光社区' } })
  expect(await api<MemberPageDto>('GET', '/members', wang.token)).toMatchObject({ status: 200, body: { items: [expect.objectContaining({ name: '王书记', role: 'committee' })] } })
  const zhao = await wechatLogin('ok-zhao')
  expect(zhao.me.acting).toMatchObject({ role: 'street_admin', status: 'active' })

  // README's order for the next member: they log in once, `list` shows their openid, the command binds it.
  const li = await wechatLogin('ok-li')
  expect(li.me.acting).toBeNull()
  const listed = outcome(await admin(['list']))
  expect(listed.stdout).toMatch(new RegExp(`^ {2}用户 id ${li.me.id}，openid openid-li，首次登录 `, 'm'))
  const bound = outcome(await admin(['create-committee', '--community', '阳光社区', '--name', '李委员', '--phone', '13800000001', '--openid', 'openid-li']))
  expect(bound).toEqual({ code: 0, stdout: `已登记「阳光社区」党委成员 李委员（用户 id ${li.me.id}，已关联其微信账号，重新登录后生效）\n`, stderr: '' })
  const again = await wechatLogin('ok-li')
  expect(again.me).toMatchObject({ id: li.me.id, name: '李委员', acting: { role: 'committee', orgName: '阳光街道党工委 · 阳光社区' } })
  expect((await api<MeDto>('GET', '/me', again.token)).body.acting?.role).toBe('committee')

  expect(await stopServer()).toBe(0)
}, 300_000)
