/**
 * A community's own set-up by its committee: volunteer teams (name, skills as codes of services the
 * community may offer, sent back with their names; leader among the team's volunteers) and the grid tree (compounds and grids, added and renamed,
 * never deleted). Only a community-level committee writes; a compound's committee and the street
 * administrator read; another community's objects are hidden.
 */
import { sql } from 'drizzle-orm'
import type { ApiError, GridDto, ServiceDto } from '../../types/api'
import type { CommunityTreeDto, OrgUnitDto, TeamDetailDto, TeamDto } from '../../types/community'
import type { CommunityDirectoryDto, HouseholdDto, MeDto, SessionDto } from '../../types/people'
import { createTestApp, queryRows, type TestApp } from '../support/app'
import { call, requestsTo } from '../support/http'
import { tenantWechat } from '../support/tenants'

let t: TestApp
/** 王书记 (阳光, community level), 李书记 (阳光's 锦绣小区党支部), 孙书记 (幸福), 陈主任 (the street). */
let wang: string, li: string, sun: string, street: string
let sunshine: { id: number; path: string }

beforeAll(async () => {
  t = await createTestApp({ wechat: tenantWechat })
  const committee = (name: string) => t.accounts.find((a) => a.role === 'committee' && a.name === name)!
  wang = t.tokens.committee
  li = await t.login(committee('李书记').id, committee('李书记').membershipId)
  sun = await t.login(committee('孙书记').id, committee('孙书记').membershipId)
  street = t.tokens.street_admin
  const community = async (name: string) => (await rows<{ id: number; path: string }>(sql`select id, path from orgs where kind = 'community' and name = ${name}`))[0]
  sunshine = await community('阳光社区大党委')
})
afterAll(() => t.close())

const rows = <T>(query: ReturnType<typeof sql>) => queryRows<T>(t.database.db, query)
const { get } = requestsTo(() => t.app)
const send = <T>(token: string | null, method: 'POST' | 'PUT', url: string, payload: object) => call<T>(t.app, token, { method, url, payload })
const count = async (table: 'teams' | 'orgs') => (await rows<{ n: number }>(sql`select count(*)::int as n from ${sql.identifier(table)}`))[0].n

/** A fresh person who asked to join the team as a volunteer; approved by 王书记 unless `pending`. */
async function volunteer(teamId: number, code: string, pending = false): Promise<number> {
  const session = (await send<SessionDto>(null, 'POST', '/api/auth/wechat', { code })).body
  expect(session.token).toBeTruthy()
  await send(session.token, 'PUT', '/api/me/profile', { privacyConsent: true, name: `志愿者${code.slice(-3)}`, phone: '13600001111' })
  const me = await send<MeDto>(session.token, 'POST', '/api/memberships', { role: 'volunteer', teamId })
  expect(me.status).toBe(201)
  const identity = me.body.identities.find((i) => i.role === 'volunteer')!
  if (!pending) expect((await send(wang, 'POST', `/api/memberships/${identity.membershipId}/decision`, { approve: true })).status).toBe(200)
  return session.me.id
}

