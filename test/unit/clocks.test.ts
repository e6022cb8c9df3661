/**
 * The SLA clocks (src/domain/clocks.ts) with an injected clock: every instant is fixed and every
 * expectation is written out by hand (minutes, ISO instants), never computed from the module.
 */
import fc from 'fast-check'
import {
  AUTO_CLOSE_DAYS,
  CONFIRMATION_TARGET_MINUTES,
  DEFAULT_CLOCK_TARGETS,
  ESCALATION_LEVELS,
  ESCALATION_LEVEL_LABELS,
  ORDER_STATUSES,
  autoCloseDue,
  clockBadge,
  clockOf,
  clockTargetsProblem,
  confirmationClock,
  escalationPath,
  escalationsDue,
  hallWaitOf,
  staleInHall,
  statusDurations,
  targetsFor,
  warningDue,
  type ClockMark,
  type ClockMode,
  type ClockOverrides,
  type ClockReading,
  type ClockTargets,
  type EscalationLevel,
  type EscalationMark,
  type OrderEvent,
  type OrderStatus,
  type TimelineEntry,
} from '@/domain'

const MIN = 60_000
const HOUR = 60 * MIN
const DAY = 24 * HOUR

/** 2025-03-01 at `hhmm` (UTC), or `d` days later. */
const t = (hhmm: string, d = 0) => new Date(Date.parse(`2025-03-01T${hhmm}:00.000Z`) + d * DAY)
const iso = (hhmm: string, d = 0) => t(hhmm, d).toISOString()

function entry(event: OrderEvent, from: OrderStatus | null, to: OrderStatus, at: string): TimelineEntry {
  return { event, from, to, actorId: 1, actorRole: 'committee', note: null, rating: null, assigneeId: null, photos: [], payload: null, at }
}
const submitted = (at = iso('08:00')) => entry('submit', null, 'submitted', at)

const EMERGENCY: ClockTargets = { responseMinutes: 30, completionMinutes: 120 }
const URGENT: ClockTargets = { responseMinutes: 120, completionMinutes: 1440 }
const NORMAL: ClockTargets = { responseMinutes: 1440, completionMinutes: 10080 }

describe('targets', () => {
  test('defaults per urgency: 30 min / 2 h, 2 h / 24 h, 24 h / 7 days', () => {
    expect(DEFAULT_CLOCK_TARGETS).toEqual({ emergency: EMERGENCY, urgent: URGENT, normal: NORMAL })
  })

  const overrides: ClockOverrides = {
    meals: { normal: { responseMinutes: 60, completionMinutes: 600 } },
    '*': { normal: { responseMinutes: 240, completionMinutes: 2880 }, urgent: { responseMinutes: 90, completionMinutes: 720 } },
    repairs: { urgent: { responseMinutes: 0, completionMinutes: 60 } },
  }
  test.each<[string, 'emergency' | 'urgent' | 'normal', ClockTargets]>([
    ['meals', 'normal', { responseMinutes: 60, completionMinutes: 600 }], // the service's own
    ['meals', 'urgent', { responseMinutes: 90, completionMinutes: 720 }], // the community-wide one
    ['medical', 'normal', { responseMinutes: 240, completionMinutes: 2880 }],
    ['meals', 'emergency', EMERGENCY], // no override at all: the default
    ['repairs', 'urgent', { responseMinutes: 90, completionMinutes: 720 }], // an invalid override is skipped
  ])('targetsFor(%s, %s)', (code, urgency, expected) => {
    expect(targetsFor(overrides, code, urgency)).toEqual(expected)
  })

  test('no overrides: the defaults', () => {
    expect(targetsFor({}, 'meals', 'urgent')).toEqual(URGENT)
  })

  test.each<[number, number, string | null]>([
    [30, 120, null],
    [60, 60, null], // completion may equal response
    [1, 129_600, null], // exactly 90 days
    [0, 120, '受理时限须为至少 1 分钟的整数分钟'],
    [-5, 120, '受理时限须为至少 1 分钟的整数分钟'],
    [1.5, 120, '受理时限须为至少 1 分钟的整数分钟'],
    [Number.NaN, 120, '受理时限须为至少 1 分钟的整数分钟'],
    [30, 0, '办结时限须为至少 1 分钟的整数分钟'],
    [30, 90.5, '办结时限须为至少 1 分钟的整数分钟'],
    [120, 60, '办结时限不能短于受理时限'],
    [30, 129_601, '时限最长 90 天'],
  ])('clockTargetsProblem(%p, %p)', (responseMinutes, completionMinutes, message) => {
    expect(clockTargetsProblem({ responseMinutes, completionMinutes })).toBe(message)
  })
})

