import { sql } from 'drizzle-orm'
import {
  type AnyPgColumn,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  serial,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core'
import {
  DISPATCH_MODES,
  STATUS_GROUPS,
  URGENCIES,
  type ActorRole,
  type DispatchMode,
  type MembershipEvent,
  type MembershipStatus,
  type OrderEvent,
  type AttendeeSide,
  type Audience,
  type NoticeKind,
  type EventPayload,
  type MeetingKind,
  type OrderStatus,
  type OrgKind,
  type PartStatus,
  type SlotKind,
  type Role,
  type Urgency,
} from '../../src/domain'

/** 0 for the most urgent, in the domain's order of URGENCIES: the queues' first sort key. */
export const URGENCY_RANK_SQL = `(case urgency ${URGENCIES.map((u, rank) => `when '${u}' then ${rank}`).join(' ')} end)`

// Timestamps are `timestamptz` read as Date everywhere: the drivers disagree on string formats.
const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' })

export const orgs = pgTable('orgs', {
  id: serial('id').primaryKey(),
  parentId: integer('parent_id'),
  kind: text('kind').$type<OrgKind>().notNull(),
  name: text('name').notNull(),
  /** Materialised path such as `/1/2/5/`; the domain's `inScope` compares prefixes of it. */
  path: text('path').notNull().unique(),
})

export const teams = pgTable('teams', {
  id: serial('id').primaryKey(),
  orgId: integer('org_id').notNull().references(() => orgs.id),
  name: text('name').notNull(),
  leaderId: integer('leader_id'),
  /** Catalogue codes (`categories.code`) of services the community offers: names are neither unique nor stable. */
  skills: text('skills').array().notNull().default(sql`'{}'::text[]`),
})

/** A person. What they are (resident, Party member, committee member…) lives in `memberships`. */
export const users = pgTable('users', {
  id: serial('id').primaryKey(),
  /** Empty until the person signs up: a first WeChat login knows only the openid. */
  name: text('name').notNull(),
  phone: text('phone').notNull(),
  /** The mini-program's openid (wx.login). */
  openid: text('openid').unique(),
  /** The official account's openid (H5 web login inside WeChat): another app, so another openid. */
  webOpenid: text('web_openid').unique(),
  /**
   * The same for every app of one WeChat open platform account, when WeChat gives it: a
   * mini-program login and a web login of one person meet here.
   */
  unionid: text('unionid').unique(),
  /** Catalogue codes, like a team's. */
  skills: text('skills').array().notNull().default(sql`'{}'::text[]`),
  /** When the person agreed to the privacy notice; no personal data is taken before. */
  privacyConsentAt: at('privacy_consent_at'),
  createdAt: at('created_at').notNull().defaultNow(),
})

/** A home in a grid. Orders are for a household; its residents and family proxies follow them. */
export const households = pgTable(
  'households',
  {
    id: serial('id').primaryKey(),
    gridId: integer('grid_id').notNull().references(() => orgs.id),
    /** The grid's path, copied like `orders.org_path` so scope filters need no join. */
    orgPath: text('org_path').notNull(),
    building: text('building').notNull(),
    unit: text('unit').notNull(),
    room: text('room').notNull(),
    createdAt: at('created_at').notNull(),
  },
  (t) => [uniqueIndex('households_address_idx').on(t.gridId, t.building, t.unit, t.room)],
)

/**
 * One role a person holds in one org unit: resident of a grid (with a household), family proxy
 * of a household, 双报到 Party member serving a community (from a work unit), volunteer of a
 * team, grid worker, committee member, street administrator. A session acts as one of them.
 */
export const memberships = pgTable(
  'memberships',
  {
    id: serial('id').primaryKey(),
    userId: integer('user_id').notNull().references(() => users.id),
    role: text('role').$type<Role>().notNull(),
    /** The org the role is held in; its path is the actor's scope. */
    orgId: integer('org_id').notNull().references(() => orgs.id),
    status: text('status').$type<MembershipStatus>().notNull(),
    householdId: integer('household_id').references(() => households.id),
    teamId: integer('team_id').references(() => teams.id),
    /** A Party member's own work unit (双报到: they serve `orgId` and belong here). */
    workUnitId: integer('work_unit_id').references(() => orgs.id),
    /** What the person said when asking (the branch, "儿子"…), shown to whoever approves. */
    note: text('note'),
    approvedBy: integer('approved_by').references(() => users.id),
    createdAt: at('created_at').notNull(),
    /** When the membership became active. */
    since: at('since'),
    endedAt: at('ended_at'),
  },
  (t) => [
    index('memberships_user_idx').on(t.userId),
    index('memberships_org_role_idx').on(t.orgId, t.role, t.status),
    index('memberships_household_idx').on(t.householdId),
    // One live membership per person, role and place: asking twice finds the first request.
    uniqueIndex('memberships_live_idx')
      .on(t.userId, t.role, t.orgId, sql`coalesce(household_id, 0)`, sql`coalesce(team_id, 0)`)
      .where(sql`status <> 'ended'`),
  ],
)

/** Append-only history of memberships: who asked, who approved or removed, when. */
export const membershipEvents = pgTable(
  'membership_events',
  {
    id: serial('id').primaryKey(),
    membershipId: integer('membership_id').notNull().references(() => memberships.id),
    event: text('event').$type<MembershipEvent>().notNull(),
    fromStatus: text('from_status').$type<MembershipStatus>(),
    toStatus: text('to_status').$type<MembershipStatus>().notNull(),
    actorId: integer('actor_id').references(() => users.id),
    actorRole: text('actor_role').$type<ActorRole>(),
    note: text('note'),
    at: at('at').notNull(),
  },
  (t) => [index('membership_events_membership_idx').on(t.membershipId, t.id)],
)

/** A link or QR code that lets people join one org unit in one role. */
export const invites = pgTable('invites', {
  id: serial('id').primaryKey(),
  /** Random, URL-safe, ≤ 32 characters: it travels as a mini-program QR code's `scene`. */
  code: text('code').notNull().unique(),
  orgId: integer('org_id').notNull().references(() => orgs.id),
  role: text('role').$type<Role>().notNull(),
  teamId: integer('team_id').references(() => teams.id),
  createdBy: integer('created_by').notNull().references(() => users.id),
  createdAt: at('created_at').notNull(),
  expiresAt: at('expires_at').notNull(),
  /** Null for as many people as come (a grid's resident invite); 1 for a committee seat. */
  maxUses: integer('max_uses'),
  uses: integer('uses').notNull().default(0),
  revokedAt: at('revoked_at'),
})

/** Services. The shared catalogue has no community; a community may add its own. */
export const categories = pgTable('categories', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  description: text('description').notNull(),
  emergency: boolean('emergency').notNull().default(false),
  photoRequired: boolean('photo_required').notNull().default(false),
  sort: integer('sort').notNull().default(0),
  /** Set for a service one community added for itself; null for the shared catalogue. */
  communityId: integer('community_id').references(() => orgs.id),
})

