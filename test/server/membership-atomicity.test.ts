/**
 * Every membership change commits with its history row, its notices and whatever else the same
 * request writes (an invite's use, a household, the orders that follow a household), or none of
 * them. Each test makes one write after the first fail inside the database (a `not valid` check
 * constraint: existing rows stay, the next insert or update is refused), calls the real route,
 * and finds nothing changed; then it lifts the constraint and the same call succeeds, so the
 * refusal came from the forced failure and not from the request.
 */
import { sql } from 'drizzle-orm'
import type { MeDto, MembershipOutcomeDto } from '../../types/people'
import { createTestApp, queryRows, type TestApp } from '../support/app'
import { loadTenants, must, request, tenantWechat, TenantFixtures, type Res, type Tenant } from '../support/tenants'

let t: TestApp
let fx: TenantFixtures
let sunshine: Tenant
beforeAll(async () => {
  t = await createTestApp({ wechat: tenantWechat })
  const tenants = await loadTenants(t)
  fx = new TenantFixtures(t, tenants)
  sunshine = tenants.sunshine
})
afterAll(() => t.close())

const db = () => t.database.db

/** Runs `during` while `table` refuses rows that fail `check`; the constraint goes whatever happens. */
async function whileRefusing<T>(table: string, check: string, during: () => Promise<T>): Promise<T> {
  await db().execute(sql.raw(`alter table ${table} add constraint test_refuse check (${check}) not valid`))
  try {
    return await during()
  } finally {
    await db().execute(sql.raw(`alter table ${table} drop constraint test_refuse`))
  }
}

/** Row counts of everything a membership change (or a household's) may write. */
async function counts() {
  const [row] = await queryRows<Record<string, number>>(
    db(),
    sql`select (select count(*)::int from memberships) as memberships, (select count(*)::int from membership_events) as "membershipEvents",
          (select count(*)::int from outbox) as outbox, (select count(*)::int from messages) as messages,
          (select count(*)::int from households) as households, (select count(*)::int from order_events) as "orderEvents",
          (select coalesce(sum(uses), 0)::int from invites) as "inviteUses"`,
  )
  return row
}

const membership = async (id: number) =>
  (
    await queryRows<{ status: string; approvedBy: number | null; since: string | null; endedAt: string | null; orgId: number; householdId: number | null }>(
      db(),
      sql`select status, approved_by as "approvedBy", since::text, ended_at::text as "endedAt", org_id as "orgId", household_id as "householdId"
          from memberships where id = ${id}`,
    )
  )[0]

const lastEvent = async (membershipId: number) =>
  (
    await queryRows<{ event: string; from: string | null; to: string; actorId: number | null }>(
      db(),
      sql`select event, from_status as from, to_status as to, actor_id as "actorId" from membership_events where membership_id = ${membershipId} order by id desc limit 1`,
    )
  )[0]

const outboxKinds = async (membershipId: number) =>
  (await queryRows<{ kind: string }>(db(), sql`select kind from outbox where membership_id = ${membershipId} order by id`)).map((r) => r.kind)

/** The forced failure surfaces as the generic 500 the error handler gives anything unexpected. */
function expectInternalError(res: Res) {
  expect({ status: res.status, body: res.body }).toEqual({ status: 500, body: { code: 'internal', message: expect.any(String) } })
}

/** Calls `act` while `table` refuses `check`: a 500, and the membership and every count exactly as before. */
async function refusedWritesNothing(table: string, check: string, membershipId: number | null, act: () => Promise<Res>) {
  const before = { counts: await counts(), membership: membershipId === null ? null : await membership(membershipId) }
  expectInternalError(await whileRefusing(table, check, act))
  expect({ counts: await counts(), membership: membershipId === null ? null : await membership(membershipId) }).toEqual(before)
  return before.counts
}