/** Submitted 08:00, dispatched 08:20, accepted 09:00, started 10:00, a progress note 11:00, completed 12:00. */
const LOOP = [
  submitted(),
  entry('dispatch', 'submitted', 'assigned', iso('08:20')),
  entry('accept', 'assigned', 'accepted', iso('09:00')),
  entry('start', 'accepted', 'in_progress', iso('10:00')),
  entry('progress', 'in_progress', 'in_progress', iso('11:00')),
  entry('complete', 'in_progress', 'completed', iso('12:00')),
]

describe('statusDurations', () => {
  test('time in each status from the timeline, a self-transition included in its status', () => {
    const zero = Object.fromEntries(ORDER_STATUSES.map((s) => [s, 0]))
    expect(statusDurations(LOOP, t('14:00'))).toEqual({
      ...zero,
      submitted: 20 * MIN,
      assigned: 40 * MIN,
      accepted: 60 * MIN,
      in_progress: 120 * MIN,
      completed: 120 * MIN,
    })
  })

  test('a status visited twice adds up; nothing after `now` counts', () => {
    const timeline = [
      submitted(),
      entry('park', 'submitted', 'parked', iso('08:10')),
      entry('revisit', 'parked', 'submitted', iso('08:00', 3)),
      entry('publish', 'submitted', 'open', iso('08:30', 3)),
    ]
    const durations = statusDurations(timeline, t('09:00', 3))
    expect([durations.submitted, durations.parked, durations.open]).toEqual([40 * MIN, 3 * DAY - 10 * MIN, 30 * MIN])
    expect(statusDurations(timeline, t('08:05')).submitted).toBe(5 * MIN)
    expect(statusDurations(timeline, t('08:05')).parked).toBe(0)
  })
})

/** One order in each status, straight from the submission: the mode of each clock, by hand. */
const MODES: Record<OrderStatus, [response: ClockMode, completion: ClockMode, confirmation: ClockMode]> = {
  submitted: ['running', 'running', 'stopped'],
  reopened: ['running', 'running', 'stopped'],
  assigned: ['stopped', 'running', 'stopped'],
  open: ['stopped', 'running', 'stopped'],
  accepted: ['stopped', 'running', 'stopped'],
  in_progress: ['stopped', 'running', 'stopped'],
  parked: ['paused', 'paused', 'stopped'],
  completed: ['stopped', 'paused', 'running'],
  closed: ['stopped', 'stopped', 'stopped'],
  rejected: ['stopped', 'stopped', 'stopped'],
  cancelled: ['stopped', 'stopped', 'stopped'],
  merged: ['stopped', 'stopped', 'stopped'],
}

describe('which clock runs where', () => {
  test.each(ORDER_STATUSES)('%s', (status) => {
    const timeline = status === 'submitted' ? [submitted()] : [submitted(), entry('progress', 'submitted', status, iso('08:10'))]
    const { response, completion } = clockOf(timeline, NORMAL, t('09:00'))
    expect([response.mode, completion.mode, confirmationClock(timeline, t('09:00')).mode]).toEqual(MODES[status])
  })
})

describe('pauses', () => {
  test('parked for 3 days does not count on either clock', () => {
    const timeline = [
      submitted(),
      entry('park', 'submitted', 'parked', iso('08:10')),
      entry('revisit', 'parked', 'submitted', iso('08:10', 3)),
      entry('dispatch', 'submitted', 'assigned', iso('08:30', 3)),
    ]
    const { response, completion } = clockOf(timeline, NORMAL, t('09:30', 3))
    expect(response).toMatchObject({ mode: 'stopped', elapsedMs: 30 * MIN, state: 'met' })
    expect(completion).toMatchObject({ mode: 'running', elapsedMs: 90 * MIN, state: 'ok' })
  })

  test('while parked: paused, no due-at, the elapsed time frozen', () => {
    const timeline = [submitted(), entry('park', 'submitted', 'parked', iso('08:10'))]
    for (const now of [t('08:11'), t('08:10', 60)]) {
      const { response, completion } = clockOf(timeline, EMERGENCY, now)
      expect(response).toMatchObject({ mode: 'paused', elapsedMs: 10 * MIN, dueAt: null, warnAt: null })
      expect(completion).toMatchObject({ mode: 'paused', elapsedMs: 10 * MIN, dueAt: null })
    }
  })

  test('completed awaiting the resident does not count: 5 days later the completion clock still reads 4 h', () => {
    const { completion } = clockOf(LOOP, URGENT, t('12:00', 5))
    expect(completion).toMatchObject({ mode: 'paused', elapsedMs: 4 * HOUR, state: 'ok', dueAt: null })
  })

  test('closed: both clocks stopped, met or missed against their targets', () => {
    const closed = [...LOOP, entry('confirm', 'completed', 'closed', iso('13:00'))]
    const urgent = clockOf(closed, URGENT, t('13:00', 2))
    expect([urgent.response.state, urgent.completion.state]).toEqual(['met', 'met'])
    const emergency = clockOf(closed, EMERGENCY, t('13:00', 2))
    expect([emergency.response.state, emergency.completion.state]).toEqual(['met', 'missed'])
  })
})

