/**
 * Joint meetings (召开会议) against a fake API: the convene form's checks and request, the list
 * latest first, attendance and minutes saved as what changed, decisions chosen per agenda order
 * with the input each needs, and applied all at once — each applied or refused alone, shown per
 * order — and everything forgotten on a change of identity.
 */
import type { Api } from '@/services/api'
import { ApiRequestError } from '@/services/api-error'
import {
  attendanceLine,
  awaitsDecision,
  conveneProblem,
  conveneRequest,
  decisionProblem,
  decisionRequest,
  heldAtOf,
  MeetingStore,
  type ConveneDraft,
  type DecisionDraft,
} from '@/stores/meeting-store'
import { RootStore } from '@/stores/root-store'
import { revisitDayRange, transition, type OrderFacts } from '@/domain'
import type { AgendaItemDto, DecisionOutcomesDto, MeetingDto, MeetingSummaryDto } from '../../types/meetings'
import type { IdentityDto, MeDto } from '../../types/people'

type Fake<K extends keyof Api> = jest.Mock<ReturnType<Api[K]>, Parameters<Api[K]>>
type MeetingApi = { [K in keyof ConstructorParameters<typeof MeetingStore>[0] & keyof Api]: Fake<K> }

function fake<K extends keyof Api>(name: K, implementation?: NoInfer<(...args: Parameters<Api[K]>) => ReturnType<Api[K]>>): Fake<K> {
  return jest.fn(implementation).mockName(name)
}

const item = (orderId: number, overrides: Partial<AgendaItemDto> = {}): AgendaItemDto => ({
  orderId, categoryCode: 'other', categoryName: '其他', summary: `议题${orderId}`, address: '锦绣小区3号楼', status: 'submitted', decision: null, ...overrides,
})

const meeting = (id: number, overrides: Partial<MeetingDto> = {}): MeetingDto => ({
  id, kind: 'joint', title: `会议${id}`, heldAt: '2026-11-25T02:00:00.000Z', place: '议事厅', agendaCount: 3, decidedCount: 0,
  convenedByName: '王书记', minutes: null, minutesPublic: false,
  attendees: [
    { id: 1, name: '王书记', side: 'committee', present: null },
    { id: 2, name: '物业刘经理', side: 'property', present: null },
  ],
  agenda: [item(11), item(12), item(13)],
  ...overrides,
})

const summary = ({ id, kind, title, heldAt, place, agendaCount, decidedCount }: MeetingDto): MeetingSummaryDto => ({ id, kind, title, heldAt, place, agendaCount, decidedCount })

function meetingApi(overrides: Partial<MeetingApi> = {}): MeetingApi {
  return {
    listMeetings: fake('listMeetings', async () => [summary(meeting(2, { heldAt: '2026-11-20T02:00:00.000Z' })), summary(meeting(1, { heldAt: '2026-11-10T02:00:00.000Z' }))]),
    getMeeting: fake('getMeeting', async (id) => meeting(id)),
    createMeeting: fake('createMeeting', async (request) => meeting(3, { ...request, agendaCount: request.agenda.length, attendees: [], agenda: request.agenda.map((id) => item(id)) })),
    recordMeeting: fake('recordMeeting', async (id, record) =>
      meeting(id, {
        minutes: record.minutes ?? null,
        minutesPublic: record.minutesPublic ?? false,
        attendees: meeting(id).attendees.map((a) => ({ ...a, present: record.attendance?.find((r) => r.id === a.id)?.present ?? a.present })),
      }),
    ),
    decideMeeting: fake('decideMeeting', async (_id, request): Promise<DecisionOutcomesDto> => ({
      results: request.decisions.map((d) => ({ orderId: d.orderId, applied: true, status: d.action === 'reject' ? 'rejected' : 'open', code: null, message: null })),
    })),
    ...overrides,
  }
}

const draft = (overrides: Partial<ConveneDraft> = {}): ConveneDraft => ({
  kind: 'joint', title: ' 锦绣小区三方联席会议 ', date: '2026-11-25', time: '10:00', place: ' 议事厅 ', agenda: [12, 11],
  attendees: [{ name: ' 王书记 ', side: 'committee' }, { name: '', side: null }, { name: '物业刘经理', side: 'property' }],
  ...overrides,
})

