/**
 * 问题清单 in the domain and the app's store: the China-calendar periods (Monday weeks, months,
 * quarters, periods back, midnight at 16:00 UTC), an item's state (销号 only by the resident),
 * the wording of decisions and endings, and the store's lists per period — the counts from the
 * first page, filters, paging, errors, and everything forgotten on a change of identity.
 */
import type { Api } from '@/services/api'
import { ApiRequestError } from '@/services/api-error'
import { ProblemListStore } from '@/stores/problem-list-store'
import { RootStore } from '@/stores/root-store'
import {
  decisionLine,
  endingLine,
  holdersLine,
  periodLabel,
  periodRange,
  problemStateOf,
  rangeText,
  type ProblemDecision,
  type ProblemPeriod,
} from '../../src/domain/problem-list'
import type { ProblemItemDto, ProblemListQueryDto, ProblemPageDto, ProblemSummaryDto } from '../../types/problem-list'
import type { IdentityDto, MeDto } from '../../types/people'

const range = (period: ProblemPeriod, iso: string, offset = 0) => {
  const r = periodRange(period, new Date(iso), offset)
  return [r.firstDay, r.lastDay, r.start.toISOString(), r.end.toISOString()]
}

describe('periods on China’s calendar', () => {
  test('a week runs Monday to Sunday, from China midnight (16:00 UTC the day before)', () => {
    // Wednesday 2027-03-03, 10:00 in China.
    expect(range('week', '2027-03-03T02:00:00Z')).toEqual(['2027-03-01', '2027-03-07', '2027-02-28T16:00:00.000Z', '2027-03-07T16:00:00.000Z'])
  })

  test('around midnight in China: Sunday 23:59 is last week, Monday 00:00 this one, whatever UTC says', () => {
    // 2027-02-28T15:59Z is Sunday 23:59 in China; 16:00Z is Monday 00:00 (still Sunday in UTC).
    expect(range('week', '2027-02-28T15:59:59.999Z').slice(0, 2)).toEqual(['2027-02-22', '2027-02-28'])
    expect(range('week', '2027-02-28T16:00:00.000Z').slice(0, 2)).toEqual(['2027-03-01', '2027-03-07'])
    // Monday 07:59 in China is Sunday in UTC: China's week still.
    expect(range('week', '2027-02-28T23:59:00.000Z').slice(0, 2)).toEqual(['2027-03-01', '2027-03-07'])
    // New Year's Eve 2026 at 20:00 UTC is 2027-01-01 04:00 in China: the new month and quarter.
    expect(range('month', '2026-12-31T20:00:00Z').slice(0, 2)).toEqual(['2027-01-01', '2027-01-31'])
    expect(range('quarter', '2026-12-31T15:59:59Z').slice(0, 2)).toEqual(['2026-10-01', '2026-12-31'])
    expect(range('quarter', '2026-12-31T16:00:00Z').slice(0, 2)).toEqual(['2027-01-01', '2027-03-31'])
  })

  test('a Sunday belongs to the week that began the Monday before', () => {
    expect(range('week', '2027-03-07T12:00:00Z').slice(0, 2)).toEqual(['2027-03-01', '2027-03-07'])
  })

  test('weeks across a month and a year', () => {
    expect(range('week', '2027-01-01T04:00:00Z').slice(0, 2)).toEqual(['2026-12-28', '2027-01-03'])
    expect(range('week', '2027-01-01T04:00:00Z', 1).slice(0, 2)).toEqual(['2026-12-21', '2026-12-27'])
  })

  test('months: lengths, February in leap and common years, and months back across a year', () => {
    expect(range('month', '2027-02-15T04:00:00Z').slice(0, 2)).toEqual(['2027-02-01', '2027-02-28'])
    expect(range('month', '2028-02-15T04:00:00Z').slice(0, 2)).toEqual(['2028-02-01', '2028-02-29'])
    expect(range('month', '2027-03-03T02:00:00Z', 3).slice(0, 2)).toEqual(['2026-12-01', '2026-12-31'])
    expect(range('month', '2027-03-03T02:00:00Z')[2]).toBe('2027-02-28T16:00:00.000Z')
  })

  test('quarters start in January, April, July and October; quarters back cross years', () => {
    expect(range('quarter', '2027-05-20T04:00:00Z').slice(0, 2)).toEqual(['2027-04-01', '2027-06-30'])
    expect(range('quarter', '2027-09-30T04:00:00Z').slice(0, 2)).toEqual(['2027-07-01', '2027-09-30'])
    expect(range('quarter', '2027-03-03T02:00:00Z', 1).slice(0, 2)).toEqual(['2026-10-01', '2026-12-31'])
    expect(range('quarter', '2027-03-03T02:00:00Z', 5).slice(0, 2)).toEqual(['2025-10-01', '2025-12-31'])
  })

  test('labels and the days in words', () => {
    expect([periodLabel('week'), periodLabel('month', 1), periodLabel('quarter', 3)]).toEqual(['本周', '上月', '3个季度前'])
    expect(rangeText({ firstDay: '2027-03-01', lastDay: '2027-03-07' })).toBe('2027年3月1日 至 3月7日')
    expect(rangeText({ firstDay: '2026-12-28', lastDay: '2027-01-03' })).toBe('2026年12月28日 至 2027年1月3日')
  })
})