describe('reopen and going back to the queue', () => {
  /** LOOP, two days awaiting confirmation, then the resident reopens. */
  const reopened = [...LOOP, entry('reopen', 'completed', 'reopened', iso('12:00', 2))]

  test('a reopen starts a new round of the response clock, from zero', () => {
    const { response } = clockOf(reopened, URGENT, t('12:15', 2))
    expect(response).toMatchObject({ round: 1, mode: 'running', elapsedMs: 15 * MIN, dueAt: iso('14:00', 2) })
  })

  test('a reopen resumes the completion clock with what was spent before', () => {
    const { completion } = clockOf(reopened, URGENT, t('12:15', 2))
    expect(completion).toMatchObject({ round: 0, mode: 'running', elapsedMs: 4 * HOUR + 15 * MIN, dueAt: iso('08:00', 3) })
  })

  test('a recall puts the order back in the queue: the response clock runs on in the same round', () => {
    const timeline = [
      submitted(),
      entry('dispatch', 'submitted', 'assigned', iso('08:20')),
      entry('recall', 'assigned', 'submitted', iso('09:20')),
    ]
    const { response } = clockOf(timeline, EMERGENCY, t('09:35'))
    expect(response).toMatchObject({ round: 0, mode: 'running', elapsedMs: 35 * MIN, state: 'overdue' })
  })
})

describe('states and due-at (urgent response: 2 h, warned at 96 min)', () => {
  const waiting = [submitted()]
  test.each<[string, Date, string]>([
    ['0 %', t('08:00'), 'ok'],
    ['79 %', new Date('2025-03-01T09:34:48.000Z'), 'ok'],
    ['just under 80 %', new Date('2025-03-01T09:35:59.999Z'), 'ok'],
    ['80 %', t('09:36'), 'due_soon'],
    ['100 %', t('10:00'), 'due_soon'],
    ['100 % and 1 ms', new Date('2025-03-01T10:00:00.001Z'), 'overdue'],
    ['a day later', t('10:00', 1), 'overdue'],
  ])('running at %s: %s', (_label, now, state) => {
    const { response } = clockOf(waiting, URGENT, now)
    expect(response.state).toBe(state)
    // Running, the due instants do not move as time passes.
    expect([response.dueAt, response.warnAt]).toEqual([iso('10:00'), iso('09:36')])
  })

  test.each<[string, string]>([
    ['2025-03-01T09:36:00.000Z', 'met'],
    ['2025-03-01T10:00:00.000Z', 'met'],
    ['2025-03-01T10:00:00.001Z', 'missed'],
  ])('dispatched at %s: %s', (dispatchedAt, state) => {
    const timeline = [submitted(), entry('dispatch', 'submitted', 'assigned', dispatchedAt)]
    expect(clockOf(timeline, URGENT, t('12:00', 1)).response).toMatchObject({ mode: 'stopped', state, dueAt: null })
  })

  test('remaining and fraction at 90 min: 30 min left, 75 % used', () => {
    expect(clockOf(waiting, URGENT, t('09:30')).response).toMatchObject({ targetMs: 2 * HOUR, remainingMs: 30 * MIN, fraction: 0.75 })
  })

  test('due-at after a pause: 30 min before parking and 10 after, so 80 min left', () => {
    const timeline = [submitted(), entry('park', 'submitted', 'parked', iso('08:30')), entry('revisit', 'parked', 'submitted', iso('08:00', 1))]
    expect(clockOf(timeline, URGENT, t('08:10', 1)).response).toMatchObject({ dueAt: iso('09:30', 1), warnAt: iso('09:06', 1) })
  })
})

