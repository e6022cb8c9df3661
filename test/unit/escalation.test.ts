/**
 * Escalation as the job will write it: which levels are due on a timeline, the entry and the
 * notice of each, hand-written per case with an injected clock (src/domain/escalation.ts).
 */
import { DEFAULT_CLOCK_TARGETS, clockAlertText, escalationMarks, escalationsOf, formatMinutes, remindersOf, spanText, type TimelineEntry } from '@/domain'

const T0 = new Date('2026-11-24T00:00:00.000Z')
const GRID = '/9/1/2/5/'
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000)
const entry = (event: TimelineEntry['event'], from: TimelineEntry['from'], to: TimelineEntry['to'], minutes: number, payload: TimelineEntry['payload'] = null): TimelineEntry => ({
  event,
  from,
  to,
  actorId: 1,
  actorRole: 'resident',
  note: null,
  rating: null,
  assigneeId: null,
  photos: [],
  payload,
  at: at(minutes).toISOString(),
})
const placed = [entry('submit', null, 'submitted', 0)]
const emergency = DEFAULT_CLOCK_TARGETS.emergency
const levels = (timeline: TimelineEntry[], minutes: number) => escalationsOf(timeline, GRID, emergency, at(minutes)).map((e) => e.entry.payload)

test('an emergency left in the queue goes up one level per quarter hour past its 30 minutes', () => {
  expect(levels(placed, 30)).toEqual([])
  expect(levels(placed, 31)).toEqual([{ kind: 'escalated', clock: 'response', round: 0, level: 'grid' }])
  // Run late: every level now due, in order, none skipped.
  expect(levels(placed, 61).map((p) => p?.kind === 'escalated' && p.level)).toEqual(['grid', 'compound', 'community'])
})

test('what is on the timeline already is not escalated again', () => {
  const [grid] = escalationsOf(placed, GRID, emergency, at(31))
  const after = [...placed, grid.entry]
  expect(escalationMarks(after)).toEqual([{ clock: 'response', round: 0, level: 'grid' }])
  expect(levels(after, 40)).toEqual([])
  expect(levels(after, 46)).toEqual([{ kind: 'escalated', clock: 'response', round: 0, level: 'compound' }])
})

test('each escalation is a system line on the timeline, status unchanged, and a message to the people of that level', () => {
  const [grid] = escalationsOf(placed, GRID, emergency, at(31))
  expect(grid.entry).toMatchObject({ event: 'escalate', from: 'submitted', to: 'submitted', actorRole: 'system', note: '超过受理时限（30 分钟），已上报网格', at: at(31).toISOString() })
  expect(grid.notice).toEqual({ kind: 'escalated', audience: { kind: 'level', orgPath: GRID, roles: ['grid_worker'] } })
  const street = escalationsOf(placed, GRID, emergency, at(76)).at(-1)!
  expect(street.notice).toEqual({ kind: 'escalated', audience: { kind: 'level', orgPath: '/9/', roles: ['street_admin'] } })
  // A community without a street above it: recorded, nobody to tell.
  const noStreet = escalationsOf(placed, '/1/2/5/', emergency, at(76)).at(-1)!
  expect([noStreet.entry.payload, noStreet.notice]).toEqual([{ kind: 'escalated', clock: 'response', round: 0, level: 'street' }, null])
})

test('dispatched in time, the response clock stops; the completion clock escalates on its own target', () => {
  const dispatched = [...placed, entry('dispatch', 'submitted', 'assigned', 10)]
  expect(levels(dispatched, 100)).toEqual([])
  expect(levels(dispatched, 121)).toEqual([{ kind: 'escalated', clock: 'completion', round: 0, level: 'grid' }])
  expect(escalationsOf(dispatched, GRID, emergency, at(121))[0].entry.note).toBe('超过办结时限（2 小时），已上报网格')
})

test('parked or awaiting confirmation: nothing escalates', () => {
  expect(levels([...placed, entry('park', 'submitted', 'parked', 5)], 600)).toEqual([])
  expect(levels([...placed, entry('dispatch', 'submitted', 'assigned', 5), entry('complete', 'assigned', 'completed', 20)], 600)).toEqual([])
})

test('targets read as people say them', () => {
  expect([formatMinutes(30), formatMinutes(120), formatMinutes(1440 * 7), formatMinutes(90)]).toEqual(['30 分钟', '2 小时', '7 天', '90 分钟'])
})

test('a clock alert in words: how late, or how long is left', () => {
  const dueAt = at(30).toISOString()
  expect(clockAlertText({ state: 'due_soon', clock: 'response', dueAt }, at(24))).toBe('距受理时限还剩 6 分钟')
  expect(clockAlertText({ state: 'overdue', clock: 'response', dueAt }, at(42))).toBe('受理已超时 12 分钟')
  expect(clockAlertText({ state: 'overdue', clock: 'completion', dueAt }, at(30 + 185))).toBe('办结已超时 3 小时 5 分钟')
  expect(clockAlertText({ state: 'overdue', clock: 'completion', dueAt }, at(30 + 2 * 1440 + 240))).toBe('办结已超时 2 天 4 小时')
  // Due soon a moment ago, overdue by the time it is shown: said as it is.
  expect(clockAlertText({ state: 'due_soon', clock: 'response', dueAt }, at(31))).toBe('受理已超时 1 分钟')
  expect([spanText(0), spanText(60 * 60_000), spanText(1440 * 60_000)]).toEqual(['1 分钟', '1 小时', '1 天'])
})

describe('reminders before anything is late', () => {
  const facts = (parts: { slotId: number; userId: number; status: 'joined' | 'started' | 'invited' }[] = []) => ({
    orgPath: GRID,
    slots: [{ id: 1, kind: 'hall' as const, headcount: 2, unitId: null, open: true }],
    parts,
  })
  const committees = { kind: 'committees', orgPath: GRID }

  test('at 80 % of the response target, the committees are warned while the order waits for them', () => {
    expect(remindersOf(7, facts(), placed, emergency, at(23))).toEqual([])
    expect(remindersOf(7, facts(), placed, emergency, at(24))).toEqual([{ notice: { kind: 'due_soon', audience: committees }, onceKey: 'due_soon:7:response:0' }])
  })

  test('at 80 % of the completion target, whoever took it is warned, not who was only invited', () => {
    const taken = [...placed, entry('publish', 'submitted', 'open', 5), entry('claim', 'open', 'accepted', 10)]
    const holders = facts([
      { slotId: 1, userId: 20, status: 'joined' },
      { slotId: 1, userId: 21, status: 'invited' },
    ])
    expect(remindersOf(7, holders, taken, emergency, at(95))).toEqual([])
    expect(remindersOf(7, holders, taken, emergency, at(96))).toEqual([{ notice: { kind: 'due_soon', audience: { kind: 'users', userIds: [20] } }, onceKey: 'due_soon:7:completion:0' }])
  })

  test('left in the hall longer than its response target: flagged to the committees, keyed by its stay there', () => {
    const inHall = [...placed, entry('publish', 'submitted', 'open', 5)]
    expect(remindersOf(7, facts(), inHall, emergency, at(35))).toEqual([])
    expect(remindersOf(7, facts(), inHall, emergency, at(36))).toEqual([
      { notice: { kind: 'stale_in_hall', audience: committees }, onceKey: `stale_in_hall:7:${at(5).toISOString()}` },
    ])
  })
})
