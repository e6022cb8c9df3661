/**
 * The 超时 / 即将超时 list filters and the clock job that feeds them (issue 8): the job reads only
 * the orders due a reading and writes back what it read; every transition marks its order to be
 * read again; the filters and their counts select exactly the orders whose badge (read from the
 * timeline at the same instant) says so, in every role's lists. The app's clock is frozen and
 * moved by hand, so the job's reading and the badges are of the same instant.
 */
import { sql } from 'drizzle-orm'
import { CLOCKED_STATUSES, STATUS_GROUP_NAMES, chinaDate, groupOf, isResponder, type StatusGroup } from '../../src/domain'
import { watchClocks } from '../../server/jobs/clocks'
import { writeClockReadings } from '../../server/repositories/order-writes'
import { pageSqlOf } from '../../server/repositories/orders'
import type { ClockFilter, OrderCountsDto, OrderDetailDto, OrderPageDto, OrderSummaryDto, TransitionOutcomeDto } from '../../types/api'
import { createTestApp, queryRows, SEED_BASE, type TestApp } from '../support/app'
import { call } from '../support/http'
import { orderDraft } from '../support/orders'

let t: TestApp
let now = new Date(SEED_BASE.getTime() + 3600_000)
beforeAll(async () => {
  t = await createTestApp({ now: () => now })
})
afterAll(() => t.close())

const MINUTE = 60_000
const at = (minutes: number, from = now) => new Date(from.getTime() + minutes * MINUTE)
const db = () => t.database.db

/** Every item of a list, page by page (small pages, so the filtered lists page too). */
async function walk(token: string, query: string, limit = 50): Promise<OrderSummaryDto[]> {
  const items: OrderSummaryDto[] = []
  let cursor: string | null = null
  do {
    const res: { status: number; body: OrderPageDto } = await call<OrderPageDto>(t.app, token, {
      method: 'GET',
      url: `/api/orders?limit=${limit}${query}${cursor ? `&cursor=${cursor}` : ''}`,
    })
    expect(res.status).toBe(200)
    items.push(...res.body.items)
    cursor = res.body.nextCursor
  } while (cursor)
  return items
}

async function place(urgency: 'emergency' | 'normal' = 'emergency'): Promise<OrderDetailDto> {
  const { status, body } = await call<OrderDetailDto>(t.app, t.tokens.resident, {
    method: 'POST',
    url: '/api/orders',
    payload: orderDraft(t, { categoryCode: 'emergency', description: '楼上水管爆了，水一直往下漏', urgency }),
  })
  expect(status).toBe(201)
  return body
}

async function act(token: string, id: number, payload: object): Promise<TransitionOutcomeDto> {
  const res = await call<TransitionOutcomeDto>(t.app, token, { method: 'POST', url: `/api/orders/${id}/transitions`, payload })
  expect([payload, res.status]).toEqual([payload, 200])
  return res.body
}

interface ClockColumns {
  alert: string | null
  dueAt: string | null
  checkAt: string | null
}
async function columns(id: number): Promise<ClockColumns> {
  const [row] = await queryRows<ClockColumns>(
    db(),
    sql`select clock_alert as alert,
          to_char(clock_due_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as "dueAt",
          to_char(clock_check_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as "checkAt"
        from orders where id = ${id}`,
  )
  return row
}

const selects = (filter: ClockFilter, state: 'overdue' | 'due_soon' | undefined) => state !== undefined && (filter === 'late' || filter === state)

