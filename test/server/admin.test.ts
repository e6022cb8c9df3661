import { asc, count, eq } from 'drizzle-orm'
import { parseCommand, parseCompound, runCommand, USAGE } from '../../server/admin'
import type { Database } from '../../server/db/client'
import { categories, orgs, users } from '../../server/db/schema'
import { CATEGORIES } from '../../server/db/seed-data'
import {
  AdminError,
  createCommitteeMember,
  createCommunity,
  listOrgTree,
  loadCatalogue,
} from '../../server/repositories/admin'
import { openEmptyDatabase } from '../support/app'

let database: Database
beforeAll(async () => {
  database = await openEmptyDatabase()
})
afterAll(() => database.close())

const SUNSHINE = [
  { name: '锦绣小区', grids: ['第1网格', '第2网格'] },
  { name: '和平里小区', grids: ['第3网格'] },
]

describe('on an empty, migrated database', () => {
  test('starts with no orgs, users or categories', async () => {
    const db = database.db
    for (const table of [orgs, users, categories]) expect((await db.select({ n: count() }).from(table))[0].n).toBe(0)
  })

  test('createCommunity builds the tree with materialised paths', async () => {
    const { community, compounds } = await createCommunity(database.db, '阳光社区', SUNSHINE)
    expect(community).toMatchObject({ kind: 'community', name: '阳光社区', parentId: null, path: `/${community.id}/` })
    expect(compounds.map((c) => c.compound.name)).toEqual(['锦绣小区', '和平里小区'])
    const [jinxiu] = compounds
    expect(jinxiu.compound).toMatchObject({ kind: 'compound', parentId: community.id, path: `/${community.id}/${jinxiu.compound.id}/` })
    expect(jinxiu.grids.map((g) => [g.name, g.kind, g.parentId, g.path])).toEqual(
      jinxiu.grids.map((g) => [g.name, 'grid', jinxiu.compound.id, `${jinxiu.compound.path}${g.id}/`]),
    )
    expect(await database.db.select({ n: count() }).from(orgs)).toEqual([{ n: 6 }])
  })

  test('createCommunity refuses a duplicate name and bad input, writing nothing', async () => {
    const before = (await database.db.select({ n: count() }).from(orgs))[0].n
    await expect(createCommunity(database.db, '阳光社区', SUNSHINE)).rejects.toThrow(/社区「阳光社区」已存在（id \d+），未做任何修改/)
    await expect(createCommunity(database.db, '新社区', [])).rejects.toThrow(/至少需要一个小区/)
    await expect(createCommunity(database.db, '新社区', [{ name: 'A', grids: [] }])).rejects.toThrow(/至少需要一个网格/)
    await expect(createCommunity(database.db, '新社区', [{ name: 'A', grids: ['1'] }, { name: 'A', grids: ['2'] }])).rejects.toThrow(/小区重复：A/)
    await expect(createCommunity(database.db, '新社区', [{ name: 'A', grids: ['1', '1'] }])).rejects.toThrow(/网格重复：1/)
    await expect(createCommunity(database.db, '  ', SUNSHINE)).rejects.toThrow(AdminError)
    expect((await database.db.select({ n: count() }).from(orgs))[0].n).toBe(before)
  })

  test('loadCatalogue adds the seed catalogue once, then only updates', async () => {
    expect(await loadCatalogue(database.db)).toEqual({ added: CATEGORIES.map((c) => c.code), updated: [] })
    await database.db.update(categories).set({ name: '旧名' }).where(eq(categories.code, 'meals'))
    expect(await loadCatalogue(database.db)).toEqual({ added: [], updated: CATEGORIES.map((c) => c.code) })
    const rows = await database.db.select().from(categories).orderBy(asc(categories.sort))
    expect(rows.map((r) => r.name)).toEqual(CATEGORIES.map((c) => c.name))
    expect(rows[0]).toMatchObject({ code: 'emergency', emergency: true, sort: 0 })
  })

  test('createCommitteeMember puts a committee member at the community, by name or id', async () => {
    const [community] = await database.db.select().from(orgs).where(eq(orgs.kind, 'community'))
    const first = await createCommitteeMember(database.db, { community: '阳光社区', name: '王书记', phone: '13800000000', openid: 'openid-wang' })
    expect(first.community.id).toBe(community.id)
    const [row] = await database.db.select().from(users).where(eq(users.id, first.userId))
    expect(row).toMatchObject({ name: '王书记', role: 'committee', orgId: community.id, phone: '13800000000', openid: 'openid-wang' })
    const second = await createCommitteeMember(database.db, { community: String(community.id), name: '李委员', phone: '13800000001' })
    expect((await database.db.select().from(users).where(eq(users.id, second.userId)))[0]).toMatchObject({ orgId: community.id, openid: null })
  })

  test('createCommitteeMember refuses duplicates, unknown communities and bad phones', async () => {
    const member = (over: object) => createCommitteeMember(database.db, { community: '阳光社区', name: '张三', phone: '13900000000', ...over })
    await expect(member({ phone: '13800000000' })).rejects.toThrow(/手机号 13800000000 已登记给用户「王书记」/)
    await expect(member({ openid: 'openid-wang' })).rejects.toThrow(/openid openid-wang 已登记给用户「王书记」/)
    await expect(member({ community: '不存在社区' })).rejects.toThrow(/没有这个社区：不存在社区/)
    await expect(member({ community: '99999' })).rejects.toThrow(/没有这个社区/)
    await expect(member({ phone: '12345' })).rejects.toThrow(/手机号不正确/)
    // A compound's id is not a community.
    const [compound] = await database.db.select().from(orgs).where(eq(orgs.kind, 'compound'))
    await expect(member({ community: String(compound.id) })).rejects.toThrow(/没有这个社区/)
    expect(await database.db.select({ n: count() }).from(users)).toEqual([{ n: 2 }])
  })

  test('listOrgTree: tree order with the people at each org', async () => {
    const tree = await listOrgTree(database.db)
    expect(tree.map((o) => o.name)).toEqual(['阳光社区', '锦绣小区', '第1网格', '第2网格', '和平里小区', '第3网格'])
    expect(tree[0].people.map((p) => [p.name, p.role])).toEqual([['王书记', 'committee'], ['李委员', 'committee']])
  })

  test('runCommand prints what it did', async () => {
    const lines: string[] = []
    await runCommand(database.db, parseCommand(['list']), (line) => lines.push(line))
    expect(lines[0]).toMatch(/^阳光社区（id \d+，居民 0 人）：社区党委 王书记、社区党委 李委员$/)
    expect(lines[2]).toMatch(/^ {4}第1网格（id \d+，居民 0 人）$/)
    lines.length = 0
    await runCommand(database.db, parseCommand(['create-community', '--name', '月亮湾社区', '--compound', '一期：A区，B区']), (line) => lines.push(line))
    expect(lines).toEqual([expect.stringMatching(/^已创建社区「月亮湾社区」（id \d+）$/), expect.stringMatching(/^ {2}小区「一期」（id \d+）：A区（id \d+）、B区（id \d+）$/)])
  })
})

