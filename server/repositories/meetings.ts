import { and, asc, eq, inArray, sql } from 'drizzle-orm'
import type { AttendeeSide, MeetingKind, OrderAction, OrderStatus } from '../../src/domain'
import type { Db } from '../db/client'
import { categories, meetingAgenda, meetingAttendees, meetings, orderEvents, orders, users } from '../db/schema'
import { isoTime, rowsOf } from './prepared'

export type MeetingRow = typeof meetings.$inferSelect

export interface NewMeeting {
  org: { id: number; path: string }
  kind: MeetingKind
  title: string
  heldAt: Date
  place: string
  agenda: number[]
  attendees: { name: string; side: AttendeeSide }[]
  convenedBy: number
  now: Date
}

/** The meeting with its attendees and agenda, in one transaction. */
export async function insertMeeting(db: Db, m: NewMeeting): Promise<number> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(meetings)
      .values({ orgId: m.org.id, orgPath: m.org.path, kind: m.kind, title: m.title, heldAt: m.heldAt, place: m.place, convenedBy: m.convenedBy, createdAt: m.now })
      .returning({ id: meetings.id })
    await tx.insert(meetingAgenda).values(m.agenda.map((orderId, position) => ({ meetingId: row.id, orderId, position })))
    if (m.attendees.length > 0) await tx.insert(meetingAttendees).values(m.attendees.map((a) => ({ meetingId: row.id, name: a.name, side: a.side })))
    return row.id
  })
}

export async function findMeeting(db: Db, id: number): Promise<MeetingRow | null> {
  const [row] = await db.select().from(meetings).where(eq(meetings.id, id))
  return row ?? null
}

/** Meetings of a committee's subtree, the latest first. */
export async function listMeetings(db: Db, pathPrefix: string) {
  return rowsOf<{ id: number; kind: MeetingKind; title: string; heldAt: string; place: string; agendaCount: number; decidedCount: number }>(db,
    sql`select m.id, m.kind, m.title, ${isoTime(sql`m.held_at`)} as "heldAt", m.place,
          (select count(*)::int from ${meetingAgenda} a where a.meeting_id = m.id) as "agendaCount",
          (select count(distinct e.order_id)::int from ${orderEvents} e where e.meeting_id = m.id) as "decidedCount"
        from ${meetings} m where m.org_path like ${`${pathPrefix}%`} order by m.held_at desc, m.id desc limit 100`,
  )
}

export async function attendeesOf(db: Db, meetingId: number) {
  return db.select().from(meetingAttendees).where(eq(meetingAttendees.meetingId, meetingId)).orderBy(asc(meetingAttendees.id))
}

/** The agenda in order, each with what the meeting decided on it (its event carrying the meeting's id). */
export async function agendaOf(db: Db, meetingId: number) {
  return rowsOf<{
    orderId: number
    householdId: number
    categoryCode: string
    categoryName: string
    description: string
    address: string
    status: OrderStatus
    decision: OrderAction | null
    note: string | null
    decidedAt: string | null
  }>(db,
    sql`select o.id as "orderId", o.household_id as "householdId", c.code as "categoryCode", c.name as "categoryName", o.description, o.address, o.status,
          e.event as decision, e.note, ${isoTime(sql`e.at`)} as "decidedAt"
        from ${meetingAgenda} a join ${orders} o on o.id = a.order_id join ${categories} c on c.code = o.category_code
        left join lateral (select event, note, at from ${orderEvents} x where x.order_id = o.id and x.meeting_id = a.meeting_id order by x.id desc limit 1) e on true
        where a.meeting_id = ${meetingId} order by a.position`,
  )
}

export async function convenerName(db: Db, meeting: MeetingRow): Promise<string> {
  const [row] = await db.select({ name: users.name }).from(users).where(eq(users.id, meeting.convenedBy))
  return row?.name ?? ''
}

/** Attendance, minutes and whether they are public; false when an attendee id is not this meeting's. */
export async function recordMeeting(
  db: Db,
  meetingId: number,
  record: { attendance?: { id: number; present: boolean }[]; minutes?: string; minutesPublic?: boolean },
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const ids = (record.attendance ?? []).map((a) => a.id)
    if (ids.length > 0) {
      const known = await tx.select({ id: meetingAttendees.id }).from(meetingAttendees).where(and(eq(meetingAttendees.meetingId, meetingId), inArray(meetingAttendees.id, ids)))
      if (known.length !== new Set(ids).size) return false
      for (const a of record.attendance!) await tx.update(meetingAttendees).set({ present: a.present }).where(eq(meetingAttendees.id, a.id))
    }
    const minutes = record.minutes === undefined ? {} : { minutes: record.minutes.trim() || null }
    const visibility = record.minutesPublic === undefined ? {} : { minutesPublic: record.minutesPublic }
    if (Object.keys({ ...minutes, ...visibility }).length > 0) await tx.update(meetings).set({ ...minutes, ...visibility }).where(eq(meetings.id, meetingId))
    return true
  })
}
