import { PART_STATUS_LABELS, SLOT_KIND_LABELS, type PartStatus, type SlotKind } from './assignments'
import { chinaDate } from './calendar'
import { ACTION_LABELS, EVENT_LABELS } from './labels'
import { ORDER_EVENTS, type OrderAction, type OrderEvent } from './order-machine'
import { isTerminal, STATUS_GROUPS, type OrderStatus } from './order-status'
import type { ActorRole } from './roles'

/**
 * The committee's 问题清单: per period, the problems of its subtree — raised in the period or
 * still open in it — each with who holds it, what was decided on it (一事一议), and how it ended.
 * Only the resident's confirmation strikes an item off (销号).
 */

// ---------------------------------------------------------------------------------------------
// Periods, on China's calendar

export const PROBLEM_PERIODS = ['week', 'month', 'quarter'] as const
export type ProblemPeriod = (typeof PROBLEM_PERIODS)[number]

/** How far back a list may look: a year of weeks, more of months and quarters. */
export const MAX_PERIOD_OFFSET = 52

const CURRENT_LABELS: Record<ProblemPeriod, string> = { week: '本周', month: '本月', quarter: '本季度' }
const PREVIOUS_LABELS: Record<ProblemPeriod, string> = { week: '上周', month: '上月', quarter: '上季度' }
const UNIT_LABELS: Record<ProblemPeriod, string> = { week: '周', month: '个月', quarter: '个季度' }

/** The tab's name: 本周, 上周, 3周前. */
export function periodLabel(period: ProblemPeriod, offset = 0): string {
  if (offset === 0) return CURRENT_LABELS[period]
  if (offset === 1) return PREVIOUS_LABELS[period]
  return `${offset}${UNIT_LABELS[period]}前`
}

export interface PeriodRange {
  period: ProblemPeriod
  offset: number
  /** The first instant of the period (China midnight of its first day). */
  start: Date
  /** The first instant after it. */
  end: Date
  /** Its first and last China days, YYYY-MM-DD. */
  firstDay: string
  lastDay: string
}

/** The China day of a (possibly overflowing) year, month index and day, as Date.UTC normalises them. */
const dayOf = (year: number, monthIndex: number, day: number) => new Date(Date.UTC(year, monthIndex, day)).toISOString().slice(0, 10)
const chinaMidnight = (day: string) => new Date(`${day}T00:00:00+08:00`)

/**
 * The week (Monday first), month or quarter holding `now` in China, or `offset` periods before
 * it. China keeps no daylight saving, so every day is 24 h and midnight is 16:00 UTC.
 */
export function periodRange(period: ProblemPeriod, now: Date, offset = 0): PeriodRange {
  const [year, month, day] = chinaDate(now).split('-').map(Number)
  const m = month - 1
  let first: [number, number, number]
  let next: [number, number, number]
  if (period === 'week') {
    const sinceMonday = (new Date(Date.UTC(year, m, day)).getUTCDay() + 6) % 7
    const monday = day - sinceMonday - 7 * offset
    first = [year, m, monday]
    next = [year, m, monday + 7]
  } else if (period === 'month') {
    first = [year, m - offset, 1]
    next = [year, m - offset + 1, 1]
  } else {
    const quarterStart = Math.floor(m / 3) * 3 - 3 * offset
    first = [year, quarterStart, 1]
    next = [year, quarterStart + 3, 1]
  }
  const firstDay = dayOf(...first)
  const end = chinaMidnight(dayOf(...next))
  return { period, offset, start: chinaMidnight(firstDay), end, firstDay, lastDay: chinaDate(new Date(end.getTime() - 1)) }
}

/** "11月20日" for a YYYY-MM-DD day; with the year when asked. */
export function shortDay(day: string, withYear = false): string {
  const [y, m, d] = day.split('-').map(Number)
  return `${withYear ? `${y}年` : ''}${m}月${d}日`
}

/** The days a period covers: 2026年11月16日 至 11月22日 (the year again only when it changes). */
export function rangeText(range: Pick<PeriodRange, 'firstDay' | 'lastDay'>): string {
  const sameYear = range.firstDay.slice(0, 4) === range.lastDay.slice(0, 4)
  return `${shortDay(range.firstDay, true)} 至 ${shortDay(range.lastDay, !sameYear)}`
}

// ---------------------------------------------------------------------------------------------
// Where an item stands

/**
 * An item's state on the list, finer than the status where the list needs it: a closed order is
 * struck off (销号) only when the resident confirmed it; closed by the clock it is 自动结单.
 */
export const PROBLEM_STATES = ['waiting', 'in_progress', 'parked', 'struck_off', 'auto_closed', 'ended'] as const
export type ProblemState = (typeof PROBLEM_STATES)[number]