/** A community's own settings for a service of the catalogue: a row only where it differs. */
export const communityServices = pgTable(
  'community_services',
  {
    communityId: integer('community_id')
      .notNull()
      .references(() => orgs.id),
    code: text('code')
      .notNull()
      .references(() => categories.code),
    enabled: boolean('enabled').notNull().default(true),
    /** Null: as the catalogue says. */
    photoRequired: boolean('photo_required'),
    /** How a new order of the service goes out (the domain's DISPATCH_MODES): the committee's queue unless set. */
    dispatchMode: text('dispatch_mode').$type<DispatchMode>().notNull().default('committee'),
    /** The team a `team` default sends new orders to; should the team row go, orders stay with the committee. */
    dispatchTeamId: integer('dispatch_team_id').references(() => teams.id, { onDelete: 'set null' }),
  },
  (t) => [
    primaryKey({ columns: [t.communityId, t.code] }),
    check('community_services_dispatch_mode', sql`${t.dispatchMode} in (${sql.raw(DISPATCH_MODES.map((m) => `'${m}'`).join(', '))})`),
  ],
)

export const orders = pgTable(
  'orders',
  {
    id: serial('id').primaryKey(),
    /** Who placed it: a resident, a family proxy or a grid worker. */
    placedById: integer('placed_by_id').notNull().references(() => users.id),
    /** The role they placed it in. */
    placedAs: text('placed_as').$type<Role>().notNull(),
    /** Whom it is for. */
    householdId: integer('household_id').notNull().references(() => households.id),
    categoryCode: text('category_code').notNull().references(() => categories.code),
    description: text('description').notNull(),
    photos: jsonb('photos').$type<string[]>().notNull().default([]),
    gridId: integer('grid_id').notNull().references(() => orgs.id),
    /** The grid's path, copied here so scope filters need no join. Grids never move. */
    orgPath: text('org_path').notNull(),
    address: text('address').notNull(),
    contactName: text('contact_name').notNull(),
    contactPhone: text('contact_phone').notNull(),
    preferredTime: text('preferred_time'),
    urgency: text('urgency').$type<Urgency>().notNull(),
    status: text('status').$type<OrderStatus>().notNull(),
    rating: integer('rating'),
    /** Places free for responders to take (the domain's `hallPlaces`): an order with some is in the hall. */
    hallPlaces: integer('hall_places').notNull().default(0),
    /**
     * Households whose duplicates were merged into this order (合并): they follow and confirm it.
     * An array on the order itself, so a household's list finds them by index and the domain's
     * facts need no extra read.
     */
    followerHouseholdIds: integer('follower_household_ids').array().notNull().default(sql`'{}'::integer[]`),
    /** Set on a merged duplicate: the order that carries on. */
    mergedIntoId: integer('merged_into_id').references((): AnyPgColumn => orders.id),
    /** Optimistic lock: every transition is `UPDATE … WHERE version = <read version>`. */
    version: integer('version').notNull().default(1),
    createdAt: at('created_at').notNull(),
    updatedAt: at('updated_at').notNull(),
    idempotencyKey: text('idempotency_key'),
    /**
     * The clocks as the clock job last read them (the domain's `clockSummaryOf`), for the 超时 /
     * 即将超时 list filters: up to one job interval behind, where the DTO's badge is read from the
     * timeline at the time asked. Null when no clock runs.
     */
    clockAlert: text('clock_alert').$type<'overdue' | 'due_soon'>(),
    clockDueAt: at('clock_due_at'),
    /**
     * When the clock job must read the order next: each transition sets it to its own instant, the
     * job to the first instant the clocks could say anything new, null while none runs (an ended
     * order, a parked one until its revisit). The default has an order inserted any other way
     * (seed, scripts) read at the next run.
     */
    clockCheckAt: at('clock_check_at').default(sql`'epoch'`),
  },
  (t) => [
    uniqueIndex('orders_placed_by_idempotency_key').on(t.placedById, t.idempotencyKey),
    index('orders_org_path_idx').using('btree', t.orgPath.op('text_pattern_ops')),
    index('orders_status_idx').on(t.status),
    // Ascending on purpose: lists sort `updated_at DESC, id DESC` (NULLS FIRST), which a backward
    // scan of an ascending index serves; a `DESC NULLS LAST` index cannot.
    index('orders_recent_idx').on(t.updatedAt, t.id),
    index('orders_household_recent_idx').on(t.householdId, t.updatedAt, t.id),
    index('orders_followers_idx').using('gin', t.followerHouseholdIds),
    // The two queues (the hall, the committee's inbox) in their list order. The expression and
    // the status predicates are the very SQL `listOrders` prints, or the planner cannot use them.
    index('orders_queue_hall_idx').on(sql.raw(URGENCY_RANK_SQL), t.createdAt, t.id).where(sql`hall_places > 0`),
    index('orders_queue_inbox_idx')
      .on(sql.raw(URGENCY_RANK_SQL), t.createdAt, t.id)
      .where(sql.raw(`status in (${STATUS_GROUPS.pending.map((s) => `'${s}'`).join(', ')})`)),
    // The clock job's reading list: the orders due a look, a small share of those open.
    index('orders_clock_check_idx').on(t.clockCheckAt).where(sql`clock_check_at is not null`),
    // The 超时 / 即将超时 filters in a subtree's lists (committee, grid worker, street): few orders
    // are late, so the index holds only them; other scopes filter on their own index's rows.
    index('orders_clock_alert_idx').on(t.clockAlert, t.orgPath.op('text_pattern_ops')).where(sql`clock_alert is not null`),
    check('orders_rating_range', sql`${t.rating} between 1 and 5`),
  ],
)