describe('a decision commits with its history row and its notice', () => {
  const decide = (id: number, approve: boolean) => request<MembershipOutcomeDto>(t, sunshine.committeeToken, 'POST', `/api/memberships/${id}/decision`, { approve })

  test('approval: a refused history row leaves the request pending; lifted, the same approval goes through', async () => {
    const id = await fx.pending(sunshine, 'party_member')
    const before = await refusedWritesNothing('membership_events', `event <> 'approved'`, id, () => decide(id, true))
    expect(await membership(id)).toMatchObject({ status: 'pending', approvedBy: null, since: null })

    expect(must(await decide(id, true), 'approve')).toEqual({ membershipId: id, status: 'active' })
    expect(await membership(id)).toMatchObject({ status: 'active', approvedBy: sunshine.committee.id, since: expect.any(String) })
    expect(await lastEvent(id)).toEqual({ event: 'approved', from: 'pending', to: 'active', actorId: sunshine.committee.id })
    expect(await counts()).toMatchObject({ membershipEvents: before.membershipEvents + 1, outbox: before.outbox + 1 })
    expect(await outboxKinds(id)).toContain('membership_approved')
  })

  test('approval: a refused notice (the last write) undoes the status change and the history row too', async () => {
    const id = await fx.pending(sunshine, 'volunteer')
    const noticesBefore = await outboxKinds(id)
    await refusedWritesNothing('outbox', `kind <> 'membership_approved'`, id, () => decide(id, true))
    expect(await membership(id)).toMatchObject({ status: 'pending', approvedBy: null, since: null })
    expect(await outboxKinds(id)).toEqual(noticesBefore)

    expect(must(await decide(id, true), 'approve')).toMatchObject({ status: 'active' })
    expect(await outboxKinds(id)).toEqual([...noticesBefore, 'membership_approved'])
  })

  test('rejection: a refused history row leaves the request pending; lifted, the same rejection goes through', async () => {
    const id = await fx.pending(sunshine, 'proxy', sunshine.households[0])
    await refusedWritesNothing('membership_events', `event <> 'rejected'`, id, () => decide(id, false))
    expect(await membership(id)).toMatchObject({ status: 'pending', endedAt: null })

    expect(must(await decide(id, false), 'reject')).toEqual({ membershipId: id, status: 'ended' })
    expect(await membership(id)).toMatchObject({ status: 'ended', approvedBy: null, endedAt: expect.any(String) })
    expect(await lastEvent(id)).toMatchObject({ event: 'rejected', from: 'pending', to: 'ended' })
    expect(await outboxKinds(id)).toContain('membership_rejected')
  })
})

describe('ending a membership commits with its history row', () => {
  test('the committee removes a resident: refused history row, still active; lifted, ended', async () => {
    const { membershipId } = await fx.activeResident(sunshine)
    const end = () => request<MembershipOutcomeDto>(t, sunshine.committeeToken, 'POST', `/api/memberships/${membershipId}/end`, { note: '已搬走' })
    await refusedWritesNothing('membership_events', `event <> 'ended'`, membershipId, end)
    expect(await membership(membershipId)).toMatchObject({ status: 'active', endedAt: null })

    expect(must(await end(), 'end')).toEqual({ membershipId, status: 'ended' })
    expect(await lastEvent(membershipId)).toEqual({ event: 'ended', from: 'active', to: 'ended', actorId: sunshine.committee.id })
  })
})

