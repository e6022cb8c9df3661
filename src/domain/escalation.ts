import { liveParts } from './assignments'
import {
  ESCALATION_LEVEL_LABELS,
  clockAlertOf,
  clockChangesAfter,
  clockOf,
  escalationPath,
  escalationsDue,
  hallWaitOf,
  warningDue,
  type ClockAlert,
  type ClockName,
  type ClockTargets,
  type EscalationLevel,
  type EscalationMark,
} from './clocks'
import type { Notice } from './notices'
import type { OrderFacts, TimelineEntry } from './order-machine'
import type { Role } from './roles'

/**
 * 民呼我应's clocks at work: an order left too long goes up the org tree, one level at a time
 * (see `escalationsDue`), each step a line on its timeline and a message to the people of that
 * level. Pure: the job reads the timeline, this says what to write.
 */

/** Who answers for each level: the grid's workers, the Party branch, the community committee, the street. */
export const LEVEL_ROLES: Record<EscalationLevel, readonly Role[]> = {
  grid: ['grid_worker'],
  compound: ['committee'],
  community: ['committee'],
  street: ['street_admin'],
}

const CLOCK_WORDS: Record<Exclude<ClockName, 'confirmation'>, string> = { response: '受理', completion: '办结' }

/** The escalations already on the timeline: each `escalate` entry's clock, round and level. */
export function escalationMarks(timeline: readonly Pick<TimelineEntry, 'payload'>[]): EscalationMark[] {
  return timeline.flatMap((e) => (e.payload?.kind === 'escalated' ? [{ clock: e.payload.clock, round: e.payload.round, level: e.payload.level }] : []))
}

export interface Escalation {
  entry: TimelineEntry
  /** Null when nobody sits at that level (a community without a street above it). */
  notice: Notice | null
}

/**
 * The escalations due now on an order of grid `gridPath` with this timeline and these targets,
 * lowest level first, each with its timeline entry (by the system, status unchanged) and notice.
 */
export function escalationsOf(timeline: readonly TimelineEntry[], gridPath: string, targets: ClockTargets, now: Date): Escalation[] {
  const status = timeline[timeline.length - 1].to
  const marks = escalationMarks(timeline)
  const clocks = clockOf(timeline, targets, now)
  return (['response', 'completion'] as const).flatMap((clock) => {
    const reading = clocks[clock]
    const minutes = Math.round(reading.targetMs / 60_000)
    return escalationsDue(reading, marks).map((level) => {
      const orgPath = escalationPath(gridPath, level)
      const entry: TimelineEntry = {
        event: 'escalate',
        from: status,
        to: status,
        actorId: 0,
        actorRole: 'system',
        note: `超过${CLOCK_WORDS[clock]}时限（${formatMinutes(minutes)}），已上报${ESCALATION_LEVEL_LABELS[level]}`,
        rating: null,
        assigneeId: null,
        photos: [],
        payload: { kind: 'escalated', clock, round: reading.round, level },
        at: now.toISOString(),
      }
      return { entry, notice: orgPath ? { kind: 'escalated', audience: { kind: 'level', orgPath, roles: [...LEVEL_ROLES[level]] } } : null }
    })
  })
}

/** A notice the clocks send once: `onceKey` names the occasion, so it is written once however often they are read. */
export interface OnceNotice {
  notice: Notice
  onceKey: string
}

/**
 * What the clocks say before anything is late: at 80 % of a running target, whoever holds the
 * order now is warned (the committees while it waits in their queue), once per clock and round;
 * an order left in the hall longer than its response target is flagged to the committees, once
 * per stay there.
 */
