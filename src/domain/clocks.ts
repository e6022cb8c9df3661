import type { TimelineEntry } from './order-machine'
import { AUTO_CLOSE_DAYS } from './order-machine'
import { ORDER_STATUSES, type OrderStatus } from './order-status'
import type { Urgency } from './urgency'

/**
 * Response and completion clocks (民呼我应): how long an order has been waiting on the community,
 * read from its timeline alone — never from updated_at, which any event resets. Every function
 * takes `now`, so a job, a list and a test read the same clock.
 */

const MINUTE_MS = 60_000
const DAY_MINUTES = 24 * 60

/** A response target (until the committee dispatched or someone took it) and a completion target, in minutes. */
export interface ClockTargets {
  responseMinutes: number
  completionMinutes: number
}

/** The issue's defaults, close to 12345's norm (emergencies answered within 2 h, ordinary requests done within 7 days). */
export const DEFAULT_CLOCK_TARGETS: Record<Urgency, ClockTargets> = {
  emergency: { responseMinutes: 30, completionMinutes: 2 * 60 },
  urgent: { responseMinutes: 2 * 60, completionMinutes: DAY_MINUTES },
  normal: { responseMinutes: DAY_MINUTES, completionMinutes: 7 * DAY_MINUTES },
}

/** A committee's targets: by service code, then urgency. `ANY_SERVICE` sets them for every service at once. */
export type ClockOverrides = Readonly<Record<string, Partial<Record<Urgency, ClockTargets>>>>
export const ANY_SERVICE = '*'

/** Longer than a quarter is no target at all: a parked order (not a clock) is how the committee says "later". */
export const MAX_TARGET_DAYS = 90

/** The problem with a committee's targets, as a zh-CN sentence, or null. */
export function clockTargetsProblem(targets: ClockTargets): string | null {
  const whole = (n: number) => Number.isInteger(n) && n >= 1
  if (!whole(targets.responseMinutes)) return '受理时限须为至少 1 分钟的整数分钟'
  if (!whole(targets.completionMinutes)) return '办结时限须为至少 1 分钟的整数分钟'
  if (targets.completionMinutes < targets.responseMinutes) return '办结时限不能短于受理时限'
  if (targets.completionMinutes > MAX_TARGET_DAYS * DAY_MINUTES) return `时限最长 ${MAX_TARGET_DAYS} 天`
  return null
}

/**
 * The targets for an order: the committee's for its service, else the committee's for every
 * service, else the defaults. A stored override that fails validation is skipped rather than
 * trusted, so a bad row can never give an order a zero or negative clock.
 */
export function targetsFor(overrides: ClockOverrides, categoryCode: string, urgency: Urgency): ClockTargets {
  const candidates = [overrides[categoryCode]?.[urgency], overrides[ANY_SERVICE]?.[urgency]]
  return candidates.find((t): t is ClockTargets => !!t && clockTargetsProblem(t) === null) ?? DEFAULT_CLOCK_TARGETS[urgency]
}

/** Milliseconds the timeline spent in entry `i`'s status, up to `now`; out-of-order instants count as zero. */
function segmentMs(timeline: readonly TimelineEntry[], i: number, nowMs: number): number {
  const end = i + 1 < timeline.length ? Math.min(Date.parse(timeline[i + 1].at), nowMs) : nowMs
  return Math.max(0, end - Date.parse(timeline[i].at))
}

/** Time spent in each status (ms), from the timeline: each entry's status lasts until the next entry (or `now`). */
export function statusDurations(timeline: readonly TimelineEntry[], now: Date): Record<OrderStatus, number> {
  const durations = Object.fromEntries(ORDER_STATUSES.map((s) => [s, 0])) as Record<OrderStatus, number>
  timeline.forEach((entry, i) => (durations[entry.to] += segmentMs(timeline, i, now.getTime())))
  return durations
}

export const CLOCK_NAMES = ['response', 'completion', 'confirmation'] as const
export type ClockName = (typeof CLOCK_NAMES)[number]

interface ClockRule {
  runs: readonly OrderStatus[]
  pauses: readonly OrderStatus[]
  /** The entry that starts a fresh count (a new round); the first round starts at the submission. */
  newRound: (entry: TimelineEntry) => boolean
}