/** A running emergency response clock (30 min) read `minutes` after submission. */
const emergencyResponse = (minutes: number) => clockOf([submitted()], EMERGENCY, new Date(t('08:00').getTime() + minutes * MIN)).response
const marks = (levels: EscalationLevel[], clock: 'response' | 'completion' = 'response', round = 0): EscalationMark[] =>
  levels.map((level) => ({ clock, round, level }))

describe('escalation', () => {
  test('levels and their labels, bottom up', () => {
    expect(ESCALATION_LEVELS).toEqual(['grid', 'compound', 'community', 'street'])
    expect(ESCALATION_LEVELS.map((l) => ESCALATION_LEVEL_LABELS[l])).toEqual(['网格', '小区党支部', '社区党委', '街道'])
  })

  test.each<[number, EscalationLevel[], EscalationLevel[]]>([
    [29, [], []],
    [30, [], []], // at the target: not yet breached
    [30.001, [], ['grid']],
    [44, ['grid'], []],
    [45.001, ['grid'], ['compound']],
    [45.001, [], ['grid', 'compound']], // a late job still goes through every level
    [46, ['grid', 'compound'], []], // nothing repeats
    [60.001, ['grid', 'compound'], ['community']],
    [75.001, ['grid', 'compound', 'community'], ['street']],
    [600, [], ['grid', 'compound', 'community', 'street']],
    [600, ['grid', 'compound', 'community', 'street'], []], // capped at the street
    [61, ['community'], []], // never back down below a level already reached
    [76, ['community'], ['street']],
  ])('%p min after submission, already %j: %j', (minutes, already, expected) => {
    expect(escalationsDue(emergencyResponse(minutes), marks(already))).toEqual(expected)
  })

  test('minute by minute, one level at a time: 31, 46, 61, 76 min, then nothing', () => {
    const sent: EscalationMark[] = []
    const log: [number, EscalationLevel][] = []
    for (let minute = 0; minute <= 300; minute++) {
      for (const level of escalationsDue(emergencyResponse(minute), sent)) {
        sent.push({ clock: 'response', round: 0, level })
        log.push([minute, level])
      }
    }
    expect(log).toEqual([
      [31, 'grid'],
      [46, 'compound'],
      [61, 'community'],
      [76, 'street'],
    ])
  })

  test('marks of another clock or an earlier round do not count', () => {
    expect(escalationsDue(emergencyResponse(31), marks(['grid'], 'completion'))).toEqual(['grid'])
    const reopened = [
      submitted(),
      entry('dispatch', 'submitted', 'assigned', iso('08:10')),
      entry('progress', 'assigned', 'completed', iso('09:00')),
      entry('reopen', 'completed', 'reopened', iso('10:00')),
    ]
    const { response } = clockOf(reopened, EMERGENCY, t('10:31'))
    expect(escalationsDue(response, marks(['grid', 'compound', 'community', 'street'], 'response', 0))).toEqual(['grid'])
    expect(escalationsDue(response, marks(['grid'], 'response', 1))).toEqual([])
  })

  test('paused, stopped and confirmation clocks never escalate', () => {
    const parked = [submitted(), entry('park', 'submitted', 'parked', iso('09:00'))]
    expect(escalationsDue(clockOf(parked, EMERGENCY, t('12:00')).response, [])).toEqual([])
    const dispatchedLate = [submitted(), entry('dispatch', 'submitted', 'assigned', iso('12:00'))]
    expect(escalationsDue(clockOf(dispatchedLate, EMERGENCY, t('13:00')).response, [])).toEqual([])
    expect(escalationsDue(confirmationClock(LOOP, t('12:00', 30)), [])).toEqual([])
  })

  test.each<[string, EscalationLevel, string | null]>([
    ['/1/2/5/', 'grid', '/1/2/5/'],
    ['/1/2/5/', 'compound', '/1/2/'],
    ['/1/2/5/', 'community', '/1/'],
    ['/1/2/5/', 'street', null], // a community without a street
    ['/9/1/2/5/', 'street', '/9/'],
    ['/9/1/2/5/', 'community', '/9/1/'],
    ['/10/2/5/', 'community', '/10/'],
    ['1/2/5', 'grid', null], // not an org path
    ['', 'grid', null],
  ])('escalationPath(%s, %s)', (gridPath, level, expected) => {
    expect(escalationPath(gridPath, level)).toBe(expected)
  })
})

