/**
 * Approval requests in the message centre: whoever may decide on a membership asked for (the
 * committees above it; a proxy's household residents; a volunteer's team leader) is told, in the
 * transaction that records the request; the person who asked hears the answer.
 */
import { sql } from 'drizzle-orm'
import { deliverNotices } from '../../server/jobs/deliver-notices'
import type { CommunityDirectoryDto, CommunityDto, MeDto, SessionDto } from '../../types/people'
import { membersAbove, queryRows, type TestApp } from '../support/app'
import { appWithFakeWechat } from '../support/fake-wechat'
import { call, requestsTo } from '../support/http'

let t: TestApp
let close: () => Promise<void>
beforeAll(async () => {
  const made = await appWithFakeWechat()
  t = made.t
  close = made.close
  await deliverNotices(t.database.db, t.app.now())
})
afterAll(() => close?.())

const { get, post } = requestsTo(() => t.app)

async function applicant(code: string, name: string): Promise<string> {
  const { body } = await post<SessionDto>(null, '/api/auth/wechat', { code: `ok-${code}` })
  expect((await call(t.app, body.token, { method: 'PUT', url: '/api/me/profile', payload: { privacyConsent: true, name, phone: '13700001234' } })).status).toBe(200)
  return body.token
}
async function sunshine(token: string): Promise<CommunityDirectoryDto> {
  const found = (await get<CommunityDto[]>(token, '/api/directory/communities')).body.find((c) => c.name === '阳光社区大党委')!
  return (await get<CommunityDirectoryDto>(token, `/api/directory/communities/${found.id}`)).body
}
/** Who got a message of `kind` about the membership's person, and what it said. */
const told = async (kind: string) =>
  queryRows<{ userId: number; title: string; body: string; orderId: number | null }>(
    t.database.db,
    sql`select m.user_id as "userId", m.title, m.body, m.order_id as "orderId" from messages m join outbox o on o.id = m.outbox_id
        where m.kind = ${kind} and o.membership_id = (select max(membership_id) from outbox where kind = ${kind}) order by m.user_id`,
  )
const above = (role: string, path: string) => membersAbove(t.database.db, role, path)

test('双报到: the committees above are asked; the Party member hears the approval', async () => {
  const token = await applicant('dual-1', '孙党员')
  const community = await sunshine(token)
  const asked = await post<MeDto>(token, '/api/memberships', { role: 'party_member', communityId: community.id, workUnitId: community.workUnits[0].id, note: '县人民医院机关党支部' })
  const request = asked.body.identities[0]
  await deliverNotices(t.database.db, t.app.now())
  const requested = await told('approval_requested')
  expect(requested.map((m) => m.userId)).toEqual(await above('committee', request.orgPath))
  expect(requested[0]).toMatchObject({ title: '有新的身份申请，请审核', orderId: null })
  expect(requested[0].body).toBe(`在职党员 · 孙党员 · ${community.name}`)

  await post(t.tokens.committee, `/api/memberships/${request.membershipId}/decision`, { approve: true })
  await deliverNotices(t.database.db, t.app.now())
  const approved = await told('membership_approved')
  expect(approved).toHaveLength(1)
  expect(approved[0]).toMatchObject({ title: '您的申请已通过' })
  // It is in their message centre, acting as the identity just approved.
  const inbox = await get<{ items: { kind: string }[] }>(token, '/api/messages')
  expect(inbox.body.items.map((m) => m.kind)).toContain('membership_approved')
})

test('a volunteer: the team leader is asked too; a family proxy: the household residents, not its other proxies', async () => {
  const volunteer = await applicant('team-1', '李志愿')
  const team = (await sunshine(volunteer)).teams[1]
  await post(volunteer, '/api/memberships', { role: 'volunteer', teamId: team.id })
  await deliverNotices(t.database.db, t.app.now())
  const [{ leaderId }] = await queryRows<{ leaderId: number }>(t.database.db, sql`select leader_id as "leaderId" from teams where id = ${team.id}`)
  const toVolunteers = await told('approval_requested')
  expect(toVolunteers.map((m) => m.userId)).toContain(leaderId)
  expect(toVolunteers[0].body).toBe(`志愿者 · 李志愿 · ${team.name}`)

  const mother = t.byRole.resident
  const [home] = await queryRows<{ gridId: number; building: string; unit: string; room: string }>(
    t.database.db,
    sql`select grid_id as "gridId", building, unit, room from households where id = ${mother.householdId}`,
  )
  const son = await applicant('son-9', '吴儿子')
  await post(son, '/api/memberships', { role: 'proxy', household: home, note: '儿子' })
  await deliverNotices(t.database.db, t.app.now())
  const residents = (
    await queryRows<{ userId: number }>(t.database.db, sql`select user_id as "userId" from memberships where household_id = ${mother.householdId} and role = 'resident' and status = 'active'`)
  ).map((r) => r.userId)
  const proxies = (
    await queryRows<{ userId: number }>(t.database.db, sql`select user_id as "userId" from memberships where household_id = ${mother.householdId} and role = 'proxy' and status = 'active'`)
  ).map((r) => r.userId)
  const toFamily = (await told('approval_requested')).map((m) => m.userId)
  expect(toFamily).toEqual(expect.arrayContaining(residents))
  expect(toFamily.filter((id) => proxies.includes(id) && !residents.includes(id))).toEqual([])
})

test('withdrawn by the person who asked: nobody is told of a rejection; rejected by the committee: they are', async () => {
  // A resident (acting as such) asks for 双报到 in their own community, then thinks better of it.
  const token = t.tokens.resident
  const community = await sunshine(token)
  const asked = await post<MeDto>(token, '/api/memberships', { role: 'party_member', communityId: community.id, workUnitId: community.workUnits[0].id })
  const request = asked.body.identities.find((i) => i.role === 'party_member' && i.status === 'pending')!
  const rejections = async () => (await queryRows<{ n: number }>(t.database.db, sql`select count(*)::int as n from outbox where kind = 'membership_rejected'`))[0].n
  const before = await rejections()
  expect((await post(token, `/api/memberships/${request.membershipId}/end`)).status).toBe(200)
  expect(await rejections()).toBe(before)

  const again = await post<MeDto>(token, '/api/memberships', { role: 'party_member', communityId: community.id, workUnitId: community.workUnits[0].id })
  const second = again.body.identities.find((i) => i.role === 'party_member' && i.status === 'pending')!
  await post(t.tokens.committee, `/api/memberships/${second.membershipId}/decision`, { approve: false })
  await deliverNotices(t.database.db, t.app.now())
  expect(await told('membership_rejected')).toMatchObject([{ userId: t.byRole.resident.id, title: '您的申请未通过' }])
})