/** Append-only: one row per transition, the order's timeline. */
export const orderEvents = pgTable(
  'order_events',
  {
    id: serial('id').primaryKey(),
    orderId: integer('order_id').notNull().references(() => orders.id),
    event: text('event').$type<OrderEvent>().notNull(),
    fromStatus: text('from_status').$type<OrderStatus>(),
    toStatus: text('to_status').$type<OrderStatus>().notNull(),
    /** Null for events the system makes (auto-close): no person acted. */
    actorId: integer('actor_id').references(() => users.id),
    actorRole: text('actor_role').$type<ActorRole>().notNull(),
    note: text('note'),
    rating: integer('rating'),
    assigneeId: integer('assignee_id').references(() => users.id),
    photos: jsonb('photos').$type<string[]>().notNull().default([]),
    /** What the event says beyond its note, typed per kind in the domain (`EventPayload`). */
    payload: jsonb('payload').$type<EventPayload>(),
    /** The joint meeting that decided it, when a meeting did. */
    meetingId: integer('meeting_id').references(() => meetings.id),
    at: at('at').notNull(),
  },
  (t) => [
    index('order_events_order_idx').on(t.orderId, t.id),
    // An escalation is written once per order, clock, round and level, however many server
    // processes run the job at the same moment: the database decides, like the claim.
    uniqueIndex('order_events_escalation_once_idx')
      .on(t.orderId, sql`(payload->>'clock')`, sql`(payload->>'round')`, sql`(payload->>'level')`)
      .where(sql`event = 'escalate'`),
  ],
)

