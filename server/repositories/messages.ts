import { and, desc, eq, inArray, isNull, lt, sql } from 'drizzle-orm'
import { HOUSEHOLD_ROLES, LIVE_PART_STATUSES, NOTICE_TITLES, ROLE_LABELS, SLOT_KINDS, SLOT_KIND_ROLES, subscribeFields, type NoticeKind, type Role } from '../../src/domain'
import type { MessageDto } from '../../types/messages'
import type { Db } from '../db/client'
import { categories, memberships, messages, orderAssignments, orderSlots, orders, orgs, outbox, subscriptions, teams, users, wechatPushes } from '../db/schema'
import { announceChanged } from './changes'
import { summaryOf } from './order-dto'
import { quotedList, rowsOf } from './prepared'

// The outbox's delivery and the message centre it fills.

const LIVE = quotedList(LIVE_PART_STATUSES)

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
    where p.audience->>'kind' = 'households' and m.status = 'active' and m.role in (${quotedList(HOUSEHOLD_ROLES)})
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
  select m.user_id from ${memberships} m
    where p.audience->>'kind' = 'residents' and m.status = 'active' and m.role = 'resident' and m.household_id = (p.audience->>'householdId')::int
  union
  select m.user_id from ${memberships} m join ${orgs} o on o.id = m.org_id join ${orderSlots} s on s.order_id = ord.id
    where p.audience->>'kind' = 'hall' and m.status = 'active' and ord.org_path like o.path || '%' and s.closed_at is null and (${qualifies})
      and s.headcount > (select count(*) from ${orderAssignments} a where a.slot_id = s.id and a.status in (${LIVE}))
      and not exists (select 1 from ${orderAssignments} a join ${orderSlots} s2 on s2.id = a.slot_id
                      where a.order_id = ord.id and a.user_id = m.user_id and a.status in (${LIVE}) and s2.closed_at is null)`

/** One person a notice reaches, with what its message says: about an order, or a membership asked for. */
interface Delivery {
  outboxId: number
  userId: number | null
  kind: NoticeKind
  orderId: number | null
  categoryName: string | null
  description: string | null
  applicantRole: Role | null
  applicantName: string | null
  /** The team a volunteer asked to join, else the org of the membership. */
  applicantPlace: string | null
}

/** 助餐：楼道灯坏了… for an order; 志愿者 · 张三 · 巾帼志愿服务队 for a membership. */
const bodyOf = (r: Delivery) =>
  r.orderId !== null ? `${r.categoryName}：${summaryOf(r.description ?? '')}` : [ROLE_LABELS[r.applicantRole!], r.applicantName, r.applicantPlace].join(' · ')

/**
 * Delivers up to `batch` notices from the outbox: each becomes one message per person it
 * concerns, and is marked delivered in the same transaction. Rows are taken `for update skip
 * locked`, so server processes delivering at once share the work and never deliver a row twice.
 * Returns how many notices were delivered.
 */
export async function deliverPending(db: Db, now: Date, batch = 200, templates: SubscribeTemplates = {}): Promise<number> {
  const told: number[] = []
  const delivered = await db.transaction(async (tx) => {
    const rows = await rowsOf<Delivery>(tx,
      sql`with picked as (
            select id, order_id, membership_id, kind, audience from ${outbox} where delivered_at is null order by id limit ${batch} for update skip locked
          )
          select p.id as "outboxId", r.user_id as "userId", p.kind, p.order_id as "orderId", c.name as "categoryName", ord.description,
                 mm.role as "applicantRole", applicant.name as "applicantName", coalesce(mt.name, mo.name) as "applicantPlace"
          from picked p
          left join ${orders} ord on ord.id = p.order_id left join ${categories} c on c.code = ord.category_code
          left join ${memberships} mm on mm.id = p.membership_id left join ${users} applicant on applicant.id = mm.user_id
          left join ${orgs} mo on mo.id = mm.org_id left join ${teams} mt on mt.id = mm.team_id
          left join lateral (${RECIPIENTS}) r(user_id) on true
          order by p.id`,
    )
    if (rows.length === 0) return 0
    told.length = 0 // a retried transaction starts over
    const people = rows.filter((r): r is Delivery & { userId: number } => r.userId !== null)
    if (people.length > 0) {
      const written = await tx
        .insert(messages)
        .values(
          people.map((r) => ({
            userId: r.userId,
            outboxId: r.outboxId,
            kind: r.kind,
            orderId: r.orderId,
            title: NOTICE_TITLES[r.kind],
            body: bodyOf(r),
            createdAt: now,
          })),
        )
        .onConflictDoNothing()
        .returning({ id: messages.id, userId: messages.userId, kind: messages.kind, orderId: messages.orderId })
      told.push(...written.map((m) => m.userId))
      const serviceOf = new Map(people.map((r) => [r.orderId, r.categoryName ?? '']))
      await queuePushes(tx, written.map((m) => ({ ...m, serviceName: serviceOf.get(m.orderId!) ?? '' })), templates, now)
    }
    const notices = [...new Set(rows.map((r) => r.outboxId))]
    await tx.update(outbox).set({ deliveredAt: now }).where(inArray(outbox.id, notices))
    return notices.length
  })
  await announceChanged(db, 'sandan_messages', told)
  return delivered
}

/** The subscribe-message template of each notice kind that has one (configuration). */
export type SubscribeTemplates = Partial<Record<NoticeKind, string>>

/** The mini-program page a message opens. */
export const orderPage = (orderId: number) => `pages/order-detail/index?id=${orderId}`

/**
 * The subscribe messages new messages carry: one for each whose kind has a template, to a person
 * with a WeChat openid and a subscription left for it, which it uses up. In the delivery's
 * transaction, so a message and its push are written together or not at all.
 */
async function queuePushes(
  tx: Db,
  written: { id: number; userId: number; kind: NoticeKind; orderId: number | null; serviceName: string }[],
  templates: SubscribeTemplates,
  now: Date,
): Promise<void> {
  const wanted = written.filter((m) => templates[m.kind] && m.orderId !== null)
  if (wanted.length === 0) return
  const people = await tx
    .select({ userId: users.id, openid: users.openid, templateId: subscriptions.templateId, remaining: subscriptions.remaining })
    .from(subscriptions)
    .innerJoin(users, eq(users.id, subscriptions.userId))
    .where(and(inArray(subscriptions.userId, [...new Set(wanted.map((m) => m.userId))]), sql`${subscriptions.remaining} > 0`, sql`${users.openid} is not null`))
    .for('update', { of: subscriptions })
  const left = new Map(people.map((p) => [`${p.userId}:${p.templateId}`, { ...p, before: p.remaining }]))
  const pushes = wanted.flatMap((m) => {
    const subscription = left.get(`${m.userId}:${templates[m.kind]}`)
    if (!subscription || subscription.remaining === 0) return []
    subscription.remaining--
    return [{ messageId: m.id, openid: subscription.openid!, templateId: subscription.templateId, page: orderPage(m.orderId!), data: subscribeFields(m.kind, m.serviceName, now), status: 'pending' as const, nextAt: now }]
  })
  if (pushes.length === 0) return
  await tx.insert(wechatPushes).values(pushes)
  for (const s of [...left.values()].filter((s) => s.remaining !== s.before)) {
    await tx.update(subscriptions).set({ remaining: s.remaining, updatedAt: now }).where(and(eq(subscriptions.userId, s.userId), eq(subscriptions.templateId, s.templateId)))
  }
}

/** WeChat lets a one-time subscription pile up; this many is more than any person needs. */
const MAX_SUBSCRIPTIONS = 50

/** Counts one more accepted subscription per template; returns what the person has left of each. */
export async function acceptSubscriptions(db: Db, userId: number, templateIds: readonly string[], now: Date): Promise<{ templateId: string; remaining: number }[]> {
  return db
    .insert(subscriptions)
    .values(templateIds.map((templateId) => ({ userId, templateId, remaining: 1, updatedAt: now })))
    .onConflictDoUpdate({
      target: [subscriptions.userId, subscriptions.templateId],
      set: { remaining: sql`least(${subscriptions.remaining} + 1, ${MAX_SUBSCRIPTIONS})`, updatedAt: now },
    })
    .returning({ templateId: subscriptions.templateId, remaining: subscriptions.remaining })
}

/** How many of the person's messages are unread: the tab badge. */
export async function unreadMessages(db: Db, userId: number): Promise<number> {
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
    unread: await unreadMessages(db, userId),
  }
}


/** Marks the person's own messages read (others' ids are ignored), or all of them; returns what is left unread. */
/** Marks everyone's unread messages of these kinds read (the demo's history; see main.ts). */
export async function markReadOfKinds(db: Db, kinds: readonly NoticeKind[], now: Date): Promise<void> {
  await db.update(messages).set({ readAt: now }).where(and(isNull(messages.readAt), inArray(messages.kind, [...kinds])))
}

export async function markRead(db: Db, userId: number, ids: readonly number[] | 'all', now: Date): Promise<number> {
  await db
    .update(messages)
    .set({ readAt: now })
    .where(and(eq(messages.userId, userId), isNull(messages.readAt), ids === 'all' ? undefined : inArray(messages.id, [...ids])))
  return unreadMessages(db, userId)
}
