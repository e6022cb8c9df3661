import { sql } from 'drizzle-orm'
import { connect } from 'node:net'
import type { AddressInfo } from 'node:net'
import type { CreateOrderRequest, OrderDetailDto, TransitionOutcomeDto, UploadDto } from '../../types/api'
import { pageSqlOf } from '../../server/repositories/orders'
import { createTestApp, queryRows, type TestApp } from '../support/app'
import { orderDraft } from '../support/orders'
import { call, multipart } from '../support/http'
import { solidPng } from '../support/png'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(() => t.close())

const draft = (overrides: Partial<CreateOrderRequest> = {}) => orderDraft(t, overrides)
const create = (token: string, body: unknown, headers: Record<string, string> = {}) =>
  call<OrderDetailDto>(t.app, token, { method: 'POST', url: '/api/orders', payload: body as object, headers })
const act = (token: string, id: number, body: unknown) =>
  call<TransitionOutcomeDto>(t.app, token, { method: 'POST', url: `/api/orders/${id}/transitions`, payload: body as object })
const upload = (token: string) =>
  call<UploadDto>(t.app, token, { method: 'POST', url: '/api/uploads', ...multipart('file', 'a.png', 'image/png', solidPng(4, 4, [9, 9, 9])) })
const cursor = (text: string) => Buffer.from(text).toString('base64url')

/** Every error is `{code, message}` with a Chinese message. */
function expectError(body: unknown, code: string) {
  expect(body).toEqual(expect.objectContaining({ code, message: expect.stringMatching(/[\u4e00-\u9fff]/) }))
}

describe('ids and dates beyond what PostgreSQL holds are 400, not 500', () => {
  test.each(['2147483648', '99999999999999999999', 'Infinity', '1e308', '-1', '0', '1.5'])('GET /api/orders/%s', async (id) => {
    const { status, body } = await call(t.app, t.tokens.committee, { method: 'GET', url: `/api/orders/${id}` })
    expect(status).toBe(400)
    expectError(body, 'invalid_input')
  })

  test.each([
    ['gridId', { gridId: 2147483648 }],
    ['gridId', { gridId: 1e308 }],
  ])('body %s out of range', async (_field, overrides) => {
    const { status, body } = await create(t.tokens.resident, { ...draft(), ...overrides })
    expect(status).toBe(400)
    expectError(body, 'invalid_input')
  })

  test('assigneeId out of range', async () => {
    const { body: order } = await create(t.tokens.resident, draft())
    const { status } = await act(t.tokens.committee, order.id, { action: 'dispatch', assigneeId: 2147483648 })
    expect(status).toBe(400)
  })

  test.each([
    ['an overflowing id', '2026-11-20T08:00:00.000Z|2147483648'],
    ['a huge id', '2026-11-20T08:00:00.000Z|99999999999999999999999'],
    ['year 0000', '0000-01-01T00:00:00.000Z|5'],
    ['a queue cursor with year 0000', '0|0000-01-01T00:00:00.000Z|5'],
  ])('a cursor with %s', async (_name, text) => {
    for (const [token, view] of [[t.tokens.committee, ''], [t.tokens.volunteer, '&view=hall']] as const) {
      const { status, body } = await call(t.app, token, { method: 'GET', url: `/api/orders?cursor=${cursor(text)}${view}` })
      expect(status).toBe(400)
      expectError(body, 'invalid_input')
    }
  })
  test.each([
    ['messages', '/api/messages?cursor=2147483648'],
    ['members', '/api/members?cursor=2147483648'],
    ['members', '/api/members?cursor=9999999999'],
    ['the problem list', `/api/problem-list?cursor=${cursor('2026-11-20T08:00:00.000Z|2147483648')}`],
    ['the problem list', `/api/problem-list?cursor=${cursor('0000-01-01T00:00:00.000Z|5')}`],
  ])('an overflowing cursor on %s', async (_name, url) => {
    const { status, body } = await call(t.app, t.tokens.committee, { method: 'GET', url })
    expect(status).toBe(400)
    expectError(body, 'invalid_input')
  })
})

describe('NUL characters are refused on arrival', () => {
  test.each(['description', 'address', 'contactName', 'preferredTime'])('in %s', async (field) => {
    const { status, body } = await create(t.tokens.resident, draft({ [field]: `半夜\u0000停电了，请帮忙` }))
    expect(status).toBe(400)
    expectError(body, 'invalid_input')
    expect((body as unknown as { message: string }).message).toContain(field)
  })

  test('in a transition note and in a key', async () => {
    const { body: order } = await create(t.tokens.resident, draft())
    expect((await act(t.tokens.committee, order.id, { action: 'reject', note: 'a\u0000b' })).status).toBe(400)
    expect((await act(t.tokens.committee, order.id, { action: 'reject', ['no\u0000te']: 'x' })).status).toBe(400)
  })
})