test('each role: a filter lists exactly the orders of its list whose badge says so, in the same order; the counts agree', async () => {
  // Late work in the responders' own lists too: one dispatched to the volunteer and accepted, one
  // the Party member claimed from the hall, and one nobody answered.
  const start = now
  const volunteers = await place()
  await act(t.tokens.committee, volunteers.id, { action: 'dispatch', assigneeId: t.byRole.volunteer.id })
  await act(t.tokens.volunteer, volunteers.id, { action: 'accept' })
  now = at(30)
  const claimed = await place()
  await act(t.tokens.committee, claimed.id, { action: 'publish' })
  await act(t.tokens.party_member, claimed.id, { action: 'claim' })
  const unanswered = await place()
  // 130 minutes after the first: its completion (2 h) is overdue; the others are 100 minutes old.
  now = at(130, start)
  await watchClocks(db(), now)
  expect((await columns(volunteers.id)).alert).toBe('overdue')
  expect((await columns(claimed.id)).alert).toBe('due_soon')
  expect((await columns(unanswered.id)).alert).toBe('overdue')

  let checked = 0
  for (const account of t.accounts) {
    const token = await t.login(account.id, account.membershipId)
    for (const view of isResponder(account.role) ? (['mine', 'hall'] as const) : (['mine'] as const)) {
      const all = await walk(token, `&view=${view}`)
      const counts = (await call<OrderCountsDto>(t.app, token, { method: 'GET', url: `/api/orders/counts?view=${view}` })).body
      for (const filter of ['overdue', 'due_soon', 'late'] as const) {
        const expected = all.filter((o) => selects(filter, o.clock?.state)).map((o) => o.id)
        const listed = (await walk(token, `&view=${view}&clock=${filter}`, 2)).map((o) => o.id)
        expect({ who: `${account.name} (${account.role}, ${view})`, filter, listed }).toEqual({ who: `${account.name} (${account.role}, ${view})`, filter, listed: expected })
        checked += expected.length
      }
      for (const state of ['overdue', 'due_soon'] as const) {
        const byGroup = Object.fromEntries(STATUS_GROUP_NAMES.map((g) => [g, 0])) as Record<StatusGroup, number>
        for (const o of all) if (o.clock?.state === state) byGroup[groupOf(o.status)]++
        expect({ who: account.name, view, state, counts: counts.clock[state] }).toEqual({ who: account.name, view, state, counts: byGroup })
      }
    }
  }
  // Not vacuous: late orders were found in lists, the volunteer's and the Party member's among them.
  expect(checked).toBeGreaterThan(6)
  const mine = (token: string) => walk(token, '&view=mine&clock=late')
  expect((await mine(t.tokens.volunteer)).map((o) => o.id)).toContain(volunteers.id)
  expect((await mine(t.tokens.party_member)).map((o) => o.id)).toContain(claimed.id)

  // Within a tab: the committee's inbox (a queue, most urgent first) filtered to 超时.
  const inbox = await walk(t.tokens.committee, '&group=pending')
  const overdueInbox = await walk(t.tokens.committee, '&group=pending&clock=overdue', 1)
  expect(overdueInbox.map((o) => o.id)).toEqual(inbox.filter((o) => o.clock?.state === 'overdue').map((o) => o.id))
  expect(overdueInbox.map((o) => o.id)).toContain(unanswered.id)

  const bad = await call(t.app, t.tokens.committee, { method: 'GET', url: '/api/orders?clock=late_ish' })
  expect(bad.status).toBe(400)
})

test('the job writes what it read; each transition marks its order to be read at the next run; an ended one is cleared', async () => {
  await watchClocks(db(), now)
  const placedAt = now
  const order = await place()
  const iso = (minutes: number, ms = 0) => new Date(at(minutes, placedAt).getTime() + ms).toISOString()
  // Placed: to be read at the next run, nothing known yet.
  expect(await columns(order.id)).toEqual({ alert: null, dueAt: null, checkAt: iso(0) })

  expect((await watchClocks(db(), now)).read).toBe(1)
  // Nothing until its warning at 80 % of 30 minutes; read again now, nothing to read.
  expect(await columns(order.id)).toEqual({ alert: null, dueAt: iso(30), checkAt: iso(24) })
  expect((await watchClocks(db(), now)).read).toBe(0)

  now = at(24, placedAt)
  await watchClocks(db(), now)
  expect(await columns(order.id)).toEqual({ alert: 'due_soon', dueAt: iso(30), checkAt: iso(30, 1) })
  const soon = await walk(t.tokens.committee, '&group=pending&clock=due_soon')
  expect(soon.map((o) => o.id)).toContain(order.id)

  now = at(31, placedAt)
  const run = await watchClocks(db(), now)
  expect(run.escalated).toBeGreaterThanOrEqual(1)
  // Overdue, escalated to the grid: next, the branch at 45 minutes.
  expect(await columns(order.id)).toEqual({ alert: 'overdue', dueAt: iso(30), checkAt: iso(45, 1) })

  // Published: read again at the next run. Until then the filter still says 超时 (it lags by one
  // run), while the card's badge, read from the timeline, already does not.
  now = at(32, placedAt)
  const published = await act(t.tokens.committee, order.id, { action: 'publish' })
  expect(published.order!.clock).toBeNull()
  expect(await columns(order.id)).toEqual({ alert: 'overdue', dueAt: iso(30), checkAt: iso(32) })
  await watchClocks(db(), now)
  // Answered: only the completion clock runs (due at 2 h); nobody in the hall yet, stale 30 minutes on.
  expect(await columns(order.id)).toEqual({ alert: null, dueAt: iso(120), checkAt: iso(62, 1) })

  // Parked: no clock runs, nothing to keep or read until it comes back.
  const revisitOn = chinaDate(at(3 * 24 * 60))
  const parkable = await place()
  await act(t.tokens.committee, parkable.id, { action: 'park', note: '等物业回复', revisitOn })
  expect(await columns(parkable.id)).toEqual({ alert: null, dueAt: null, checkAt: null })

  // Ended: cleared in the same statement, whatever the job said before.
  const rejected = await place()
  now = at(40)
  await watchClocks(db(), now)
  expect((await columns(rejected.id)).alert).toBe('overdue')
  await act(t.tokens.committee, rejected.id, { action: 'reject', note: '不属于社区服务范围' })
  expect(await columns(rejected.id)).toEqual({ alert: null, dueAt: null, checkAt: null })
})

