import { sql } from 'drizzle-orm'
import {
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  serial,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core'
import { STATUS_GROUPS, URGENCIES, type ActorRole, type OrderEvent, type OrderStatus, type Role, type Urgency } from '../../src/domain'

/** 0 for the most urgent, in the domain's order of URGENCIES: the queues' first sort key. */
export const URGENCY_RANK_SQL = `(case urgency ${URGENCIES.map((u, rank) => `when '${u}' then ${rank}`).join(' ')} end)`

export const ORG_KINDS = ['community', 'compound', 'grid'] as const
export type OrgKind = (typeof ORG_KINDS)[number]

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
  skills: text('skills').array().notNull().default(sql`'{}'::text[]`),
})

export const users = pgTable(
  'users',
  {
    id: serial('id').primaryKey(),
    name: text('name').notNull(),
    phone: text('phone').notNull(),
    role: text('role').$type<Role>().notNull(),
    orgId: integer('org_id').notNull().references(() => orgs.id),
    openid: text('openid').unique(),
    teamId: integer('team_id').references(() => teams.id),
    skills: text('skills').array().notNull().default(sql`'{}'::text[]`),
    workUnit: text('work_unit'),
    createdAt: at('created_at').notNull().defaultNow(),
  },
  (t) => [index('users_org_role_idx').on(t.orgId, t.role)],
)

export const categories = pgTable('categories', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  description: text('description').notNull(),
  emergency: boolean('emergency').notNull().default(false),
  photoRequired: boolean('photo_required').notNull().default(false),
  sort: integer('sort').notNull().default(0),
})

export const orders = pgTable(
  'orders',
  {
    id: serial('id').primaryKey(),
    residentId: integer('resident_id').notNull().references(() => users.id),
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
    assigneeId: integer('assignee_id').references(() => users.id),
    takerId: integer('taker_id').references(() => users.id),
    rating: integer('rating'),
    /** Optimistic lock: every transition is `UPDATE … WHERE version = <read version>`. */
    version: integer('version').notNull().default(1),
    createdAt: at('created_at').notNull(),
    updatedAt: at('updated_at').notNull(),
    idempotencyKey: text('idempotency_key'),
  },
  (t) => [
    uniqueIndex('orders_resident_idempotency_key').on(t.residentId, t.idempotencyKey),
    index('orders_org_path_idx').using('btree', t.orgPath.op('text_pattern_ops')),
    index('orders_status_idx').on(t.status),
    // Ascending on purpose: lists sort `updated_at DESC, id DESC` (NULLS FIRST), which a backward
    // scan of an ascending index serves; a `DESC NULLS LAST` index cannot.
    index('orders_recent_idx').on(t.updatedAt, t.id),
    index('orders_resident_recent_idx').on(t.residentId, t.updatedAt, t.id),
    index('orders_taker_idx').on(t.takerId),
    index('orders_assignee_idx').on(t.assigneeId),
    // The two queues (the hall, the committee's inbox) in their list order. The expression and
    // the status predicates are the very SQL `listOrders` prints, or the planner cannot use them.
    index('orders_queue_hall_idx').on(sql.raw(URGENCY_RANK_SQL), t.createdAt, t.id).where(sql`status = 'open'`),
    index('orders_queue_inbox_idx')
      .on(sql.raw(URGENCY_RANK_SQL), t.createdAt, t.id)
      .where(sql.raw(`status in (${STATUS_GROUPS.pending.map((s) => `'${s}'`).join(', ')})`)),
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
    at: at('at').notNull(),
  },
  (t) => [index('order_events_order_idx').on(t.orderId, t.id)],
)

export const sessions = pgTable(
  'sessions',
  {
    /** sha256 of the bearer token: a leaked table does not leak usable tokens. */
    tokenHash: text('token_hash').primaryKey(),
    userId: integer('user_id').notNull().references(() => users.id),
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

export type OrgRow = typeof orgs.$inferSelect
export type UserRow = typeof users.$inferSelect
export type OrderRow = typeof orders.$inferSelect
export type OrderEventRow = typeof orderEvents.$inferSelect