describe('JSON bodies are validated as sent: no type coercion', () => {
  let completed: OrderDetailDto
  beforeAll(async () => {
    const { body: order } = await create(t.tokens.resident, draft())
    for (const [token, body] of [
      [t.tokens.committee, { action: 'dispatch', assigneeId: t.byRole.volunteer.id }],
      [t.tokens.volunteer, { action: 'accept' }],
      [t.tokens.volunteer, { action: 'start' }],
      [t.tokens.volunteer, { action: 'complete', note: '已处理' }],
    ] as const) {
      expect((await act(token, order.id, body)).status).toBe(200)
    }
    completed = order
  })

  test.each([true, '5', [4], 4.5, null])('rating %p does not close the order', async (rating) => {
    const { status, body } = await act(t.tokens.resident, completed.id, { action: 'confirm', rating })
    expect(status).toBe(400)
    expectError(body, 'invalid_input')
    const [row] = await queryRows<{ status: string }>(t.database.db, sql`select status from orders where id = ${completed.id}`)
    expect(row.status).toBe('completed')
  })

  test.each([
    ['an array for the action', { action: ['confirm'], rating: 5 }],
    ['a number for a string', { action: 'confirm', rating: 5, note: 12345 }],
    ['a string for an array', { action: 'confirm', rating: 5, photos: '/api/uploads/2026/11/abcdefgh.jpg' }],
    ['an unknown field', { action: 'confirm', rating: 5, extra: 1 }],
  ])('%s is 400', async (_name, body) => {
    expect((await act(t.tokens.resident, completed.id, body)).status).toBe(400)
  })

  test('create: a string for the grid id, a number for the phone', async () => {
    expect((await create(t.tokens.resident, { ...draft(), gridId: String(draft().gridId) })).status).toBe(400)
    expect((await create(t.tokens.resident, { ...draft(), contactPhone: 13800001111 })).status).toBe(400)
  })

  test('query strings still coerce: limit=2 is a number', async () => {
    const { status, body } = await call<{ items: unknown[] }>(t.app, t.tokens.committee, { method: 'GET', url: '/api/orders?limit=2' })
    expect(status).toBe(200)
    expect(body.items).toHaveLength(2)
  })
})

