/**
 * Committee administration against a fake API: the generic paged list, approvals (and losing a
 * race to another approver), the member directory's views, invites, and the committee pages' rules.
 */
import type { InviteDto, MemberDto } from '../../types/people'
import { orgIdOf } from '@/domain'
import type { Api } from '@/services/api'
import { ApiRequestError } from '@/services/api-error'
import { onePage, PagedList } from '@/stores/paged-list'
import { PeopleStore } from '@/stores/people-store'
import {
  approvalQuestion,
  committeeSeats,
  defaultMaxUses,
  gridChoices,
  gridsWithin,
  groupByCompound,
  invitableRoles,
  shortOrgName,
} from '@/packages/committee/components/rules'

type Fake<K extends keyof Api> = jest.Mock<ReturnType<Api[K]>, Parameters<Api[K]>>
type PeopleApi = { [K in keyof ConstructorParameters<typeof PeopleStore>[0] & keyof Api]: Fake<K> }

function fake<K extends keyof Api>(name: K, implementation?: NoInfer<(...args: Parameters<Api[K]>) => ReturnType<Api[K]>>): Fake<K> {
  return jest.fn(implementation).mockName(name)
}

const member = (membershipId: number, overrides: Partial<MemberDto> = {}): MemberDto => ({
  membershipId, userId: 100 + membershipId, name: `成员${membershipId}`, phone: '138****0000', role: 'party_member', orgId: 2, householdId: null,
  status: 'pending', orgName: '阳光街道党工委 · 阳光社区大党委', teamName: null, workUnitName: '县人民医院',
  householdAddress: null, note: '医院第二党支部', createdAt: '2026-11-20T08:00:00.000Z', ...overrides,
})

const invite = (id: number, overrides: Partial<InviteDto> = {}): InviteDto => ({
  id, code: `code${id}abcdef`, role: 'resident', orgId: 5, orgName: '第1网格', communityId: 2, teamId: null, teamName: null,
  expiresAt: '2026-12-20T08:00:00.000Z', maxUses: null, uses: 0, usable: true,
  link: `https://example.com/#/pages/signup/index?invite=code${id}abcdef`, qrUrl: `/api/invites/code${id}abcdef/qr`, ...overrides,
})

/** 45 members served newest first, filtered by status like the server. */
function peopleApi(overrides: Partial<PeopleApi> = {}): PeopleApi {
  const all = Array.from({ length: 45 }, (_, i) => member(45 - i, { status: i % 3 === 0 ? 'pending' : 'active' }))
  return {
    listPendingMembers: fake('listPendingMembers', async () => ({ items: [member(1), member(2), member(3)], nextCursor: null, total: 3 })),
    correctHousehold: fake('correctHousehold', async (householdId, address) => ({
      id: householdId, gridId: address.gridId ?? 5, gridName: '第1网格', address: `${address.building}号楼${address.unit}单元${address.room}`, residents: ['张*'],
    })),
    mergeHousehold: fake('mergeHousehold', async () => ({ id: 9, gridId: 5, gridName: '第1网格', address: '3号楼2单元401', residents: ['张*', '李*'] })),
    decideMembership: fake('decideMembership', async (membershipId, { approve }) => ({ membershipId, status: approve ? 'active' : 'ended' })),
    endMembership: fake('endMembership', async (membershipId) => ({ membershipId, status: 'ended' })),
    listMembers: fake('listMembers', async ({ status, cursor, limit = 20 }) => {
      const matching = all.filter((m) => !status || m.status === status)
      const start = cursor ? matching.findIndex((m) => m.membershipId < Number(cursor)) : 0
      const items = matching.slice(start, start + limit)
      const more = start + limit < matching.length
      return { items, nextCursor: more ? String(items[items.length - 1].membershipId) : null }
    }),
    createInvite: fake('createInvite', async (request) => invite(9, { role: request.role, orgId: request.orgId, maxUses: request.maxUses ?? null })),
    listInvites: fake('listInvites', async () => [invite(2), invite(1)]),
    revokeInvite: fake('revokeInvite', async (id) => invite(id, { usable: false })),
    getCommunityDirectory: fake('getCommunityDirectory', async (id) => ({ id, name: '阳光社区', grids: [], teams: [], workUnits: [] })),
    listCommunities: fake('listCommunities', async () => [{ id: 2, name: '阳光社区大党委', streetName: '阳光街道' }]),
    ...overrides,
  }
}