describe('argument parsing', () => {
  test('the documented commands', () => {
    expect(parseCommand(['create-community', '--name', '阳光社区', '--compound', '锦绣小区:第1网格,第2网格', '--compound', '和平里:第3网格'])).toEqual({
      kind: 'create-community',
      name: '阳光社区',
      compounds: [{ name: '锦绣小区', grids: ['第1网格', '第2网格'] }, { name: '和平里', grids: ['第3网格'] }],
    })
    expect(parseCommand(['create-committee', '--community', '1', '--name', '王书记', '--phone', '13800000000'])).toEqual({
      kind: 'create-committee', community: '1', name: '王书记', phone: '13800000000', openid: undefined,
    })
    expect(parseCommand(['load-catalogue'])).toEqual({ kind: 'load-catalogue' })
    expect(parseCommand([])).toEqual({ kind: 'help' })
    expect(USAGE).toContain('create-community')
  })

  test.each([
    [['frobnicate'], /未知命令：frobnicate/],
    [['create-community', '--name', 'X'], /至少需要一个 --compound/],
    [['create-community', '--compound', 'A:1'], /缺少 --name/],
    [['create-community', '--name', 'X', '--compound', 'no-grids'], /--compound 格式应为/],
    [['create-committee', '--community', '1', '--name', '王'], /缺少 --phone/],
    [['create-committee', '--community', '1', '--name', '王', '--phone', '138', '--bogus', 'x'], /create-committee：.*bogus/],
    [['list', 'extra'], /list：/],
  ])('%j is refused before touching the database', (argv, message) => {
    expect(() => parseCommand(argv as string[])).toThrow(AdminError)
    expect(() => parseCommand(argv as string[])).toThrow(message)
  })

  test('parseCompound trims and drops empty grid names', () => {
    expect(parseCompound(' 锦绣 : 1, 2 ,,')).toEqual({ name: '锦绣', grids: ['1', '2'] })
  })
})
