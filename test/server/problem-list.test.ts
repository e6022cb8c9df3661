/**
 * 问题清单 over HTTP: the committee's problems of a week, month or quarter (China calendar),
 * raised in it or still open in it, each with who holds it, what was decided on it (with the
 * meeting's title when a meeting decided), why and until when it is parked, and how it ended —
 * struck off (销号) only by the resident's confirmation, never by the auto-close clock.
 *
 * The clock is set by hand: the story runs in the week before Monday 2027-03-01 and the week
 * from it, far from the seed's own orders (which are open ones carried over, or ended in 2026).
 */
import { sql } from 'drizzle-orm'
import { PROBLEM_STATES } from '../../src/domain/problem-list'
import { autoCloseStale } from '../../server/jobs/auto-close'
import { revisitDueParked } from '../../server/jobs/revisit-parked'
import type { UserRecord } from '../../server/repositories/users'
import type { ApiError, OrderDetailDto, TransitionOutcomeDto } from '../../types/api'
import type { DecisionOutcomesDto, MeetingDto } from '../../types/meetings'
import type { ProblemItemDto, ProblemPageDto } from '../../types/problem-list'
import { createTestApp, queryRows, type TestApp } from '../support/app'
import { requestsTo } from '../support/http'
import { orderDraft } from '../support/orders'

let t: TestApp
let clock = new Date('2027-02-22T02:00:00.000Z')
/** Ticks a second per reading, as the default test clock does, from wherever `setClock` put it. */
const now = () => (clock = new Date(clock.getTime() + 1000))
const setClock = (iso: string) => {
  clock = new Date(iso)
}

const { get, post } = requestsTo(() => t.app)

async function act(token: string, id: number, body: object): Promise<TransitionOutcomeDto> {
  const res = await post<TransitionOutcomeDto>(token, `/api/orders/${id}/transitions`, body)
  if (res.status !== 200) throw new Error(`fixture: ${JSON.stringify(body)} on ${id} answered ${res.status} ${JSON.stringify(res.body)}`)
  return res.body
}

async function newOrder(description: string, token = t.tokens.resident, overrides: object = {}): Promise<number> {
  const res = await post<OrderDetailDto>(token, '/api/orders', orderDraft(t, { description, ...overrides }))
  if (res.status !== 201) throw new Error(`fixture: order answered ${res.status} ${JSON.stringify(res.body)}`)
  return res.body.id
}

/** Dispatched to the seeded volunteer, who accepts, starts and reports it done. */
async function workDone(id: number): Promise<void> {
  await act(t.tokens.committee, id, { action: 'dispatch', assigneeId: t.byRole.volunteer.id })
  await act(t.tokens.volunteer, id, { action: 'accept' })
  await act(t.tokens.volunteer, id, { action: 'start' })
  await act(t.tokens.volunteer, id, { action: 'complete', note: '已处理完毕' })
}

/** Every item of a list, page by page. */
async function everyItem(token: string, query: string, limit = 50): Promise<{ items: ProblemItemDto[]; pages: ProblemPageDto[] }> {
  const pages: ProblemPageDto[] = []
  let cursor: string | null = null
  do {
    const res: { status: number; body: ProblemPageDto } = await get<ProblemPageDto>(token, `/api/problem-list?${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`)
    expect(res.status).toBe(200)
    pages.push(res.body)
    cursor = res.body.nextCursor
  } while (cursor)
  return { items: pages.flatMap((p) => p.items), pages }
}

const ids = (items: ProblemItemDto[]) => items.map((i) => i.orderId)
const itemOf = (items: ProblemItemDto[], id: number) => {
  const item = items.find((i) => i.orderId === id)
  if (!item) throw new Error(`order ${id} is not on the list`)
  return item
}

/** The story's orders, by what happens to them. */
const o = {} as Record<'struckOff' | 'parkedByMeeting' | 'cancelledBefore' | 'autoClosed' | 'revisited' | 'sundayNight' | 'mondayMorning' | 'newDispatched' | 'called' | 'otherCompound', number>
let meeting: MeetingDto
let compound: UserRecord
let otherCompound: UserRecord
let compoundToken: string