describe('PagedList', () => {
  test('a route that answers everything at once is one page: loaded, no more to load', async () => {
    const fetchAll = jest.fn(async () => ['a', 'b'])
    const list = new PagedList(onePage(fetchAll), (s) => s)
    expect(list.isEmpty).toBe(false) // not loaded yet: "loading", not "empty"
    await list.refresh()
    expect(list.items).toEqual(['a', 'b'])
    expect(list.hasMore).toBe(false)
    await list.loadMore()
    expect(fetchAll).toHaveBeenCalledTimes(1)
    expect(list.total).toBeNull() // the route counts nothing; remove() keeps it so
    list.remove('a')
    expect(list.total).toBeNull()
  })

  test('prepend puts a new item first once; update changes it in place; remove drops it', async () => {
    const list = new PagedList(onePage(async () => [{ id: 1, n: 'a' }]), (x) => x.id)
    await list.refresh()
    const first = list.items[0]
    list.prepend({ id: 2, n: 'b' })
    list.prepend({ id: 2, n: 'b2' })
    expect(list.items.map((x) => x.n)).toEqual(['b2', 'a'])
    list.update(1, { n: 'a2' })
    expect(list.items[1]).toBe(first)
    expect(first.n).toBe('a2')
    list.remove(2)
    expect(list.items.map((x) => x.id)).toEqual([1])
  })

  test('a failed next page keeps the items and the cursor, so 加载更多 can retry', async () => {
    const fetchPage = jest.fn(async ({ cursor }: { cursor?: string }) => (cursor ? { items: [2], nextCursor: null } : { items: [1], nextCursor: '1' }))
    const list = new PagedList(fetchPage, (n) => n)
    await list.refresh()
    fetchPage.mockRejectedValueOnce(new ApiRequestError(0, 'network', '网络不可用，请检查网络后重试'))
    await list.loadMore()
    expect(list.error).toBe('网络不可用，请检查网络后重试')
    expect(list.items).toEqual([1])
    expect(list.hasMore).toBe(true)
    await list.loadMore()
    expect(list.items).toEqual([1, 2])
    expect(list.error).toBeNull()
  })
})

describe('PeopleStore: approvals', () => {
  test('a decision takes the request off the list and sends the reason', async () => {
    const api = peopleApi()
    const people = new PeopleStore(api)
    await people.pending.refresh()
    const deciding = people.decide(2, { approve: false, note: '非本社区居民' })
    expect(people.busy.has(2)).toBe(true)
    await expect(people.decide(2, { approve: false })).resolves.toBeNull() // a double tap sends nothing
    await expect(deciding).resolves.toEqual({ membershipId: 2, status: 'ended' })
    expect(api.decideMembership).toHaveBeenCalledTimes(1)
    expect(api.decideMembership).toHaveBeenCalledWith(2, { approve: false, note: '非本社区居民' })
    expect(people.pending.items.map((m) => m.membershipId)).toEqual([1, 3])
    expect(people.pending.total).toBe(2)
    expect(people.busy.size).toBe(0)
  })

  test('requests come a page at a time, oldest first; the count is every request waiting, and drops as they are decided', async () => {
    // 45 requests on the server, ids 1…45, served after the cursor as the server does.
    let waiting = Array.from({ length: 45 }, (_, i) => member(i + 1))
    const api = peopleApi({
      listPendingMembers: fake('listPendingMembers', async ({ cursor, limit = 20 }) => {
        const after = waiting.filter((m) => !cursor || m.membershipId > Number(cursor))
        const items = after.slice(0, limit)
        return { items, nextCursor: after.length > limit ? String(items[items.length - 1].membershipId) : null, total: waiting.length }
      }),
      decideMembership: fake('decideMembership', async (membershipId, { approve }) => {
        waiting = waiting.filter((m) => m.membershipId !== membershipId)
        return { membershipId, status: approve ? 'active' : 'ended' }
      }),
    })
    const people = new PeopleStore(api)
    await people.pending.refresh()
    expect(api.listPendingMembers).toHaveBeenLastCalledWith({ limit: 20 })
    expect(people.pending.items.map((m) => m.membershipId)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1))
    expect(people.pending.total).toBe(45)
    expect(people.pending.hasMore).toBe(true)

    await people.decide(3, { approve: true })
    expect(people.pending.total).toBe(44)
    expect(people.pending.items).toHaveLength(19)
    await people.pending.loadMore()
    expect(api.listPendingMembers).toHaveBeenLastCalledWith({ cursor: '20', limit: 20 })
    await people.pending.loadMore()
    expect(people.pending.hasMore).toBe(false)
    expect(people.pending.items).toHaveLength(44)
    expect(people.pending.items.map((m) => m.membershipId)).not.toContain(3)
    expect(people.pending.total).toBe(44)
    // Removing what is not listed changes no count.
    people.pending.remove(3)
    expect(people.pending.total).toBe(44)
  })

  test('someone else decided first (409): the list reloads and the server’s message reaches the page', async () => {
    const api = peopleApi({
      decideMembership: fake('decideMembership', async () => {
        throw new ApiRequestError(409, 'conflict', '这条申请刚被其他人处理，请刷新后查看')
      }),
    })
    const people = new PeopleStore(api)
    await people.pending.refresh()
    api.listPendingMembers.mockResolvedValueOnce({ items: [member(1), member(3)], nextCursor: null, total: 2 })
    await expect(people.decide(2, { approve: true })).rejects.toMatchObject({ status: 409, message: '这条申请刚被其他人处理，请刷新后查看' })
    await new Promise((resolve) => setImmediate(resolve))
    expect(api.listPendingMembers).toHaveBeenCalledTimes(2)
    expect(people.pending.items.map((m) => m.membershipId)).toEqual([1, 3])
  })

  test('other failures leave the list alone (the page says why)', async () => {
    const api = peopleApi({
      decideMembership: fake('decideMembership', async () => {
        throw new ApiRequestError(0, 'network', '网络不可用，请检查网络后重试')
      }),
    })
    const people = new PeopleStore(api)
    await people.pending.refresh()
    await expect(people.decide(2, { approve: true })).rejects.toMatchObject({ status: 0 })
    expect(api.listPendingMembers).toHaveBeenCalledTimes(1)
    expect(people.pending.items).toHaveLength(3)
  })
})