describe('warnings', () => {
  const reading = (minutes: number) => clockOf([submitted()], URGENT, new Date(t('08:00').getTime() + minutes * MIN)).response
  test.each<[string, ClockReading, ClockMark[], boolean]>([
    ['ok', reading(95), [], false],
    ['due soon', reading(96), [], true],
    ['due soon, warned', reading(100), [{ clock: 'response', round: 0 }], false],
    ['due soon, the other clock warned', reading(100), [{ clock: 'completion', round: 0 }], true],
    ['due soon, warned in another round', reading(100), [{ clock: 'response', round: 1 }], true],
    ['overdue: escalation speaks instead', reading(121), [], false],
  ])('%s', (_label, clock, warned, expected) => {
    expect(warningDue(clock, warned)).toBe(expected)
  })

  test('a paused clock past 80 % is not warned', () => {
    const parked = [submitted(), entry('park', 'submitted', 'parked', iso('09:50'))]
    expect(warningDue(clockOf(parked, URGENT, t('10:00', 1)).response, [])).toBe(false)
  })

  test('minute by minute: warned once, at 96 min', () => {
    const warned: ClockMark[] = []
    const at: number[] = []
    for (let minute = 0; minute <= 200; minute++) {
      const clock = reading(minute)
      if (warningDue(clock, warned)) {
        warned.push({ clock: clock.clock, round: clock.round })
        at.push(minute)
      }
    }
    expect(at).toEqual([96])
  })
})

describe('list badge', () => {
  test.each<[string, TimelineEntry[], ClockTargets, Date, 'overdue' | 'due_soon' | null]>([
    ['in the queue, in time', [submitted()], URGENT, t('09:00'), null],
    ['in the queue, 80 %', [submitted()], URGENT, t('09:36'), 'due_soon'],
    ['in the queue, overdue', [submitted()], URGENT, t('10:01'), 'overdue'],
    // Response met at 08:20, completion (24 h) at 90 %: the badge follows the running clock.
    ['working, completion due soon', LOOP.slice(0, 4), URGENT, new Date('2025-03-02T05:36:00.000Z'), 'due_soon'],
    ['working, completion overdue', LOOP.slice(0, 4), URGENT, t('08:01', 1), 'overdue'],
    ['awaiting confirmation, completion overdue before: no badge', LOOP, EMERGENCY, t('12:00', 3), null],
    ['parked past the response target: no badge', [submitted(), entry('park', 'submitted', 'parked', iso('09:00'))], EMERGENCY, t('12:00'), null],
  ])('%s', (_label, timeline, targets, now, badge) => {
    expect(clockBadge(clockOf(timeline, targets, now))).toBe(badge)
  })
})

describe('hall', () => {
  const published = [submitted(), entry('publish', 'submitted', 'open', iso('08:10')), entry('invite', 'open', 'open', iso('08:30'))]

  test('the wait counts from publishing, an invite in between notwithstanding', () => {
    expect(hallWaitOf(published, EMERGENCY, t('08:40'))).toEqual({ since: iso('08:10'), waitedMs: 30 * MIN, limitMs: 30 * MIN, stale: false })
    expect(staleInHall(published, EMERGENCY, t('08:40'))).toBe(false)
    expect(staleInHall(published, EMERGENCY, t('08:41'))).toBe(true)
    expect(staleInHall(published, NORMAL, t('08:41'))).toBe(false)
  })

  test('taken and left again: the wait starts over', () => {
    const timeline = [...published, entry('claim', 'open', 'accepted', iso('08:35')), entry('leave', 'accepted', 'open', iso('09:00'))]
    expect(hallWaitOf(timeline, EMERGENCY, t('09:20'))).toMatchObject({ since: iso('09:00'), waitedMs: 20 * MIN, stale: false })
  })

  test('not in the hall: nothing to flag', () => {
    expect(hallWaitOf(LOOP, EMERGENCY, t('12:00', 9))).toBeNull()
    expect(staleInHall(LOOP, EMERGENCY, t('12:00', 9))).toBe(false)
    expect(hallWaitOf([], EMERGENCY, t('12:00'))).toBeNull()
  })
})