const decision = (overrides: Partial<DecisionDraft> & Pick<DecisionDraft, 'action'>): DecisionDraft => ({ note: '', assigneeId: null, slots: [], revisitOn: null, ...overrides })

describe('convening: what the form checks, and what it sends', () => {
  test.each<[string, Partial<ConveneDraft>, string]>([
    ['no title', { title: '  ' }, '请填写会议名称'],
    ['a title too long', { title: '会'.repeat(61) }, '会议名称最多 60 个字'],
    ['no time', { time: '' }, '请选择会议日期和时间'],
    ['a date that does not exist', { date: '2026-02-30' }, '请选择会议日期和时间'],
    ['no place', { place: '' }, '请填写会议地点'],
    ['no agenda', { agenda: [] }, '请至少选择一个议题（待处理的订单）'],
    ['too many agenda orders', { agenda: Array.from({ length: 21 }, (_, i) => i + 1) }, '一次会议最多 20 个议题'],
    ['a side without a name', { attendees: [{ name: '', side: 'residents' }] }, '请填写第 1 位参会人员的姓名'],
    ['a name without a side', { attendees: [{ name: '王书记', side: 'committee' }, { name: '张大爷', side: null }] }, '请选择张大爷代表哪一方'],
    ['a name too long', { attendees: [{ name: '名'.repeat(21), side: 'residents' }] }, '第 1 位参会人员的姓名最多 20 个字'],
  ])('%s: the form says so in Chinese', (_name, overrides, message) => {
    expect(conveneProblem(draft(overrides))).toBe(message)
  })

  test('a complete form has no problem; a wholly blank attendee row is ignored', () => {
    expect(conveneProblem(draft())).toBeNull()
    expect(conveneProblem(draft({ attendees: [] }))).toBeNull()
  })

  test('the request is trimmed, keeps the agenda in the order picked, and sends the picked local time', () => {
    const request = conveneRequest(draft())
    expect(request).toEqual({
      kind: 'joint',
      title: '锦绣小区三方联席会议',
      heldAt: new Date(2026, 10, 25, 10, 0).toISOString(),
      place: '议事厅',
      agenda: [12, 11],
      attendees: [
        { name: '王书记', side: 'committee' },
        { name: '物业刘经理', side: 'property' },
      ],
    })
    const at = new Date(request.heldAt)
    expect([at.getFullYear(), at.getMonth() + 1, at.getDate(), at.getHours(), at.getMinutes()]).toEqual([2026, 11, 25, 10, 0])
    expect(heldAtOf('2026-11-25', '9:00')).toBeNull()
  })

  test('a new meeting joins the loaded list where its time puts it, latest first', async () => {
    const api = meetingApi()
    const store = new MeetingStore(api)
    await store.list.refresh()
    const created = await store.convene(conveneRequest(draft({ date: '2026-11-15' })))
    expect(created?.id).toBe(3)
    expect(store.list.items.map((m) => m.id)).toEqual([2, 3, 1])
    expect(store.list.find(3)).toMatchObject({ agendaCount: 2, decidedCount: 0 })
    expect(store.detail(3).meeting).toEqual(created)
  })

  test('one convene at a time; a refusal is rethrown with the server’s message and the button frees', async () => {
    let release!: () => void
    const waiting = meetingApi({ createMeeting: fake('createMeeting', () => new Promise((resolve) => (release = () => resolve(meeting(3))))) })
    const store = new MeetingStore(waiting)
    const first = store.convene(conveneRequest(draft()))
    expect(store.convening).toBe(true)
    expect(await store.convene(conveneRequest(draft()))).toBeNull()
    release()
    await first
    expect(waiting.createMeeting).toHaveBeenCalledTimes(1)

    const refused = new MeetingStore(
      meetingApi({ createMeeting: fake('createMeeting', async () => Promise.reject(new ApiRequestError(400, 'invalid_input', '参数 agenda 不合法：订单 9 不存在或不在本辖区'))) }),
    )
    await expect(refused.convene(conveneRequest(draft()))).rejects.toThrow('订单 9 不存在或不在本辖区')
    expect(refused.convening).toBe(false)
  })
})