/**
 * Where each clock runs; in any other status it is stopped.
 * - response: runs while the order sits in the committee's queue. Dispatch, publish or a call
 *   (→ assigned/open) is the committee's answer and stops it — waiting in the hall is watched by
 *   `hallWaitOf` instead; rejecting or a resident's cancel stops it too. Parked pauses it (the
 *   committee set a revisit day; when it comes back the clock goes on). A recall, release or
 *   decline puts the order back in the queue, so the clock runs on within the same round: the
 *   resident still has nobody. A reopen is a fresh call on the committee: a new round from zero.
 * - completion: runs from submission until the work is done, through every hand-over. Pauses
 *   while the resident is asked to confirm (completed) and while parked. A reopen resumes it
 *   with what was spent: the resident's problem was never solved, so a poor first fix earns no
 *   fresh budget (12345 also counts from the original call). One round for the order's life.
 * - confirmation: AUTO_CLOSE_DAYS for the resident to confirm, fresh each time work is
 *   completed; overdue means auto-close (`autoCloseDue`), the same mechanism as the others.
 */
const CLOCK_RULES: Record<ClockName, ClockRule> = {
  response: { runs: ['submitted', 'reopened'], pauses: ['parked'], newRound: (e) => e.event === 'reopen' },
  completion: {
    runs: ['submitted', 'assigned', 'open', 'accepted', 'in_progress', 'reopened'],
    pauses: ['completed', 'parked'],
    newRound: () => false,
  },
  confirmation: { runs: ['completed'], pauses: [], newRound: (e) => e.to === 'completed' && e.from !== 'completed' },
}

/**
 * Where the response or the completion clock runs: only an order in one of these can be due soon,
 * overdue or escalated. Anywhere else its clocks say nothing new until its next transition.
 */
export const CLOCKED_STATUSES: readonly OrderStatus[] = ORDER_STATUSES.filter(
  (s) => CLOCK_RULES.response.runs.includes(s) || CLOCK_RULES.completion.runs.includes(s),
)

export const CONFIRMATION_TARGET_MINUTES = AUTO_CLOSE_DAYS * DAY_MINUTES

export type ClockMode = 'running' | 'paused' | 'stopped'
/** ok / due_soon (≥ WARNING_PERCENT) / overdue while running or paused; met / missed once stopped. */
export type ClockState = 'ok' | 'due_soon' | 'overdue' | 'met' | 'missed'

/** Share of a target at which the holder is warned (and a list shows 即将超时). */
export const WARNING_PERCENT = 80

export interface ClockReading {
  clock: ClockName
  /** 0 for the first round; warnings and escalations are keyed by clock and round. */
  round: number
  mode: ClockMode
  targetMs: number
  /** Time spent where the clock runs, this round; pauses excluded. */
  elapsedMs: number
  /** Negative once overdue. */
  remainingMs: number
  fraction: number
  /**
   * While running: when the target is reached and when the warning falls due (ISO). Both stay
   * fixed until the next timeline entry, so a server may store them at each transition and
   * filter lists by them. Null while paused or stopped.
   */
  dueAt: string | null
  warnAt: string | null
  state: ClockState
}

function stateOf(mode: ClockMode, elapsedMs: number, targetMs: number): ClockState {
  // On time means within the target: reaching it exactly is still on time (12345's "within 2 h").
  const over = elapsedMs > targetMs
  if (mode === 'stopped') return over ? 'missed' : 'met'
  if (over) return 'overdue'
  // Integer arithmetic: 0.8 × target in floating point would misjudge the exact 80 % instant.
  return elapsedMs * 100 >= targetMs * WARNING_PERCENT ? 'due_soon' : 'ok'
}

function readClock(clock: ClockName, timeline: readonly TimelineEntry[], targetMinutes: number, now: Date): ClockReading {
  if (timeline.length === 0) throw new Error('a timeline starts with its submission')
  const rule = CLOCK_RULES[clock]
  const nowMs = now.getTime()
  let round = 0
  let elapsedMs = 0
  timeline.forEach((entry, i) => {
    if (i > 0 && rule.newRound(entry)) [round, elapsedMs] = [round + 1, 0]
    if (rule.runs.includes(entry.to)) elapsedMs += segmentMs(timeline, i, nowMs)
  })
  const status = timeline[timeline.length - 1].to
  const mode: ClockMode = rule.runs.includes(status) ? 'running' : rule.pauses.includes(status) ? 'paused' : 'stopped'
  const targetMs = targetMinutes * MINUTE_MS
  const at = (ms: number) => (mode === 'running' ? new Date(nowMs + ms - elapsedMs).toISOString() : null)
  return {
    clock,
    round,
    mode,
    targetMs,
    elapsedMs,
    remainingMs: targetMs - elapsedMs,
    fraction: elapsedMs / targetMs,
    dueAt: at(targetMs),
    warnAt: at(Math.ceil((targetMs * WARNING_PERCENT) / 100)),
    state: stateOf(mode, elapsedMs, targetMs),
  }
}

