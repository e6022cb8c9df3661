import type { OrderAction } from './order-machine'

/**
 * The joint meeting (召开会议) of the 三单制 loop: hard cases go to the people who can solve them
 * together, and each case leaves with a decision that is applied to its order.
 */
export const MEETING_KINDS = ['joint', 'co_building'] as const
export type MeetingKind = (typeof MEETING_KINDS)[number]

export const MEETING_KIND_LABELS: Record<MeetingKind, string> = {
  joint: '三方联席会议',
  co_building: '共建联席会议',
}

/** Whom an attendee speaks for. */
export const ATTENDEE_SIDES = ['committee', 'property', 'residents', 'department'] as const
export type AttendeeSide = (typeof ATTENDEE_SIDES)[number]

export const ATTENDEE_SIDE_LABELS: Record<AttendeeSide, string> = {
  committee: '社区党委',
  property: '物业（红色物业）',
  residents: '居民代表',
  department: '部门/驻区单位',
}

/** What a meeting may decide on an agenda order: the committee's own ways out of its queue. */
export const MEETING_DECISIONS = ['dispatch', 'publish', 'call', 'reject', 'park', 'merge'] as const satisfies readonly OrderAction[]
export type MeetingDecision = (typeof MEETING_DECISIONS)[number]

export const MAX_AGENDA = 20
export const MAX_ATTENDEES = 40
