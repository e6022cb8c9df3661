/**
 * The contract for joint meetings (召开会议): convening one on a list of orders, recording who came
 * and the minutes, and applying a decision per order. Same rules as `api.ts`.
 */
import { Type, type Static } from '@sinclair/typebox'
import { ATTENDEE_SIDES, MAX_AGENDA, MAX_ATTENDEES, MEETING_DECISIONS, MEETING_KINDS } from '../src/domain'
import { Action, Id, literals, Nullable, Status, Transition } from './api'

export const MeetingKind = literals(MEETING_KINDS)
export const AttendeeSide = literals(ATTENDEE_SIDES)

export const Attendee = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  side: AttendeeSide,
  present: Nullable(Type.Boolean({ description: 'Null until attendance is recorded.' })),
})

/** One order on the agenda, and what the meeting decided (its event on the order), if it has. */
export const AgendaItem = Type.Object({
  orderId: Type.Integer(),
  categoryCode: Type.String({ description: 'The service: a dispatch decision ranks responders skilled in it first.' }),
  categoryName: Type.String(),
  summary: Type.String(),
  address: Type.String(),
  status: Status,
  decision: Nullable(Type.Object({ action: Action, note: Nullable(Type.String()), at: Type.String({ format: 'date-time' }) })),
})
export type AgendaItemDto = Static<typeof AgendaItem>

export const MeetingSummary = Type.Object({
  id: Type.Integer(),
  kind: MeetingKind,
  title: Type.String(),
  heldAt: Type.String({ format: 'date-time' }),
  place: Type.String(),
  agendaCount: Type.Integer(),
  decidedCount: Type.Integer(),
})
export type MeetingSummaryDto = Static<typeof MeetingSummary>

export const Meeting = Type.Object({
  ...MeetingSummary.properties,
  convenedByName: Type.String(),
  minutes: Nullable(Type.String()),
  minutesPublic: Type.Boolean({ description: 'Public: the residents of agenda orders read the minutes and their decisions.' }),
  attendees: Type.Array(Attendee, { description: 'Empty for residents reading public minutes.' }),
  agenda: Type.Array(AgendaItem, { description: "A resident sees only their own household's orders." }),
})
export type MeetingDto = Static<typeof Meeting>

export const CreateMeeting = Type.Object(
  {
    kind: MeetingKind,
    title: Type.String({ minLength: 1, maxLength: 60 }),
    heldAt: Type.String({ format: 'date-time' }),
    place: Type.String({ minLength: 1, maxLength: 60 }),
    agenda: Type.Array(Id, { minItems: 1, maxItems: MAX_AGENDA, uniqueItems: true, description: 'Orders in the committee’s subtree, in the order they are taken up.' }),
    attendees: Type.Array(
      Type.Object({ name: Type.String({ minLength: 1, maxLength: 20 }), side: AttendeeSide }, { additionalProperties: false }),
      { maxItems: MAX_ATTENDEES },
    ),
  },
  { additionalProperties: false },
)
export type CreateMeetingRequest = Static<typeof CreateMeeting>

export const RecordMeeting = Type.Object(
  {
    attendance: Type.Optional(Type.Array(Type.Object({ id: Id, present: Type.Boolean() }, { additionalProperties: false }), { maxItems: MAX_ATTENDEES })),
    minutes: Type.Optional(Type.String({ maxLength: 5000 })),
    minutesPublic: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
)
export type RecordMeetingRequest = Static<typeof RecordMeeting>

export const Decide = Type.Object(
  {
    decisions: Type.Array(
      Type.Object(
        {
          orderId: Id,
          action: literals(MEETING_DECISIONS),
          // The input a decision's action takes, as the transitions route takes it.
          ...Type.Pick(Transition, ['note', 'assigneeId', 'slots', 'revisitOn', 'intoOrderId']).properties,
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: MAX_AGENDA },
    ),
  },
  { additionalProperties: false },
)
export type DecideRequest = Static<typeof Decide>

/** Each decision stands or falls alone: applied (the order's new status) or refused (why). */
export const DecisionOutcomes = Type.Object({
  results: Type.Array(
    Type.Object({
      orderId: Type.Integer(),
      applied: Type.Boolean(),
      status: Status,
      code: Nullable(Type.String()),
      message: Nullable(Type.String()),
    }),
  ),
})
export type DecisionOutcomesDto = Static<typeof DecisionOutcomes>
