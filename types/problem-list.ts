/**
 * The contract for the committee's 问题清单 (problem list): per week, month or quarter, the
 * orders of its subtree raised in the period or still open in it. Same rules as `api.ts`.
 */
import { Type, type Static, type TInteger } from '@sinclair/typebox'
import { PART_STATUSES, ROLES, type ActorRole } from '../src/domain'
import { DECISION_EVENTS, ENDING_EVENTS, MAX_PERIOD_OFFSET, PROBLEM_PERIODS, PROBLEM_STATES, type ProblemState as State } from '../src/domain/problem-list'
import { literals, Nullable, SlotKind, Status, Urgency } from './api'

export const ProblemPeriod = literals(PROBLEM_PERIODS)
export const ProblemState = literals(PROBLEM_STATES)

export const ProblemListQuery = Type.Object({
  period: Type.Optional(Type.Union([ProblemPeriod], { default: 'week', description: 'China calendar: the week starts on Monday.' })),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_PERIOD_OFFSET, default: 0, description: 'Periods back: 0 this one, 1 the one before.' })),
  state: Type.Optional(Type.Union([ProblemState], { description: 'Only items in this state; the summary still counts them all.' })),
  cursor: Type.Optional(Type.String({ maxLength: 100 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50 })),
})
export type ProblemListQueryDto = Static<typeof ProblemListQuery>

export const ProblemDecision = Type.Object({
  event: literals(DECISION_EVENTS),
  note: Nullable(Type.String()),
  at: Type.String({ format: 'date-time' }),
  actorRole: literals<ActorRole>([...ROLES, 'system']),
  meetingId: Nullable(Type.Integer({ description: 'The joint meeting that decided it (一事一议).' })),
  meetingTitle: Nullable(Type.String()),
  assigneeName: Nullable(Type.String({ description: '派单: to whom.' })),
  call: Nullable(
    Type.Array(Type.Object({ kind: SlotKind, headcount: Type.Integer(), unitName: Nullable(Type.String()) }), { description: '党委呼叫: the places it opened.' }),
  ),
  revisitOn: Nullable(Type.String({ format: 'date', description: '挂账: the China day it comes back to the queue.' })),
  relatedOrderId: Nullable(Type.Integer({ description: '合并: the order it went into, or the one it took in.' })),
})
export type ProblemDecisionDto = Static<typeof ProblemDecision>

export const ProblemItem = Type.Object({
  orderId: Type.Integer(),
  categoryName: Type.String(),
  summary: Type.String(),
  address: Type.String({ description: 'As committee lists show it.' }),
  gridName: Type.String(),
  residentName: Type.String({ description: 'Masked: the committee is not the household.' }),
  urgency: Urgency,
  status: Status,
  state: Type.Union([ProblemState], { description: 'Where it stands now (a period before shows how its problems ended since).' }),
  createdAt: Type.String({ format: 'date-time' }),
  carriedOver: Type.Boolean({ description: 'Raised before the period began and still open in it.' }),
  holders: Type.Array(Type.Object({ name: Type.String(), status: literals(PART_STATUSES) }), { description: 'Live parts: invited, working or finished.' }),
  decisions: Type.Array(ProblemDecision, { description: 'Oldest first.' }),
  parked: Nullable(Type.Object({ reason: Type.String(), revisitOn: Type.String({ format: 'date' }) }, { description: 'While 挂账: why, and the day it comes back.' })),
  ending: Nullable(
    Type.Object({
      event: literals(ENDING_EVENTS),
      at: Type.String({ format: 'date-time' }),
      rating: Nullable(Type.Integer()),
      note: Nullable(Type.String()),
    }),
  ),
  struckOff: Type.Boolean({ description: '销号: closed by the resident’s confirmation, never by the clock.' }),
})
export type ProblemItemDto = Static<typeof ProblemItem>

/** The period's items by state; they add up to `total`. */
export const ProblemSummary = Type.Object({
  total: Type.Integer(),
  carriedOver: Type.Integer({ description: 'Of the total, raised before the period.' }),
  ...(Object.fromEntries(PROBLEM_STATES.map((state) => [state, Type.Integer({ minimum: 0 })])) as Record<State, TInteger>),
})
export type ProblemSummaryDto = Static<typeof ProblemSummary>

export const ProblemPage = Type.Object({
  period: Type.Object({
    period: ProblemPeriod,
    offset: Type.Integer(),
    label: Type.String({ description: '本周, 上月, 3个季度前.' }),
    firstDay: Type.String({ format: 'date' }),
    lastDay: Type.String({ format: 'date' }),
  }),
  summary: Type.Union([ProblemSummary, Type.Null()], { description: 'On the first page; null on the pages after it.' }),
  items: Type.Array(ProblemItem, { description: 'Newest first.' }),
  nextCursor: Nullable(Type.String({ description: 'Opaque; pass as `cursor` for the next page.' })),
})
export type ProblemPageDto = Static<typeof ProblemPage>
