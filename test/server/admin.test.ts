import { asc, count, eq } from 'drizzle-orm'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseCommand, parseCompound, runCommand, USAGE } from '../../server/admin'
import { buildApp } from '../../server/app'
import { loadConfig } from '../../server/config'
import type { Database } from '../../server/db/client'
import { categories, households, membershipEvents, memberships, orgs, users, type OrgRow } from '../../server/db/schema'
import { CATEGORIES } from '../../server/db/seed-data'
import {
  AdminError,
  createCommitteeMember,
  createCommunity,
  createStreet,
  createStreetAdmin,
  createWorkUnit,
  listOrgTree,
  listUnregisteredWechatUsers,
  loadCatalogue,
} from '../../server/repositories/admin'
import { WechatError, type WechatClient } from '../../server/wechat/client'
import type { MeDto, SessionDto } from '../../types/people'
import { openEmptyDatabase, TEST_RATE_LIMITS } from '../support/app'
import { call } from '../support/http'

let database: Database
beforeAll(async () => {
  database = await openEmptyDatabase()
})
afterAll(() => database.close())

const SUNSHINE = [
  { name: '锦绣小区', grids: ['第1网格', '第2网格'] },
  { name: '和平里小区', grids: ['第3网格'] },
]

const NOW = new Date('2026-12-01T02:00:00.000Z')

/** Rows in the tables a person registration writes: users, memberships, membership_events. */
async function peopleCounts() {
  const db = database.db
  const n = async (table: typeof users | typeof memberships | typeof membershipEvents) => (await db.select({ n: count() }).from(table))[0].n
  return { users: await n(users), memberships: await n(memberships), events: await n(membershipEvents) }
}

const orgCount = async () => (await database.db.select({ n: count() }).from(orgs))[0].n
const orgNamed = async (kind: OrgRow['kind'], name: string) =>
  (await database.db.select().from(orgs).where(eq(orgs.name, name))).find((o) => o.kind === kind)!

/** A person a first WeChat login made: an openid and nothing else (what /auth/wechat inserts). */
async function firstWechatLogin(openid: string, over: { name?: string; phone?: string } = {}) {
  const [row] = await database.db
    .insert(users)
    .values({ name: '', phone: '', openid, createdAt: new Date('2026-11-30T16:05:00.000Z'), ...over })
    .returning({ id: users.id })
  return row.id
}