describe('the list and one meeting', () => {
  test('the list is the server’s, latest first; a failure is kept for the retry button', async () => {
    const store = new MeetingStore(meetingApi())
    await store.list.refresh()
    expect(store.list.items.map((m) => m.title)).toEqual(['会议2', '会议1'])
    const failing = new MeetingStore(meetingApi({ listMeetings: fake('listMeetings', async () => Promise.reject(new ApiRequestError(403, 'forbidden', '只有社区党委可以召开和主持联席会议'))) }))
    await failing.list.refresh()
    expect([failing.list.loaded, failing.list.error]).toEqual([false, '只有社区党委可以召开和主持联席会议'])
  })

  test('loading a meeting updates its card in the list; a failure is kept in the detail', async () => {
    const api = meetingApi({ getMeeting: fake('getMeeting', async (id) => meeting(id, { decidedCount: 2 })) })
    const store = new MeetingStore(api)
    await store.list.refresh()
    await store.load(2)
    expect(store.list.find(2)?.decidedCount).toBe(2)
    api.getMeeting.mockRejectedValueOnce(new ApiRequestError(404, 'not_found', '会议不存在或无权查看'))
    await store.load(5)
    expect([store.detail(5).meeting, store.detail(5).error, store.detail(5).loading]).toEqual([null, '会议不存在或无权查看', false])
  })

  test('a 404 is told apart from other failures (a resident whose minutes are not public), and forgotten on a good load', async () => {
    const api = meetingApi()
    const store = new MeetingStore(api)
    api.getMeeting.mockRejectedValueOnce(new ApiRequestError(404, 'not_found', '会议不存在或无权查看'))
    await store.load(6)
    expect([store.detail(6).gone, store.detail(6).error]).toEqual([true, '会议不存在或无权查看'])
    api.getMeeting.mockRejectedValueOnce(new ApiRequestError(0, 'network', '网络不通，请检查网络后重试'))
    await store.load(6)
    expect([store.detail(6).gone, store.detail(6).error]).toEqual([false, '网络不通，请检查网络后重试'])
    await store.load(6)
    expect([store.detail(6).gone, store.detail(6).error, store.detail(6).meeting?.id]).toEqual([false, null, 6])
  })
})

describe('attendance and minutes', () => {
  test('only what changed is sent; once saved the edits are the meeting’s', async () => {
    const api = meetingApi()
    const store = new MeetingStore(api)
    await store.load(1)
    const detail = store.detail(1)
    expect(detail.recordRequest).toBeNull()
    expect(await store.saveRecord(1)).toBe(false)
    expect(api.recordMeeting).not.toHaveBeenCalled()

    detail.setPresent(1, true)
    detail.setPresent(2, false)
    detail.setMinutes('一、消防通道由物业三日内清理。')
    detail.setPublic(true)
    expect(attendanceLine(detail.meeting!.attendees.map((a) => detail.presentOf(a)))).toBe('出席 1 人，缺席 1 人')
    const expected = {
      attendance: [
        { id: 1, present: true },
        { id: 2, present: false },
      ],
      minutes: '一、消防通道由物业三日内清理。',
      minutesPublic: true,
    }
    expect(detail.recordRequest).toEqual(expected)
    expect(await store.saveRecord(1)).toBe(true)
    expect(api.recordMeeting).toHaveBeenCalledWith(1, expected)
    expect(detail.recordRequest).toBeNull()
    expect([detail.minutesText, detail.isPublic, detail.saving]).toEqual(['一、消防通道由物业三日内清理。', true, false])
    expect(detail.meeting!.attendees.map((a) => detail.presentOf(a))).toEqual([true, false])

    // Marking what is already saved changes nothing.
    detail.setPresent(1, true)
    expect(detail.recordRequest).toBeNull()
  })

  test('a failed save keeps the edits and rethrows the server’s reason', async () => {
    const api = meetingApi({ recordMeeting: fake('recordMeeting', async () => Promise.reject(new ApiRequestError(400, 'invalid_input', '参数 attendance 不合法：只能记录本次会议的参会人员'))) })
    const store = new MeetingStore(api)
    await store.load(1)
    store.detail(1).setMinutes('纪要')
    await expect(store.saveRecord(1)).rejects.toThrow('只能记录本次会议的参会人员')
    expect(store.detail(1).recordRequest).toEqual({ minutes: '纪要' })
    expect(store.detail(1).saving).toBe(false)
    expect(attendanceLine([null, null])).toBe('未记录 2 人')
    expect(attendanceLine([])).toBe('没有登记参会人员')
  })
})

