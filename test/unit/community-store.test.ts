/**
 * A community's set-up against a fake API: the team list and its edits in place, choosing a
 * leader, the skills offered (the catalogue's services: codes sent, names shown), the grid tree growing in place,
 * one write at a time, a 404 reloading what is on screen, and who administers.
 */
import type { CommunityTreeDto, CreateTeamRequest, TeamDetailDto, TeamDto } from '../../types/community'
import type { Api } from '@/services/api'
import { ApiRequestError } from '@/services/api-error'
import { administersCommunity, CommunityStore } from '@/stores/community-store'

type Fake<K extends keyof Api> = jest.Mock<ReturnType<Api[K]>, Parameters<Api[K]>>
type CommunityApi = { [K in keyof ConstructorParameters<typeof CommunityStore>[0] & keyof Api]: Fake<K> }

function fake<K extends keyof Api>(name: K, implementation?: NoInfer<(...args: Parameters<Api[K]>) => ReturnType<Api[K]>>): Fake<K> {
  return jest.fn(implementation).mockName(name)
}

const team = (id: number, overrides: Partial<TeamDto> = {}): TeamDto => ({
  id, name: `服务队${id}`, communityId: 2, communityName: '阳光社区大党委', skills: [{ code: 'repair', name: '维修' }], leaderId: null, leaderName: null,
  leaderActive: false, memberCount: 0, ...overrides,
})

/** The team the server answers a write with: the codes sent, named. */
const NAMES: Record<string, string> = { repair: '维修', medical: '助医' }
const saved = (id: number, { name, skills }: CreateTeamRequest): TeamDto => team(id, { name, skills: skills.map((code) => ({ code, name: NAMES[code] })) })

const tree = (): CommunityTreeDto[] => [
  { id: 2, name: '阳光社区大党委', compounds: [{ id: 3, name: '锦绣小区', grids: [{ id: 4, name: '第1网格', households: 5 }] }] },
]

function communityApi(overrides: Partial<CommunityApi> = {}): CommunityApi {
  return {
    listTeams: fake('listTeams', async () => [team(1), team(2)]),
    getTeam: fake('getTeam', async (id): Promise<TeamDetailDto> => ({ ...team(id), members: [{ membershipId: 9, userId: 7, name: '张三', phone: '138****0000', since: null }] })),
    createTeam: fake('createTeam', async (request) => saved(3, request)),
    updateTeam: fake('updateTeam', async (id, request) => saved(id, request)),
    setTeamLeader: fake('setTeamLeader', async (id, userId) => team(id, { leaderId: userId, leaderName: '张三', leaderActive: true, memberCount: 1 })),
    clearTeamLeader: fake('clearTeamLeader', async (id) => team(id, { memberCount: 1 })),
    getCommunityTree: fake('getCommunityTree', async () => tree()),
    createCompound: fake('createCompound', async (name) => ({ id: 10, kind: 'compound', name, parentId: 2 })),
    createGrid: fake('createGrid', async (compoundId, name) => ({ id: 11, kind: 'grid', name, parentId: compoundId })),
    getCommunityDirectory: fake('getCommunityDirectory', async (id) => ({ id, name: '阳光社区大党委', grids: [], teams: [], workUnits: [{ id: 20, name: '县人民医院' }, { id: 21, name: '县司法局' }] })),
    createWorkUnit: fake('createWorkUnit', async (name) => ({ id: 22, kind: 'work_unit', name, parentId: 1 })),
    renameOrgUnit: fake('renameOrgUnit', async (id, name) => ({ id, kind: id === 3 ? 'compound' : 'grid', name, parentId: id === 3 ? 2 : 3 })),
    listCategories: fake('listCategories', async () => [
      { code: 'repair', name: '维修', description: '', emergency: false, photoRequired: true },
      { code: 'medical', name: '助医', description: '', emergency: false, photoRequired: false },
    ]),
    ...overrides,
  }
}

const gone = () => new ApiRequestError(404, 'not_found', '服务队不存在或不属于本社区')