describe('on an empty, migrated database', () => {
  test('starts with no orgs, people, memberships or categories', async () => {
    const db = database.db
    for (const table of [orgs, users, memberships, membershipEvents, households, categories]) {
      expect((await db.select({ n: count() }).from(table))[0].n).toBe(0)
    }
  })

  test('createStreet makes a root street and refuses its name twice', async () => {
    const street = await createStreet(database.db, ' 阳光街道 ')
    expect(street).toMatchObject({ kind: 'street', name: '阳光街道', parentId: null, path: `/${street.id}/` })
    await expect(createStreet(database.db, '阳光街道')).rejects.toThrow(/街道\/乡镇「阳光街道」已存在（id \d+），未做任何修改/)
    await expect(createStreet(database.db, '  ')).rejects.toThrow(AdminError)
    expect(await orgCount()).toBe(1)
  })

  test('createCommunity without a street builds a root tree with materialised paths', async () => {
    const { street, community, compounds } = await createCommunity(database.db, '阳光社区', SUNSHINE)
    expect(street).toBeNull()
    expect(community).toMatchObject({ kind: 'community', name: '阳光社区', parentId: null, path: `/${community.id}/` })
    expect(compounds.map((c) => c.compound.name)).toEqual(['锦绣小区', '和平里小区'])
    const [jinxiu] = compounds
    expect(jinxiu.compound).toMatchObject({ kind: 'compound', parentId: community.id, path: `/${community.id}/${jinxiu.compound.id}/` })
    expect(jinxiu.grids.map((g) => [g.name, g.kind, g.parentId, g.path])).toEqual(
      jinxiu.grids.map((g) => [g.name, 'grid', jinxiu.compound.id, `${jinxiu.compound.path}${g.id}/`]),
    )
    expect(await orgCount()).toBe(7)
  })

  test('createCommunity under a street, by name or id: paths /<street>/<community>/…', async () => {
    const street = await orgNamed('street', '阳光街道')
    const { street: parent, community, compounds } = await createCommunity(database.db, '月光社区', [{ name: '一期', grids: ['A区'] }], '阳光街道')
    expect(parent).toMatchObject({ id: street.id })
    expect(community).toMatchObject({ kind: 'community', parentId: street.id, path: `/${street.id}/${community.id}/` })
    const [{ compound, grids }] = compounds
    expect(compound).toMatchObject({ parentId: community.id, path: `/${street.id}/${community.id}/${compound.id}/` })
    expect(grids[0]).toMatchObject({ kind: 'grid', path: `/${street.id}/${community.id}/${compound.id}/${grids[0].id}/` })
    const byId = await createCommunity(database.db, '星光社区', [{ name: '二期', grids: ['B区'] }], String(street.id))
    expect(byId.community.path).toBe(`/${street.id}/${byId.community.id}/`)
  })

  test('createCommunity refuses a duplicate name, an unknown street and bad input, writing nothing', async () => {
    const before = await orgCount()
    await expect(createCommunity(database.db, '阳光社区', SUNSHINE)).rejects.toThrow(/社区「阳光社区」已存在（id \d+），未做任何修改/)
    await expect(createCommunity(database.db, '阳光社区', SUNSHINE, '阳光街道')).rejects.toThrow(/社区「阳光社区」已存在/)
    await expect(createCommunity(database.db, '新社区', SUNSHINE, '不存在街道')).rejects.toThrow(/没有这个街道：不存在街道/)
    // A community's id is not a street.
    const community = await orgNamed('community', '阳光社区')
    await expect(createCommunity(database.db, '新社区', SUNSHINE, String(community.id))).rejects.toThrow(/没有这个街道/)
    await expect(createCommunity(database.db, '新社区', [])).rejects.toThrow(/至少需要一个小区/)
    await expect(createCommunity(database.db, '新社区', [{ name: 'A', grids: [] }])).rejects.toThrow(/至少需要一个网格/)
    await expect(createCommunity(database.db, '新社区', [{ name: 'A', grids: ['1'] }, { name: 'A', grids: ['2'] }])).rejects.toThrow(/小区重复：A/)
    await expect(createCommunity(database.db, '新社区', [{ name: 'A', grids: ['1', '1'] }])).rejects.toThrow(/网格重复：1/)
    await expect(createCommunity(database.db, '  ', SUNSHINE)).rejects.toThrow(AdminError)
    expect(await orgCount()).toBe(before)
  })

  test('createWorkUnit puts a work unit under the street, once', async () => {
    const street = await orgNamed('street', '阳光街道')
    const { street: parent, workUnit } = await createWorkUnit(database.db, '阳光街道', '区教育局')
    expect(parent.id).toBe(street.id)
    expect(workUnit).toMatchObject({ kind: 'work_unit', name: '区教育局', parentId: street.id, path: `/${street.id}/${workUnit.id}/` })
    const before = await orgCount()
    await expect(createWorkUnit(database.db, String(street.id), '区教育局')).rejects.toThrow(/「阳光街道」已有单位「区教育局」（id \d+），未做任何修改/)
    await expect(createWorkUnit(database.db, '不存在街道', '区卫健委')).rejects.toThrow(/没有这个街道：不存在街道/)
    await expect(createWorkUnit(database.db, '阳光街道', ' ')).rejects.toThrow(/单位名称不能为空/)
    expect(await orgCount()).toBe(before)
  })

  test('loadCatalogue adds the seed catalogue once, then only updates', async () => {
    expect(await loadCatalogue(database.db)).toEqual({ added: CATEGORIES.map((c) => c.code), updated: [] })
    await database.db.update(categories).set({ name: '旧名' }).where(eq(categories.code, 'meals'))
    expect(await loadCatalogue(database.db)).toEqual({ added: [], updated: CATEGORIES.map((c) => c.code) })
    const rows = await database.db.select().from(categories).orderBy(asc(categories.sort))
    expect(rows.map((r) => r.name)).toEqual(CATEGORIES.map((c) => c.name))
    expect(rows[0]).toMatchObject({ code: 'emergency', emergency: true, sort: 0 })
  })

  test('createCommitteeMember writes the person, an active committee membership and its event together', async () => {
    const community = await orgNamed('community', '阳光社区')
    const before = await peopleCounts()
    const first = await createCommitteeMember(database.db, { community: '阳光社区', name: '王书记', phone: '13800000000', openid: 'openid-wang' }, NOW)
    expect(first).toMatchObject({ community: { id: community.id }, claimed: false })
    expect(await peopleCounts()).toEqual({ users: before.users + 1, memberships: before.memberships + 1, events: before.events + 1 })

    const [person] = await database.db.select().from(users).where(eq(users.id, first.userId))
    expect(person).toMatchObject({ name: '王书记', phone: '13800000000', openid: 'openid-wang', createdAt: NOW, privacyConsentAt: null })
    const [membership] = await database.db.select().from(memberships).where(eq(memberships.id, first.membershipId))
    expect(membership).toEqual({
      id: first.membershipId, userId: first.userId, role: 'committee', orgId: community.id, status: 'active',
      householdId: null, teamId: null, workUnitId: null, note: null, approvedBy: null, createdAt: NOW, since: NOW, endedAt: null,
    })
    const events = await database.db.select().from(membershipEvents).where(eq(membershipEvents.membershipId, first.membershipId))
    expect(events).toEqual([
      {
        id: expect.any(Number), membershipId: first.membershipId, event: 'registered', fromStatus: null, toStatus: 'active',
        actorId: null, actorRole: 'system', note: '由管理命令创建', at: NOW,
      },
    ])

    // By id, without an openid.
    const second = await createCommitteeMember(database.db, { community: String(community.id), name: '李委员', phone: '13800000001' }, NOW)
    expect((await database.db.select().from(users).where(eq(users.id, second.userId)))[0]).toMatchObject({ name: '李委员', openid: null })
    expect((await database.db.select().from(memberships).where(eq(memberships.userId, second.userId)))[0]).toMatchObject({
      role: 'committee', orgId: community.id, status: 'active',
    })
  })

  test('createCommitteeMember refuses clashes, unknown communities and bad input, writing nothing', async () => {
    const before = await peopleCounts()
    const member = (over: object) => createCommitteeMember(database.db, { community: '阳光社区', name: '张三', phone: '13900000000', ...over })
    await expect(member({ phone: '13800000000' })).rejects.toThrow(/手机号 13800000000 已登记给用户「王书记」（id \d+），已是「阳光社区」的社区党委，未做任何修改/)
    await expect(member({ openid: 'openid-wang' })).rejects.toThrow(/openid openid-wang 已登记给用户「王书记」（id \d+，社区党委 · 阳光社区），未做任何修改/)
    await expect(member({ community: '不存在社区' })).rejects.toThrow(/没有这个社区：不存在社区/)
    await expect(member({ community: '99999' })).rejects.toThrow(/没有这个社区/)
    await expect(member({ phone: '12345' })).rejects.toThrow(/手机号不正确/)
    await expect(member({ name: ' ' })).rejects.toThrow(/成员名称不能为空/)
    // A compound's id, or a street's, is not a community.
    const compound = await orgNamed('compound', '锦绣小区')
    await expect(member({ community: String(compound.id) })).rejects.toThrow(/没有这个社区/)
    await expect(member({ community: '阳光街道' })).rejects.toThrow(/没有这个社区/)
    expect(await peopleCounts()).toEqual(before)
  })

  test('the same phone in another community is a new person: people are never merged silently', async () => {
    const before = await peopleCounts()
    const other = await createCommitteeMember(database.db, { community: '月光社区', name: '王书记', phone: '13800000000' }, NOW)
    expect(await peopleCounts()).toEqual({ users: before.users + 1, memberships: before.memberships + 1, events: before.events + 1 })
    const samePhone = await database.db.select({ id: users.id }).from(users).where(eq(users.phone, '13800000000'))
    expect(samePhone.map((u) => u.id)).toContain(other.userId)
    expect(samePhone).toHaveLength(2)
  })

  test('createStreetAdmin writes a person with an active street_admin membership at the street', async () => {
    const street = await orgNamed('street', '阳光街道')
    const before = await peopleCounts()
    const admin = await createStreetAdmin(database.db, { street: '阳光街道', name: '赵主任', phone: '13700000000', openid: 'openid-zhao' }, NOW)
    expect(admin).toMatchObject({ street: { id: street.id }, claimed: false })
    expect(await peopleCounts()).toEqual({ users: before.users + 1, memberships: before.memberships + 1, events: before.events + 1 })
    expect((await database.db.select().from(memberships).where(eq(memberships.id, admin.membershipId)))[0]).toMatchObject({
      userId: admin.userId, role: 'street_admin', orgId: street.id, status: 'active', since: NOW,
    })
    expect((await database.db.select().from(membershipEvents).where(eq(membershipEvents.membershipId, admin.membershipId)))[0]).toMatchObject({
      event: 'registered', toStatus: 'active', actorRole: 'system', note: '由管理命令创建',
    })

    const after = await peopleCounts()
    const again = (over: object) => createStreetAdmin(database.db, { street: String(street.id), name: '赵主任', phone: '13700000000', ...over })
    await expect(again({})).rejects.toThrow(/手机号 13700000000 已登记给用户「赵主任」（id \d+），已是「阳光街道」的街道管理员/)
    await expect(again({ phone: '13700000001', openid: 'openid-zhao' })).rejects.toThrow(/openid openid-zhao 已登记给用户「赵主任」/)
    await expect(again({ street: '阳光社区' })).rejects.toThrow(/没有这个街道：阳光社区/)
    expect(await peopleCounts()).toEqual(after)
  })

  test('an openid from a first WeChat login (no membership yet) is that person: they get the membership', async () => {
    const shellId = await firstWechatLogin('openid-chen')
    expect((await listUnregisteredWechatUsers(database.db)).users.map((u) => [u.id, u.openid])).toEqual([[shellId, 'openid-chen']])

    const before = await peopleCounts()
    const chen = await createCommitteeMember(database.db, { community: '阳光社区', name: '陈委员', phone: '13800000002', openid: 'openid-chen' }, NOW)
    expect(chen).toMatchObject({ userId: shellId, claimed: true })
    expect(await peopleCounts()).toEqual({ users: before.users, memberships: before.memberships + 1, events: before.events + 1 })
    expect((await database.db.select().from(users).where(eq(users.id, shellId)))[0]).toMatchObject({ name: '陈委员', phone: '13800000002', openid: 'openid-chen' })
    expect(await listUnregisteredWechatUsers(database.db)).toEqual({ total: 0, users: [] })

    // Someone who began sign-up typed their own name and phone: different ones mean the wrong openid.
    const typedId = await firstWechatLogin('openid-typed', { name: '孙某', phone: '13911112222' })
    const mid = await peopleCounts()
    await expect(
      createCommitteeMember(database.db, { community: '阳光社区', name: '孙某', phone: '13900000009', openid: 'openid-typed' }),
    ).rejects.toThrow(new RegExp(`openid openid-typed 的用户（id ${typedId}）自己填写的手机号 13911112222与本次登记不符`))
    expect(await peopleCounts()).toEqual(mid)
  })

  test('listOrgTree reads active memberships: staff per org, residents per subtree', async () => {
    const db = database.db
    const grid = await orgNamed('grid', '第1网格')
    const community = await orgNamed('community', '阳光社区')
    const workUnit = await orgNamed('work_unit', '区教育局')
    const [home] = await db.insert(households).values({ gridId: grid.id, orgPath: grid.path, building: '1', unit: '1', room: '101', createdAt: NOW }).returning()
    const person = async (name: string) => (await db.insert(users).values({ name, phone: '13600000000', createdAt: NOW }).returning())[0].id
    const hold = async (userId: number, role: 'resident' | 'party_member' | 'volunteer', orgId: number, status: 'active' | 'pending' | 'ended', extra = {}) =>
      db.insert(memberships).values({ userId, role, orgId, status, createdAt: NOW, ...extra })
    await hold(await person('居民甲'), 'resident', grid.id, 'active', { householdId: home.id })
    await hold(await person('居民乙'), 'resident', grid.id, 'active', { householdId: home.id })
    await hold(await person('居民丙'), 'resident', grid.id, 'pending', { householdId: home.id })
    await hold(await person('居民丁'), 'resident', grid.id, 'ended', { householdId: home.id })
    await hold(await person('党员刘'), 'party_member', community.id, 'active', { workUnitId: workUnit.id })
    await hold(await person('志愿者周'), 'volunteer', community.id, 'pending')

    const tree = await listOrgTree(db)
    expect(tree.map((o) => o.name)).toEqual([
      '阳光街道', '月光社区', '一期', 'A区', '星光社区', '二期', 'B区', '区教育局',
      '阳光社区', '锦绣小区', '第1网格', '第2网格', '和平里小区', '第3网格',
    ])
    const at = (name: string) => tree.find((o) => o.name === name)!
    expect(at('阳光街道').people.map((p) => [p.name, p.role])).toEqual([['赵主任', 'street_admin']])
    expect(at('阳光社区').people.map((p) => [p.name, p.role])).toEqual([
      ['王书记', 'committee'], ['李委员', 'committee'], ['陈委员', 'committee'], ['党员刘', 'party_member'],
    ])
    expect(at('区教育局').people).toEqual([])
    expect([at('第1网格'), at('锦绣小区'), at('阳光社区'), at('第2网格'), at('阳光街道')].map((o) => o.residents)).toEqual([2, 2, 2, 0, 0])
  })

  test('runCommand prints what it did', async () => {
    const lines: string[] = []
    const run = async (...argv: string[]) => {
      lines.length = 0
      await runCommand(database.db, parseCommand(argv), (line) => lines.push(line))
      return lines
    }
    expect(await run('create-street', '--name', '朝阳乡')).toEqual([expect.stringMatching(/^已创建街道\/乡镇「朝阳乡」（id \d+）$/)])
    expect(await run('create-community', '--street', '朝阳乡', '--name', '红星村', '--compound', '一组：东片')).toEqual([
      expect.stringMatching(/^已在街道「朝阳乡」下创建社区「红星村」（id \d+）$/),
      expect.stringMatching(/^ {2}小区「一组」（id \d+）：东片（id \d+）$/),
    ])
    expect(await run('create-community', '--name', '月亮湾社区', '--compound', '一期：A区，B区')).toEqual([
      expect.stringMatching(/^已创建社区「月亮湾社区」（id \d+）$/),
      expect.stringMatching(/^ {2}小区「一期」（id \d+）：A区（id \d+）、B区（id \d+）$/),
    ])
    expect(await run('create-work-unit', '--street', '朝阳乡', '--name', '乡卫生院')).toEqual([
      expect.stringMatching(/^已在街道「朝阳乡」下创建单位「乡卫生院」（id \d+）$/),
    ])
    expect(await run('create-committee', '--community', '红星村', '--name', '吴书记', '--phone', '13500000000', '--openid', 'openid-wu')).toEqual([
      expect.stringMatching(/^已登记「红星村」党委成员 吴书记（用户 id \d+，可用微信登录）$/),
    ])
    expect(await run('create-street-admin', '--street', '朝阳乡', '--name', '郑乡长', '--phone', '13500000001')).toEqual([
      expect.stringMatching(/^已登记「朝阳乡」街道管理员 郑乡长（用户 id \d+，未绑定微信 openid，暂不能登录）$/),
    ])

    const shellId = await firstWechatLogin('openid-new-member')
    await run('list')
    expect(lines[0]).toMatch(/^阳光街道（街道\/乡镇，id \d+，居民 0 人）：街道管理员 赵主任$/)
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}区教育局（单位，id \d+）$/))
    expect(lines).toContainEqual(expect.stringMatching(/^阳光社区（社区\/村，id \d+，居民 2 人）：社区党委 王书记、社区党委 李委员、社区党委 陈委员、在职党员 党员刘$/))
    expect(lines).toContainEqual(expect.stringMatching(/^ {4}第1网格（网格，id \d+，居民 2 人）$/))
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}红星村（社区\/村，id \d+，居民 0 人）：社区党委 吴书记$/))
    expect(lines.slice(-3)).toEqual([
      expect.stringMatching(/^尚未登记的微信用户（2 人；用 create-committee 或 create-street-admin 的 --openid 登记）：$/),
      `  用户 id ${shellId}，openid openid-new-member，首次登录 2026-12-01 00:05（北京时间）`,
      expect.stringMatching(/^ {2}用户 id \d+，openid openid-typed，首次登录 2026-12-01 00:05（北京时间），自填姓名「孙某」$/),
    ])

    // The operator registers the person list showed, by their openid.
    expect(await run('create-committee', '--community', '红星村', '--name', '冯委员', '--phone', '13500000002', '--openid', 'openid-new-member')).toEqual([
      `已登记「红星村」党委成员 冯委员（用户 id ${shellId}，已关联其微信账号，重新登录后生效）`,
    ])
    await run('list')
    expect(lines).not.toContainEqual(expect.stringContaining('openid-new-member'))
  })

  test('a refusal through runCommand writes nothing', async () => {
    const run = (...argv: string[]) => runCommand(database.db, parseCommand(argv), () => undefined)
    const before = { ...(await peopleCounts()), orgs: await orgCount() }
    await expect(run('create-committee', '--community', '红星村', '--name', '吴书记', '--phone', '13500000000')).rejects.toThrow(AdminError)
    await expect(run('create-street', '--name', '朝阳乡')).rejects.toThrow(/已存在/)
    await expect(run('create-work-unit', '--street', '没有的乡', '--name', 'X')).rejects.toThrow(/没有这个街道/)
    await expect(run('create-community', '--street', '没有的乡', '--name', '新村', '--compound', 'A:1')).rejects.toThrow(/没有这个街道/)
    expect({ ...(await peopleCounts()), orgs: await orgCount() }).toEqual(before)
  })

  test('list on an empty database says where to start', async () => {
    const empty = await openEmptyDatabase()
    try {
      const lines: string[] = []
      await runCommand(empty.db, parseCommand(['list']), (line) => lines.push(line))
      expect(lines).toEqual([
        '还没有任何街道或社区：先运行 create-street 或 create-community',
        '',
        '尚未登记的微信用户（0 人；用 create-committee 或 create-street-admin 的 --openid 登记）：',
        '  （无）',
      ])
    } finally {
      await empty.close()
    }
  })
})

