/**
 * Property-based fuzzing of every route the OpenAPI document lists: hostile bodies, ids, query
 * strings and headers. The only acceptable answers are the ones the route documents (plus the
 * transport-level ones any route may give); never a 5xx; every error is `{code, message}`.
 * Afterwards every order's status still equals its last event's, and every membership's its last
 * history row's: nothing was half-written.
 */
import fc from 'fast-check'
import { sql } from 'drizzle-orm'
import { ROLES } from '../../src/domain'
import { API_ERROR_CODES } from '../../types/api'
import { WechatError, type WechatClient } from '../../server/wechat/client'
import type { InviteDto } from '../../types/people'
import { bearer, createTestApp, queryRows, type TestApp } from '../support/app'
import { loadTenants } from '../support/tenants'

/** Answers any route may give, before it runs: bad framing or encoding, no such path, too big, wrong media type. */
const TRANSPORT = [400, 404, 413, 414, 415]
const RUNS = Number(process.env.FUZZ_RUNS || 250)

/** A fake WeChat: some codes are valid logins, others are refused the way WeChat refuses them. */
const wechat: WechatClient = {
  async code2Session(code) {
    if (code.startsWith('ok')) return { openid: `fuzz-${code.slice(0, 40)}`, sessionKey: 'k' }
    throw new WechatError(40029, 'invalid code')
  },
  async accessToken() {
    throw new WechatError(-1, 'unreachable: fuzz stub')
  },
  async phoneNumber() {
    throw new WechatError(40029, 'invalid code')
  },
  async wxaCode() {
    throw new WechatError(-1, 'unreachable: fuzz stub')
  },
  async sendSubscribeMessage() {
    throw new WechatError(-1, 'unreachable: fuzz stub')
  },
}

let t: TestApp
interface Route {
  method: string
  path: string
  documented: number[]
  body: boolean
  /** The JSON body's fields, from its schema. */
  fields: string[]
  /** The paths the router sends here (a parameter may be empty, as in the router). */
  shape: RegExp
  /** Static segments: the router prefers the route with more of them. */
  statics: number
}
let routes: Route[]
type Operation = {
  responses?: Record<string, unknown>
  requestBody?: { content?: Record<string, { schema?: { properties?: Record<string, unknown> } }> }
}
beforeAll(async () => {
  t = await createTestApp({ wechat })
  Object.assign(PLAUSIBLE, await plausibleIds(t))
  const doc = (await t.app.inject({ url: '/api/docs/json' })).json() as { paths: Record<string, Record<string, Operation>> }
  routes = Object.entries(doc.paths).flatMap(([path, operations]) =>
    Object.entries(operations).map(([method, op]) => ({
      method: method.toUpperCase(),
      path,
      documented: Object.keys(op.responses ?? {}).map(Number),
      body: op.requestBody !== undefined,
      fields: Object.keys(op.requestBody?.content?.['application/json']?.schema?.properties ?? {}),
      shape: new RegExp('^' + path.replace(/\{[^}]+\}/g, '[^/]*') + '$'),
      statics: path.split('/').filter((segment) => !segment.startsWith('{')).length,
    })),
  )
})

/**
 * The route a URL reaches once dot segments are resolved, as every HTTP client (and inject) does
 * before sending: `/api/invites/./qr` is a request for `/api/invites/qr`, another route's URL.
 * A static segment outranks a parameter and a parameter may be empty, as in the router; no match
 * means only transport answers.
 */
function routeReached(route: Route, url: string): Route | undefined {
  const path = new URL(url, 'http://localhost').pathname
  return routes.filter((candidate) => candidate.method === route.method && candidate.shape.test(path)).sort((a, b) => b.statics - a.statics)[0]
}

/** The answer is one the route reached documents (or a transport-level one), never 5xx, and errors are `{code, message}`. */
function expectDocumented(route: Route, url: string, response: { statusCode: number; body: string; json(): unknown }, sent?: string) {
  const status = response.statusCode
  const reached = routeReached(route, url)
  const allowed = [...(reached?.documented ?? []), ...TRANSPORT]
  const context = { route: `${route.method} ${route.path}`, reached: reached && `${reached.method} ${reached.path}`, url, sent, status, answer: response.body.slice(0, 200) }
  expect({ ...context, ok: status < 500 && allowed.includes(status) }).toEqual({ ...context, ok: true })
  if (status >= 400) {
    const error = response.json() as { code: string; message: string }
    expect(API_ERROR_CODES).toContain(error.code)
    expect(error.message).toMatch(/[\u4e00-\u9fff]/)
  }
}
afterAll(() => t.close())