beforeAll(async () => {
  t = await createTestApp({ now })
  const resident = t.byRole.resident
  compound = t.accounts.find((a) => a.role === 'committee' && a.orgPath !== a.communityPath && resident.orgPath.startsWith(a.orgPath))!
  otherCompound = t.accounts.find((a) => a.role === 'committee' && a.orgPath !== a.communityPath && a.communityPath === resident.communityPath && !resident.orgPath.startsWith(a.orgPath))!
  compoundToken = await t.login(compound.id, compound.membershipId)

  // The week before: Monday 2027-02-22, 10:00 in China.
  setClock('2027-02-22T02:00:00.000Z')
  o.struckOff = await newOrder('楼道灯坏了，晚上看不清台阶')
  o.parkedByMeeting = await newOrder('楼顶防水层老化，下雨漏水')
  o.cancelledBefore = await newOrder('想请人帮忙取快递')
  o.autoClosed = await newOrder('家里水龙头一直滴水')
  o.revisited = await newOrder('小区门口路面坑洼')
  await workDone(o.autoClosed)

  setClock('2027-02-23T02:00:00.000Z')
  const convened = await post<MeetingDto>(t.tokens.committee, '/api/meetings', {
    kind: 'joint',
    title: '锦绣小区二月三方联席会议',
    heldAt: '2027-02-23T02:00:00.000Z',
    place: '社区议事厅',
    agenda: [o.parkedByMeeting],
    attendees: [{ name: '物业刘经理', side: 'property' }],
  })
  expect(convened.status).toBe(201)
  meeting = convened.body
  const decided = await post<DecisionOutcomesDto>(t.tokens.committee, `/api/meetings/${meeting.id}/decisions`, {
    decisions: [{ orderId: o.parkedByMeeting, action: 'park', note: '等待维修基金审批', revisitOn: '2027-03-20' }],
  })
  expect(decided.body.results[0]).toMatchObject({ applied: true, status: 'parked' })
  await act(t.tokens.resident, o.cancelledBefore, { action: 'cancel' })
  await act(t.tokens.committee, o.revisited, { action: 'park', note: '等街道统一修路', revisitOn: '2027-03-03' })

  setClock('2027-02-26T02:00:00.000Z')
  await workDone(o.struckOff)

  // Sunday 23:30 and Monday 00:30 in China: either side of the week's first instant.
  setClock('2027-02-28T15:30:00.000Z')
  o.sundayNight = await newOrder('周日深夜：楼下有人大声喧哗')
  setClock('2027-02-28T16:30:00.000Z')
  o.mondayMorning = await newOrder('周一凌晨：单元门禁坏了')

  // The week itself: Tuesday 2027-03-02.
  setClock('2027-03-02T02:00:00.000Z')
  expect(await autoCloseStale(t.database.db, now())).toContain(o.autoClosed)
  await act(t.tokens.resident, o.struckOff, { action: 'confirm', rating: 4, note: '修好了，谢谢' })
  o.newDispatched = await newOrder('独居老人需要助餐')
  await act(t.tokens.committee, o.newDispatched, { action: 'dispatch', assigneeId: t.byRole.volunteer.id, note: '就近安排' })
  o.called = await newOrder('楼顶漏水，三户人家受影响')
  await act(t.tokens.committee, o.called, {
    action: 'call',
    slots: [{ kind: 'department', headcount: 1, unitId: t.byRole.department.workUnitId }, { kind: 'party_members', headcount: 2 }],
  })
  const [otherHousehold] = await queryRows<{ id: number; gridId: number }>(
    t.database.db,
    sql`select h.id, h.grid_id as "gridId" from households h join memberships m on m.household_id = h.id and m.role = 'resident' and m.status = 'active'
        where h.org_path like ${`${otherCompound.orgPath}%`} order by h.id limit 1`,
  )
  o.otherCompound = await newOrder('和平里：垃圾清运不及时', await t.loginAsHousehold(otherHousehold.id), { gridId: otherHousehold.gridId })

  // Wednesday 00:00 in China: the parked order's day has come.
  setClock('2027-03-02T16:00:00.000Z')
  expect(await revisitDueParked(t.database.db, now())).toContain(o.revisited)

  setClock('2027-03-03T02:00:00.000Z')
})
afterAll(() => t.close())

