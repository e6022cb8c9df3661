/**
 * When the clock job must read an order again (src/domain/escalation.ts `clockSummaryOf`), with an
 * injected clock: the hand-written cases give every instant by hand; the properties check that
 * nothing the job acts on changes before that instant, and that something does at it.
 */
import fc from 'fast-check'
import {
  CLOCKED_STATUSES,
  ORDER_STATUSES,
  clockAlertOf,
  clockChangesAfter,
  clockOf,
  clockSummaryOf,
  escalationsOf,
  remindersOf,
  type ClockTargets,
  type OrderEvent,
  type OrderStatus,
  type TimelineEntry,
} from '@/domain'

const MIN = 60_000
const DAY = 24 * 60 * MIN
const T0 = Date.parse('2025-03-01T08:00:00.000Z')
/** 2025-03-01 at `hhmm` (UTC), plus `ms`. */
const t = (hhmm: string, ms = 0) => new Date(Date.parse(`2025-03-01T${hhmm}:00.000Z`) + ms)
const iso = (hhmm: string, ms = 0) => t(hhmm, ms).toISOString()

function entry(event: OrderEvent, from: OrderStatus | null, to: OrderStatus, at: string, payload: TimelineEntry['payload'] = null): TimelineEntry {
  return { event, from, to, actorId: 1, actorRole: 'committee', note: null, rating: null, assigneeId: null, photos: [], payload, at }
}
const submitted = entry('submit', null, 'submitted', iso('08:00'))
const escalated = (level: 'grid' | 'compound' | 'community' | 'street', at: string, clock: 'response' | 'completion' = 'response'): TimelineEntry =>
  entry('escalate', 'submitted', 'submitted', at, { kind: 'escalated', clock, round: 0, level })

const EMERGENCY: ClockTargets = { responseMinutes: 30, completionMinutes: 120 }
const URGENT: ClockTargets = { responseMinutes: 120, completionMinutes: 1440 }
const NORMAL: ClockTargets = { responseMinutes: 1440, completionMinutes: 10080 }

test('the clocked statuses: the queue and every status someone works in', () => {
  expect(CLOCKED_STATUSES).toEqual(['submitted', 'assigned', 'open', 'accepted', 'in_progress', 'reopened'])
})

describe('an emergency in the queue (response 30 min, completion 2 h), submitted 08:00', () => {
  test.each<[string, Date, TimelineEntry[], ReturnType<typeof clockSummaryOf>]>([
    ['just placed: next at the warning, 08:24', t('08:00'), [], { alert: null, dueAt: iso('08:30'), nextCheckAt: iso('08:24') }],
    ['08:23:59.999: still the warning', t('08:23', 59_999), [], { alert: null, dueAt: iso('08:30'), nextCheckAt: iso('08:24') }],
    ['at the warning: next the first ms past the target', t('08:24'), [], { alert: 'due_soon', dueAt: iso('08:30'), nextCheckAt: iso('08:30', 1) }],
    ['exactly at the target: still due soon', t('08:30'), [], { alert: 'due_soon', dueAt: iso('08:30'), nextCheckAt: iso('08:30', 1) }],
    ['overdue, grid escalated: next level at 45 min', t('08:31'), [escalated('grid', iso('08:31'))], { alert: 'overdue', dueAt: iso('08:30'), nextCheckAt: iso('08:45', 1) }],
    // The job writes what is due now itself: the next instant is the same whether or not it is on the timeline yet.
    ['overdue, nothing escalated yet: the same', t('08:31'), [], { alert: 'overdue', dueAt: iso('08:30'), nextCheckAt: iso('08:45', 1) }],
    ['community reached early: the street next', t('08:31'), [escalated('community', iso('08:31'))], { alert: 'overdue', dueAt: iso('08:30'), nextCheckAt: iso('09:15', 1) }],
    // Street reached: the response clock has nothing left to say; the completion clock warns at 96 min.
    ['at the street: the completion warning next', t('09:16'), [escalated('street', iso('09:16'))], { alert: 'overdue', dueAt: iso('08:30'), nextCheckAt: iso('09:36') }],
  ])('%s', (_label, now, escalations, expected) => {
    expect(clockSummaryOf([submitted, ...escalations], EMERGENCY, now)).toEqual(expected)
  })
})

test('published 08:10: the hall wait turns stale the first ms past 30 min, before the completion warning', () => {
  const published = [submitted, entry('publish', 'submitted', 'open', iso('08:10'))]
  expect(clockSummaryOf(published, EMERGENCY, t('08:11'))).toEqual({ alert: null, dueAt: iso('10:00'), nextCheckAt: iso('08:40', 1) })
  // Stale (flagged once): next is the completion warning at 09:36.
  expect(clockSummaryOf(published, EMERGENCY, t('08:41'))).toEqual({ alert: null, dueAt: iso('10:00'), nextCheckAt: iso('09:36') })
})

test('a pause moves the instants: 30 min parked, the urgent response warning comes 30 min later', () => {
  const timeline = [submitted, entry('park', 'submitted', 'parked', iso('08:30')), entry('revisit', 'parked', 'submitted', iso('09:00'))]
  expect(clockSummaryOf(timeline, URGENT, t('09:00'))).toEqual({ alert: null, dueAt: iso('10:30'), nextCheckAt: iso('10:06') })
})