describe('an item’s state', () => {
  test('closed is 销号 only when the resident confirmed it', () => {
    expect(problemStateOf('closed', false)).toBe('struck_off')
    expect(problemStateOf('closed', true)).toBe('auto_closed')
  })

  test('the committee’s queue, 挂账, work under way, and other endings', () => {
    expect(['submitted', 'reopened'].map((s) => problemStateOf(s as 'submitted', false))).toEqual(['waiting', 'waiting'])
    expect(problemStateOf('parked', false)).toBe('parked')
    expect(['assigned', 'open', 'accepted', 'in_progress', 'completed'].map((s) => problemStateOf(s as 'assigned', false))).toEqual(Array(5).fill('in_progress'))
    expect(['rejected', 'cancelled'].map((s) => problemStateOf(s as 'rejected', false))).toEqual(['ended', 'ended'])
  })
})

const decision = (overrides: Partial<ProblemDecision>): ProblemDecision => ({
  event: 'park', note: null, at: '2027-03-02T02:00:00.000Z', actorRole: 'committee', meetingId: null, meetingTitle: null,
  assigneeName: null, call: null, revisitOn: null, relatedOrderId: null, ...overrides,
})

describe('decisions and endings in words', () => {
  test('a meeting parks an order: who, what, why, until when', () => {
    expect(decisionLine(decision({ meetingId: 3, meetingTitle: '三方联席会议', note: '等待维修基金审批', revisitOn: '2026-12-01' }))).toBe(
      '会议决定 · 挂账：等待维修基金审批（至 2026-12-01 重新办理）',
    )
  })

  test('the committee dispatches, calls; the clock brings a parked order back', () => {
    expect(decisionLine(decision({ event: 'dispatch', assigneeName: '陈志愿', note: '就近安排' }))).toBe('党委 · 派单：派给陈志愿；就近安排')
    expect(decisionLine(decision({ event: 'call', call: [{ kind: 'department', headcount: 1, unitName: '住建局' }, { kind: 'party_members', headcount: 2, unitName: null }] }))).toBe(
      '党委 · 党委呼叫：住建局 1 人、在职党员 2 人',
    )
    expect(decisionLine(decision({ event: 'revisit', actorRole: 'system' }))).toBe('系统 · 挂账到期，恢复办理')
    expect(decisionLine(decision({ event: 'revisit' }))).toBe('党委 · 恢复办理')
    expect(decisionLine(decision({ event: 'reject', note: '不属于社区服务范围' }))).toBe('党委 · 不予受理：不属于社区服务范围')
  })

  test('销号 names the resident and the rating; the clock’s closing says it was not confirmed', () => {
    expect(endingLine({ event: 'confirm', at: '', rating: 4, note: null })).toBe('已销号（居民确认，★4）')
    expect(endingLine({ event: 'auto_close', at: '', rating: null, note: null })).not.toContain('已销号')
    expect(endingLine({ event: 'auto_close', at: '', rating: null, note: null })).toContain('自动结单')
  })

  test('holders with where they are', () => {
    expect(holdersLine([{ name: '陈志愿', status: 'started' }, { name: '李党员', status: 'invited' }])).toBe('陈志愿（服务中）、李党员（已邀请）')
  })
})