describe('teams', () => {
  test('the committee lists its community’s teams with leader, skills and active member count', async () => {
    const { status, body } = await get<TeamDto[]>(wang, '/api/community/teams')
    expect(status).toBe(200)
    expect(body.map((team) => team.name)).toEqual(['党员先锋服务队', '巾帼志愿服务队', '应急处突队'])
    expect(body[0]).toMatchObject({ communityId: sunshine.id, communityName: '阳光社区大党委', skills: [
      { code: 'repair', name: '维修' },
      { code: 'errands', name: '代购代领' },
      { code: 'mobility', name: '助行' },
    ], leaderActive: true, memberCount: 4 })
    expect(body[0].leaderName).toEqual(expect.any(String))
    // A compound's committee reads them too; another community sees only its own.
    expect((await get<TeamDto[]>(li, '/api/community/teams')).body.map((team) => team.id)).toEqual(body.map((team) => team.id))
    expect((await get<TeamDto[]>(sun, '/api/community/teams')).body.map((team) => team.name)).toEqual(['幸福邻里志愿队'])
    // The street administrator reads every community of the street.
    const all = (await get<TeamDto[]>(street, '/api/community/teams')).body
    expect(new Set(all.map((team) => team.communityName))).toEqual(new Set(['阳光社区大党委', '幸福社区党委', '青山村党支部']))
    for (const role of ['resident', 'proxy', 'grid_worker', 'party_member', 'volunteer'] as const) {
      expect([role, (await get(t.tokens[role], '/api/community/teams')).status]).toEqual([role, 403])
    }
  })

  test('creating a team: trimmed name, catalogue codes trimmed and once each, named in the answer; bad input is a clear 400 and writes nothing', async () => {
    const created = await send<TeamDto>(wang, 'POST', '/api/community/teams', { name: '  助老服务队 ', skills: [' meals', 'medical', 'meals '] })
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({
      name: '助老服务队', skills: [{ code: 'meals', name: '助餐' }, { code: 'medical', name: '助医' }],
      communityId: sunshine.id, leaderId: null, leaderName: null, leaderActive: false, memberCount: 0,
    })
    expect((await rows<{ skills: string[] }>(sql`select skills from teams where id = ${created.body.id}`))[0].skills).toEqual(['meals', 'medical'])
    // Sign-up offers it at once.
    const directory = (await get<CommunityDirectoryDto>(wang, `/api/directory/communities/${sunshine.id}`)).body
    expect(directory.teams.map((team) => team.name)).toContain('助老服务队')
    // Another community may use the same name: unique among siblings only.
    expect((await send(sun, 'POST', '/api/community/teams', { name: '助老服务队', skills: [] })).status).toBe(201)

    // Another community's own service is no service of this one, whatever its name.
    const theirService = (await send<ServiceDto>(sun, 'POST', '/api/catalogue', { name: '修鞋', description: '上门修鞋', photoRequired: false })).body
    expect(theirService.code).toEqual(expect.any(String))

    const before = await count('teams')
    const refusals: [object, RegExp][] = [
      [{ name: '助老服务队', skills: [] }, /已有名为「助老服务队」/],
      [{ name: ' 助老服务队  ', skills: [] }, /已有名为/],
      [{ name: '   ', skills: [] }, /名称不能为空/],
      [{ name: '队'.repeat(31), skills: [] }, /不能超过 30 个字/],
      [{ name: '新队', skills: ['lockout'] }, /没有这项服务：lockout/],
      // A service's name is no skill: names are neither unique nor stable.
      [{ name: '新队', skills: ['repair', '维修'] }, /没有这项服务：维修$/],
      [{ name: '新队', skills: [theirService.code] }, new RegExp(`没有这项服务：${theirService.code}$`)],
      [{ name: '新队' }, /缺少参数 skills/],
      [{ name: '新队', skills: [], leaderId: 1 }, /不允许的参数/],
    ]
    for (const [body, message] of refusals) {
      const answer = await send<ApiError>(wang, 'POST', '/api/community/teams', body)
      expect([JSON.stringify(body), answer.status, answer.body.code]).toEqual([JSON.stringify(body), 400, 'invalid_input'])
      expect(answer.body.message).toMatch(message)
    }
    expect(await count('teams')).toBe(before)
    // Exactly 30 characters is fine.
    expect((await send(wang, 'POST', '/api/community/teams', { name: '队'.repeat(30), skills: [] })).status).toBe(201)
  })

  test('a team may offer the community’s own services, and services it switched off', async () => {
    const own = (await send<ServiceDto>(wang, 'POST', '/api/catalogue', { name: '理发', description: '上门理发', photoRequired: false })).body
    expect((await send(wang, 'PUT', '/api/catalogue/legal', { enabled: false, photoRequired: null })).status).toBe(200)
    try {
      const made = await send<TeamDto>(wang, 'POST', '/api/community/teams', { name: '理发队', skills: [own.code, 'legal'] })
      expect(made).toMatchObject({ status: 201, body: { skills: [{ code: own.code, name: '理发' }, { code: 'legal', name: '法律咨询' }] } })
      // Listed with their names to the street administrator too, whose catalogue has neither.
      expect((await get<TeamDto[]>(street, '/api/community/teams')).body.find((team) => team.id === made.body.id)?.skills).toEqual(made.body.skills)
      // Sign-up's directory names them the same way.
      const directory = (await get<CommunityDirectoryDto>(wang, `/api/directory/communities/${sunshine.id}`)).body
      expect(directory.teams.find((team) => team.id === made.body.id)?.skills).toEqual(made.body.skills)
    } finally {
      await send(wang, 'PUT', '/api/catalogue/legal', { enabled: true, photoRequired: null })
    }
  })

  test('only a community-level committee writes: a compound’s committee, the street and everyone else are refused', async () => {
    const before = await count('teams')
    const [team] = (await get<TeamDto[]>(wang, '/api/community/teams')).body
    for (const token of [li, street, t.tokens.volunteer, t.tokens.resident, t.tokens.grid_worker]) {
      expect((await send(token, 'POST', '/api/community/teams', { name: '越权队', skills: [] })).status).toBe(403)
      expect((await send(token, 'PUT', `/api/community/teams/${team.id}`, { name: '越权队', skills: [] })).status).toBe(403)
      expect((await send(token, 'PUT', `/api/community/teams/${team.id}/leader`, { userId: t.byRole.volunteer.id })).status).toBe(403)
    }
    expect(await count('teams')).toBe(before)
    expect((await get<TeamDto[]>(wang, '/api/community/teams')).body[0]).toEqual(team)
  })

  test('editing name and skills; another community’s team answers exactly as a missing one', async () => {
    const made = (await send<TeamDto>(wang, 'POST', '/api/community/teams', { name: '便民维修队', skills: ['repair'] })).body
    const renamed = await send<TeamDto>(wang, 'PUT', `/api/community/teams/${made.id}`, { name: ' 便民服务队 ', skills: ['repair', 'errands'] })
    expect(renamed.body).toMatchObject({ id: made.id, name: '便民服务队', skills: [{ code: 'repair', name: '维修' }, { code: 'errands', name: '代购代领' }] })
    // A refused skill leaves the team as it was.
    expect((await send(wang, 'PUT', `/api/community/teams/${made.id}`, { name: '另一个名字', skills: ['repair', '代购代领'] })).status).toBe(400)
    expect((await get<TeamDto>(wang, `/api/community/teams/${made.id}`)).body).toMatchObject({ name: '便民服务队', skills: [{ code: 'repair' }, { code: 'errands' }] })
    // Keeping its own name is no clash; taking a sibling's is.
    expect((await send(wang, 'PUT', `/api/community/teams/${made.id}`, { name: '便民服务队', skills: [] })).status).toBe(200)
    const clash = await send<ApiError>(wang, 'PUT', `/api/community/teams/${made.id}`, { name: '应急处突队', skills: [] })
    expect(clash).toMatchObject({ status: 400, body: { message: expect.stringContaining('已有名为「应急处突队」') } })
    // The whole team is sent: a name alone is incomplete.
    expect((await send(wang, 'PUT', `/api/community/teams/${made.id}`, { name: '便民服务队' })).status).toBe(400)
    expect((await get<TeamDto>(wang, `/api/community/teams/${made.id}`)).body).toMatchObject({ name: '便民服务队', skills: [] })

    const theirs = (await get<TeamDto[]>(sun, '/api/community/teams')).body[0]
    const missing = await send<ApiError>(wang, 'PUT', '/api/community/teams/2147483647', { name: '改名', skills: [] })
    expect(missing.status).toBe(404)
    expect((await send(wang, 'PUT', `/api/community/teams/${theirs.id}`, { name: '改名', skills: [] })).body).toEqual(missing.body)
    expect((await get(wang, `/api/community/teams/${theirs.id}`)).body).toEqual((await get(wang, '/api/community/teams/2147483647')).body)
    expect((await get<TeamDto[]>(sun, '/api/community/teams')).body[0]).toEqual(theirs)
  })

  /** The team's leadership changes, as its volunteers' membership histories record them. */
  const leadershipOf = (teamId: number) =>
    rows<{ user: number; event: string; by: string }>(
      sql`select m.user_id as user, e.event, e.actor_role as by from membership_events e join memberships m on m.id = e.membership_id
          where m.team_id = ${teamId} and e.event in ('leads_team', 'stops_leading') order by e.id`,
    )

  test('the leader is one of the team’s active volunteers', async () => {
    const team = (await send<TeamDto>(wang, 'POST', '/api/community/teams', { name: '夜间巡逻队', skills: ['emergency'] })).body
    const member = await volunteer(team.id, 'ok-leader-001')
    const waiting = await volunteer(team.id, 'ok-leader-002', true)
    const detail = await get<TeamDetailDto>(wang, `/api/community/teams/${team.id}`)
    expect(detail.body.memberCount).toBe(1)
    expect(detail.body.members).toEqual([expect.objectContaining({ userId: member, name: '志愿者001', phone: '136****1111' })])

    // Someone of another team, a pending request, a person who is no volunteer at all: refused, nothing changes.
    const elsewhere = t.byRole.volunteer.id
    for (const userId of [elsewhere, waiting, t.byRole.resident.id, 2147483647]) {
      const answer = await send<ApiError>(wang, 'PUT', `/api/community/teams/${team.id}/leader`, { userId })
      expect([userId, answer.status]).toEqual([userId, 400])
      expect(answer.body.message).toContain('队长须是本队已生效的志愿者')
    }
    expect((await get<TeamDto>(wang, `/api/community/teams/${team.id}`)).body.leaderId).toBeNull()
    expect(await leadershipOf(team.id)).toEqual([])

    const led = await send<TeamDto>(wang, 'PUT', `/api/community/teams/${team.id}/leader`, { userId: member })
    expect(led.body).toMatchObject({ leaderId: member, leaderName: '志愿者001', leaderActive: true })
    // The leader now decides the team's requests (the membership rules read teams.leader_id).
    const pending = await rows<{ id: number }>(sql`select id from memberships where user_id = ${waiting} and role = 'volunteer'`)
    const leaderToken = await t.login(member)
    expect((await send(leaderToken, 'POST', `/api/memberships/${pending[0].id}/decision`, { approve: true })).status).toBe(200)
    expect((await get<TeamDto>(wang, `/api/community/teams/${team.id}`)).body.memberCount).toBe(2)
    // Handing the team over: both volunteers' histories say so, and who did it.
    expect((await send(wang, 'PUT', `/api/community/teams/${team.id}/leader`, { userId: waiting })).status).toBe(200)
    expect(await leadershipOf(team.id)).toEqual([
      { user: member, event: 'leads_team', by: 'committee' },
      { user: member, event: 'stops_leading', by: 'committee' },
      { user: waiting, event: 'leads_team', by: 'committee' },
    ])
    // Naming the same leader again changes nothing.
    expect((await send(wang, 'PUT', `/api/community/teams/${team.id}/leader`, { userId: waiting })).status).toBe(200)
    expect(await leadershipOf(team.id)).toHaveLength(3)
    // Another community's committee cannot name a leader of this team.
    expect((await send(sun, 'PUT', `/api/community/teams/${team.id}/leader`, { userId: waiting })).status).toBe(404)
  })

  test('the leader can be cleared: until a new one is named, the committee alone decides who joins', async () => {
    const team = (await send<TeamDto>(wang, 'POST', '/api/community/teams', { name: '楼道清洁队', skills: [] })).body
    const member = await volunteer(team.id, 'ok-leader-101')
    expect((await send(wang, 'PUT', `/api/community/teams/${team.id}/leader`, { userId: member })).status).toBe(200)
    const clear = (token: string, payload?: object) => call<TeamDto>(t.app, token, { method: 'DELETE', url: `/api/community/teams/${team.id}/leader`, ...(payload ? { payload } : {}) })

    // Only the community-level committee of the team's own community; the others change nothing.
    expect((await clear(li)).status).toBe(403)
    expect((await clear(street)).status).toBe(403)
    expect((await clear(t.tokens.volunteer)).status).toBe(403)
    expect((await clear(sun)).status).toBe(404)
    expect((await get<TeamDto>(wang, `/api/community/teams/${team.id}`)).body.leaderId).toBe(member)

    // As the app sends it: an empty JSON body.
    const cleared = await clear(wang, {})
    expect(cleared.status).toBe(200)
    expect(cleared.body).toMatchObject({ id: team.id, leaderId: null, leaderName: null, leaderActive: false, memberCount: 1 })
    expect((await clear(wang)).status).toBe(200)
    expect(await leadershipOf(team.id)).toEqual([
      { user: member, event: 'leads_team', by: 'committee' },
      { user: member, event: 'stops_leading', by: 'committee' },
    ])
    // The former leader decides no request of the team any more; the committee does.
    const waiting = await volunteer(team.id, 'ok-leader-102', true)
    const [request] = await rows<{ id: number }>(sql`select id from memberships where user_id = ${waiting} and role = 'volunteer'`)
    expect((await send(await t.login(member), 'POST', `/api/memberships/${request.id}/decision`, { approve: true })).status).toBe(404)
    expect((await send(wang, 'POST', `/api/memberships/${request.id}/decision`, { approve: true })).status).toBe(200)
  })
})