const hostileString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constantFrom('', '\u0000', 'a\u0000b', '../../etc/passwd', '%00', '%', '%E0%A4%A', 'Infinity', '-0', '1e308', 'NaN', '0x10', ' 1', '2147483648', '9'.repeat(30), '<script>', "'; drop table orders; --", '__proto__', '💥'.repeat(10)),
)
const hostileNumber = fc.oneof(fc.integer(), fc.double(), fc.constantFrom(0, -1, 2147483647, 2147483648, Number.MAX_SAFE_INTEGER, 1e308, -1e308))
const hostileValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    hostileString,
    hostileNumber,
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(hostileString, tie('value'), { maxKeys: 4 }),
  ),
})).value

/**
 * A valid-looking value for every body field any route takes; a route's body uses its own fields
 * only. The people and community routes get ids of the seed's first community (set in beforeAll),
 * so a body with one field made hostile gets past schema validation to the code behind it.
 */
const PLAUSIBLE: Record<string, unknown> = {
  action: 'claim', note: '好的', rating: 5, assigneeId: 1, photos: [], categoryCode: 'meals', description: '楼道灯坏了看不清', gridId: 5,
  address: '3号楼', contactName: '张三', contactPhone: '13800001111', preferredTime: '上午', urgency: 'normal', code: 'ok-code', userId: 1,
  privacyConsent: true, name: '张三', phone: '13800001111', building: '3', unit: '2', room: '401', approve: true, maxUses: 5, days: 7,
  skills: ['repair'], photoRequired: false, enabled: true, mode: 'team', responseMinutes: 60, completionMinutes: 240,
}

/** The seed's ids for PLAUSIBLE: its first community, a grid, team, compound, household and work unit, and an invite to the team. */
async function plausibleIds(t: TestApp): Promise<Record<string, unknown>> {
  const { sunshine } = await loadTenants(t)
  const [{ workUnitId }] = await queryRows<{ workUnitId: number }>(t.database.db, sql`select id as "workUnitId" from orgs where kind = 'work_unit' order by id limit 1`)
  const [{ compoundId }] = await queryRows<{ compoundId: number }>(
    t.database.db,
    sql`select id as "compoundId" from orgs where kind = 'compound' and parent_id = ${sunshine.id} order by id limit 1`,
  )
  const [household] = sunshine.households
  const invite = await t.app.inject({
    method: 'POST', url: '/api/invites', headers: bearer(sunshine.committeeToken), payload: { role: 'volunteer', orgId: sunshine.id, teamId: sunshine.teamId },
  })
  expect(invite.statusCode).toBe(201)
  const resident = t.byRole.resident
  return {
    role: 'volunteer', invite: (invite.json() as InviteDto).code, communityId: sunshine.id, orgId: sunshine.id, teamId: sunshine.teamId, workUnitId, compoundId,
    gridId: household.gridId, householdId: household.id,
    household: { gridId: household.gridId, building: household.building, unit: household.unit, room: household.room },
    userId: resident.id, membershipId: resident.membershipId,
  }
}
const plausibleFor = (route: Route) => Object.fromEntries(route.fields.map((field) => [field, PLAUSIBLE[field]]))

/** The route's plausible body with one field made hostile (or an extra one), and wholly hostile bodies. */
const hostileBody = (route: Route) =>
  fc.oneof(
    fc
      .record({ field: fc.constantFrom(...route.fields, '__proto__', 'constructor', 'extra'), value: hostileValue })
      .map(({ field, value }) => JSON.stringify({ ...plausibleFor(route), [field]: value })),
    hostileValue.map((value) => JSON.stringify(value) ?? 'null'),
    fc.string({ maxLength: 60 }),
  )

