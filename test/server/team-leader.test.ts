/**
 * 指派 by a volunteer team's leader: the leader lists the active volunteers of the team they lead
 * (and no other team's), invites them to the team's places on a 党委呼叫, and a member accepts.
 * Everyone else is refused the list.
 */
import { sql } from 'drizzle-orm'
import type { UserRecord } from '../../server/repositories/users'
import type { ApiError, OrderDetailDto, ResponderDto, TransitionOutcomeDto } from '../../types/api'
import { createTestApp, queryRows, type TestApp } from '../support/app'
import { call } from '../support/http'
import { orderDraft } from '../support/orders'

let t: TestApp
let leader: UserRecord
let team: number
let leaderToken: string
beforeAll(async () => {
  t = await createTestApp()
  leader = t.accounts.find((a) => a.role === 'volunteer' && a.leadsTeamId !== null && a.communityPath === t.byRole.committee.communityPath)!
  team = leader.leadsTeamId!
  leaderToken = await t.login(leader.id, leader.membershipId)
})
afterAll(() => t.close())

const responders = (token: string | null, teamId: number) =>
  call<ResponderDto[] & ApiError>(t.app, token, { method: 'GET', url: `/api/community/teams/${teamId}/responders` })
const act = (token: string, id: number, body: object) =>
  call<TransitionOutcomeDto>(t.app, token, { method: 'POST', url: `/api/orders/${id}/transitions`, payload: body })
const tokenOf = (who: UserRecord) => t.login(who.id, who.membershipId)
const byId = (a: number, b: number) => a - b

/** The team's volunteers as the database holds them, with the membership status given. */
const membersOf = async (teamId: number, status: string) =>
  (
    await queryRows<{ userId: number }>(
      t.database.db,
      sql`select user_id as "userId" from memberships where team_id = ${teamId} and role = 'volunteer' and status = ${status}`,
    )
  ).map((m) => m.userId)

describe('the list a team leader assigns from', () => {
  test('the leader lists the active volunteers of their own team, themselves included, and no one still waiting', async () => {
    const { status, body } = await responders(leaderToken, team)
    expect(status).toBe(200)
    const active = await membersOf(team, 'active')
    expect(body.map((r) => r.id).sort(byId)).toEqual([...active].sort(byId))
    expect(body.map((r) => r.id)).toContain(leader.id)
    for (const person of body) {
      expect(person).toEqual({ id: expect.any(Number), name: expect.any(String), role: 'volunteer', teamName: leader.teamName, skills: expect.any(Array), activeOrders: expect.any(Number) })
    }
    // The seed has someone asking to join this team: not one of it until approved.
    const waiting = (await membersOf(team, 'pending')).filter((id) => !active.includes(id))
    expect(waiting.length).toBeGreaterThan(0)
    for (const id of waiting) expect(body.map((r) => r.id)).not.toContain(id)
  })

  test("another team's list answers as a team that does not exist", async () => {
    const other = t.accounts.find((a) => a.role === 'volunteer' && a.teamId !== null && a.teamId !== team)!
    expect(other).toBeDefined()
    const hidden = await responders(leaderToken, other.teamId!)
    const missing = await responders(leaderToken, 2_147_483_647)
    expect(hidden.status).toBe(404)
    expect(hidden.body).toEqual(missing.body)
  })

  test('a member who does not lead, the committee, a Party member and a resident are refused; no session is a 401', async () => {
    const member = t.accounts.find((a) => a.role === 'volunteer' && a.teamId === team && a.id !== leader.id)!
    for (const token of [await tokenOf(member), t.tokens.committee, t.tokens.party_member, t.tokens.resident]) {
      const { status, body } = await responders(token, team)
      expect([status, body.code]).toEqual([403, 'forbidden'])
    }
    expect((await responders(null, team)).status).toBe(401)
  })
})

describe('指派 on a call', () => {
  test('the leader invites members from the list to the team places; a member accepts; no place is left after', async () => {
    const created = await call<OrderDetailDto>(t.app, t.tokens.resident, {
      method: 'POST',
      url: '/api/orders',
      payload: orderDraft(t, { description: '楼道里的灯坏了一排，晚上老人不敢出门' }),
    })
    expect(created.status).toBe(201)
    const id = created.body.id
    const called = await act(t.tokens.committee, id, { action: 'call', slots: [{ kind: 'team', headcount: 2, unitId: team }] })
    expect(called.status).toBe(200)
    const slotId = called.body.order!.slots[0].id

    const [member, second] = (await responders(leaderToken, team)).body.filter((r) => r.id !== leader.id)
    const invited = await act(leaderToken, id, { action: 'invite', slotId, inviteeId: member.id })
    expect(invited.status).toBe(200)
    expect(invited.body.order!.parts).toEqual([{ slotId, userId: member.id, name: member.name, status: 'invited' }])

    const memberAccount = t.accounts.find((a) => a.id === member.id && a.teamId === team)!
    const accepted = await act(await tokenOf(memberAccount), id, { action: 'accept' })
    expect([accepted.status, accepted.body.status]).toEqual([200, 'accepted'])
    expect(accepted.body.order!.parts).toEqual([{ slotId, userId: member.id, name: member.name, status: 'joined' }])

    // The second place goes to another member; then none is left for the leader to assign.
    // The leader still follows what their team was called to once its places are filled.
    const last = await act(leaderToken, id, { action: 'invite', slotId, inviteeId: second.id })
    expect([last.status, last.body.order?.parts.map((p) => p.userId)]).toEqual([200, [member.id, second.id]])
    expect((await call(t.app, leaderToken, { method: 'GET', url: `/api/orders/${id}` })).status).toBe(200)
    const third = await act(leaderToken, id, { action: 'invite', slotId, inviteeId: leader.id })
    expect([third.status, (third.body as unknown as ApiError).code]).toEqual([409, 'conflict'])
  })
})