describe('decisions', () => {
  test('each decision asks for what it needs, and sends only that', () => {
    expect(decisionProblem(decision({ action: 'publish' }))).toBeNull()
    expect(decisionProblem(decision({ action: 'reject', note: '  ' }))).toBe('请填写不予受理的原因，居民会看到')
    expect(decisionProblem(decision({ action: 'reject', note: '不属于社区服务' }))).toBeNull()
    expect(decisionProblem(decision({ action: 'dispatch' }))).toBe('请选择派单对象')
    expect(decisionProblem(decision({ action: 'call' }))).toBe('请至少添加一类响应力量')
    expect(decisionProblem(decision({ action: 'call', slots: [{ kind: 'team', headcount: 2 }] }))).toBe('请选择志愿队伍')
    expect(decisionProblem(decision({ action: 'call', slots: [{ kind: 'party_members', headcount: 2 }] }))).toBeNull()
    // Switched from 派单 to 发布: the person picked is not sent.
    expect(decisionRequest(11, decision({ action: 'publish', assigneeId: 7, note: ' 会议决定 ', slots: [{ kind: 'hall', headcount: 1 }] }))).toEqual({ orderId: 11, action: 'publish', note: '会议决定' })
    expect(decisionRequest(12, decision({ action: 'dispatch', assigneeId: 7 }))).toEqual({ orderId: 12, action: 'dispatch', assigneeId: 7 })
    expect(decisionRequest(13, decision({ action: 'call', slots: [{ kind: 'party_members', headcount: 2 }] }))).toEqual({
      orderId: 13,
      action: 'call',
      slots: [{ kind: 'party_members', headcount: 2 }],
    })
    expect([awaitsDecision('submitted'), awaitsDecision('reopened'), awaitsDecision('cancelled'), awaitsDecision('open')]).toEqual([true, true, false, false])
  })

  test('挂账 asks for a reason and a day, and sends both', () => {
    expect(decisionProblem(decision({ action: 'park' }))).toBe('请填写挂账原因和重新办理的日期')
    expect(decisionProblem(decision({ action: 'park', note: '等维修基金到位' }))).toBe('请填写挂账原因和重新办理的日期')
    expect(decisionProblem(decision({ action: 'park', revisitOn: '2026-12-01' }))).toBe('请填写挂账原因和重新办理的日期')
    expect(decisionProblem(decision({ action: 'park', note: '等维修基金到位', revisitOn: '2026-12-01' }))).toBeNull()
    expect(decisionRequest(14, decision({ action: 'park', note: ' 等维修基金到位 ', revisitOn: '2026-12-01', assigneeId: 7 }))).toEqual({
      orderId: 14,
      action: 'park',
      note: '等维修基金到位',
      revisitOn: '2026-12-01',
    })
    // Switched away from 挂账: the day is not sent.
    expect(decisionRequest(15, decision({ action: 'publish', revisitOn: '2026-12-01' }))).toEqual({ orderId: 15, action: 'publish' })
  })

  test('合并 asks for the order to merge into, and sends only that with the note', () => {
    expect(decisionProblem(decision({ action: 'merge' }))).toBe('请选择合并到哪一单')
    expect(decisionProblem(decision({ action: 'merge', intoOrderId: 9 }))).toBeNull()
    expect(decisionRequest(14, decision({ action: 'merge', note: ' 同一条消防通道 ', intoOrderId: 9, revisitOn: '2026-12-01' }))).toEqual({
      orderId: 14,
      action: 'merge',
      note: '同一条消防通道',
      intoOrderId: 9,
    })
    expect(decisionRequest(15, decision({ action: 'reject', note: '不属于社区服务', intoOrderId: 9 }))).toEqual({ orderId: 15, action: 'reject', note: '不属于社区服务' })
  })

  test("the date picker offers China's tomorrow to a year ahead: exactly the days the domain lets a park take", () => {
    // 01:30 in China on 25 November is still the 24th in UTC.
    const now = new Date('2026-11-24T17:30:00.000Z')
    const { start, end } = revisitDayRange(now)
    expect({ start, end }).toEqual({ start: '2026-11-26', end: '2027-11-26' })
    const submitted: OrderFacts = { status: 'submitted', householdId: 1, orgPath: '/1/2/', slots: [], parts: [] }
    const park = (revisitOn: string) => transition(submitted, 'park', { id: 10, role: 'committee', orgPath: '/1/' }, now, { note: '等维修基金到位', revisitOn }).ok
    expect([park('2026-11-25'), park(start), park(end), park('2027-11-27')]).toEqual([false, true, true, false])
  })

  test('a choice is per order, can be cleared, and keeps its note when its kind changes; validate marks what is missing', async () => {
    const store = new MeetingStore(meetingApi())
    await store.load(1)
    const detail = store.detail(1)
    detail.choose(11, 'dispatch')
    detail.editDraft(11, { note: '会上议定' })
    detail.choose(11, 'reject')
    expect(detail.drafts.get(11)).toMatchObject({ action: 'reject', note: '会上议定' })
    detail.choose(12, 'dispatch')
    detail.choose(13, 'call')
    detail.choose(13, null)
    expect(detail.chosen.map((c) => c.item.orderId)).toEqual([11, 12])
    expect(detail.validate()).toBe(1)
    expect(detail.problems.get(12)).toBe('请选择派单对象')
    // The problem goes as soon as it is fixed.
    detail.editDraft(12, { assigneeId: 7 })
    expect(detail.problems.has(12)).toBe(false)
  })

  test('all chosen decisions go at once in agenda order; each is shown applied or refused, and the meeting is read again', async () => {
    let decided = false
    const api = meetingApi({
      getMeeting: fake('getMeeting', async (id) =>
        decided
          ? meeting(id, {
              decidedCount: 2,
              agenda: [
                item(11, { status: 'open', decision: { action: 'publish', note: null, at: '2026-11-25T03:00:00.000Z' } }),
                item(12, { status: 'cancelled' }),
                item(13, { status: 'open', decision: { action: 'call', note: null, at: '2026-11-25T03:00:00.000Z' } }),
              ],
            })
          : meeting(id),
      ),
      decideMeeting: fake('decideMeeting', async () => {
        decided = true
        return {
          results: [
            { orderId: 11, applied: true, status: 'open', code: null, message: null },
            { orderId: 12, applied: false, status: 'cancelled', code: 'conflict', message: '订单已结束，不能再操作' },
            { orderId: 13, applied: true, status: 'open', code: null, message: null },
          ],
        }
      }),
    })
    const store = new MeetingStore(api)
    await store.list.refresh()
    api.listMeetings.mockResolvedValueOnce([summary(meeting(1))])
    await store.load(1)
    const detail = store.detail(1)
    detail.choose(13, 'call')
    detail.editDraft(13, { slots: [{ kind: 'party_members', headcount: 1 }] })
    detail.choose(12, 'reject')
    detail.editDraft(12, { note: '不属于社区服务范围' })
    detail.choose(11, 'publish')
    expect(detail.validate()).toBe(0)

    const outcomes = await store.applyDecisions(1)
    expect(api.decideMeeting).toHaveBeenCalledWith(1, {
      decisions: [
        { orderId: 11, action: 'publish' },
        { orderId: 12, action: 'reject', note: '不属于社区服务范围' },
        { orderId: 13, action: 'call', slots: [{ kind: 'party_members', headcount: 1 }] },
      ],
    })
    expect(outcomes?.map((o) => [o.orderId, o.action, o.applied, o.status])).toEqual([
      [11, 'publish', true, 'open'],
      [12, 'reject', false, 'cancelled'],
      [13, 'call', true, 'open'],
    ])
    expect(detail.outcomes.get(12)).toMatchObject({ applied: false, message: '订单已结束，不能再操作' })
    expect(detail.drafts.size).toBe(0)
    expect(detail.openItems).toEqual([])
    expect(detail.meeting?.agenda.map((a) => a.decision?.action ?? null)).toEqual(['publish', null, 'call'])
    expect(store.list.find(1)?.decidedCount).toBe(2)
    expect(detail.deciding).toBe(false)
  })

  test('a decision refused while its order still waits keeps its choice for another try', async () => {
    const api = meetingApi({
      decideMeeting: fake('decideMeeting', async () => ({
        results: [{ orderId: 11, applied: false, status: 'submitted', code: 'invalid_input', message: '请选择派单对象' }],
      })),
    })
    const store = new MeetingStore(api)
    await store.load(1)
    const detail = store.detail(1)
    detail.choose(11, 'dispatch')
    detail.editDraft(11, { assigneeId: 99 })
    await store.applyDecisions(1)
    expect(detail.outcomes.get(11)).toMatchObject({ applied: false, message: '请选择派单对象' })
    expect(detail.drafts.get(11)).toMatchObject({ action: 'dispatch', assigneeId: 99 })
  })

  test('nothing chosen sends nothing; a failed request changes nothing and rethrows; one send at a time', async () => {
    let release!: () => void
    const api = meetingApi({
      decideMeeting: fake('decideMeeting', () => new Promise((_resolve, reject) => (release = () => reject(new ApiRequestError(404, 'not_found', '会议不存在或无权查看'))))),
    })
    const store = new MeetingStore(api)
    await store.load(1)
    expect(await store.applyDecisions(1)).toBeNull()
    const detail = store.detail(1)
    detail.choose(11, 'publish')
    const sending = store.applyDecisions(1)
    expect(await store.applyDecisions(1)).toBeNull()
    release()
    await expect(sending).rejects.toThrow('会议不存在或无权查看')
    expect(api.decideMeeting).toHaveBeenCalledTimes(1)
    expect([detail.drafts.size, detail.outcomes.size, detail.deciding]).toEqual([1, 0, false])
  })
})