describe('grid tree', () => {
  const tree = async (token: string) => (await get<CommunityTreeDto[]>(token, '/api/community/tree')).body
  const orgRow = async (id: number) => (await rows<{ id: number; parent_id: number; kind: string; name: string; path: string }>(sql`select * from orgs where id = ${id}`))[0]

  test('the committee reads its community’s compounds and grids; the street reads all', async () => {
    const [mine] = await tree(wang)
    expect(mine).toMatchObject({ id: sunshine.id, name: '阳光社区大党委' })
    expect(mine.compounds.map((c) => [c.name, c.grids.map((g) => g.name)])).toEqual([
      ['锦绣小区党支部', ['第1网格', '第2网格', '第3网格']],
      ['和平里小区党支部', ['第4网格', '第5网格', '第6网格']],
    ])
    expect(mine.compounds[0].grids[0].households).toBeGreaterThan(0)
    expect(await tree(li)).toEqual([mine])
    expect((await tree(sun)).map((c) => c.name)).toEqual(['幸福社区党委'])
    expect((await tree(street)).map((c) => c.name)).toEqual(['阳光社区大党委', '幸福社区党委', '青山村党支部'])
    expect((await get(t.tokens.grid_worker, '/api/community/tree')).status).toBe(403)
  })

  test('adding a compound and a grid under it: paths built from ids; the new grid takes households at once', async () => {
    const compound = await send<OrgUnitDto>(wang, 'POST', '/api/community/compounds', { name: ' 新城小区 ' })
    expect(compound.status).toBe(201)
    expect(compound.body).toEqual({ id: expect.any(Number), kind: 'compound', name: '新城小区', parentId: sunshine.id })
    expect((await orgRow(compound.body.id)).path).toBe(`${sunshine.path}${compound.body.id}/`)

    const grid = await send<OrgUnitDto>(wang, 'POST', '/api/community/grids', { compoundId: compound.body.id, name: '第7网格' })
    expect(grid.status).toBe(201)
    expect(grid.body).toEqual({ id: expect.any(Number), kind: 'grid', name: '第7网格', parentId: compound.body.id })
    expect((await orgRow(grid.body.id)).path).toBe(`${sunshine.path}${compound.body.id}/${grid.body.id}/`)

    expect((await tree(wang))[0].compounds.at(-1)).toEqual({ id: compound.body.id, name: '新城小区', grids: [{ id: grid.body.id, name: '第7网格', households: 0 }] })
    const household = await send<HouseholdDto>(wang, 'POST', '/api/households', { gridId: grid.body.id, building: '1', unit: '1', room: '101' })
    expect(household.status).toBe(201)
    expect((await get<GridDto[]>(wang, '/api/grids')).body.find((g) => g.id === grid.body.id)?.fullName).toBe('新城小区 · 第7网格')
  })

  test('names are unique among siblings only, trimmed, 1–30 characters; refusals write nothing', async () => {
    const [mine] = await tree(wang)
    const [jinxiu, heping] = mine.compounds
    // 第1网格 exists under 锦绣 but not under 和平里: allowed there.
    expect((await send(wang, 'POST', '/api/community/grids', { compoundId: heping.id, name: '第1网格' })).status).toBe(201)
    const before = await count('orgs')
    const refusals: [string, object, RegExp][] = [
      ['/api/community/grids', { compoundId: jinxiu.id, name: ' 第1网格 ' }, /同一小区下已有名为「第1网格」的网格/],
      ['/api/community/compounds', { name: '和平里小区党支部' }, /同一社区下已有名为「和平里小区党支部」/],
      ['/api/community/compounds', { name: ' \t ' }, /名称不能为空/],
      ['/api/community/grids', { compoundId: jinxiu.id, name: '网'.repeat(31) }, /不能超过 30 个字/],
      ['/api/community/grids', { compoundId: jinxiu.grids[0].id, name: '网格下的网格' }, /compoundId/],
      ['/api/community/grids', { compoundId: sunshine.id, name: '社区下的网格' }, /compoundId/],
    ]
    for (const [url, body, message] of refusals) {
      const answer = await send<ApiError>(wang, 'POST', url, body)
      expect([url, JSON.stringify(body), answer.status]).toEqual([url, JSON.stringify(body), 400])
      expect(answer.body.message).toMatch(message)
    }
    expect(await count('orgs')).toBe(before)
  })

  test('renaming a compound or grid keeps its id and path; a clash is a 400', async () => {
    const [mine] = await tree(wang)
    const grid = mine.compounds[0].grids[2]
    const { path } = await orgRow(grid.id)
    const renamed = await send<OrgUnitDto>(wang, 'PUT', `/api/community/orgs/${grid.id}`, { name: '第3网格（东区）' })
    expect(renamed.body).toEqual({ id: grid.id, kind: 'grid', name: '第3网格（东区）', parentId: mine.compounds[0].id })
    expect(await orgRow(grid.id)).toMatchObject({ path, name: '第3网格（东区）' })
    expect((await send(wang, 'PUT', `/api/community/orgs/${mine.compounds[1].id}`, { name: '和平里小区' })).status).toBe(200)
    const clash = await send<ApiError>(wang, 'PUT', `/api/community/orgs/${grid.id}`, { name: '第2网格' })
    expect(clash).toMatchObject({ status: 400, body: { message: expect.stringContaining('已有名为「第2网格」') } })
    expect((await orgRow(grid.id)).name).toBe('第3网格（东区）')
  })

  test('another community’s compound or grid, the community itself, a street: hidden as a missing id; only the community level writes', async () => {
    const [theirs] = await tree(sun)
    const missing = (await send<ApiError>(wang, 'PUT', '/api/community/orgs/2147483647', { name: '改名' })).body
    expect(missing.code).toBe('not_found')
    const streetId = Number(sunshine.path.split('/')[1])
    for (const id of [theirs.compounds[0].id, theirs.compounds[0].grids[0].id, theirs.id, sunshine.id, streetId]) {
      const answer = await send(wang, 'PUT', `/api/community/orgs/${id}`, { name: '改名' })
      expect([id, answer.status, answer.body]).toEqual([id, 404, missing])
    }
    const before = await count('orgs')
    expect((await send(wang, 'POST', '/api/community/grids', { compoundId: theirs.compounds[0].id, name: '越界网格' })).status).toBe(400)
    const [mine] = await tree(wang)
    for (const token of [li, street, t.tokens.grid_worker, t.tokens.volunteer]) {
      expect((await send(token, 'POST', '/api/community/compounds', { name: '越权小区' })).status).toBe(403)
      expect((await send(token, 'POST', '/api/community/grids', { compoundId: mine.compounds[0].id, name: '越权网格' })).status).toBe(403)
      expect((await send(token, 'PUT', `/api/community/orgs/${mine.compounds[0].grids[0].id}`, { name: '越权' })).status).toBe(403)
    }
    expect(await count('orgs')).toBe(before)
    expect(await tree(sun)).toEqual([theirs])
    expect((await tree(wang))[0]).toEqual(mine)
  })
})