test.each<[string, TimelineEntry[]]>([
  ['parked', [submitted, entry('park', 'submitted', 'parked', iso('08:10'))]],
  ['awaiting confirmation', [submitted, entry('dispatch', 'submitted', 'assigned', iso('08:10')), entry('complete', 'assigned', 'completed', iso('09:00'))]],
  ['closed', [submitted, entry('reject', 'submitted', 'rejected', iso('08:10'))]],
])('%s: no clock runs, nothing to check until a transition', (_label, timeline) => {
  expect(clockSummaryOf(timeline, EMERGENCY, t('12:00'))).toEqual({ alert: null, dueAt: null, nextCheckAt: null })
})

test('clockChangesAfter: a paused clock has none; a running one its warning, breach and levels', () => {
  const parked = clockOf([submitted, entry('park', 'submitted', 'parked', iso('08:10'))], EMERGENCY, t('08:20'))
  expect(clockChangesAfter(parked.response, [], t('08:20'))).toEqual([])
  const waiting = clockOf([submitted], EMERGENCY, t('08:00'))
  expect(clockChangesAfter(waiting.response, [], t('08:00')).map((ms) => new Date(ms).toISOString())).toEqual([
    iso('08:24'),
    iso('08:30', 1),
    iso('08:30', 1),
    iso('08:45', 1),
    iso('09:00', 1),
    iso('09:15', 1),
  ])
})

describe('properties', () => {
  const TARGETS = [EMERGENCY, URGENT, NORMAL]
  /** Random status sequences (any is a fair input to the clocks), a few minutes to days apart. */
  const steps = fc.array(fc.record({ status: fc.constantFrom(...ORDER_STATUSES), minutes: fc.integer({ min: 0, max: 2 * 24 * 60 }) }), { maxLength: 8 })
  const build = (seq: { status: OrderStatus; minutes: number }[]) => {
    let at = T0
    const timeline = [submitted]
    for (const { status, minutes } of seq) {
      at += minutes * MIN
      timeline.push(entry(status === 'reopened' ? 'reopen' : 'progress', timeline[timeline.length - 1].to, status, new Date(at).toISOString()))
    }
    return { timeline, lastAt: at }
  }
  const GRID = '/9/1/2/5/'
  const facts = { orgPath: GRID, slots: [], parts: [] }
  /** What the job acts on at `now`: the badge, the escalations due, the reminders (by occasion). */
  const observed = (timeline: TimelineEntry[], targets: ClockTargets, now: Date) => ({
    alert: clockAlertOf(clockOf(timeline, targets, now)),
    escalations: escalationsOf(timeline, GRID, targets, now).map((e) => e.entry.payload),
    reminders: remindersOf(1, facts, timeline, targets, now).map((r) => r.onceKey),
  })
  /** The job's run at `now`: its escalations are on the timeline afterwards. */
  const afterRun = (timeline: TimelineEntry[], targets: ClockTargets, now: Date) => [...timeline, ...escalationsOf(timeline, GRID, targets, now).map((e) => e.entry)]

  test('before the next check nothing the job acts on changes; at it, something does', () => {
    fc.assert(
      fc.property(steps, fc.constantFrom(...TARGETS), fc.integer({ min: 0, max: 10 * DAY }), fc.double({ min: 0, max: 1, noNaN: true }), (seq, targets, later, where) => {
        const { timeline, lastAt } = build(seq)
        const now = new Date(lastAt + later)
        const summary = clockSummaryOf(timeline, targets, now)
        const written = afterRun(timeline, targets, now)
        const before = observed(written, targets, now)
        // The summary agrees with the badge.
        expect(summary.alert).toBe(before.alert?.state ?? null)
        if (summary.nextCheckAt === null) {
          // Nothing ever changes again (a year on, say) without a transition.
          const far = new Date(now.getTime() + 365 * DAY)
          expect({ ...observed(written, targets, far), escalations: [] }).toEqual({ ...before, escalations: [] })
          expect(observed(written, targets, far).escalations).toEqual([])
          // Where no clock runs, nothing is kept at all.
          if (!CLOCKED_STATUSES.includes(timeline[timeline.length - 1].to)) expect(summary).toEqual({ alert: null, dueAt: null, nextCheckAt: null })
          return
        }
        const next = Date.parse(summary.nextCheckAt)
        expect(next).toBeGreaterThan(now.getTime())
        // Any instant strictly between: the same badge and reminders, no escalation due.
        const between = new Date(now.getTime() + Math.floor((next - 1 - now.getTime()) * where))
        if (between.getTime() > now.getTime()) {
          const mid = observed(written, targets, between)
          expect(mid).toEqual({ ...before, escalations: [] })
          expect(clockSummaryOf(written, targets, between).nextCheckAt).toBe(summary.nextCheckAt)
        }
        // Just before it, still nothing; at it, something new.
        const last = observed(written, targets, new Date(next - 1))
        expect(last).toEqual({ ...before, escalations: [] })
        expect(observed(written, targets, new Date(next))).not.toEqual({ ...before, escalations: [] })
      }),
    )
  })

  test('idempotent: the same timeline, targets and instant give the same summary; escalations written at `now` do not move it', () => {
    fc.assert(
      fc.property(steps, fc.constantFrom(...TARGETS), fc.integer({ min: 0, max: 10 * DAY }), (seq, targets, later) => {
        const { timeline, lastAt } = build(seq)
        const now = new Date(lastAt + later)
        const first = clockSummaryOf(timeline, targets, now)
        expect(clockSummaryOf(timeline, targets, now)).toEqual(first)
        expect(clockSummaryOf(afterRun(timeline, targets, now), targets, now)).toEqual(first)
      }),
    )
  })
})