describe('joining commits the membership, its history row, its notices, its household and its invite use together', () => {
  const identitiesOf = async (userId: number) =>
    (await queryRows<{ id: number }>(db(), sql`select id from memberships where user_id = ${userId}`)).map((r) => r.id)

  test('with an invite: a refused history row takes no use of the invite; lifted, the join uses it once', async () => {
    const invite = await fx.invite(sunshine, 'grid_worker')
    const person = await fx.person()
    const join = () => request<MeDto>(t, person.token, 'POST', '/api/memberships', { role: 'grid_worker', invite: invite.code })
    const before = await refusedWritesNothing('membership_events', `event <> 'invited'`, null, join)
    expect(await identitiesOf(person.id)).toEqual([])

    expect((await join()).status).toBe(201)
    expect(await identitiesOf(person.id)).toHaveLength(1)
    expect(await counts()).toMatchObject({ memberships: before.memberships + 1, membershipEvents: before.membershipEvents + 1, inviteUses: before.inviteUses + 1 })
  })

  test('with an invite: a refused invite use (written last) undoes the membership and its history row', async () => {
    const invite = await fx.invite(sunshine, 'committee')
    const person = await fx.person()
    const join = () => request<MeDto>(t, person.token, 'POST', '/api/memberships', { role: 'committee', invite: invite.code })
    await refusedWritesNothing('invites', `uses = 0`, null, join)
    expect(await identitiesOf(person.id)).toEqual([])

    expect((await join()).status).toBe(201)
    expect(await identitiesOf(person.id)).toHaveLength(1)
  })

  test('a resident registering a new address: a refused history row leaves no membership and no household', async () => {
    const person = await fx.person()
    const address = fx.freshAddress(sunshine.grids[1].id)
    const join = () => request<MeDto>(t, person.token, 'POST', '/api/memberships', { role: 'resident', household: address })
    const before = await refusedWritesNothing('membership_events', `event <> 'registered'`, null, join)

    const joined = await join()
    expect(joined.status).toBe(201)
    expect((joined.body as MeDto).acting).toMatchObject({ role: 'resident', status: 'active' })
    expect(await counts()).toMatchObject({ memberships: before.memberships + 1, households: before.households + 1 })
  })

  test('a request needing approval: a refused notice to the deciders leaves no request and no history row', async () => {
    const person = await fx.person()
    const join = () => request<MeDto>(t, person.token, 'POST', '/api/memberships', { role: 'volunteer', teamId: sunshine.teamId })
    await refusedWritesNothing('outbox', `kind <> 'approval_requested'`, null, join)
    expect(await identitiesOf(person.id)).toEqual([])

    expect((await join()).status).toBe(201)
    const [id] = await identitiesOf(person.id)
    expect(await lastEvent(id)).toMatchObject({ event: 'requested', to: 'pending' })
    expect(await outboxKinds(id)).toContain('approval_requested')
  })
})

describe("a household's correction or merge carries its people and orders in one transaction", () => {
  const household = async (id: number) =>
    (await queryRows<{ gridId: number; building: string; unit: string; room: string }>(db(), sql`select grid_id as "gridId", building, unit, room from households where id = ${id}`))[0]
  const householdOf = async (membershipId: number) => (await membership(membershipId)).householdId!
  const orderHousehold = async (orderId: number) =>
    (await queryRows<{ householdId: number; version: number }>(db(), sql`select household_id as "householdId", version from orders where id = ${orderId}`))[0]

  test('correction: a refused order event (the last write) leaves the address, the membership and the order as they were', async () => {
    const resident = await fx.activeResident(sunshine)
    const id = await householdOf(resident.membershipId)
    const orderId = await fx.placeOrder(resident.token)
    const place = { gridId: sunshine.grids[2].id, building: 'T', unit: String(fx.next()), room: '909' }
    const correct = () => request(t, sunshine.committeeToken, 'PUT', `/api/households/${id}`, place)
    const before = { household: await household(id), order: await orderHousehold(orderId), event: await lastEvent(resident.membershipId) }
    await refusedWritesNothing('order_events', `event <> 'rehouse'`, resident.membershipId, correct)
    expect({ household: await household(id), order: await orderHousehold(orderId), event: await lastEvent(resident.membershipId) }).toEqual(before)

    expect((await correct()).status).toBe(200)
    expect(await household(id)).toEqual(place)
    expect(await membership(resident.membershipId)).toMatchObject({ status: 'active', orgId: place.gridId })
    expect(await lastEvent(resident.membershipId)).toMatchObject({ event: 'corrected', from: 'active', to: 'active' })
  })

  test('merge: a refused history row leaves both households, their people and orders as they were', async () => {
    const duplicate = await fx.activeResident(sunshine)
    const staying = await fx.activeResident(sunshine)
    const fromId = await householdOf(duplicate.membershipId)
    const intoId = await householdOf(staying.membershipId)
    const orderId = await fx.placeOrder(duplicate.token)
    const target = await household(intoId)
    const merge = () => request(t, sunshine.committeeToken, 'POST', `/api/households/${fromId}/merge`, target)
    const before = { from: await household(fromId), order: await orderHousehold(orderId) }
    await refusedWritesNothing('membership_events', `event <> 'corrected'`, duplicate.membershipId, merge)
    expect({ from: await household(fromId), order: await orderHousehold(orderId) }).toEqual(before)

    expect((await merge()).status).toBe(200)
    expect(await household(fromId)).toBeUndefined()
    expect(await membership(duplicate.membershipId)).toMatchObject({ status: 'active', householdId: intoId })
    expect((await orderHousehold(orderId)).householdId).toBe(intoId)
  })
})