test('a run reads only the orders due a reading, not every open one; a second run at once reads none', async () => {
  await watchClocks(db(), now)
  const N = 12
  for (let i = 0; i < N; i++) await place('normal')
  const [{ open }] = await queryRows<{ open: number }>(db(), sql`select count(*)::int as open from orders where status in (${sql.join(CLOCKED_STATUSES.map((s) => sql`${s}`), sql`, `)})`)
  const first = await watchClocks(db(), now)
  expect(first.read).toBe(N)
  // What the job read before this issue: every open order, every minute.
  expect(open).toBeGreaterThan(2 * N)
  expect((await watchClocks(db(), now)).read).toBe(0)
  // A transition on one of them: that one only.
  const [{ id }] = await queryRows<{ id: number }>(db(), sql`select max(id)::int as id from orders`)
  await act(t.tokens.committee, id, { action: 'publish' })
  expect((await watchClocks(db(), now)).read).toBe(1)
})

test('the write is conditional: a reading of an older version changes nothing; the same reading twice, nothing the second time', async () => {
  const order = await place()
  await watchClocks(db(), now)
  const before = await columns(order.id)
  const [{ version }] = await queryRows<{ version: number }>(db(), sql`select version from orders where id = ${order.id}`)
  const reading = { id: order.id, alert: 'overdue' as const, dueAt: before.dueAt, checkAt: null }
  // A transition came in between (the version moved on): its re-read mark stands.
  expect(await writeClockReadings(db(), [{ ...reading, version: version - 1 }])).toBe(0)
  expect(await columns(order.id)).toEqual(before)
  expect(await writeClockReadings(db(), [{ ...reading, version }])).toBe(1)
  // A second process with the same reading: nothing left to change.
  expect(await writeClockReadings(db(), [{ ...reading, version }])).toBe(0)
})

test('new time limits for a community: its running orders are read at the next run', async () => {
  await watchClocks(db(), now)
  const order = await place('normal')
  await watchClocks(db(), now)
  expect(Date.parse((await columns(order.id)).checkAt!)).toBeGreaterThan(now.getTime())
  const res = await call(t.app, t.tokens.committee, {
    method: 'PUT',
    url: '/api/community/clock-targets',
    payload: { categoryCode: '*', urgency: 'normal', responseMinutes: 10, completionMinutes: 60 },
  })
  expect(res.status).toBe(200)
  expect((await columns(order.id)).checkAt).toBe(now.toISOString())
  now = at(11)
  await watchClocks(db(), now)
  // Read with the new limit: 10 minutes to answer, so overdue.
  expect((await columns(order.id)).alert).toBe('overdue')
  const back = await call(t.app, t.tokens.committee, { method: 'DELETE', url: '/api/community/clock-targets', payload: { categoryCode: '*', urgency: 'normal' } })
  expect(back.status).toBe(200)
  await watchClocks(db(), now)
  expect((await columns(order.id)).alert).toBeNull()
})

describe('served by their partial indexes', () => {
  // Tiny test tables make any plan cheap: with sequential scans priced out, the plan shows whether
  // the index can serve the statement at all (its predicate is implied by the query's).
  async function planOf(text: string, values: string[]): Promise<string> {
    await db().execute(sql`set enable_seqscan = off`)
    try {
      await db().execute(sql.raw(`prepare plan_probe as ${text}`))
      const rows = await queryRows<{ 'QUERY PLAN': string }>(db(), sql.raw(`explain execute plan_probe(${values.join(', ')})`))
      return rows.map((r) => r['QUERY PLAN']).join('\n')
    } finally {
      await db().execute(sql`deallocate all`)
      await db().execute(sql`reset enable_seqscan`)
    }
  }

  test('a subtree list filtered by the clock', async () => {
    const { sql: text, params } = pageSqlOf(db(), 'committee', true)
    const sample: Record<string, string> = { pathPrefix: "'/1/%'", alerts: "'{overdue}'", statuses: "'{submitted,reopened}'", at: "'infinity'", id: '2147483647', limit: '21' }
    expect(await planOf(text, params.map((p) => sample[(p as { name: string }).name]))).toContain('orders_clock_alert_idx')
  })

  test("the clock job's reading list", async () => {
    expect(await planOf(`select id from orders where clock_check_at <= $1::timestamptz`, [`'${now.toISOString()}'`])).toContain('orders_clock_check_idx')
  })
})