/** A session acting as each role the seed has (proxy, grid worker and street admin included): every route guards on the acting role. */
const actorTokens = (t: TestApp) => ROLES.map((role) => t.tokens[role])
const tokenOf = (t: TestApp) => fc.constantFrom<(string | null)>(null, 'garbage', 'x'.repeat(40), ...actorTokens(t))
const contentType = fc.constantFrom('application/json', 'application/json; charset=utf-8', 'text/plain', 'multipart/form-data', 'multipart/form-data; boundary=x', 'application/x-www-form-urlencoded', 'application/xml', '')
const pathValue = fc.oneof(fc.integer({ min: 1, max: 120 }).map(String), hostileString.map(encodeURIComponent), hostileString.filter((s) => !/[?#\s]/.test(s)))
const query = fc.dictionary(fc.constantFrom('group', 'view', 'cursor', 'limit', 'x'), hostileString, { maxKeys: 4 })

test('a person signed in without an identity yet (before sign-up) gets only documented answers from every route', async () => {
  const login = await t.app.inject({ method: 'POST', url: '/api/auth/wechat', payload: { code: 'ok-before-signup' } })
  expect(login.statusCode).toBe(200)
  const { token } = login.json() as { token: string }
  const undocumented: string[] = []
  for (const route of routes) {
    const url = route.path.replace(/\{[^}]+\}/g, '1')
    const response = await t.app.inject({ method: route.method as 'GET', url, headers: { authorization: `Bearer ${token}` }, ...(route.body ? { payload: {} } : {}) })
    if (response.statusCode >= 500 || ![...route.documented, ...TRANSPORT].includes(response.statusCode)) undocumented.push(`${route.method} ${route.path} → ${response.statusCode}`)
    else expectDocumented(route, url, response, route.body ? '{}' : undefined)
  }
  expect(undocumented).toEqual([])
})

test('a URL whose parameter is a dot segment is judged by the route it reaches, as clients resolve it before sending', async () => {
  const qr = routes.find((route) => route.method === 'GET' && route.path === '/api/invites/{code}/qr')!
  const url = '/api/invites/./qr'
  expect(routeReached(qr, url)?.path).toBe('/api/invites/{code}')
  expectDocumented(qr, url, await t.app.inject({ url }))
})

test('no route answers anything undocumented, and none answers 5xx', async () => {
  expect(routes.length).toBeGreaterThanOrEqual(14)
  let requests = 0
  for (const route of routes) {
    await fc.assert(
      fc.asyncProperty(tokenOf(t), pathValue, query, hostileBody(route), contentType, hostileString, async (token, param, q, body, type, key) => {
        const url =
          route.path.replace(/\{[^}]+\}/g, param) +
          (Object.keys(q).length ? '?' + Object.entries(q).map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&') : '')
        const headers: Record<string, string> = { 'idempotency-key': key.replace(/[^\x20-\x7e]/g, '') }
        if (token) headers.authorization = `Bearer ${token}`
        if (route.body && type) headers['content-type'] = type
        let response
        try {
          response = await t.app.inject({ method: route.method as 'GET', url, headers, ...(route.body ? { payload: body } : {}) })
        } catch {
          return // inject refuses URLs no HTTP client could send; not an answer of ours
        }
        requests++
        expectDocumented(route, url, response, route.body ? body : undefined)
      }),
      { numRuns: RUNS },
    )
  }
  expect(requests).toBeGreaterThan(routes.length * RUNS * 0.8)

  const broken = await queryRows<{ id: number }>(
    t.database.db,
    sql`select o.id from orders o
        join lateral (select to_status from order_events e where e.order_id = o.id order by e.id desc limit 1) last on true
        where last.to_status <> o.status`,
  )
  expect(broken).toEqual([])

  // The same for people: every membership change appends its history row in the same transaction,
  // including a household's correction (from = to = the unchanged status) and a merge's ending of a
  // duplicate, so the newest row's to_status is the status. A membership with no row at all is
  // broken too: even the seed and the admin command write one.
  const brokenMemberships = await queryRows<{ id: number; status: string; last: string | null }>(
    t.database.db,
    sql`select m.id, m.status, last.to_status as last from memberships m
        left join lateral (select to_status from membership_events e where e.membership_id = m.id order by e.id desc limit 1) last on true
        where last.to_status is distinct from m.status`,
  )
  expect(brokenMemberships).toEqual([])
}, 240_000)

/** Values at and past every edge a JSON field has: ranges, types, NUL, size. */
const EDGES: unknown[] = [2147483648, -1, 0, 1e308, 1.5, '5', true, null, [], {}, [1, 1], '', 'a\u0000b', '../../etc/passwd', 'x'.repeat(5000)]

test('every field of every JSON body, at every edge value, for every role: documented answers only, never 5xx', async () => {
  const bodyRoutes = routes.filter((route) => route.fields.length > 0)
  expect(bodyRoutes.length).toBeGreaterThanOrEqual(4)
  for (const route of bodyRoutes) {
    const url = route.path.replace(/\{[^}]+\}/g, '1')
    for (const token of actorTokens(t)) {
      for (const field of route.fields) {
        for (const edge of EDGES) {
          const sent = JSON.stringify({ ...plausibleFor(route), [field]: edge })
          const response = await t.app.inject({
            method: route.method as 'POST',
            url,
            payload: sent,
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          })
          expectDocumented(route, url, response, sent)
        }
      }
    }
  }
}, 240_000)