export interface OrderClocks {
  response: ClockReading
  completion: ClockReading
}

/** The order's response and completion clocks at `now`, against its targets (see `targetsFor`). */
export function clockOf(timeline: readonly TimelineEntry[], targets: ClockTargets, now: Date): OrderClocks {
  return {
    response: readClock('response', timeline, targets.responseMinutes, now),
    completion: readClock('completion', timeline, targets.completionMinutes, now),
  }
}

/** The resident's AUTO_CLOSE_DAYS to confirm completed work, as a clock. */
export function confirmationClock(timeline: readonly TimelineEntry[], now: Date): ClockReading {
  return readClock('confirmation', timeline, CONFIRMATION_TARGET_MINUTES, now)
}

/** Whether the order waited for confirmation longer than AUTO_CLOSE_DAYS: the system's `auto_close` is due. */
export function autoCloseDue(timeline: readonly TimelineEntry[], now: Date): boolean {
  const clock = confirmationClock(timeline, now)
  return clock.mode === 'running' && clock.state === 'overdue'
}

/** What a list or an order page says of a running clock past its warning: which, how late or how soon. */
export interface ClockAlert {
  state: 'overdue' | 'due_soon'
  clock: 'response' | 'completion'
  /** When its target falls (fell) due (ISO). */
  dueAt: string
}

/** The most pressing running clock past its warning (overdue before due soon, then the earlier due), or null. */
export function clockAlertOf(clocks: OrderClocks): ClockAlert | null {
  const pressing = [clocks.response, clocks.completion]
    .filter((c) => c.mode === 'running' && (c.state === 'overdue' || c.state === 'due_soon'))
    .sort((a, b) => (a.state === b.state ? a.remainingMs - b.remainingMs : a.state === 'overdue' ? -1 : 1))
  const top = pressing[0]
  return top ? { state: top.state as ClockAlert['state'], clock: top.clock as ClockAlert['clock'], dueAt: top.dueAt! } : null
}

/**
 * The list badge (超时 / 即将超时): the worse of the running clocks. Paused clocks show none: a
 * parked order was set aside on purpose, a completed one waits on the resident, not on us.
 */
export function clockBadge(clocks: OrderClocks): 'overdue' | 'due_soon' | null {
  const running = [clocks.response, clocks.completion].filter((c) => c.mode === 'running')
  if (running.some((c) => c.state === 'overdue')) return 'overdue'
  return running.some((c) => c.state === 'due_soon') ? 'due_soon' : null
}

/** A warning or escalation already sent: for which clock, in which round. */
export interface ClockMark {
  clock: ClockName
  round: number
}

/**
 * Whether to warn whoever holds the order now: the clock runs, has used WARNING_PERCENT of its
 * target and has not been warned this round. Once overdue, escalation speaks instead: a late
 * warning would only repeat it.
 */
export function warningDue(reading: ClockReading, warned: readonly ClockMark[]): boolean {
  const already = warned.some((m) => m.clock === reading.clock && m.round === reading.round)
  return reading.mode === 'running' && reading.state === 'due_soon' && !already
}

/** Up the org tree (四级网格): the grid, its compound's Party branch, the community committee, the street. */
export const ESCALATION_LEVELS = ['grid', 'compound', 'community', 'street'] as const
export type EscalationLevel = (typeof ESCALATION_LEVELS)[number]

export const ESCALATION_LEVEL_LABELS: Record<EscalationLevel, string> = {
  grid: '网格',
  compound: '小区党支部',
  community: '社区党委',
  street: '街道',
}

/**
 * The breach escalates to the grid; every further half target overdue, one level higher: at
 * 100 %, 150 %, 200 % and 250 % of the target (emergency response: 30, 45, 60, 75 min; normal
 * completion: 7, 10.5, 14, 17.5 days). Half a target, not a whole one, so the street hears of an
 * ordinary request within weeks, not a month.
 */
export const ESCALATION_STEP_PERCENT = 50

export interface EscalationMark extends ClockMark {
  level: EscalationLevel
}