/**
 * A joint meeting (三方联席 / 共建联席会议) a committee convenes on hard cases: its agenda of orders,
 * who attended, the minutes, and a decision per order applied as that order's event.
 */
export const meetings = pgTable('meetings', {
  id: serial('id').primaryKey(),
  /** The committee's org: the meeting sees and decides orders of its subtree only. */
  orgId: integer('org_id').notNull().references(() => orgs.id),
  orgPath: text('org_path').notNull(),
  kind: text('kind').$type<MeetingKind>().notNull(),
  title: text('title').notNull(),
  heldAt: at('held_at').notNull(),
  place: text('place').notNull(),
  minutes: text('minutes'),
  /** Public minutes: the residents whose orders are on the agenda read the summary and decisions. */
  minutesPublic: boolean('minutes_public').notNull().default(false),
  convenedBy: integer('convened_by').notNull().references(() => users.id),
  createdAt: at('created_at').notNull(),
})

export const meetingAttendees = pgTable(
  'meeting_attendees',
  {
    id: serial('id').primaryKey(),
    meetingId: integer('meeting_id').notNull().references(() => meetings.id),
    name: text('name').notNull(),
    /** Whom they speak for: the committee, the property company, residents, a department. */
    side: text('side').$type<AttendeeSide>().notNull(),
    present: boolean('present'),
  },
  (t) => [index('meeting_attendees_meeting_idx').on(t.meetingId)],
)

/** The orders a meeting takes up, in order. What it decided is each order's event with the meeting's id. */
export const meetingAgenda = pgTable(
  'meeting_agenda',
  {
    meetingId: integer('meeting_id').notNull().references(() => meetings.id),
    orderId: integer('order_id').notNull().references(() => orders.id),
    position: integer('position').notNull(),
  },
  (t) => [primaryKey({ columns: [t.meetingId, t.orderId] }), index('meeting_agenda_order_idx').on(t.orderId)],
)

