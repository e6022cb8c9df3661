/**
 * `npm start` on an empty embedded database, as a first-time user runs it: the demo is seeded and
 * its past is settled (its overdue orders already escalated, those clock messages read), so a
 * demo committee sees escalations on timelines and in 消息 without an unread burst of old 超时.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { DemoAccountDto, SessionDto } from '../../types/people'
import type { MessagePageDto } from '../../types/messages'
import { startServerProcess, type ServerProcess } from '../support/server-processes'

let server: ServerProcess
let dataDir: string
beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'sandan-demo-start-'))
  server = await startServerProcess({ SEED: '1', DATA_DIR: dataDir }, 120_000)
}, 150_000)
afterAll(async () => {
  await server?.stop()
  rmSync(dataDir, { recursive: true, force: true })
})

const base = () => `http://127.0.0.1:${server.port}`
async function json<T>(path: string, init: RequestInit = {}): Promise<T> {
  const response = await fetch(base() + path, init)
  expect(response.status).toBeLessThan(300)
  return (await response.json()) as T
}

test('a demo committee finds the escalations of the past read, and its badge counts only the rest', async () => {
  const accounts = await json<DemoAccountDto[]>('/api/auth/demo-accounts')
  const committee = accounts.find((a) => a.role === 'committee')!
  const { token } = await json<SessionDto>('/api/auth/demo', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ userId: committee.id, membershipId: committee.membershipId }),
  })
  const auth = { headers: { authorization: `Bearer ${token}` } }
  const all: MessagePageDto['items'] = []
  for (let cursor: string | null = null, first = true; first || cursor; first = false) {
    const page: MessagePageDto = await json<MessagePageDto>(`/api/messages?limit=50${cursor ? `&cursor=${cursor}` : ''}`, auth)
    all.push(...page.items)
    cursor = page.nextCursor
  }
  const clockKinds = ['escalated', 'due_soon', 'stale_in_hall']
  const clock = all.filter((m) => clockKinds.includes(m.kind))
  expect(clock.length).toBeGreaterThan(0)
  expect(clock.filter((m) => !m.read)).toEqual([])
  const { unread } = await json<{ unread: number }>('/api/messages/unread', auth)
  expect(unread).toBe(all.filter((m) => !m.read).length)
}, 60_000)