/**
 * The levels to escalate to now, lowest first, each its own timeline event and notification.
 * Only a running clock escalates (the confirmation clock never: its breach is the auto-close).
 * Starts above the highest level already reached for this clock and round, so nothing repeats;
 * returns every level now due in turn, so a job that ran late never skips one; ends at the street.
 */
export function escalationsDue(reading: ClockReading, escalated: readonly EscalationMark[]): EscalationLevel[] {
  if (reading.mode !== 'running' || reading.clock === 'confirmation') return []
  const reached = escalated
    .filter((m) => m.clock === reading.clock && m.round === reading.round)
    .reduce((top, m) => Math.max(top, ESCALATION_LEVELS.indexOf(m.level)), -1)
  const due = (i: number) => reading.elapsedMs * 100 > reading.targetMs * (100 + i * ESCALATION_STEP_PERCENT)
  return ESCALATION_LEVELS.filter((_, i) => i > reached && due(i))
}

/**
 * The instants (ms) after `now` at which a running clock will say something new: its warning
 * (the first ms at WARNING_PERCENT), its breach (the first ms past the target) and each
 * escalation level not yet in `escalated` (the first ms past its threshold, as `escalationsDue`
 * compares). None for a paused or stopped clock: only a transition moves it. The instants stay
 * the same however often it is read, as `dueAt` does, until the next timeline entry.
 */
export function clockChangesAfter(reading: ClockReading, escalated: readonly EscalationMark[], now: Date): number[] {
  if (reading.mode !== 'running') return []
  const reached = escalated
    .filter((m) => m.clock === reading.clock && m.round === reading.round)
    .reduce((top, m) => Math.max(top, ESCALATION_LEVELS.indexOf(m.level)), -1)
  const { targetMs } = reading
  // Elapsed times in whole ms; `elapsed * 100 > x` first holds at floor(x / 100) + 1.
  const elapsed = [
    Math.ceil((targetMs * WARNING_PERCENT) / 100),
    targetMs + 1,
    ...(reading.clock === 'confirmation'
      ? []
      : ESCALATION_LEVELS.flatMap((_, i) => (i > reached ? [Math.floor((targetMs * (100 + i * ESCALATION_STEP_PERCENT)) / 100) + 1] : []))),
  ]
  const nowMs = now.getTime()
  return elapsed.map((ms) => nowMs + ms - reading.elapsedMs).filter((at) => at > nowMs)
}

/**
 * The org a level means for an order of grid `gridPath`: the tree is street → community →
 * compound → grid (server/repositories/admin.ts), so each level is one step up: `/9/1/2/5/` →
 * grid `/9/1/2/5/`, compound `/9/1/2/`, community `/9/1/`, street `/9/`. A community created
 * without a street has nobody above it: null, not `/` (which is no org and in nobody's scope).
 * The escalation is still recorded; there is just no one at that level to notify.
 */
export function escalationPath(gridPath: string, level: EscalationLevel): string | null {
  if (!/^(\/\d+)+\/$/.test(gridPath)) return null
  const ids = gridPath.split('/').filter(Boolean)
  const keep = ids.length - ESCALATION_LEVELS.indexOf(level)
  return keep >= 1 ? `/${ids.slice(0, keep).join('/')}/` : null
}

/** How long the order has waited in the hall (open, nobody took a place yet) since it last went there. */
export interface HallWait {
  since: string
  waitedMs: number
  limitMs: number
  /** Waited longer than the limit: flag it to the committee (once per `since`). */
  stale: boolean
}

/**
 * The order's current wait in the hall, or null when it is not open. Self-transitions (an
 * invite) do not restart the wait; leaving `open` and coming back does. The limit is the
 * response target: nobody has answered a published order within the time the committee itself
 * is given to answer.
 */
export function hallWaitOf(timeline: readonly TimelineEntry[], targets: ClockTargets, now: Date): HallWait | null {
  let i = timeline.length - 1
  if (i < 0 || timeline[i].to !== 'open') return null
  while (i > 0 && timeline[i].from === 'open') i -= 1
  const waitedMs = Math.max(0, now.getTime() - Date.parse(timeline[i].at))
  const limitMs = targets.responseMinutes * MINUTE_MS
  return { since: timeline[i].at, waitedMs, limitMs, stale: waitedMs > limitMs }
}

/** Whether the order has been open in the hall too long (see `hallWaitOf`). */
export function staleInHall(timeline: readonly TimelineEntry[], targets: ClockTargets, now: Date): boolean {
  return hallWaitOf(timeline, targets, now)?.stale ?? false
}