// ---------------------------------------------------------------------------------------------
// The store

const SUMMARY: ProblemSummaryDto = { total: 3, carriedOver: 1, waiting: 1, in_progress: 0, parked: 1, struck_off: 1, auto_closed: 0, ended: 0 }

const item = (orderId: number, overrides: Partial<ProblemItemDto> = {}): ProblemItemDto => ({
  orderId, categoryName: '其他', summary: `问题${orderId}`, address: '锦绣小区3号楼', gridName: '第1网格', residentName: '张*', urgency: 'normal',
  status: 'submitted', state: 'waiting', createdAt: '2027-03-02T02:00:00.000Z', carriedOver: false, holders: [], decisions: [], parked: null,
  ending: null, struckOff: false, ...overrides,
})

/** Pages of the given items, `limit` at a time; the counts on the first only, as the server does. */
function pagedApi(items: ProblemItemDto[]) {
  return jest.fn(async (query: ProblemListQueryDto): Promise<ProblemPageDto> => {
    const start = query.cursor ? Number(query.cursor) : 0
    const limit = query.limit ?? 20
    const period = query.period ?? 'week'
    const chosen = query.state ? items.filter((i) => i.state === query.state) : items
    return {
      period: { period, offset: query.offset ?? 0, label: periodLabel(period, query.offset ?? 0), firstDay: '2027-03-01', lastDay: '2027-03-07' },
      summary: query.cursor ? null : SUMMARY,
      items: chosen.slice(start, start + limit),
      nextCursor: start + limit < chosen.length ? String(start + limit) : null,
    }
  })
}