describe('work units (驻区单位)', () => {
  test('the community committee adds one to its street; every community of the street offers it at 双报到', async () => {
    const before = await count('orgs')
    const added = await send<OrgUnitDto>(wang, 'POST', '/api/community/work-units', { name: '  县自然资源局 ' })
    expect(added.status).toBe(201)
    expect(added.body).toMatchObject({ kind: 'work_unit', name: '县自然资源局', parentId: Number(sunshine.path.split('/')[1]) })
    // Another community of the same street lists it for its Party members too.
    const happiness = (await rows<{ id: number }>(sql`select id from orgs where kind = 'community' and name = '幸福社区党委'`))[0]
    const directory = await get<CommunityDirectoryDto>(wang, `/api/directory/communities/${happiness.id}`)
    expect(directory.body.workUnits.map((w) => w.name)).toContain('县自然资源局')

    // Twice the same name, a blank one, or anyone but a community-level committee: refused, nothing written.
    const refused: [string, object, number, RegExp][] = [
      [wang, { name: '县自然资源局' }, 400, /同一街道下已有名为「县自然资源局」的单位/],
      [wang, { name: '   ' }, 400, /名称不能为空/],
      [wang, { name: '县局', parentId: 1 }, 400, /不允许的参数|parentId/],
      [li, { name: '县水利局' }, 403, /社区一级的党委/],
      [street, { name: '县水利局' }, 403, /社区党委/],
      [t.tokens.party_member, { name: '县水利局' }, 403, /社区党委/],
    ]
    for (const [token, body, status, message] of refused) {
      const answer = await send<ApiError>(token, 'POST', '/api/community/work-units', body)
      expect([JSON.stringify(body), answer.status]).toEqual([JSON.stringify(body), status])
      expect(answer.body.message).toMatch(message)
    }
    expect(await count('orgs')).toBe(before + 1)
  })
})