describe('this week (Monday 2027-03-01 to Sunday 2027-03-07, China)', () => {
  let items: ProblemItemDto[]
  let page: ProblemPageDto

  beforeAll(async () => {
    const all = await everyItem(t.tokens.committee, 'period=week')
    items = all.items
    page = all.pages[0]
  })

  test('the period is the China week, Monday first', () => {
    expect(page.period).toEqual({ period: 'week', offset: 0, label: '本周', firstDay: '2027-03-01', lastDay: '2027-03-07' })
  })

  test('raised this week, or raised before and still open in it; not what ended before it began', () => {
    const listed = ids(items)
    for (const id of [o.struckOff, o.parkedByMeeting, o.autoClosed, o.revisited, o.sundayNight, o.mondayMorning, o.newDispatched, o.otherCompound]) expect(listed).toContain(id)
    expect(listed).not.toContain(o.cancelledBefore)
    expect(itemOf(items, o.newDispatched).carriedOver).toBe(false)
    expect(itemOf(items, o.struckOff).carriedOver).toBe(true)
  })

  test('midnight in China, not UTC, divides the weeks', () => {
    // 2027-02-28T16:30Z is Monday 00:30 in China (still Sunday in UTC); 15:30Z is Sunday 23:30.
    expect(itemOf(items, o.mondayMorning).carriedOver).toBe(false)
    expect(itemOf(items, o.sundayNight).carriedOver).toBe(true)
  })

  test('newest first, each order once', () => {
    const created = items.map((i) => i.createdAt)
    expect(created).toEqual([...created].sort().reverse())
    expect(new Set(ids(items)).size).toBe(items.length)
  })

  test('销号 only with the resident’s confirmation; the auto-close clock is told apart', () => {
    expect(itemOf(items, o.struckOff)).toMatchObject({
      status: 'closed',
      state: 'struck_off',
      struckOff: true,
      ending: { event: 'confirm', rating: 4, note: '修好了，谢谢' },
    })
    expect(itemOf(items, o.autoClosed)).toMatchObject({ status: 'closed', state: 'auto_closed', struckOff: false, ending: { event: 'auto_close', rating: null } })
  })

  test('a meeting’s decision carries the meeting’s title; a parked item shows its reason and its day', () => {
    const parked = itemOf(items, o.parkedByMeeting)
    expect(parked).toMatchObject({ status: 'parked', state: 'parked', parked: { reason: '等待维修基金审批', revisitOn: '2027-03-20' }, ending: null, struckOff: false })
    expect(parked.decisions).toEqual([
      expect.objectContaining({ event: 'park', note: '等待维修基金审批', actorRole: 'committee', meetingId: meeting.id, meetingTitle: '锦绣小区二月三方联席会议', revisitOn: '2027-03-20' }),
    ])
  })

  test('a parked item whose day came is back in the queue, brought back by the system', () => {
    const back = itemOf(items, o.revisited)
    expect(back).toMatchObject({ status: 'submitted', state: 'waiting', parked: null })
    expect(back.decisions.map((d) => [d.event, d.actorRole, d.meetingId])).toEqual([
      ['park', 'committee', null],
      ['revisit', 'system', null],
    ])
  })

  test('who holds the work, and the dispatch with its assignee', () => {
    const dispatched = itemOf(items, o.newDispatched)
    expect(dispatched.holders).toEqual([{ name: t.byRole.volunteer.name, status: 'invited' }])
    expect(dispatched.decisions).toEqual([expect.objectContaining({ event: 'dispatch', assigneeName: t.byRole.volunteer.name, note: '就近安排', meetingId: null })])
    expect(itemOf(items, o.mondayMorning).holders).toEqual([])
  })

  test('a 党委呼叫 names the unit it addresses', async () => {
    const [unit] = await queryRows<{ name: string }>(t.database.db, sql`select name from orgs where id = ${t.byRole.department.workUnitId}`)
    expect(itemOf(items, o.called).decisions).toEqual([
      expect.objectContaining({
        event: 'call',
        call: [
          { kind: 'department', headcount: 1, unitName: unit.name },
          { kind: 'party_members', headcount: 2, unitName: null },
        ],
      }),
    ])
  })

  test('the resident’s name is masked, the address is as committee lists show it', () => {
    const item = itemOf(items, o.newDispatched)
    expect(item.residentName).toBe('测***')
    expect(item.address).toBe(orderDraft(t).address)
    expect(item.gridName).not.toBe('')
  })

  test('the summary counts what the pages list, state by state', () => {
    const summary = page.summary!
    expect(summary.total).toBe(items.length)
    expect(summary.carriedOver).toBe(items.filter((i) => i.carriedOver).length)
    for (const state of PROBLEM_STATES) expect([state, summary[state]]).toEqual([state, items.filter((i) => i.state === state).length])
    expect(summary.struck_off).toBeGreaterThanOrEqual(1)
    expect(summary.auto_closed).toBeGreaterThanOrEqual(1)
  })

  test('a state filter lists only that state, with the summary of the whole period', async () => {
    const res = await get<ProblemPageDto>(t.tokens.committee, '/api/problem-list?period=week&state=parked&limit=50')
    expect(res.status).toBe(200)
    expect(res.body.items.length).toBeGreaterThan(0)
    expect(res.body.items.every((i) => i.state === 'parked')).toBe(true)
    expect(ids(res.body.items)).toContain(o.parkedByMeeting)
    expect(res.body.summary).toEqual(page.summary)
  })
})