describe('PeopleStore: members', () => {
  test('each filter is its own paged list, sent to the server as query parameters', async () => {
    const api = peopleApi()
    const people = new PeopleStore(api)
    const active = people.members({ status: 'active' })
    expect(people.members({ status: 'active' })).toBe(active)
    await active.refresh()
    expect(api.listMembers).toHaveBeenLastCalledWith({ status: 'active', limit: 20 })
    expect(active.items).toHaveLength(20)
    await active.loadMore()
    expect(api.listMembers).toHaveBeenLastCalledWith({ status: 'active', cursor: String(active.items[19].membershipId), limit: 20 })
    expect(active.items).toHaveLength(30)
    expect(active.hasMore).toBe(false)
  })

  test('removing a member takes them out of the active view, marks them ended in the unfiltered one', async () => {
    const api = peopleApi()
    const people = new PeopleStore(api)
    const active = people.members({ status: 'active' })
    const all = people.members({})
    await Promise.all([active.refresh(), all.refresh()])
    const id = active.items[0].membershipId
    const card = all.find(id)!
    await people.end(id, '已搬离本社区')
    expect(api.endMembership).toHaveBeenCalledWith(id, '已搬离本社区')
    expect(active.find(id)).toBeUndefined()
    expect(all.find(id)).toBe(card)
    expect(card.status).toBe('ended')
  })

  test('approving moves a request out of the pending view too', async () => {
    const people = new PeopleStore(peopleApi())
    const waiting = people.members({ status: 'pending' })
    await waiting.refresh()
    const id = waiting.items[0].membershipId
    await people.decide(id, { approve: true })
    expect(waiting.find(id)).toBeUndefined()
  })

  test('reset forgets every list (another account must not see them)', async () => {
    const people = new PeopleStore(peopleApi())
    await people.pending.refresh()
    const members = people.members({})
    people.reset()
    expect(people.pending.loaded).toBe(false)
    expect(people.members({})).not.toBe(members)
  })
})

describe('PeopleStore: invites', () => {
  test('a new invite comes first; revoking updates its card in place', async () => {
    const api = peopleApi()
    const people = new PeopleStore(api)
    await people.invites.refresh()
    const created = await people.createInvite({ role: 'grid_worker', orgId: 7, maxUses: 1, days: 30 })
    expect(created.role).toBe('grid_worker')
    expect(people.invites.items.map((i) => i.id)).toEqual([9, 2, 1])
    expect(people.creatingInvite).toBe(false)
    const card = people.invites.find(2)!
    await people.revokeInvite(2)
    expect(people.invites.find(2)).toBe(card)
    expect(card.usable).toBe(false)
    expect(people.revoking).toBeNull()
  })

  test('a refused invite reaches the page with the server’s message; nothing is listed', async () => {
    const api = peopleApi({
      createInvite: fake('createInvite', async () => {
        throw new ApiRequestError(403, 'forbidden', '您不能邀请这个身份')
      }),
    })
    const people = new PeopleStore(api)
    await people.invites.refresh()
    await expect(people.createInvite({ role: 'committee', orgId: 1 })).rejects.toMatchObject({ message: '您不能邀请这个身份' })
    expect(people.invites.items).toHaveLength(2)
    expect(people.creatingInvite).toBe(false)
  })

  test('a community directory is loaded once and kept; a failure is kept for the page', async () => {
    const api = peopleApi()
    const people = new PeopleStore(api)
    expect(people.directory(2)).toBeUndefined()
    await people.loadDirectory(2)
    expect(people.directory(2)?.name).toBe('阳光社区')
    api.getCommunityDirectory.mockRejectedValueOnce(new ApiRequestError(404, 'not_found', '社区不存在'))
    await people.loadDirectory(99)
    expect(people.directoryError).toBe('社区不存在')
  })
})