/** The places an order offers responders: a dispatch or publish opens one, a 党委呼叫 several. */
export const orderSlots = pgTable(
  'order_slots',
  {
    id: serial('id').primaryKey(),
    orderId: integer('order_id').notNull().references(() => orders.id),
    kind: text('kind').$type<SlotKind>().notNull(),
    headcount: integer('headcount').notNull(),
    /** The team (`team`) or the work unit's org (`department`) the slot is addressed to. */
    teamId: integer('team_id').references(() => teams.id),
    workUnitId: integer('work_unit_id').references(() => orgs.id),
    /** A catalogue code the responders should be good at. */
    skill: text('skill'),
    openedAt: at('opened_at').notNull(),
    closedAt: at('closed_at'),
  },
  (t) => [index('order_slots_order_idx').on(t.orderId), check('order_slots_headcount', sql`${t.headcount} between 1 and 20`)],
)

/** Who holds, held or was offered a place: one row per person and slot, moved on by the domain's parts. */
export const orderAssignments = pgTable(
  'order_assignments',
  {
    id: serial('id').primaryKey(),
    orderId: integer('order_id').notNull().references(() => orders.id),
    slotId: integer('slot_id').notNull().references(() => orderSlots.id),
    userId: integer('user_id').notNull().references(() => users.id),
    status: text('status').$type<PartStatus>().notNull(),
    createdAt: at('created_at').notNull(),
    updatedAt: at('updated_at').notNull(),
  },
  (t) => [
    index('order_assignments_order_idx').on(t.orderId),
    // "My tasks": the orders a person holds a live part of.
    index('order_assignments_user_idx').on(t.userId, t.orderId),
    // One live part per person and slot (the domain keeps it to one per order, among open slots).
    uniqueIndex('order_assignments_live_idx').on(t.slotId, t.userId).where(sql`status in ('invited', 'joined', 'started', 'done')`),
  ],
)

