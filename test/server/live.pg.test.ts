/**
 * Live updates across server processes on real PostgreSQL: a claim made through one process
 * reaches a client connected to the other within a second (each process LISTENs; the triggers
 * NOTIFY at commit). With CI set, an unreachable PostgreSQL fails the test rather than skipping.
 */
import { ROLES, type Role } from '../../src/domain'
import { issueSession } from '../../server/plugins/auth'
import { listDemoAccounts, type UserRecord } from '../../server/repositories/users'
import type { OrderDetailDto } from '../../types/api'
import { aboutOrder, isReady, openLive, type LiveClient } from '../support/live-client'
import { gridOf } from '../support/orders'
import { serverProcesses, startServerProcess, type ServerProcess, type ServerProcesses } from '../support/server-processes'

let cluster: ServerProcesses = { processes: [], close: async () => undefined }
const servers: ServerProcess[] = []
const clients: LiveClient[] = []
beforeAll(async () => {
  cluster = await serverProcesses('sandan_live', 1)
  if (!cluster.url) return
  for (let i = 0; i < 2; i++) servers.push(await startServerProcess({ DATABASE_URL: cluster.url }))
}, 120_000)
afterAll(async () => {
  clients.forEach((client) => client.close())
  await Promise.all(servers.map((server) => server.stop()))
  await cluster.close()
}, 60_000)

const base = (server: ServerProcess) => `http://127.0.0.1:${server.port}`

async function post<T>(server: ServerProcess, token: string, path: string, body: object): Promise<T> {
  const response = await fetch(base(server) + path, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  const answer = (await response.json()) as T
  if (!response.ok) throw new Error(`${path}: ${response.status} ${JSON.stringify(answer)}`)
  return answer
}

test('a claim through one process reaches a client of the other within a second', async () => {
  if (!cluster.url) return
  const db = cluster.processes[0].db
  const accounts = await listDemoAccounts(db)
  const first = (role: Role) => accounts.find((a) => a.role === role && (role !== 'committee' || a.orgPath === a.communityPath)) as UserRecord
  const tokens = Object.fromEntries(await Promise.all(ROLES.map(async (role) => [role, await issueSession(db, first(role).id, new Date(), first(role).membershipId)]))) as Record<Role, string>
  const [a, b] = servers

  const order = await post<OrderDetailDto>(a, tokens.resident, '/api/orders', {
    categoryCode: 'meals',
    description: '老人腿脚不便，想请人帮忙买菜',
    gridId: gridOf(first('resident').orgPath),
    address: '锦绣小区3号楼2单元401',
    contactName: '测试居民',
    contactPhone: '13800001111',
    urgency: 'normal',
  })
  await post(a, tokens.committee, `/api/orders/${order.id}/transitions`, { action: 'publish' })

  const resident = openLive(base(b), tokens.resident)
  clients.push(resident)
  await resident.next(isReady)
  const from = resident.frames.length
  const claimedAt = Date.now()
  await post(a, tokens.volunteer, `/api/orders/${order.id}/transitions`, { action: 'claim' })
  await resident.next(aboutOrder(order.id), { from, timeoutMs: 1000 })
  const latencyMs = Date.now() - claimedAt
  expect(latencyMs).toBeLessThan(1000)
  console.log(`live: claim via process ${a.pid} reached a client of process ${b.pid} in ${latencyMs} ms`)
}, 60_000)