describe('uploads take exactly one well-formed file', () => {
  const post = (payload: Buffer | string, contentType: string) =>
    call(t.app, t.tokens.resident, { method: 'POST', url: '/api/uploads', payload, headers: { 'content-type': contentType } })

  test('multipart without a boundary is 400 or 415, never 500', async () => {
    const { status, body } = await post('--x\r\n', 'multipart/form-data')
    expect([400, 415]).toContain(status)
    expectError(body, status === 400 ? 'invalid_input' : 'unsupported_media_type')
  })

  test('a truncated multipart body is 400', async () => {
    const { payload, headers } = multipart('file', 'a.png', 'image/png', solidPng(4, 4, [1, 1, 1]))
    const { status, body } = await post(payload.subarray(0, payload.length - 20), headers['content-type'])
    expect(status).toBe(400)
    expectError(body, 'invalid_input')
  })

  test('two files in one upload are refused, and nothing is stored', async () => {
    const boundary = 'sandantwofiles'
    const part = (name: string) =>
      Buffer.concat([
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: image/png\r\n\r\n`),
        solidPng(4, 4, [1, 2, 3]),
        Buffer.from('\r\n'),
      ])
    const payload = Buffer.concat([part('a.png'), part('b.png'), Buffer.from(`--${boundary}--\r\n`)])
    const [before] = await queryRows<{ n: number }>(t.database.db, sql`select count(*)::int as n from uploads`)
    const { status, body } = await post(payload, `multipart/form-data; boundary=${boundary}`)
    expect([400, 413]).toContain(status)
    expect((body as unknown as { message: string }).message).toContain('一张')
    const [after] = await queryRows<{ n: number }>(t.database.db, sql`select count(*)::int as n from uploads`)
    expect(after.n).toBe(before.n)
  })
})

describe("the framework's own errors have the same shape", () => {
  test.each([
    ['unknown route', 'GET', '/api/nope', 404, 'not_found'],
    ['unknown method on a route', 'DELETE', '/api/orders', 404, 'not_found'],
    ['bad URL encoding', 'GET', '/api/orders/%E0%A4%A', 400, 'invalid_input'],
    ['overlong path param', 'GET', `/api/orders/${'1'.repeat(200)}`, 414, 'uri_too_long'],
  ])('%s', async (_name, method, url, status, code) => {
    const response = await t.app.inject({ method: method as 'GET', url, headers: { authorization: `Bearer ${t.tokens.committee}` } })
    expect(response.statusCode).toBe(status)
    expectError(response.json(), code)
  })

  test('413 for a JSON body over the limit, 415 for an unknown content type, 400 for broken JSON', async () => {
    const big = await create(t.tokens.resident, { ...draft(), description: 'x'.repeat(70 * 1024) })
    expect(big.status).toBe(413)
    expectError(big.body, 'payload_too_large')
    const xml = await call(t.app, t.tokens.resident, { method: 'POST', url: '/api/orders', payload: '<a/>', headers: { 'content-type': 'application/xml' } })
    expect(xml.status).toBe(415)
    expectError(xml.body, 'unsupported_media_type')
    const broken = await call(t.app, t.tokens.resident, { method: 'POST', url: '/api/orders', payload: '{"a":', headers: { 'content-type': 'application/json' } })
    expect(broken.status).toBe(400)
    expectError(broken.body, 'invalid_input')
  })

  describe('on a real socket', () => {
    let port: number
    beforeAll(async () => {
      await t.app.listen({ port: 0, host: '127.0.0.1' })
      port = (t.app.server.address() as AddressInfo).port
    })

    /** Sends raw bytes and reads the whole answer. */
    const raw = (request: string) =>
      new Promise<string>((resolve, reject) => {
        const socket = connect(port, '127.0.0.1', () => socket.write(request))
        let answer = ''
        socket.on('data', (chunk) => (answer += chunk.toString('utf8')))
        socket.on('close', () => resolve(answer))
        socket.on('error', reject)
        socket.setTimeout(5000, () => socket.destroy())
      })
    const bodyOf = (answer: string) => JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4))

    test.each([
      ['malformed framing', 'GET /api/categories HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n', 400, 'invalid_input'],
      ['a broken request line', 'NOT HTTP AT ALL\r\n\r\n', 400, 'invalid_input'],
      ['headers too large', `GET /api/categories?${'a'.repeat(20000)} HTTP/1.1\r\nHost: x\r\n\r\n`, 431, 'invalid_input'],
    ])('%s', async (_name, request, status, code) => {
      const answer = await raw(request)
      expect(answer.startsWith(`HTTP/1.1 ${status}`)).toBe(true)
      expectError(bodyOf(answer), code)
    })
  })
})

describe('honest answers', () => {
  test('decline and release succeed (200) and say the order is no longer the actor’s to see', async () => {
    const { body: order } = await create(t.tokens.resident, draft())
    await act(t.tokens.committee, order.id, { action: 'dispatch', assigneeId: t.byRole.volunteer.id })
    const declined = await act(t.tokens.volunteer, order.id, { action: 'decline', note: '这周不在社区' })
    expect(declined.status).toBe(200)
    expect(declined.body).toEqual({ id: order.id, status: 'submitted', order: null })

    await act(t.tokens.committee, order.id, { action: 'dispatch', assigneeId: t.byRole.volunteer.id })
    await act(t.tokens.volunteer, order.id, { action: 'accept' })
    const released = await act(t.tokens.volunteer, order.id, { action: 'release', note: '临时有事' })
    expect(released.status).toBe(200)
    expect(released.body).toEqual({ id: order.id, status: 'submitted', order: null })
    const timeline = (await call<OrderDetailDto>(t.app, t.tokens.committee, { method: 'GET', url: `/api/orders/${order.id}` })).body.timeline
    expect(timeline.map((e) => e.event)).toEqual(['submit', 'dispatch', 'decline', 'dispatch', 'accept', 'release'])
  })

  test('an action that keeps the order visible answers it', async () => {
    const { body: order } = await create(t.tokens.resident, draft())
    const { body } = await act(t.tokens.committee, order.id, { action: 'publish' })
    expect(body).toMatchObject({ id: order.id, status: 'open', order: { id: order.id, status: 'open' } })
  })

  test('a responder learns nothing about orders they cannot see: 404, whatever the status', async () => {
    const rejected = (await create(t.tokens.resident, draft())).body
    await act(t.tokens.committee, rejected.id, { action: 'reject', note: '不属于服务范围' })
    const cancelled = (await create(t.tokens.resident, draft())).body
    await act(t.tokens.resident, cancelled.id, { action: 'cancel' })
    const dispatched = (await create(t.tokens.resident, draft())).body
    await act(t.tokens.committee, dispatched.id, { action: 'dispatch', assigneeId: t.byRole.volunteer.id })
    for (const order of [rejected, cancelled, dispatched]) {
      for (const action of ['claim', 'accept', 'start', 'complete']) {
        const { status, body } = await act(t.tokens.party_member, order.id, { action, note: 'x' })
        expect({ order: order.id, action, status }).toEqual({ order: order.id, action, status: 404 })
        expect(body).not.toHaveProperty('currentStatus')
      }
    }
  })

  test('手慢了 (409) only for an order that has just left this responder’s hall', async () => {
    const { body: order } = await create(t.tokens.resident, draft())
    await act(t.tokens.committee, order.id, { action: 'publish' })
    expect((await act(t.tokens.volunteer, order.id, { action: 'claim' })).status).toBe(200)
    const late = await act(t.tokens.party_member, order.id, { action: 'claim' })
    expect(late.status).toBe(409)
    expect(late.body).toMatchObject({ code: 'conflict', currentStatus: 'accepted' })
    // Once it moves on, it is simply not theirs: 404.
    await act(t.tokens.volunteer, order.id, { action: 'start' })
    expect((await act(t.tokens.party_member, order.id, { action: 'claim' })).status).toBe(404)
  })

  test('Idempotency-Key: same body → the first order; another body → 422 and nothing written', async () => {
    const headers = { 'idempotency-key': 'hardening-key-0001' }
    const first = await create(t.tokens.resident, draft(), headers)
    expect(first.status).toBe(201)
    const retry = await create(t.tokens.resident, draft(), headers)
    expect(retry.status).toBe(200)
    expect(retry.body.id).toBe(first.body.id)
    const other = await create(t.tokens.resident, draft({ categoryCode: 'emergency', urgency: 'emergency', description: '厨房有很大的燃气味' }), headers)
    expect(other.status).toBe(422)
    expectError(other.body, 'idempotency_key_reused')
    const [row] = await queryRows<{ n: number }>(t.database.db, sql`select count(*)::int as n from orders where idempotency_key = 'hardening-key-0001'`)
    expect(row.n).toBe(1)
  })

  test('photos must be uploads this server stored for the same person', async () => {
    const mine = (await upload(t.tokens.resident)).body.url
    const theirs = (await upload(t.tokens.volunteer)).body.url
    const repair = (photos: string[]) => create(t.tokens.resident, draft({ categoryCode: 'repair', photos }))
    for (const photos of [
      ['/api/uploads/2026/11/neveruploaded1.jpg'],
      ['/api/uploads/../../../../etc/passwd'],
      ['/api/uploads/2026/11/../../../etc/x.jpg'],
      [theirs],
      [mine, mine],
    ]) {
      const { status, body } = await repair(photos)
      expect({ photos, status }).toEqual({ photos, status: 400 })
      expectError(body, 'invalid_input')
    }
    expect((await repair([mine])).status).toBe(201)
  })

  test('report photos too', async () => {
    const { body: order } = await create(t.tokens.resident, draft())
    for (const body of [
      { action: 'dispatch', assigneeId: t.byRole.volunteer.id },
      { action: 'accept' },
      { action: 'start' },
    ]) await act(body.action === 'dispatch' ? t.tokens.committee : t.tokens.volunteer, order.id, body)
    const residentsPhoto = (await upload(t.tokens.resident)).body.url
    const refused = await act(t.tokens.volunteer, order.id, { action: 'complete', note: '修好了', photos: [residentsPhoto] })
    expect(refused.status).toBe(400)
    const own = (await upload(t.tokens.volunteer)).body.url
    const done = await act(t.tokens.volunteer, order.id, { action: 'complete', note: '修好了', photos: [own] })
    expect(done.status).toBe(200)
    expect(done.body.order!.timeline.at(-1)!.photos).toEqual([own])
  })
})

describe('the queues are served by their indexes', () => {
  const SAMPLE: Record<string, string> = {
    pathPrefix: "'/1/%'",
    actorId: '1',
    role: "'volunteer'",
    teamId: '1',
    workUnitId: '0',
    statuses: "'{open,submitted,reopened}'",
    rank: '-1',
    at: "'-infinity'",
    id: '0',
    limit: '21',
  }

  test.each([
    ['hall', 'orders_queue_hall_idx'],
    ['committee_inbox', 'orders_queue_inbox_idx'],
  ] as const)('%s', async (scope, index) => {
    const db = t.database.db
    const { sql: text, params } = pageSqlOf(db, scope)
    const values = params.map((p) => SAMPLE[(p as { name: string }).name])
    // Tiny test tables make any plan cheap: with scans and sorts priced out, the plan shows
    // whether the index can serve the statement at all (its predicate and expression match).
    await db.execute(sql`set enable_seqscan = off`)
    await db.execute(sql`set enable_sort = off`)
    try {
      await db.execute(sql.raw(`prepare plan_probe as ${text}`))
      const rows = await queryRows<{ 'QUERY PLAN': string }>(db, sql.raw(`explain execute plan_probe(${values.join(', ')})`))
      const plan = rows.map((r) => r['QUERY PLAN']).join('\n')
      expect(plan).toContain(index)
      expect(plan).not.toMatch(/\bSort\b/)
    } finally {
      await db.execute(sql`deallocate all`)
      await db.execute(sql`reset enable_seqscan`)
      await db.execute(sql`reset enable_sort`)
    }
  })
})
