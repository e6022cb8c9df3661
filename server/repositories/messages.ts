import { and, desc, eq, inArray, isNull, lt, sql } from 'drizzle-orm'
import { HOUSEHOLD_ROLES, LIVE_PART_STATUSES, NOTICE_TITLES, SLOT_KINDS, SLOT_KIND_ROLES, type NoticeKind } from '../../src/domain'
import type { MessageDto } from '../../types/messages'
import type { Db } from '../db/client'
import { categories, memberships, messages, orderAssignments, orderSlots, orders, orgs, outbox } from '../db/schema'
import { summaryOf } from './order-dto'
import { rowsOf } from './prepared'

// The outbox's delivery and the message centre it fills.

const list = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(', '))
const LIVE = list(LIVE_PART_STATUSES)

/** A responder membership `m` may take a free place of slot `s` (the domain's `qualifiesFor`, in SQL). */
const qualifies = sql.raw(
  SLOT_KINDS.filter((kind) => SLOT_KIND_ROLES[kind].length > 0)
    .map((kind) => {
      const unit = kind === 'team' ? ' and m.team_id = s.team_id' : kind === 'department' ? ' and m.work_unit_id = s.work_unit_id' : ''
      return `(s.kind = '${kind}' and m.role in (${SLOT_KIND_ROLES[kind].map((r) => `'${r}'`).join(', ')})${unit})`
    })
    .join(' or '),
)

/** The people of each audience kind (`p`: the outbox row, `ord`: its order), as the domain's `Audience` says. */
const RECIPIENTS = sql`
  select m.user_id from ${memberships} m
    where p.audience->>'kind' = 'households' and m.status = 'active' and m.role in (${list(HOUSEHOLD_ROLES)})
      and m.household_id in (select value::int from jsonb_array_elements_text(p.audience->'householdIds'))
  union
  select value::int from jsonb_array_elements_text(case when p.audience->>'kind' = 'users' then p.audience->'userIds' else '[]'::jsonb end)
  union
  select m.user_id from ${memberships} m join ${orgs} o on o.id = m.org_id
    where p.audience->>'kind' = 'committees' and m.role = 'committee' and m.status = 'active' and (p.audience->>'orgPath') like o.path || '%'
  union
  select m.user_id from ${memberships} m join ${orgs} o on o.id = m.org_id
    where p.audience->>'kind' = 'level' and m.status = 'active' and o.path = p.audience->>'orgPath'
      and m.role in (select value from jsonb_array_elements_text(p.audience->'roles'))
  union
  select m.user_id from ${memberships} m join ${orgs} o on o.id = m.org_id join ${orderSlots} s on s.order_id = ord.id
    where p.audience->>'kind' = 'hall' and m.status = 'active' and ord.org_path like o.path || '%' and s.closed_at is null and (${qualifies})
      and s.headcount > (select count(*) from ${orderAssignments} a where a.slot_id = s.id and a.status in (${LIVE}))
      and not exists (select 1 from ${orderAssignments} a join ${orderSlots} s2 on s2.id = a.slot_id
                      where a.order_id = ord.id and a.user_id = m.user_id and a.status in (${LIVE}) and s2.closed_at is null)`

interface Delivery {
  outboxId: number
  userId: number | null
  kind: NoticeKind
  orderId: number
  categoryName: string
  description: string
}

/**
 * Delivers up to `batch` notices from the outbox: each becomes one message per person it
 * concerns, and is marked delivered in the same transaction. Rows are taken `for update skip
 * locked`, so server processes delivering at once share the work and never deliver a row twice.
 * Returns how many notices were delivered.
 */
export async function deliverPending(db: Db, now: Date, batch = 200): Promise<number> {
  return db.transaction(async (tx) => {
    const rows = await rowsOf<Delivery>(tx,
      sql`with picked as (
            select id, order_id, kind, audience from ${outbox} where delivered_at is null order by id limit ${batch} for update skip locked
          )
          select p.id as "outboxId", r.user_id as "userId", p.kind, p.order_id as "orderId", c.name as "categoryName", ord.description
          from picked p join ${orders} ord on ord.id = p.order_id join ${categories} c on c.code = ord.category_code
          left join lateral (${RECIPIENTS}) r(user_id) on true
          order by p.id`,
    )
    if (rows.length === 0) return 0
    const people = rows.filter((r): r is Delivery & { userId: number } => r.userId !== null)
    if (people.length > 0) {
      await tx
        .insert(messages)
        .values(
          people.map((r) => ({
            userId: r.userId,
            outboxId: r.outboxId,
            kind: r.kind,
            orderId: r.orderId,
            title: NOTICE_TITLES[r.kind],
            body: `${r.categoryName}：${summaryOf(r.description)}`,
            createdAt: now,
          })),
        )
        .onConflictDoNothing()
    }
    const delivered = [...new Set(rows.map((r) => r.outboxId))]
    await tx.update(outbox).set({ deliveredAt: now }).where(inArray(outbox.id, delivered))
    return delivered.length
  })
}

const unreadOf = async (db: Db, userId: number): Promise<number> => {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(messages).where(and(eq(messages.userId, userId), isNull(messages.readAt)))
  return row.n
}

/** A person's messages, newest first, after the message `before` (an id); and how many are unread. */
export async function listMessages(db: Db, userId: number, before: number | null, limit: number): Promise<{ items: MessageDto[]; next: number | null; unread: number }> {
  const rows = await db
    .select()
    .from(messages)
    .where(and(eq(messages.userId, userId), before === null ? undefined : lt(messages.id, before)))
    .orderBy(desc(messages.id))
    .limit(limit + 1)
  const shown = rows.slice(0, limit)
  return {
    items: shown.map((m) => ({ id: m.id, kind: m.kind, orderId: m.orderId, title: m.title, body: m.body, at: m.createdAt.toISOString(), read: m.readAt !== null })),
    next: rows.length > limit ? shown[shown.length - 1].id : null,
    unread: await unreadOf(db, userId),
  }
}

export { unreadOf as unreadMessages }

/** Marks the person's own messages read (others' ids are ignored), or all of them; returns what is left unread. */
export async function markRead(db: Db, userId: number, ids: readonly number[] | 'all', now: Date): Promise<number> {
  await db
    .update(messages)
    .set({ readAt: now })
    .where(and(eq(messages.userId, userId), isNull(messages.readAt), ids === 'all' ? undefined : inArray(messages.id, [...ids])))
  return unreadOf(db, userId)
}
