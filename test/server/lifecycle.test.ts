/**
 * `npm start` as an operator runs it: a real process tree (start.mjs → node server), a real port,
 * a real signal. SIGTERM must close the server cleanly — in-flight request answered, exit 0,
 * nothing left running or listening.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createScratchDatabase } from '../support/scratch-database'

const ROOT = join(__dirname, '..', '..')
let dataDir: string
let start: ChildProcess
let output = ''

beforeAll(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'sandan-lifecycle-'))
})

afterAll(() => {
  // Only if an assertion failed midway: never leave a server behind.
  if (start && start.exitCode === null) start.kill('SIGKILL')
  rmSync(dataDir, { recursive: true, force: true })
})

function waitFor(pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${pattern} within ${timeoutMs} ms; output:\n${output}`)), timeoutMs)
    const check = () => {
      const match = output.match(pattern)
      if (match) {
        clearTimeout(timer)
        start.stdout!.off('data', check)
        resolve(match)
      }
    }
    start.stdout!.on('data', check)
    start.on('exit', () => reject(new Error(`start.mjs exited early; output:\n${output}`)))
    check()
  })
}

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

const refusesConnections = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, '127.0.0.1')
    socket.on('connect', () => (socket.destroy(), resolve(false)))
    socket.on('error', () => resolve(true))
  })

/** Sends the request head and half the body; the rest goes later, so the request is in flight. */
function startSlowRequest(port: number, body: string): { finish(): void; response: Promise<string> } {
  const socket = connect(port, '127.0.0.1')
  const half = Math.floor(body.length / 2)
  // A session token the server looks up, then a body it must read before it can answer 401.
  socket.write(
    `POST /api/orders HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${'x'.repeat(43)}\r\n` +
      `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body.slice(0, half)}`,
  )
  let received = ''
  socket.on('data', (chunk) => (received += chunk.toString()))
  const response = new Promise<string>((resolve) => socket.on('close', () => resolve(received)))
  return { finish: () => socket.end(body.slice(half)), response }
}

/** Starts `node scripts/start.mjs` with `env`, then stops it with SIGTERM mid-request. */
async function startThenTerminate(env: Record<string, string>) {
  output = ''
  start = spawn(process.execPath, [join(ROOT, 'scripts', 'start.mjs')], {
    cwd: ROOT,
    // A set H5_DIR skips the H5 build in start.mjs; this one does not exist, so nothing is served at /.
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, H5_DIR: join(dataDir, 'no-h5'), SEED: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  start.stdout!.on('data', (chunk) => (output += chunk.toString()))
  start.stderr!.on('data', (chunk) => (output += chunk.toString()))
  const exited = new Promise<number | null>((resolve) => start.on('exit', (code) => resolve(code)))

  // A fresh PGlite data dir costs an initdb (4–7 s here), more on a loaded machine.
  const [, port, serverPid] = (await waitFor(/Sandan server on http:\/\/127\.0\.0\.1:(\d+) .*pid (\d+)/, 60_000)).map(Number)
  expect(serverPid).not.toBe(start.pid)
  const commandLine = readFileSync(`/proc/${serverPid}/cmdline`, 'utf8').split('\0').join(' ')
  expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200)
  expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200)

  const slow = startSlowRequest(port, JSON.stringify({ categoryCode: 'meals', description: '在途请求' }))
  await new Promise((resolve) => setTimeout(resolve, 300))

  const signalled = Date.now()
  start.kill('SIGTERM')
  await waitFor(/SIGTERM: closing/, 5000)
  // The server is closing but still owes the in-flight request its answer.
  slow.finish()
  const response = await slow.response
  expect(response).toMatch(/^HTTP\/1\.1 401 /)
  expect(response).toContain('"code":"unauthenticated"')

  const code = await exited
  const elapsed = Date.now() - signalled
  expect(code).toBe(0)
  expect(elapsed).toBeLessThan(10_000)
  expect(isAlive(serverPid)).toBe(false)
  expect(await refusesConnections(port)).toBe(true)
  expect(output).toContain('Closed')
  return { commandLine }
}

test('SIGTERM to `npm start` finishes the in-flight request, stops the server and exits 0 within 10 s', async () => {
  await startThenTerminate({ NODE_ENV: 'development' })
}, 90_000)

test('production runs the compiled server (no TypeScript loader) on PostgreSQL and stops the same way', async () => {
  const database = await createScratchDatabase(process.env.RACE_PG_URL || 'postgres://postgres@127.0.0.1:5432/postgres', 'sandan_lifecycle')
  try {
    const { commandLine } = await startThenTerminate({ NODE_ENV: 'production', DATABASE_URL: database.url, WECHAT_APP_ID: 'wx-test', WECHAT_APP_SECRET: 'secret' })
    expect(output).toContain('(postgres;')
    // Plain node on the compiled build/, not tsx on the sources.
    expect(commandLine).toMatch(/build\/server\/main\.js/)
    expect(commandLine).not.toContain('tsx')
  } finally {
    await database.drop()
  }
}, 120_000)