describe('CommunityStore: teams', () => {
  test('a new team is listed last; an edit and a new leader change the listed team in place', async () => {
    const store = new CommunityStore(communityApi())
    await store.teams.refresh()
    const first = store.teams.items[0]
    await store.createTeam({ name: '助老队', skills: ['medical'] })
    expect(store.teams.items.map((t) => t.name)).toEqual(['服务队1', '服务队2', '助老队'])
    expect(store.teams.find(3)?.skills).toEqual([{ code: 'medical', name: '助医' }])
    await store.updateTeam(1, { name: '先锋队', skills: [] })
    expect(store.teams.items[0]).toBe(first)
    expect(first).toMatchObject({ name: '先锋队', skills: [] })
    await store.loadTeam(2)
    expect(store.team?.members.map((m) => m.name)).toEqual(['张三'])
    await store.setLeader(2, 7)
    expect(store.teams.find(2)).toMatchObject({ leaderName: '张三', leaderActive: true })
    expect(store.team).toMatchObject({ id: 2, leaderId: 7, members: [expect.objectContaining({ userId: 7 })] })
    expect(store.saving).toBe(false)
  })

  test('clearing the leader changes the listed team and the one on screen in place; a refusal keeps them', async () => {
    const api = communityApi()
    const store = new CommunityStore(api)
    await store.teams.refresh()
    await store.setLeader(2, 7)
    await store.loadTeam(2)
    api.clearTeamLeader.mockRejectedValueOnce(new ApiRequestError(403, 'forbidden', '只有社区一级的党委可以修改服务队和网格'))
    await expect(store.clearLeader(2)).rejects.toThrow('只有社区一级的党委')
    expect(store.teams.find(2)).toMatchObject({ leaderId: 7, leaderName: '张三' })
    expect(await store.clearLeader(2)).toMatchObject({ id: 2, leaderId: null })
    expect(api.clearTeamLeader).toHaveBeenLastCalledWith(2)
    expect(store.teams.find(2)).toMatchObject({ leaderId: null, leaderName: null, leaderActive: false })
    expect(store.team).toMatchObject({ id: 2, leaderId: null, members: [expect.objectContaining({ userId: 7 })] })
    expect(store.saving).toBe(false)
  })

  test('skills are offered as the catalogue has its services: the code to send, the name to show', async () => {
    const store = new CommunityStore(communityApi())
    await store.loadSkillChoices()
    expect(store.skillChoices).toEqual([{ code: 'repair', name: '维修' }, { code: 'medical', name: '助医' }])
    const failing = new CommunityStore(communityApi({ listCategories: fake('listCategories', async () => Promise.reject(new ApiRequestError(500, 'internal', '服务器开小差了'))) }))
    await failing.loadSkillChoices()
    expect([failing.skillChoices, failing.skillsError]).toEqual([null, '服务器开小差了'])
  })

  test('one write at a time: a second tap while saving sends nothing', async () => {
    let release!: () => void
    const api = communityApi({ createTeam: fake('createTeam', (request) => new Promise((resolve) => (release = () => resolve(saved(3, request))))) })
    const store = new CommunityStore(api)
    const first = store.createTeam({ name: 'A', skills: [] })
    expect(await store.createTeam({ name: 'A', skills: [] })).toBeNull()
    expect(store.saving).toBe(true)
    release()
    expect(await first).toMatchObject({ id: 3 })
    expect(api.createTeam).toHaveBeenCalledTimes(1)
  })

  test("a refusal is rethrown with the server's reason; a 404 reloads the list", async () => {
    const api = communityApi({
      updateTeam: fake('updateTeam', async () => Promise.reject(gone())),
      createTeam: fake('createTeam', async () => Promise.reject(new ApiRequestError(400, 'invalid_input', '本社区已有名为「A」的服务队，请换一个名称'))),
    })
    const store = new CommunityStore(api)
    await store.teams.refresh()
    await expect(store.createTeam({ name: 'A', skills: [] })).rejects.toThrow('已有名为「A」')
    expect(api.listTeams).toHaveBeenCalledTimes(1)
    await expect(store.updateTeam(1, { name: 'B', skills: [] })).rejects.toThrow('不属于本社区')
    expect(api.listTeams).toHaveBeenCalledTimes(2)
    expect(store.saving).toBe(false)
  })

  test('a failed team load keeps its error; reset forgets everything', async () => {
    const store = new CommunityStore(communityApi({ getTeam: fake('getTeam', async () => Promise.reject(gone())) }))
    await store.loadTeam(5)
    expect([store.team, store.teamError, store.teamLoading]).toEqual([null, '服务队不存在或不属于本社区', false])
    await store.teams.refresh()
    await store.loadTree()
    store.reset()
    expect([store.teams.loaded, store.trees, store.teamError, store.skillChoices]).toEqual([false, null, null, null])
  })
})

describe('CommunityStore: grid tree', () => {
  test('added compounds and grids appear in place; renames change the node', async () => {
    const store = new CommunityStore(communityApi())
    await store.loadTree()
    expect(await store.addCompound('新城小区')).toBe(true)
    expect(await store.addGrid(3, '第2网格')).toBe(true)
    expect(await store.renameUnit(3, '锦绣花园')).toBe(true)
    expect(await store.renameUnit(4, '第1网格（东）')).toBe(true)
    expect(store.trees![0].compounds).toEqual([
      { id: 3, name: '锦绣花园', grids: [{ id: 4, name: '第1网格（东）', households: 5 }, { id: 11, name: '第2网格', households: 0 }] },
      { id: 10, name: '新城小区', grids: [] },
    ])
  })

  test('a failed load is an error with nothing shown; a later load clears it', async () => {
    const getCommunityTree = fake('getCommunityTree', async () => Promise.reject(new ApiRequestError(403, 'forbidden', '只有社区党委和街道管理员可以查看服务队和网格')))
    const store = new CommunityStore(communityApi({ getCommunityTree }))
    await store.loadTree()
    expect([store.trees, store.treeError]).toEqual([null, '只有社区党委和街道管理员可以查看服务队和网格'])
    getCommunityTree.mockImplementation(async () => tree())
    await store.loadTree()
    expect([store.trees?.length, store.treeError]).toEqual([1, null])
  })
})

test('only a community-level committee administers', () => {
  expect(administersCommunity({ role: 'committee', orgPath: '/1/2/', communityPath: '/1/2/' })).toBe(true)
  expect(administersCommunity({ role: 'committee', orgPath: '/1/2/3/', communityPath: '/1/2/' })).toBe(false)
  expect(administersCommunity({ role: 'street_admin', orgPath: '/1/', communityPath: null })).toBe(false)
  expect(administersCommunity({ role: 'volunteer', orgPath: '/1/2/', communityPath: '/1/2/' })).toBe(false)
  expect(administersCommunity(null)).toBe(false)
})

test("the street's work units: loaded as sign-up lists them; one added shows in name order", async () => {
  const api = communityApi()
  const store = new CommunityStore(api)
  await store.loadWorkUnits(2)
  expect(api.getCommunityDirectory).toHaveBeenCalledWith(2)
  await expect(store.addWorkUnit('县教育局')).resolves.toBe(true)
  expect(api.createWorkUnit).toHaveBeenCalledWith('县教育局')
  expect(store.workUnits?.map((w) => w.name)).toEqual(['县教育局', '县人民医院', '县司法局'])
  store.reset()
  expect(store.workUnits).toBeNull()
})