describe('the store', () => {
  test('the first page brings the period and its counts; a later page keeps them', async () => {
    const many = Array.from({ length: 25 }, (_, i) => item(100 - i))
    const getProblemList = pagedApi(many)
    const store = new ProblemListStore({ getProblemList })
    await store.refresh()
    const list = store.current
    expect([list.items.length, list.hasMore, list.summary, list.period?.label]).toEqual([20, true, SUMMARY, '本周'])
    await list.loadMore()
    expect(list.items.map((i) => i.orderId)).toEqual(many.map((i) => i.orderId))
    expect([list.hasMore, list.summary]).toEqual([false, SUMMARY])
    expect(getProblemList.mock.calls.map(([q]) => q)).toEqual([
      { period: 'week', offset: 0, limit: 20 },
      { period: 'week', offset: 0, cursor: '20', limit: 20 },
    ])
  })

  test('a period is a list of its own: switching back shows it at once; stepping back asks for earlier periods', async () => {
    const getProblemList = pagedApi([item(1)])
    const store = new ProblemListStore({ getProblemList })
    await store.refresh()
    const week = store.current
    store.setPeriod('quarter')
    expect(store.current).not.toBe(week)
    expect(store.current.loaded).toBe(false)
    await store.refresh()
    store.step(1)
    store.step(1)
    await store.refresh()
    expect(store.current.period?.label).toBe('2个季度前')
    expect(getProblemList).toHaveBeenLastCalledWith({ period: 'quarter', offset: 2, limit: 20 })
    store.setPeriod('week')
    expect([store.offset, store.current]).toEqual([0, week])
    expect(store.current.loaded).toBe(true)
  })

  test('periods stay between this one and the oldest the server keeps', () => {
    const store = new ProblemListStore({ getProblemList: pagedApi([]) })
    expect([store.canGoForward, store.canGoBack]).toEqual([false, true])
    store.step(-1)
    expect(store.offset).toBe(0)
    for (let i = 0; i < 60; i += 1) store.step(1)
    expect([store.offset, store.canGoBack, store.canGoForward]).toEqual([52, false, true])
  })

  test('a state filter asks for that state; tapping it again shows all', async () => {
    const getProblemList = pagedApi([item(1), item(2, { state: 'parked', status: 'parked' })])
    const store = new ProblemListStore({ getProblemList })
    expect(store.summary).toBeNull()
    await store.refresh()
    store.filter('parked')
    // Until the filtered list has its own, the counts are the whole period's already loaded.
    expect([store.current.loaded, store.summary]).toEqual([false, SUMMARY])
    await store.refresh()
    expect(getProblemList).toHaveBeenLastCalledWith({ period: 'week', offset: 0, state: 'parked', limit: 20 })
    expect(store.current.items.map((i) => i.orderId)).toEqual([2])
    expect(store.current.summary).toEqual(SUMMARY)
    store.filter('parked')
    expect(store.state).toBeNull()
    await store.refresh()
    expect(store.current.items.map((i) => i.orderId)).toEqual([1, 2])
  })

  test('a failure is kept for the retry, in the server’s words', async () => {
    const store = new ProblemListStore({ getProblemList: jest.fn(async () => Promise.reject(new ApiRequestError(403, 'forbidden', '问题清单由社区党委查看和管理'))) })
    await store.refresh()
    expect([store.current.loaded, store.current.error, store.current.summary]).toEqual([false, '问题清单由社区党委查看和管理', null])
  })

  test('the lists of the previous identity are forgotten', async () => {
    const COMMITTEE: IdentityDto = {
      membershipId: 31, role: 'committee', status: 'active', orgId: 2, orgPath: '/1/2/', orgName: '阳光街道 · 阳光社区大党委',
      communityPath: '/1/2/', teamName: null, householdId: null, householdAddress: null, workUnitName: null, teamId: null, workUnitId: null, leadsTeamId: null,
    }
    const OTHER: IdentityDto = { ...COMMITTEE, membershipId: 32, orgPath: '/1/2/3/' }
    const me = (acting: IdentityDto): MeDto => ({ id: 7, name: '王书记', phone: '138****0001', consented: true, acting, identities: [COMMITTEE, OTHER] })
    const answers: Partial<Record<keyof Api, (...args: never[]) => unknown>> = {
      getMe: async () => me(COMMITTEE),
      actAs: async () => me(OTHER),
      getProblemList: pagedApi([item(1)]),
      listCategories: async () => [],
    }
    const cache: Record<string, jest.Mock> = {}
    const api = new Proxy({}, { get: (_t, name: string) => (cache[name] ??= jest.fn(answers[name as keyof Api] ?? (async () => undefined))) }) as Api
    const stores = new RootStore(api, { get: () => 'token', set: () => {}, remove: () => {} }, { apiBase: '', demoLogin: false, pickPhotos: async () => [] })
    await stores.session.restore()
    stores.problems.setPeriod('month')
    stores.problems.filter('waiting')
    await stores.problems.refresh()
    const before = stores.problems.current
    expect(before.items).toHaveLength(1)

    await stores.switchIdentity(32)
    expect([stores.problems.period, stores.problems.state]).toEqual(['week', null])
    stores.problems.setPeriod('month')
    stores.problems.filter('waiting')
    expect(stores.problems.current).not.toBe(before)
    expect(stores.problems.current.loaded).toBe(false)
  })
})