describe('committee page rules', () => {
  const committee = { id: 1, role: 'committee' as const, orgPath: '/1/2/', communityPath: '/1/2/' }

  test('a committee invites the roles the domain allows it, residents first; a street administrator only committees', () => {
    expect(invitableRoles(committee)).toEqual(['resident', 'volunteer', 'grid_worker', 'committee', 'party_member'])
    // A compound's committee: its grids and its own committee, not the community's teams or 双报到.
    expect(invitableRoles({ id: 4, role: 'committee', orgPath: '/1/2/5/', communityPath: '/1/2/' })).toEqual(['resident', 'grid_worker', 'committee'])
    expect(invitableRoles({ id: 2, role: 'street_admin', orgPath: '/1/' })).toEqual(['committee'])
    expect(invitableRoles({ id: 3, role: 'resident', orgPath: '/1/2/3/4/' })).toEqual([])
  })

  test('invite-only roles get single-use invites; the others any number', () => {
    expect(defaultMaxUses('grid_worker')).toBe(1)
    expect(defaultMaxUses('committee')).toBe(1)
    expect(defaultMaxUses('resident')).toBeNull()
    expect(defaultMaxUses('volunteer')).toBeNull()
  })

  test("an org's id is the last step of its path", () => {
    expect(orgIdOf('/1/2/')).toBe(2)
    expect(orgIdOf('/7/')).toBe(7)
    expect(orgIdOf(null)).toBeNull()
    expect(orgIdOf('')).toBeNull()
  })

  test("a compound's committee sees only its compound's grids; the community's all of them", () => {
    const grids = [
      { id: 5, name: '第1网格', path: '/1/2/3/5/', fullName: '锦绣小区党支部 · 第1网格' },
      { id: 8, name: '第4网格', path: '/1/2/7/8/', fullName: '和平里小区党支部 · 第4网格' },
    ]
    expect(gridsWithin(grids, '/1/2/')).toEqual(grids)
    expect(gridsWithin(grids, '/1/2/3/')).toEqual([grids[0]])
  })

  test("a committee seat: the community's committee or a compound's for the community level, a compound's own for its committee", () => {
    const tree = { id: 2, name: '阳光社区大党委', compounds: [{ id: 3, name: '锦绣小区党支部', grids: [] }, { id: 7, name: '和平里小区党支部', grids: [] }] }
    expect(committeeSeats(tree, 2)).toEqual([
      { value: 2, label: '阳光社区大党委' },
      { value: 3, label: '锦绣小区党支部' },
      { value: 7, label: '和平里小区党支部' },
    ])
    expect(committeeSeats(tree, 7)).toEqual([{ value: 7, label: '和平里小区党支部' }])
    expect(committeeSeats({ ...tree, compounds: [] }, 2)).toEqual([{ value: 2, label: '阳光社区大党委' }])
  })

  test('grids are grouped under their compound', () => {
    const grid = (id: number, fullName: string) => ({ id, name: fullName.split(' · ').pop()!, path: `/1/2/${id}/`, fullName })
    const grids = [grid(1, '锦绣小区党支部 · 第1网格'), grid(4, '和平里小区党支部 · 第4网格'), grid(2, '锦绣小区党支部 · 第2网格'), grid(9, '东山网格')]
    expect(groupByCompound(grids)).toEqual([
      ['锦绣小区党支部', [grids[0], grids[2]]],
      ['和平里小区党支部', [grids[1]]],
      ['', [grids[3]]],
    ])
  })

  test("a household moves among the grids of the committee's area, each named with its compound", () => {
    expect(gridChoices(null)).toEqual([])
    const tree = (id: number, compounds: [string, number[]][]) => ({
      id, name: `社区${id}`, compounds: compounds.map(([name, grids], i) => ({ id: id * 10 + i, name, grids: grids.map((g) => ({ id: g, name: `第${g}网格`, households: 0 })) })),
    })
    expect(gridChoices([tree(1, [['锦绣小区党支部', [5, 6]], ['和平小区党支部', [7]]])])).toEqual([
      { id: 5, name: '锦绣小区党支部 · 第5网格' },
      { id: 6, name: '锦绣小区党支部 · 第6网格' },
      { id: 7, name: '和平小区党支部 · 第7网格' },
    ])
  })

  test('org names drop what the viewer shares with them', () => {
    const viewer = '阳光街道党工委 · 阳光社区大党委'
    expect(shortOrgName('阳光街道党工委 · 阳光社区大党委 · 锦绣小区党支部 · 第3网格', viewer)).toBe('锦绣小区党支部 · 第3网格')
    expect(shortOrgName('阳光街道党工委 · 阳光社区大党委', viewer)).toBe('阳光社区大党委')
    expect(shortOrgName('青山镇 · 青山村党支部', viewer)).toBe('青山镇 · 青山村党支部')
  })

  test('通过 asks naming the person, the role and the place it puts them', () => {
    const viewer = '阳光街道党工委 · 阳光社区大党委'
    expect(approvalQuestion(member(1, { name: '赵党员' }), viewer)).toBe('确定通过赵党员的申请吗？通过后，赵党员将以在职党员身份加入：阳光社区大党委（县人民医院）。')
    const proxy = member(2, { name: '周明', role: 'proxy', orgName: `${viewer} · 锦绣小区党支部 · 第1网格`, householdAddress: '3号楼2单元401', workUnitName: null })
    expect(approvalQuestion(proxy, viewer)).toBe('确定通过周明的申请吗？通过后，周明将以亲情代理身份加入：锦绣小区党支部 · 第1网格 3号楼2单元401。')
    const volunteer = member(3, { name: '钱志愿', role: 'volunteer', teamName: '党员先锋服务队', workUnitName: null })
    expect(approvalQuestion(volunteer, viewer)).toContain('以志愿者身份加入：党员先锋服务队')
  })
})