describe('WeChat login after bootstrap (production configuration)', () => {
  /** WeChat as the app sees it: code `ok-<x>` is the openid `openid-<x>`. */
  const wechat: WechatClient = {
    async code2Session(code) {
      if (code.startsWith('ok-')) return { openid: `openid-${code.slice(3)}`, sessionKey: 'k' }
      throw new WechatError(40029, 'invalid code')
    },
    async accessToken() {
      throw new WechatError(-1, 'unreachable: test stub')
    },
    async phoneNumber() {
      throw new WechatError(40029, 'invalid code')
    },
    async wxaCode() {
      throw new WechatError(-1, 'unreachable: test stub')
    },
    async sendSubscribeMessage() {
      throw new WechatError(-1, 'unreachable: test stub')
    },
  }

  async function productionApp() {
    const dataDir = mkdtempSync(join(tmpdir(), 'sandan-admin-'))
    const config = loadConfig({
      ...TEST_RATE_LIMITS, DATA_DIR: dataDir, H5_DIR: join(dataDir, 'none'),
      NODE_ENV: 'production', DATABASE_URL: 'postgres://unused/sandan', WECHAT_APP_ID: 'wx-test', WECHAT_APP_SECRET: 'secret',
    })
    const db = await openEmptyDatabase()
    const app = await buildApp({ config, db: db.db, wechat })
    const close = async () => {
      await app.close()
      await db.close()
      rmSync(dataDir, { recursive: true, force: true })
    }
    return { app, db, close }
  }
  const login = async (app: Awaited<ReturnType<typeof productionApp>>['app'], code: string) => {
    const session = await call<SessionDto>(app, null, { method: 'POST', url: '/api/auth/wechat', payload: { code } })
    expect(session.status).toBe(200)
    return (await call<MeDto>(app, session.body.token, { method: 'GET', url: '/api/me' })).body
  }

  test('a committee member registered with --openid signs in acting as that membership', async () => {
    const prod = await productionApp()
    try {
      expect(prod.app.config.production).toBe(true)
      await createStreet(prod.db.db, '阳光街道')
      await createCommunity(prod.db.db, '阳光社区', [{ name: '锦绣小区', grids: ['第1网格'] }], '阳光街道')
      const wang = await createCommitteeMember(prod.db.db, { community: '阳光社区', name: '王书记', phone: '13800000000', openid: 'openid-wang' })
      const me = await login(prod.app, 'ok-wang')
      expect(me).toMatchObject({
        id: wang.userId,
        name: '王书记',
        acting: { membershipId: wang.membershipId, role: 'committee', status: 'active', orgId: wang.community.id, orgName: '阳光街道 · 阳光社区' },
      })
    } finally {
      await prod.close()
    }
  })

  test('first login, then list, then create-committee --openid: the next login acts as committee', async () => {
    const prod = await productionApp()
    try {
      await createCommunity(prod.db.db, '阳光社区', [{ name: '锦绣小区', grids: ['第1网格'] }])
      const first = await login(prod.app, 'ok-li')
      expect(first).toMatchObject({ name: '', acting: null, identities: [] })
      const lines: string[] = []
      await runCommand(prod.db.db, parseCommand(['list']), (line) => lines.push(line))
      expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^ {2}用户 id ${first.id}，openid openid-li，首次登录 `)))
      await runCommand(prod.db.db, parseCommand(['create-committee', '--community', '阳光社区', '--name', '李委员', '--phone', '13800000001', '--openid', 'openid-li']), () => undefined)
      const again = await login(prod.app, 'ok-li')
      expect(again).toMatchObject({ id: first.id, name: '李委员', acting: { role: 'committee', orgName: '阳光社区' } })
    } finally {
      await prod.close()
    }
  })
})

describe('argument parsing', () => {
  test('the documented commands', () => {
    expect(parseCommand(['create-street', '--name', '阳光街道'])).toEqual({ kind: 'create-street', name: '阳光街道' })
    expect(parseCommand(['create-community', '--name', '阳光社区', '--compound', '锦绣小区:第1网格,第2网格', '--compound', '和平里:第3网格'])).toEqual({
      kind: 'create-community',
      name: '阳光社区',
      compounds: [{ name: '锦绣小区', grids: ['第1网格', '第2网格'] }, { name: '和平里', grids: ['第3网格'] }],
      street: undefined,
    })
    expect(parseCommand(['create-community', '--street', '3', '--name', '阳光社区', '--compound', '锦绣小区:第1网格'])).toMatchObject({ street: '3' })
    expect(parseCommand(['create-work-unit', '--street', '阳光街道', '--name', '区教育局'])).toEqual({ kind: 'create-work-unit', street: '阳光街道', name: '区教育局' })
    expect(parseCommand(['create-committee', '--community', '1', '--name', '王书记', '--phone', '13800000000'])).toEqual({
      kind: 'create-committee', community: '1', name: '王书记', phone: '13800000000', openid: undefined,
    })
    expect(parseCommand(['create-street-admin', '--street', '1', '--name', '赵主任', '--phone', '13700000000', '--openid', 'o-1'])).toEqual({
      kind: 'create-street-admin', street: '1', name: '赵主任', phone: '13700000000', openid: 'o-1',
    })
    expect(parseCommand(['load-catalogue'])).toEqual({ kind: 'load-catalogue' })
    expect(parseCommand(['list'])).toEqual({ kind: 'list' })
    expect(parseCommand([])).toEqual({ kind: 'help' })
    for (const command of ['create-street', 'create-community', 'create-work-unit', 'load-catalogue', 'create-committee', 'create-street-admin', 'list']) {
      expect(USAGE).toContain(command)
    }
    expect(USAGE).toContain('尚未登记的微信用户')
    expect(USAGE).not.toContain('WeChat login without registration')
  })

  test.each([
    [['frobnicate'], /未知命令：frobnicate/],
    [['create-street'], /create-street 缺少 --name/],
    [['create-street', '--name', 'X', '--rural'], /create-street：.*rural/],
    [['create-community', '--name', 'X'], /至少需要一个 --compound/],
    [['create-community', '--compound', 'A:1'], /缺少 --name/],
    [['create-community', '--name', 'X', '--compound', 'no-grids'], /--compound 格式应为/],
    [['create-community', '--street', ' ', '--name', 'X', '--compound', 'A:1'], /create-community 缺少 --street/],
    [['create-work-unit', '--name', 'X'], /create-work-unit 缺少 --street/],
    [['create-work-unit', '--street', '1'], /create-work-unit 缺少 --name/],
    [['create-committee', '--community', '1', '--name', '王'], /缺少 --phone/],
    [['create-committee', '--community', '1', '--name', '王', '--phone', '138', '--bogus', 'x'], /create-committee：.*bogus/],
    [['create-committee', '--community', '1', '--name', '王', '--phone', '138', '--openid', ''], /create-committee 缺少 --openid/],
    [['create-street-admin', '--name', '赵', '--phone', '137'], /create-street-admin 缺少 --street/],
    [['create-street-admin', '--street', '1', '--phone', '137'], /create-street-admin 缺少 --name/],
    [['create-street-admin', '--street', '1', '--name', '赵', '--community', '2', '--phone', '137'], /create-street-admin：.*community/],
    [['list', 'extra'], /list：/],
  ])('%j is refused before touching the database', (argv, message) => {
    expect(() => parseCommand(argv as string[])).toThrow(AdminError)
    expect(() => parseCommand(argv as string[])).toThrow(message)
  })

  test('parseCompound trims and drops empty grid names', () => {
    expect(parseCompound(' 锦绣 : 1, 2 ,,')).toEqual({ name: '锦绣', grids: ['1', '2'] })
  })
})
