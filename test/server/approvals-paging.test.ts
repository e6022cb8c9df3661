/**
 * GET /api/memberships/pending pages with a keyset cursor, oldest request first, and counts every
 * request waiting: a committee with more requests than one page sees them all, each once, and the
 * count on its approvals page is right however far it has scrolled. It used to answer at most
 * 200 with no word of the rest.
 */
import { sql } from 'drizzle-orm'
import type { CommunityDirectoryDto, CommunityDto, MeDto, MemberDto, PendingPageDto, SessionDto } from '../../types/people'
import { queryRows, type TestApp } from '../support/app'
import { appWithFakeWechat } from '../support/fake-wechat'
import { allPages, requestsTo } from '../support/http'

let t: TestApp
let close: () => Promise<void>
beforeAll(async () => ({ t, close } = await appWithFakeWechat()))
afterAll(() => close?.())

const { get, post, put } = requestsTo(() => t.app)
const MORE_THAN_TWO_PAGES = 45

/** A new person asking the community's committee for 双报到: one pending request. */
async function partyMemberRequest(n: number, community: CommunityDirectoryDto): Promise<number> {
  const { body: session } = await post<SessionDto>(null, '/api/auth/wechat', { code: `ok-paging-${n}` })
  expect((await put(session.token, '/api/me/profile', { privacyConsent: true, name: `党员${n}`, phone: `137${String(n).padStart(8, '0')}` })).status).toBe(200)
  const asked = await post<MeDto>(session.token, '/api/memberships', { role: 'party_member', communityId: community.id, workUnitId: community.workUnits[0].id })
  expect(asked.status).toBe(201)
  return asked.body.identities.find((i) => i.role === 'party_member')!.membershipId
}

/** What the database says waits for the committee of `communityPath`: the count to match. */
const pendingUnder = async (path: string) =>
  (await queryRows<{ n: number }>(t.database.db, sql`select count(*)::int as n from memberships m join orgs o on o.id = m.org_id where m.status = 'pending' and o.path like ${`${path}%`}`))[0].n

let requests: number[] = []
let committee: string
beforeAll(async () => {
  committee = t.tokens.committee
  const { body: communities } = await get<CommunityDto[]>(committee, '/api/directory/communities')
  const sunshine = communities.find((c) => c.name === '阳光社区大党委')!
  const { body: directory } = await get<CommunityDirectoryDto>(committee, `/api/directory/communities/${sunshine.id}`)
  requests = []
  for (let n = 1; n <= MORE_THAN_TWO_PAGES; n += 1) requests.push(await partyMemberRequest(n, directory))
})

test('pages of 20, oldest first, each request once; nextCursor null on the last; total is all of them on every page', async () => {
  const total = await pendingUnder(t.byRole.committee.orgPath)
  expect(total).toBeGreaterThan(MORE_THAN_TWO_PAGES)
  const pages: PendingPageDto[] = []
  let cursor: string | null = null
  do {
    const res: { status: number; body: PendingPageDto } = await get<PendingPageDto>(committee, `/api/memberships/pending${cursor ? `?cursor=${cursor}` : ''}`)
    expect(res.status).toBe(200)
    pages.push(res.body)
    cursor = res.body.nextCursor
  } while (cursor)
  expect(pages.length).toBe(Math.ceil(total / 20))
  expect(pages.slice(0, -1).every((p) => p.items.length === 20)).toBe(true)
  expect(pages.every((p) => p.total === total)).toBe(true)
  const ids = pages.flatMap((p) => p.items.map((m) => m.membershipId))
  expect(ids).toHaveLength(total)
  expect(ids).toEqual([...ids].sort((a, b) => a - b))
  expect(ids).toEqual(expect.arrayContaining(requests))
  // The newest requests are the last ones shown: nobody who asked first waits behind them.
  expect(ids.slice(-requests.length)).toEqual(requests)
  // Phones stay masked on every page.
  expect(pages.flatMap((p) => p.items).every((m) => m.phone.includes('*'))).toBe(true)
})

test('limit is honoured up to 50; the count falls as requests are decided, and a decided one is on no page', async () => {
  const before = await get<PendingPageDto>(committee, '/api/memberships/pending?limit=50')
  expect(before.body.total).toBeGreaterThan(20)
  expect(before.body.items).toHaveLength(Math.min(50, before.body.total))
  const decided = requests[0]
  expect((await post(committee, `/api/memberships/${decided}/decision`, { approve: true })).status).toBe(200)
  const after = await get<PendingPageDto>(committee, '/api/memberships/pending?limit=5')
  expect(after.body.items).toHaveLength(5)
  expect(after.body.total).toBe(before.body.total - 1)
  const all = await allPages<MemberDto>(t.app, committee, '/api/memberships/pending?limit=7')
  expect(all).toHaveLength(after.body.total)
  expect(all.map((m) => m.membershipId)).not.toContain(decided)
})

test('another community’s committee sees none of them, and its count is its own; whoever decides nothing gets an empty page', async () => {
  const happiness = t.accounts.find((a) => a.role === 'committee' && a.name === '孙书记')!
  const other = await t.login(happiness.id)
  const theirs = await allPages<MemberDto>(t.app, other, '/api/memberships/pending')
  expect(theirs.map((m) => m.membershipId).filter((id) => requests.includes(id))).toEqual([])
  expect((await get<PendingPageDto>(other, '/api/memberships/pending')).body.total).toBe(theirs.length)
  expect((await get<PendingPageDto>(t.tokens.street_admin, '/api/memberships/pending')).body).toEqual({ items: [], nextCursor: null, total: 0 })
})

test('a bad cursor or limit is a 400 {code, message}, never a 500', async () => {
  for (const query of ['cursor=abc', 'cursor=99999999999', 'cursor=2147483648', 'cursor=-1', 'limit=0', 'limit=51', 'limit=x']) {
    const res = await get<{ code: string; message: string }>(committee, `/api/memberships/pending?${query}`)
    expect({ query, status: res.status }).toEqual({ query, status: 400 })
    expect(res.body).toEqual({ code: expect.any(String), message: expect.stringMatching(/[\u4e00-\u9fa5]/) })
  }
  // A cursor past every id is simply the end.
  expect((await get<PendingPageDto>(committee, '/api/memberships/pending?cursor=2147483647')).body).toMatchObject({ items: [], nextCursor: null })
})