test("correcting a household's address shows it on every listed member of that household; a move to another grid reloads", async () => {
  const api = peopleApi({
    listMembers: fake('listMembers', async () => ({
      items: [
        member(1, { role: 'resident', status: 'active', orgId: 5, householdId: 7, householdAddress: '3号楼2单元4O1' }),
        member(2, { role: 'resident', status: 'active', orgId: 5, householdId: 7 }),
        member(3, { householdId: 8 }),
      ],
      nextCursor: null,
    })),
  })
  const people = new PeopleStore(api)
  const list = people.members({})
  await list.refresh()
  expect(await people.correctHousehold(list.items[0], { building: '3', unit: '2', room: '401' })).toBe('corrected')
  expect(list.items.map((m) => m.householdAddress)).toEqual(['3号楼2单元401', '3号楼2单元401', null])
  expect(api.listMembers).toHaveBeenCalledTimes(1)
  expect(people.busy.size).toBe(0)

  // Another grid: every member's 所属 line changes, so the list comes again from the server.
  expect(await people.correctHousehold(list.items[0], { gridId: 6, building: '3', unit: '2', room: '401' })).toBe('corrected')
  expect(api.listMembers).toHaveBeenCalledTimes(2)
})

test('an address another household holds comes back as occupied (nothing changed); merging reloads the lists', async () => {
  const occupied = new ApiRequestError(409, 'household_exists', '这个门牌已有另一户登记。如果是同一户重复登记，可以把两户合并')
  const api = peopleApi({
    correctHousehold: fake('correctHousehold', async () => Promise.reject(occupied)),
    listMembers: fake('listMembers', async () => ({ items: [member(1, { role: 'resident', status: 'active', householdId: 7, householdAddress: '3号楼2单元4O1' })], nextCursor: null })),
  })
  const people = new PeopleStore(api)
  const list = people.members({})
  await list.refresh()
  const address = { building: '3', unit: '2', room: '401' }
  expect(await people.correctHousehold(list.items[0], address)).toBe('occupied')
  expect(list.items[0].householdAddress).toBe('3号楼2单元4O1')
  // Any other failure is the page's to show.
  api.correctHousehold.mockRejectedValueOnce(new ApiRequestError(404, 'not_found', '住户不存在或不在您负责的范围'))
  await expect(people.correctHousehold(list.items[0], address)).rejects.toThrow('住户不存在')

  const loads = api.listMembers.mock.calls.length
  await people.mergeHousehold(list.items[0], address)
  expect(api.mergeHousehold).toHaveBeenCalledWith(7, address)
  expect(api.listMembers.mock.calls.length).toBe(loads + 1)
  expect(people.busy.size).toBe(0)
})