describe('confirmation clock and auto-close', () => {
  test('AUTO_CLOSE_DAYS as a clock: 7 days, 10 080 min', () => {
    expect(AUTO_CLOSE_DAYS).toBe(7)
    expect(CONFIRMATION_TARGET_MINUTES).toBe(10_080)
    expect(confirmationClock(LOOP, t('12:00', 1))).toMatchObject({ clock: 'confirmation', mode: 'running', elapsedMs: DAY, dueAt: iso('12:00', 7) })
  })

  test.each<[string, boolean, Date]>([
    ['6 days', false, t('12:00', 6)],
    ['exactly 7 days', false, t('12:00', 7)],
    ['7 days and 1 ms', true, new Date(t('12:00', 7).getTime() + 1)],
  ])('completed at 12:00, %s later: auto-close due %p', (_label, due, now) => {
    expect(autoCloseDue(LOOP, now)).toBe(due)
  })

  test('completed again after a reopen: a fresh 7 days', () => {
    const timeline = [
      ...LOOP,
      entry('reopen', 'completed', 'reopened', iso('12:00', 6)),
      entry('publish', 'reopened', 'open', iso('13:00', 6)),
      entry('claim', 'open', 'accepted', iso('14:00', 6)),
      entry('start', 'accepted', 'in_progress', iso('15:00', 6)),
      entry('complete', 'in_progress', 'completed', iso('16:00', 6)),
    ]
    expect(confirmationClock(timeline, t('16:00', 10))).toMatchObject({ round: 2, elapsedMs: 4 * DAY })
    expect(autoCloseDue(timeline, t('16:00', 13))).toBe(false)
    expect(autoCloseDue(timeline, t('16:01', 13))).toBe(true)
  })

  test('no longer awaiting confirmation: never due', () => {
    expect(autoCloseDue([...LOOP, entry('confirm', 'completed', 'closed', iso('13:00'))], t('12:00', 30))).toBe(false)
    expect(autoCloseDue(LOOP.slice(0, 5), t('12:00', 30))).toBe(false)
  })
})

describe('properties', () => {
  /** Random status sequences: clocks read statuses, so any sequence is a fair input. */
  const steps = fc.array(fc.record({ status: fc.constantFrom(...ORDER_STATUSES), minutes: fc.integer({ min: 0, max: 3 * 24 * 60 }) }), { maxLength: 12 })
  const build = (seq: { status: OrderStatus; minutes: number }[]) => {
    let at = t('08:00').getTime()
    const timeline = [submitted()]
    for (const { status, minutes } of seq) {
      at += minutes * MIN
      timeline.push(entry(status === 'reopened' ? 'reopen' : 'progress', timeline[timeline.length - 1].to, status, new Date(at).toISOString()))
    }
    return { timeline, lastAt: at }
  }
  const readings = (timeline: TimelineEntry[], now: Date) => {
    const { response, completion } = clockOf(timeline, NORMAL, now)
    return [response, completion, confirmationClock(timeline, now)]
  }

  test('elapsed time never exceeds wall time and never decreases as now advances; due-at holds still', () => {
    fc.assert(
      fc.property(steps, fc.integer({ min: 0, max: 10 * DAY }), fc.integer({ min: 0, max: 10 * DAY }), (seq, later, more) => {
        const { timeline, lastAt } = build(seq)
        const [now1, now2] = [new Date(lastAt + later), new Date(lastAt + later + more)]
        const before = readings(timeline, now1)
        const after = readings(timeline, now2)
        before.forEach((r, i) => {
          expect(r.elapsedMs).toBeGreaterThanOrEqual(0)
          expect(r.elapsedMs).toBeLessThanOrEqual(now1.getTime() - t('08:00').getTime())
          expect(after[i].elapsedMs).toBeGreaterThanOrEqual(r.elapsedMs)
          expect(after[i].dueAt).toBe(r.dueAt)
        })
        const total = Object.values(statusDurations(timeline, now1)).reduce((a, b) => a + b, 0)
        expect(total).toBe(now1.getTime() - t('08:00').getTime())
      }),
    )
  })

  test('pausing (parking instead) never increases elapsed time', () => {
    fc.assert(
      fc.property(steps, fc.array(fc.boolean(), { minLength: 12, maxLength: 12 }), fc.integer({ min: 0, max: 10 * DAY }), (seq, park, later) => {
        const { timeline, lastAt } = build(seq)
        // Same events (so the same rounds), some statuses parked instead.
        const parked = timeline.map((e, i) => (i > 0 && park[i - 1] ? { ...e, to: 'parked' as const } : e))
        const now = new Date(lastAt + later)
        const a = clockOf(timeline, NORMAL, now)
        const b = clockOf(parked, NORMAL, now)
        expect(b.response.elapsedMs).toBeLessThanOrEqual(a.response.elapsedMs)
        expect(b.completion.elapsedMs).toBeLessThanOrEqual(a.completion.elapsedMs)
      }),
    )
  })
})
