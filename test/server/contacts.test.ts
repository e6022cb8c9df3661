/**
 * GET /api/me/contacts: whom a household calls when the phone is quicker than an order (the
 * 一键助急 screen offers these numbers). Residents and family proxies get their household's grid
 * workers and community committee, with full numbers; every other role is refused.
 */
import { sql } from 'drizzle-orm'
import type { ApiError } from '../../types/api'
import type { HouseholdContactsDto } from '../../types/contacts'
import { createTestApp, queryRows, type TestApp } from '../support/app'
import { call } from '../support/http'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(() => t.close())

const contacts = (token: string | null) => call<HouseholdContactsDto & ApiError>(t.app, token, { method: 'GET', url: '/api/me/contacts' })

/** What the answer must say for a household, read straight from the tables. */
async function expectedFor(householdId: number) {
  const [grid] = await queryRows<{ id: number; name: string; path: string }>(
    t.database.db,
    sql`select g.id, g.name, g.path from households h join orgs g on g.id = h.grid_id where h.id = ${householdId}`,
  )
  const workers = await queryRows<{ name: string; phone: string }>(
    t.database.db,
    sql`select u.name, u.phone from memberships m join users u on u.id = m.user_id
        where m.org_id = ${grid.id} and m.role = 'grid_worker' and m.status = 'active' order by m.id`,
  )
  const [community] = await queryRows<{ id: number; name: string }>(
    t.database.db,
    sql`select id, name from orgs where kind = 'community' and ${grid.path} like path || '%'`,
  )
  const [secretary] = await queryRows<{ phone: string }>(
    t.database.db,
    sql`select u.phone from memberships m join users u on u.id = m.user_id
        where m.org_id = ${community.id} and m.role = 'committee' and m.status = 'active' order by m.id limit 1`,
  )
  return { grid, community, answer: { gridName: grid.name, gridWorkers: workers, community: { name: community.name, phone: secretary?.phone ?? null } } }
}

test("a resident gets the grid worker of the household's grid and the community's number, in full", async () => {
  const resident = t.byRole.resident
  const { status, body } = await contacts(t.tokens.resident)
  expect(status).toBe(200)
  const { answer } = await expectedFor(resident.householdId!)
  expect(body).toEqual(answer)
  // The seed's grid worker serves the first resident's grid; numbers are whole, not masked.
  expect(body.gridWorkers.map((w) => w.name)).toContain(t.byRole.grid_worker.name)
  expect(body.gridWorkers.every((w) => /^1\d{10}$/.test(w.phone))).toBe(true)
  expect(body.community).toEqual({ name: '阳光社区大党委', phone: expect.stringMatching(/^1\d{10}$/) })
})

test('a family proxy gets the contacts of the household they speak for, not of where they live', async () => {
  const proxy = t.byRole.proxy
  const { status, body } = await contacts(t.tokens.proxy)
  expect(status).toBe(200)
  expect(body).toEqual((await expectedFor(proxy.householdId!)).answer)
})

test.each(['grid_worker', 'committee', 'street_admin', 'party_member', 'volunteer'] as const)('%s is refused with a reason in Chinese', async (role) => {
  const { status, body } = await contacts(t.tokens[role])
  expect(status).toBe(403)
  expect(body).toEqual({ code: 'forbidden', message: '只有居民和亲情代理可以查看本户的网格员和社区电话' })
})

test('signed out: 401', async () => {
  const { status, body } = await contacts(null)
  expect(status).toBe(401)
  expect(body.code).toBe('unauthenticated')
})

test('only active grid workers, longest serving first; no community-level committee member: no number', async () => {
  const resident = t.byRole.resident
  const { grid, community } = await expectedFor(resident.householdId!)
  const db = t.database.db
  // A second grid worker for the grid, then one who left.
  const [second] = await queryRows<{ id: number }>(db, sql`insert into users (name, phone) values ('新网格员', '13912345678') returning id`)
  await db.execute(sql`insert into memberships (user_id, role, org_id, status, created_at) values (${second.id}, 'grid_worker', ${grid.id}, 'active', now())`)
  const [gone] = await queryRows<{ id: number }>(db, sql`insert into users (name, phone) values ('已离任', '13912340000') returning id`)
  await db.execute(sql`insert into memberships (user_id, role, org_id, status, created_at) values (${gone.id}, 'grid_worker', ${grid.id}, 'ended', now())`)
  const before = (await contacts(t.tokens.resident)).body
  expect(before.gridWorkers.map((w) => w.name)).toEqual([t.byRole.grid_worker.name, '新网格员'])

  await db.execute(sql`update memberships set status = 'ended' where org_id = ${community.id} and role = 'committee'`)
  const after = (await contacts(t.tokens.resident)).body
  expect(after.community).toEqual({ name: community.name, phone: null })
})