export const PROBLEM_STATE_LABELS: Record<ProblemState, string> = {
  waiting: '待处理',
  in_progress: '办理中',
  parked: '挂账',
  struck_off: '已销号',
  auto_closed: '自动结单',
  ended: '已结束',
}

/** `autoClosed`: the order was closed by the system because the resident did not answer. */
export function problemStateOf(status: OrderStatus, autoClosed: boolean): ProblemState {
  if (status === 'closed') return autoClosed ? 'auto_closed' : 'struck_off'
  if (status === 'parked') return 'parked'
  if ((STATUS_GROUPS.pending as readonly OrderStatus[]).includes(status)) return 'waiting'
  return isTerminal(status) ? 'ended' : 'in_progress'
}

// ---------------------------------------------------------------------------------------------
// Decisions (一事一议) and endings

/** What the committee (or a meeting, or the revisit clock) decided on an order, by event. */
const DECISION_EVENT_NAMES: readonly string[] = ['dispatch', 'publish', 'call', 'reject', 'park', 'merge', 'absorb', 'revisit', 'recall', 'close_call']
export const DECISION_EVENTS: readonly OrderEvent[] = ORDER_EVENTS.filter((event) => DECISION_EVENT_NAMES.includes(event))

/** How an item left the list without a decision: the resident's 销号, the clock's, or a withdrawal. */
export const ENDING_EVENTS = ['confirm', 'auto_close', 'cancel'] as const satisfies readonly OrderEvent[]
export type EndingEvent = (typeof ENDING_EVENTS)[number]

export interface CalledPlace {
  kind: SlotKind
  headcount: number
  unitName: string | null
}

/** A call in words, naming the units it addresses: 住建局 1 人、在职党员 2 人. */
export const calledText = (places: readonly CalledPlace[]) =>
  places.map((p) => `${p.unitName || SLOT_KIND_LABELS[p.kind]} ${p.headcount} 人`).join('、')

export interface ProblemDecision {
  event: OrderEvent
  note: string | null
  /** ISO 8601. */
  at: string
  actorRole: ActorRole
  /** The joint meeting that took it, with its title. */
  meetingId: number | null
  meetingTitle: string | null
  /** 派单: to whom. */
  assigneeName: string | null
  /** 党委呼叫: the places it opened, each with the team or unit it is addressed to. */
  call: CalledPlace[] | null
  /** 挂账: the China day it comes back. */
  revisitOn: string | null
  /** 合并: the order it went into, or (on the surviving order) the one it took in. */
  relatedOrderId: number | null
}

const decisionLabel = (d: Pick<ProblemDecision, 'event' | 'actorRole'>): string => {
  if (d.event === 'revisit' && d.actorRole === 'system') return EVENT_LABELS.revisit
  return (ACTION_LABELS as Partial<Record<OrderEvent, string>>)[d.event as OrderAction] ?? EVENT_LABELS[d.event]
}

/** Who decided, as the list says it: a meeting, the committee, or the clock. */
export function decisionSource(d: Pick<ProblemDecision, 'meetingId' | 'actorRole'>): string {
  if (d.meetingId !== null) return '会议决定'
  return d.actorRole === 'system' ? '系统' : '党委'
}

/** One decision as a line of the list: 「会议决定 · 挂账：等维修基金（至 2026-12-01 重新办理）」. */
export function decisionLine(d: ProblemDecision): string {
  const details = [
    d.assigneeName && `派给${d.assigneeName}`,
    d.call && d.call.length > 0 && calledText(d.call),
    d.relatedOrderId !== null && (d.event === 'absorb' ? `并入第 ${d.relatedOrderId} 单` : `并到第 ${d.relatedOrderId} 单`),
    d.note?.trim(),
  ].filter((part): part is string => typeof part === 'string' && part.length > 0)
  const revisit = d.event === 'park' && d.revisitOn ? `（至 ${d.revisitOn} 重新办理）` : ''
  return `${decisionSource(d)} · ${decisionLabel(d)}${details.length ? `：${details.join('；')}` : ''}${revisit}`
}

export interface ProblemEnding {
  event: EndingEvent
  at: string
  rating: number | null
  note: string | null
}

/** How the item ended: 「已销号（居民确认，★4）」 only with the resident's confirmation. */
export function endingLine(ending: ProblemEnding): string {
  switch (ending.event) {
    case 'confirm':
      return `已销号（居民确认${ending.rating ? `，★${ending.rating}` : ''}）`
    case 'auto_close':
      return '自动结单（居民超时未评价，未经确认）'
    case 'cancel':
      return '居民已撤回'
  }
}

/** Who holds an item's work, in words: 「张三（服务中）、李四（已邀请）」. */
export function holdersLine(holders: readonly { name: string; status: PartStatus }[]): string {
  return holders.map((h) => `${h.name}（${PART_STATUS_LABELS[h.status]}）`).join('、')
}