export function remindersOf(orderId: number, order: Pick<OrderFacts, 'orgPath' | 'slots' | 'parts'>, timeline: readonly TimelineEntry[], targets: ClockTargets, now: Date): OnceNotice[] {
  const clocks = clockOf(timeline, targets, now)
  const holders = [...new Set(liveParts(order.slots, order.parts).filter((p) => p.status === 'joined' || p.status === 'started').map((p) => p.userId))]
  const committees: Notice['audience'] = { kind: 'committees', orgPath: order.orgPath }
  const reminders: OnceNotice[] = (['response', 'completion'] as const)
    .filter((clock) => warningDue(clocks[clock], []))
    .map((clock) => ({
      notice: { kind: 'due_soon', audience: holders.length > 0 ? { kind: 'users', userIds: holders } : committees },
      onceKey: `due_soon:${orderId}:${clock}:${clocks[clock].round}`,
    }))
  const hall = hallWaitOf(timeline, targets, now)
  if (hall?.stale) reminders.push({ notice: { kind: 'stale_in_hall', audience: committees }, onceKey: `stale_in_hall:${orderId}:${hall.since}` })
  return reminders
}

/**
 * What a server keeps of an order's clocks, read at `now`, to filter lists by them and to know
 * when to read them again (instead of reading every running clock every minute).
 */
export interface ClockSummary {
  /** The list badge's state (`clockAlertOf`): what the 超时 / 即将超时 filters select. */
  alert: ClockAlert['state'] | null
  /** When the pressing clock is (was) due: the alert's, else the running clock due first; null when none runs. */
  dueAt: string | null
  /**
   * The first instant after `now` at which reading the clocks could say anything new: a warning,
   * a breach, the next escalation level, the hall wait turning stale. Null while no clock runs
   * (parked, awaiting confirmation, ended): only a transition starts one again. Until then
   * `escalationsOf` and `remindersOf` say nothing they did not say at `now`, and the alert stays.
   */
  nextCheckAt: string | null
}

/** The order's `ClockSummary` at `now`, from its timeline (escalations already on it included). */
export function clockSummaryOf(timeline: readonly TimelineEntry[], targets: ClockTargets, now: Date): ClockSummary {
  const clocks = clockOf(timeline, targets, now)
  const marks = escalationMarks(timeline)
  const running = [clocks.response, clocks.completion].filter((c) => c.mode === 'running')
  const hall = hallWaitOf(timeline, targets, now)
  const changes = [
    ...running.flatMap((reading) => clockChangesAfter(reading, marks, now)),
    // Stale once waited longer than the limit: from its first ms past it.
    ...(hall && !hall.stale ? [Date.parse(hall.since) + hall.limitMs + 1] : []),
  ].filter((at) => at > now.getTime())
  const alert = clockAlertOf(clocks)
  const firstDue = running.map((c) => c.dueAt!).sort()[0] ?? null
  return {
    alert: alert?.state ?? null,
    dueAt: alert?.dueAt ?? firstDue,
    nextCheckAt: changes.length > 0 ? new Date(Math.min(...changes)).toISOString() : null,
  }
}

/** 12 分钟, 3 小时 5 分钟, 2 天 4 小时: how long, roughly, as people say it (at least a minute). */
export function spanText(ms: number): string {
  const minutes = Math.max(1, Math.round(Math.abs(ms) / 60_000))
  if (minutes < 60) return `${minutes} 分钟`
  if (minutes < 1440) return `${Math.floor(minutes / 60)} 小时${minutes % 60 ? ` ${minutes % 60} 分钟` : ''}`
  const hours = Math.floor((minutes % 1440) / 60)
  return `${Math.floor(minutes / 1440)} 天${hours ? ` ${hours} 小时` : ''}`
}

/** 「受理已超时 12 分钟」/「距办结时限还剩 3 小时」: a clock alert in words, at `now`. */
export function clockAlertText(alert: ClockAlert, now: Date): string {
  const word = CLOCK_WORDS[alert.clock]
  const ms = new Date(alert.dueAt).getTime() - now.getTime()
  return alert.state === 'overdue' || ms <= 0 ? `${word}已超时 ${spanText(ms)}` : `距${word}时限还剩 ${spanText(ms)}`
}

/** 30 分钟, 2 小时, 7 天: a target as people say it. */
export function formatMinutes(minutes: number): string {
  if (minutes % 1440 === 0) return `${minutes / 1440} 天`
  if (minutes % 60 === 0) return `${minutes / 60} 小时`
  return `${minutes} 分钟`
}