export const sessions = pgTable(
  'sessions',
  {
    /** sha256 of the bearer token: a leaked table does not leak usable tokens. */
    tokenHash: text('token_hash').primaryKey(),
    userId: integer('user_id').notNull().references(() => users.id),
    /** The membership this session acts as; null until the person has one (sign-up). */
    membershipId: integer('membership_id').references(() => memberships.id),
    createdAt: at('created_at').notNull(),
    expiresAt: at('expires_at').notNull(),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
)

/** Files this server stored, and who uploaded them: orders may reference only their own. */
export const uploads = pgTable('uploads', {
  /** The storage key, e.g. `2026/11/<random>.jpg`; the public URL is `/api/uploads/<key>`. */
  key: text('key').primaryKey(),
  uploaderId: integer('uploader_id').notNull().references(() => users.id),
  createdAt: at('created_at').notNull(),
})

/** The WeChat access token every server process uses (see `TokenStore` in wechat/client.ts): one row per app. */
export const wechatTokens = pgTable('wechat_tokens', {
  appId: text('app_id').primaryKey(),
  token: text('token').notNull(),
  /** When to fetch a new one: a few minutes before WeChat's stated expiry. */
  refreshAt: at('refresh_at').notNull(),
})

/**
 * A community's own time limits (时限) per service (or '*' for all) and urgency, where its
 * committee does not keep the defaults (the domain's `targetsFor` reads them).
 */
export const clockTargets = pgTable(
  'clock_targets',
  {
    communityId: integer('community_id').notNull().references(() => orgs.id),
    categoryCode: text('category_code').notNull(),
    urgency: text('urgency').$type<Urgency>().notNull(),
    responseMinutes: integer('response_minutes').notNull(),
    completionMinutes: integer('completion_minutes').notNull(),
    updatedBy: integer('updated_by').notNull().references(() => users.id),
    updatedAt: at('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.communityId, t.categoryCode, t.urgency] })],
)

/**
 * The outbox: what a change of an order announces, written in the same statement or transaction
 * as the change. A delivery job turns each row into messages for the people it concerns, once.
 */
export const outbox = pgTable(
  'outbox',
  {
    id: serial('id').primaryKey(),
    /** What it is about: an order, or a membership someone asked for (approval requests and their answers). */
    orderId: integer('order_id').references(() => orders.id),
    membershipId: integer('membership_id').references(() => memberships.id),
    kind: text('kind').$type<NoticeKind>().notNull(),
    /** To whom, as the domain's `Audience`: resolved to people when delivered. */
    audience: jsonb('audience').$type<Audience>().notNull(),
    createdAt: at('created_at').notNull(),
    deliveredAt: at('delivered_at'),
    /** What a reminder is about (`due_soon:12:response:0`): the clocks write each occasion once. */
    onceKey: text('once_key'),
  },
  (t) => [
    index('outbox_pending_idx').on(t.id).where(sql`delivered_at is null`),
    uniqueIndex('outbox_once_idx').on(t.onceKey).where(sql`once_key is not null`),
    check('outbox_about_one', sql`num_nonnulls(${t.orderId}, ${t.membershipId}) = 1`),
  ],
)

/** The message centre: one row per person and notice. */
export const messages = pgTable(
  'messages',
  {
    id: serial('id').primaryKey(),
    userId: integer('user_id').notNull().references(() => users.id),
    outboxId: integer('outbox_id').notNull().references(() => outbox.id),
    kind: text('kind').$type<NoticeKind>().notNull(),
    orderId: integer('order_id').references(() => orders.id),
    title: text('title').notNull(),
    body: text('body').notNull(),
    createdAt: at('created_at').notNull(),
    readAt: at('read_at'),
  },
  (t) => [
    // A notice reaches a person once, however often delivery is tried.
    uniqueIndex('messages_outbox_user_idx').on(t.outboxId, t.userId),
    index('messages_user_idx').on(t.userId, t.id),
    index('messages_unread_idx').on(t.userId).where(sql`read_at is null`),
  ],
)

/** One-time subscriptions a person accepted (一次性订阅): each lets one subscribe message through. */
export const subscriptions = pgTable(
  'subscriptions',
  {
    userId: integer('user_id').notNull().references(() => users.id),
    templateId: text('template_id').notNull(),
    remaining: integer('remaining').notNull(),
    updatedAt: at('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.templateId] }), check('subscriptions_remaining_range', sql`${t.remaining} >= 0`)],
)

/**
 * Subscribe messages to send: written with the message they carry (one per message at most), sent
 * by the push job, retried with backoff, never sent twice once WeChat took it.
 */
export const wechatPushes = pgTable(
  'wechat_pushes',
  {
    id: serial('id').primaryKey(),
    messageId: integer('message_id').notNull().references(() => messages.id).unique(),
    openid: text('openid').notNull(),
    templateId: text('template_id').notNull(),
    page: text('page').notNull(),
    data: jsonb('data').$type<Record<string, string>>().notNull(),
    status: text('status').$type<'pending' | 'sent' | 'failed'>().notNull(),
    attempts: integer('attempts').notNull().default(0),
    nextAt: at('next_at').notNull(),
    lastError: text('last_error'),
    sentAt: at('sent_at'),
  },
  (t) => [index('wechat_pushes_due_idx').on(t.nextAt).where(sql`status = 'pending'`)],
)

export type OrgRow = typeof orgs.$inferSelect
export type TeamRow = typeof teams.$inferSelect
export type UserRow = typeof users.$inferSelect
export type HouseholdRow = typeof households.$inferSelect
export type MembershipRow = typeof memberships.$inferSelect
export type OrderRow = typeof orders.$inferSelect
export type OrderEventRow = typeof orderEvents.$inferSelect
export type OrderSlotRow = typeof orderSlots.$inferSelect
export type OrderAssignmentRow = typeof orderAssignments.$inferSelect