describe('a change of identity', () => {
  const COMMITTEE: IdentityDto = {
    membershipId: 31, role: 'committee', status: 'active', orgId: 2, orgPath: '/1/2/', orgName: '阳光街道 · 阳光社区大党委',
    communityPath: '/1/2/', teamName: null, householdId: null, householdAddress: null, workUnitName: null,
    teamId: null, workUnitId: null, leadsTeamId: null,
  }
  const RESIDENT: IdentityDto = { ...COMMITTEE, membershipId: 32, role: 'resident', orgPath: '/1/2/3/', householdId: 5, householdAddress: '3号楼' }
  const me = (acting: IdentityDto): MeDto => ({ id: 7, name: '王书记', phone: '138****0001', consented: true, acting, identities: [COMMITTEE, RESIDENT] })

  /** Every fetcher a jest mock, as test/unit/root-store.test.ts builds the whole API. */
  function wholeApi(answers: Partial<Record<keyof Api, (...args: never[]) => unknown>>): Api {
    const cache: Record<string, jest.Mock> = {}
    return new Proxy({}, { get: (_target, name: string) => (cache[name] ??= jest.fn(answers[name as keyof Api] ?? (async () => undefined))) }) as Api
  }

  test('the meetings of the previous identity are forgotten', async () => {
    const api = wholeApi({
      getMe: async () => me(COMMITTEE),
      actAs: async () => me(RESIDENT),
      listMeetings: async () => [summary(meeting(1))],
      getMeeting: async () => meeting(1),
      listCategories: async () => [],
    })
    const stores = new RootStore(api, { get: () => 'token', set: () => {}, remove: () => {} }, { apiBase: '', demoLogin: false, pickPhotos: async () => [] })
    await stores.session.restore()
    await stores.meetings.list.refresh()
    await stores.meetings.load(1)
    stores.meetings.detail(1).choose(11, 'publish')
    const list = stores.meetings.list
    expect(list.items).toHaveLength(1)

    await stores.switchIdentity(32)
    expect(stores.meetings.list).not.toBe(list)
    expect(stores.meetings.list.loaded).toBe(false)
    expect(stores.meetings.detail(1).meeting).toBeNull()
    expect(stores.meetings.detail(1).drafts.size).toBe(0)
  })
})