describe('months, quarters, and periods before', () => {
  test('last week holds the order cancelled in it, and not what was raised after it', async () => {
    const { items, pages } = await everyItem(t.tokens.committee, 'period=week&offset=1')
    expect(pages[0].period).toMatchObject({ label: '上周', firstDay: '2027-02-22', lastDay: '2027-02-28' })
    expect(ids(items)).toContain(o.cancelledBefore)
    expect(itemOf(items, o.cancelledBefore)).toMatchObject({ state: 'ended', ending: { event: 'cancel' }, struckOff: false })
    expect(ids(items)).toContain(o.sundayNight)
    expect(ids(items)).not.toContain(o.mondayMorning)
    expect(ids(items)).not.toContain(o.newDispatched)
  })

  test('this month is March; the quarter runs from January and holds February’s cancelled order too', async () => {
    const month = await everyItem(t.tokens.committee, 'period=month')
    expect(month.pages[0].period).toMatchObject({ label: '本月', firstDay: '2027-03-01', lastDay: '2027-03-31' })
    expect(ids(month.items)).not.toContain(o.cancelledBefore)
    expect(ids(month.items)).toContain(o.newDispatched)
    const quarter = await everyItem(t.tokens.committee, 'period=quarter')
    expect(quarter.pages[0].period).toMatchObject({ label: '本季度', firstDay: '2027-01-01', lastDay: '2027-03-31' })
    expect(ids(quarter.items)).toEqual(expect.arrayContaining([o.cancelledBefore, o.newDispatched, o.struckOff]))
    const february = await everyItem(t.tokens.committee, 'period=month&offset=1')
    expect(february.pages[0].period).toMatchObject({ label: '上月', firstDay: '2027-02-01', lastDay: '2027-02-28' })
    expect(ids(february.items)).toContain(o.cancelledBefore)
    expect(ids(february.items)).not.toContain(o.newDispatched)
  })

  test('the period defaults to this week', async () => {
    const res = await get<ProblemPageDto>(t.tokens.committee, '/api/problem-list')
    expect(res.status).toBe(200)
    expect(res.body.period).toMatchObject({ period: 'week', offset: 0, firstDay: '2027-03-01' })
  })
})

describe('pages', () => {
  test('small pages list the same items in the same order as one big page, without repeats', async () => {
    const whole = await everyItem(t.tokens.committee, 'period=quarter', 50)
    const paged = await everyItem(t.tokens.committee, 'period=quarter', 3)
    expect(paged.pages.length).toBeGreaterThan(2)
    expect(ids(paged.items)).toEqual(ids(whole.items))
    expect(paged.pages.slice(1).every((p) => p.summary === null)).toBe(true)
  })

  test('a forged cursor is refused with {code, message}', async () => {
    const forged = Buffer.from('not-a-date|99999999999').toString('base64url')
    const res = await get<ApiError>(t.tokens.committee, `/api/problem-list?cursor=${forged}`)
    expect(res.status).toBe(400)
    expect(res.body).toEqual({ code: 'invalid_input', message: expect.stringContaining('cursor') })
  })
})

describe('scope and access', () => {
  test('a compound committee sees its own compound, not another branch of the community', async () => {
    const { items } = await everyItem(compoundToken, 'period=week')
    expect(ids(items)).toContain(o.newDispatched)
    expect(ids(items)).not.toContain(o.otherCompound)
    const paths = await queryRows<{ path: string }>(t.database.db, sql`select org_path as path from orders where id in (${sql.join(ids(items).map((id) => sql`${id}`), sql`, `)})`)
    expect(paths.filter((p) => !p.path.startsWith(compound.orgPath))).toEqual([])
  })

  test('the other compound’s committee sees its order and none of the first compound’s', async () => {
    const token = await t.login(otherCompound.id, otherCompound.membershipId)
    const { items } = await everyItem(token, 'period=week')
    expect(ids(items)).toContain(o.otherCompound)
    expect(ids(items)).not.toContain(o.newDispatched)
  })

  test.each(['resident', 'volunteer', 'party_member', 'grid_worker', 'street_admin'] as const)('%s: 403', async (role) => {
    const res = await get<ApiError>(t.tokens[role], '/api/problem-list?period=week')
    expect(res.status).toBe(403)
    expect(res.body).toEqual({ code: 'forbidden', message: expect.any(String) })
  })

  test('without a session: 401', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/problem-list' })
    expect(res.statusCode).toBe(401)
  })

  test.each(['period=year', 'period=', 'offset=-1', 'offset=53', 'state=done', 'limit=0'])('a bad query (%s): 400 with {code, message}', async (query) => {
    const res = await get<ApiError>(t.tokens.committee, `/api/problem-list?${query}`)
    expect(res.status).toBe(400)
    expect(res.body).toEqual({ code: 'invalid_input', message: expect.stringMatching(/^参数 \w+ 不合法/) })
  })
})
