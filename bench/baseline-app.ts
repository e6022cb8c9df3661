/**
 * The benchmark's baseline: the least a fastify 5 + `pg` server must do to answer the bench's
 * routes with the same SQL (bench/baseline-sql.ts, named prepared statements) and the same JSON
 * (the TypeBox contract in types/api.ts validates input and serialises output, as in the app).
 *
 * Per request it does the app's essential work and nothing else: the bearer token → session
 * lookup (the person and the membership the session acts as), the scope's page statement, the
 * display names, DTO mapping with masking (the domain's pure helpers from src/domain; no server/
 * code), and for writes the domain's `transition` / `submission` / `canOrderFor` deciding plus
 * the same household lookup, insert or conditional update. No helmet headers, no compression,
 * no rate limiter, no swagger, no strict-input parser, no per-request logger.
 *
 * Only what the bench drives is complete: lists (every scope and cursor), detail, create
 * without photos, and transitions that need no extra lookup (claim and the like). Photos and
 * `dispatch` answer 400 here; a responder who lost a claim race gets 404 here, not the app's
 * 409 手慢了 (which needs one more statement).
 */
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify'
import { createHash } from 'node:crypto'
import {
  ACTOR_ROLE_LABELS,
  ORDER_STATUSES,
  POLICIES,
  STATUS_GROUPS,
  URGENCIES,
  canOrderFor,
  canSubmit,
  draftProblem,
  isResponder,
  listOrderOf,
  maskName,
  maskPhone,
  speaksForHousehold,
  submission,
  transition,
  type Actor,
  type ActorRole,
  type OrderAction,
  type OrderEvent,
  type OrderFacts,
  type OrderStatus,
  type Role,
  type StatusGroup,
  type TimelineEntry,
  type Urgency,
} from '../src/domain'
import {
  CreateOrder,
  IdParams,
  ListQuery,
  MAX_ID,
  OrderDetail,
  OrderPage,
  Transition,
  TransitionOutcome,
  type CreateOrderRequest,
  type ListOrdersQuery,
  type OrderDetailDto,
  type OrderSummaryDto,
  type TimelineEntryDto,
  type TransitionRequest,
} from '../types/api'
import { SQL, type StatementName } from './baseline-sql'

/** What the baseline needs of a pg Pool (bench/api.ts wraps it to record the statements). */
export interface Queryable {
  // Rows as pg returns them: untyped, mapped by orderOf / eventOf below.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: any[] }>
}

/** A person acting as one of their memberships (the app's UserRecord). */
interface User extends Actor {
  role: Role
  name: string
  phone: string
  membershipId: number
  orgId: number
  orgName: string
  communityPath: string | null
  teamName: string | null
  householdId: number | null
}

interface Order {
  id: number
  placedById: number
  placedAs: Role
  householdId: number
  categoryCode: string
  description: string
  photos: string[]
  gridId: number
  orgPath: string
  address: string
  contactName: string
  contactPhone: string
  preferredTime: string | null
  urgency: Urgency
  status: OrderStatus
  assigneeId: number | null
  takerId: number | null
  rating: number | null
  version: number
  createdAt: Date
  updatedAt: Date
  idempotencyKey: string | null
}

interface Event {
  id: number
  orderId: number
  event: OrderEvent
  fromStatus: OrderStatus | null
  toStatus: OrderStatus
  actorId: number | null
  actorRole: ActorRole
  note: string | null
  rating: number | null
  assigneeId: number | null
  photos: string[]
  at: Date
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Row = Record<string, any>

const orderOf = (r: Row): Order => ({
  id: r.id,
  placedById: r.placed_by_id,
  placedAs: r.placed_as,
  householdId: r.household_id,
  categoryCode: r.category_code,
  description: r.description,
  photos: r.photos,
  gridId: r.grid_id,
  orgPath: r.org_path,
  address: r.address,
  contactName: r.contact_name,
  contactPhone: r.contact_phone,
  preferredTime: r.preferred_time,
  urgency: r.urgency,
  status: r.status,
  assigneeId: r.assignee_id,
  takerId: r.taker_id,
  rating: r.rating,
  version: r.version,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  idempotencyKey: r.idempotency_key,
})

const eventOf = (r: Row): Event => ({
  id: r.id,
  orderId: r.order_id,
  event: r.event,
  fromStatus: r.from_status,
  toStatus: r.to_status,
  actorId: r.actor_id,
  actorRole: r.actor_role,
  note: r.note,
  rating: r.rating,
  assigneeId: r.assignee_id,
  photos: r.photos,
  at: r.at,
})

class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly currentStatus?: OrderStatus,
  ) {
    super(message)
  }
}

const NOT_VISIBLE = '订单不存在或无权查看'
const IDEMPOTENCY_KEY = /^[A-Za-z0-9_.:-]{8,100}$/

// Who sees what: the app's policies (server/policies.ts), from the domain's named predicates.
const canView = (o: OrderFacts, a: Actor) =>
  POLICIES.isOwner(o, a) || POLICIES.isCommittee(o, a) || POLICIES.isAssignee(o, a) || POLICIES.isTaker(o, a) || POLICIES.oversees(o, a) ||
  (o.status === 'open' && POLICIES.canClaim(o, a))
const seesContact = (o: OrderFacts, a: Actor) =>
  POLICIES.isOwner(o, a) || (a.role === 'grid_worker' && POLICIES.inScope(o, a)) || POLICIES.isCommittee(o, a) || POLICIES.isAssignee(o, a) || POLICIES.isTaker(o, a)
const factsOf = (o: Order): OrderFacts => ({ status: o.status, householdId: o.householdId, orgPath: o.orgPath, assigneeId: o.assigneeId, takerId: o.takerId })

function summaryOf(description: string): string {
  const line = description.trim().split(/\r?\n/)[0]
  const chars = Array.from(line)
  return chars.length > 60 ? chars.slice(0, 59).join('') + '…' : line
}

/** Names of the household's people are masked for everyone outside the household. */
const householdName = (name: string, o: Order, viewer: Actor) => (POLICIES.isOwner(factsOf(o), viewer) ? name : maskName(name))

interface Names {
  user(id: number): string
  org(id: number): string
  category(code: string): string
}

type Scope = 'household' | 'committee' | 'committee_inbox' | 'hall' | 'mine'

interface Cursor {
  rank?: number
  at: Date
  id: number
}

const encodeCursor = (c: Cursor) => Buffer.from([...(c.rank === undefined ? [] : [c.rank]), c.at.toISOString(), c.id].join('|')).toString('base64url')

function decodeCursor(raw: string): Cursor {
  const parts = Buffer.from(raw, 'base64url').toString('utf8').split('|')
  const [rank, at, id] = parts.length === 3 ? parts : [undefined, ...parts]
  const when = new Date(at ?? '')
  const valid =
    (parts.length === 2 || parts.length === 3) &&
    (rank === undefined || /^\d$/.test(rank)) &&
    /^\d{1,10}$/.test(id ?? '') &&
    Number(id) <= MAX_ID &&
    /^\d{4}-\d{2}-\d{2}T/.test(at ?? '') &&
    !Number.isNaN(when.getTime()) &&
    when.getUTCFullYear() >= 1970 &&
    when.getUTCFullYear() <= 9999
  if (!valid) throw new HttpError(400, 'invalid_input', '参数 cursor 不合法：请从第一页重新加载')
  return { ...(rank === undefined ? {} : { rank: Number(rank) }), at: when, id: Number(id) }
}

const distinct = <T>(values: readonly (T | null)[]) => [...new Set(values.filter((v): v is T => v !== null))]

export function buildBaseline(db: Queryable): FastifyInstance {
  const run = (name: StatementName, values: unknown[]) => db.query({ name, text: SQL[name], values }).then((r) => r.rows)

  async function userOf(request: FastifyRequest): Promise<User> {
    const match = request.headers.authorization?.match(/^Bearer\s+([A-Za-z0-9_-]{20,100})$/)
    if (!match) throw new HttpError(401, 'unauthenticated', '请先登录')
    const hash = createHash('sha256').update(match[1]).digest('hex')
    const [row] = await run('principal_by_session', [hash, new Date().toISOString()])
    if (!row) throw new HttpError(401, 'unauthenticated', '登录已过期，请重新登录')
    // The session acts as no (active) membership: signed in, but no role to act in.
    if (row.membershipId === null) throw new HttpError(403, 'not_registered', '请先完成登记，或在“我的”里选择一个身份')
    return row as User
  }

  async function names(orders: readonly Order[], events: readonly Event[] = []): Promise<Names> {
    const users = [...orders.flatMap((o) => [o.placedById, o.takerId, o.assigneeId]), ...events.flatMap((e) => [e.actorId, e.assigneeId])]
    const orgs = orders.map((o) => o.gridId)
    const categories = orders.map((o) => o.categoryCode)
    const rows = users.length + orgs.length + categories.length === 0 ? [] : await run('display_names', [distinct(users), distinct(orgs), distinct(categories)])
    const byKey = new Map<string, string>(rows.map((r: Row) => [`${r.kind}${r.key}`, r.name]))
    const nameOf = (key: string) => byKey.get(key) ?? ''
    return { user: (id) => nameOf(`u${id}`), org: (id) => nameOf(`o${id}`), category: (code) => nameOf(`c${code}`) }
  }

  const summary = (o: Order, n: Names, viewer: Actor): OrderSummaryDto => ({
    id: o.id,
    categoryCode: o.categoryCode,
    categoryName: n.category(o.categoryCode),
    status: o.status,
    urgency: o.urgency,
    summary: summaryOf(o.description),
    address: o.address,
    gridName: n.org(o.gridId),
    residentName: householdName(o.contactName, o, viewer),
    placedByName: o.placedAs === 'grid_worker' ? n.user(o.placedById) : householdName(n.user(o.placedById), o, viewer),
    placedAs: o.placedAs,
    takerName: o.takerId === null ? null : n.user(o.takerId),
    createdAt: o.createdAt.toISOString(),
    updatedAt: o.updatedAt.toISOString(),
    householdId: o.householdId,
    orgPath: o.orgPath,
    assigneeId: o.assigneeId,
    takerId: o.takerId,
  })

  const timelineEntry = (e: Event, o: Order, n: Names, viewer: Actor): TimelineEntryDto => ({
    id: e.id,
    event: e.event,
    from: e.fromStatus,
    to: e.toStatus,
    actorId: e.actorId,
    actorRole: e.actorRole,
    actorName:
      e.actorId === null ? ACTOR_ROLE_LABELS.system : speaksForHousehold(e.actorRole) ? householdName(n.user(e.actorId), o, viewer) : n.user(e.actorId),
    note: e.note,
    rating: e.rating,
    assigneeId: e.assigneeId,
    assigneeName: e.assigneeId === null ? null : n.user(e.assigneeId),
    photos: e.photos,
    at: e.at.toISOString(),
  })

  async function detail(o: Order, viewer: Actor): Promise<OrderDetailDto> {
    const events = (await run('events_of_order', [o.id])).map(eventOf)
    const n = await names([o], events)
    const full = seesContact(factsOf(o), viewer)
    return {
      ...summary(o, n, viewer),
      description: o.description,
      photos: o.photos,
      contactName: full ? o.contactName : maskName(o.contactName),
      contactPhone: full ? o.contactPhone : maskPhone(o.contactPhone),
      preferredTime: o.preferredTime,
      rating: o.rating,
      assigneeName: o.assigneeId === null ? null : n.user(o.assigneeId),
      timeline: events.map((e) => timelineEntry(e, o, n, viewer)),
    }
  }

  async function orderById(id: number): Promise<Order | null> {
    const [row] = await run('order_by_id', [id])
    return row ? orderOf(row) : null
  }

  const eventParams = (entry: TimelineEntry) => [
    entry.event,
    entry.from,
    entry.to,
    entry.actorRole === 'system' ? null : entry.actorId,
    entry.actorRole,
    entry.note,
    entry.rating,
    entry.assigneeId,
    JSON.stringify(entry.photos),
    entry.at,
  ]

  const app = Fastify({ logger: false, bodyLimit: 64 * 1024 })
  app.setErrorHandler((error: Error & { statusCode?: number; code?: string; currentStatus?: OrderStatus; validation?: unknown }, _request, reply: FastifyReply) => {
    if (error instanceof HttpError) {
      return reply.status(error.statusCode).send({ code: error.code, message: error.message, ...(error.currentStatus ? { currentStatus: error.currentStatus } : {}) })
    }
    if (error.validation) return reply.status(400).send({ code: 'invalid_input', message: error.message })
    const status = error.statusCode && error.statusCode < 500 ? error.statusCode : 500
    return reply.status(status).send({ code: status === 500 ? 'internal' : 'invalid_input', message: error.message })
  })

  app.get<{ Querystring: ListOrdersQuery }>('/api/orders', { schema: { querystring: ListQuery, response: { 200: OrderPage } } }, async (request) => {
    const user = await userOf(request)
    const q = request.query
    const view = q.view ?? 'mine'
    const limit = q.limit ?? 20
    const scope: Scope = speaksForHousehold(user.role)
      ? 'household'
      : user.role === 'committee'
        ? listOrderOf(user.role, { group: q.group, view }) === 'queue'
          ? 'committee_inbox'
          : 'committee'
        : isResponder(user.role)
          ? view === 'hall'
            ? 'hall'
            : 'mine'
          : // Grid workers and street administrators read their whole subtree, as a committee does.
            'committee'
    const queue = scope === 'committee_inbox' || scope === 'hall'
    const c = q.cursor ? decodeCursor(q.cursor) : undefined
    const statuses = q.group ? [...STATUS_GROUPS[q.group as StatusGroup]] : [...ORDER_STATUSES]
    const bound = queue
      ? [c?.rank ?? -1, c ? c.at.toISOString() : '-infinity', c?.id ?? 0]
      : [c ? c.at.toISOString() : 'infinity', c?.id ?? MAX_ID]
    const prefix = `${user.orgPath}%`
    const values =
      scope === 'household'
        ? [user.householdId ?? 0, statuses, ...bound, limit + 1]
        : scope === 'mine'
          ? [user.id, user.id, `${user.communityPath ?? '/'}%`, statuses, ...bound, limit + 1]
          : [prefix, statuses, ...bound, limit + 1]
    const rows = (await run(`orders_page_${scope}`, values)).map(orderOf)
    const shown = rows.slice(0, limit)
    const n = await names(shown)
    const last = shown[shown.length - 1]
    const next: Cursor | null =
      rows.length > limit ? (queue ? { rank: URGENCIES.indexOf(last.urgency), at: last.createdAt, id: last.id } : { at: last.updatedAt, id: last.id }) : null
    return { items: shown.map((o) => summary(o, n, user)), nextCursor: next ? encodeCursor(next) : null }
  })

  app.get<{ Params: { id: number } }>('/api/orders/:id', { schema: { params: IdParams, response: { 200: OrderDetail } } }, async (request) => {
    const user = await userOf(request)
    const order = await orderById(request.params.id)
    if (!order || !canView(factsOf(order), user)) throw new HttpError(404, 'not_found', NOT_VISIBLE)
    return detail(order, user)
  })

  app.post<{ Body: CreateOrderRequest; Headers: { 'idempotency-key'?: string } }>(
    '/api/orders',
    { schema: { body: CreateOrder, response: { 200: OrderDetail, 201: OrderDetail } } },
    async (request, reply) => {
      const user = await userOf(request)
      if (!canSubmit(user)) throw new HttpError(403, 'forbidden', '只有居民、亲情代理或网格员可以点单')
      const key = request.headers['idempotency-key']
      if (key !== undefined && !IDEMPOTENCY_KEY.test(key)) throw new HttpError(400, 'invalid_input', '参数 Idempotency-Key 不合法：8–100 位字母数字')
      const body = request.body
      if (body.photos?.length) throw new HttpError(400, 'invalid_input', 'baseline: photos are not supported')
      // Whom it is for: one's own household, or (a grid worker) a household of the grid.
      const householdId = body.householdId ?? user.householdId ?? null
      const [household] = householdId === null ? [] : await run('household_by_id', [householdId])
      if (householdId !== null && (!household || !canOrderFor(user, { id: household.id, orgPath: household.org_path }))) {
        throw new HttpError(400, 'invalid_input', '参数 householdId 不合法：只能为本户下单（网格员：本网格的住户）')
      }
      const [category] = await run('service_for_path', [household?.org_path ?? user.orgPath, body.categoryCode])
      if (!category) throw new HttpError(400, 'invalid_input', '参数 categoryCode 不合法：没有这个服务类型')
      if (!category.enabled) throw new HttpError(400, 'invalid_input', '参数 categoryCode 不合法：本社区暂不提供这项服务')
      // The bench always sends the full form: no defaults from the household.
      const draft = { ...body, householdId, photos: [], address: body.address ?? '', contactName: body.contactName ?? '', contactPhone: body.contactPhone ?? '' }
      const problem = draftProblem(draft, { photoRequired: category.photoRequired })
      if (problem || !household) throw new HttpError(400, 'invalid_input', problem ?? '请选择为哪一户下单')
      if (body.gridId !== undefined && body.gridId !== household.grid_id) throw new HttpError(400, 'invalid_input', '参数 gridId 不合法：须是住户所在的网格')
      const now = new Date()
      const entry = submission(user, now)
      const order: Order = {
        id: 0,
        placedById: user.id,
        placedAs: user.role,
        householdId: household.id,
        categoryCode: body.categoryCode,
        description: body.description.trim(),
        photos: [],
        gridId: household.grid_id,
        orgPath: household.org_path,
        address: draft.address.trim(),
        contactName: draft.contactName.trim(),
        contactPhone: draft.contactPhone,
        preferredTime: body.preferredTime ?? null,
        urgency: body.urgency,
        status: entry.to,
        assigneeId: null,
        takerId: null,
        rating: null,
        version: 1,
        createdAt: now,
        updatedAt: now,
        idempotencyKey: key ?? null,
      }
      const at = now.toISOString()
      const [created] = await run('insert_order', [
        order.placedById, order.placedAs, order.householdId, order.categoryCode, order.description, JSON.stringify(order.photos), order.gridId,
        order.orgPath, order.address, order.contactName, order.contactPhone, order.preferredTime, order.urgency, order.status, at, at,
        order.idempotencyKey, ...eventParams(entry),
      ])
      if (created) return reply.status(201).send(await detail({ ...order, id: created.id }, user))
      const [existing] = await run('order_by_idempotency_key', [user.id, key ?? null])
      const same = existing && existing.category_code === order.categoryCode && existing.description === order.description && existing.household_id === order.householdId &&
        existing.address === order.address && existing.contact_name === order.contactName && existing.contact_phone === order.contactPhone &&
        existing.preferred_time === order.preferredTime && existing.urgency === order.urgency && existing.photos.length === 0
      if (!same) throw new HttpError(422, 'idempotency_key_reused', '这个 Idempotency-Key 已用于另一份不同的订单：新的请求没有提交，请用新的 Key 重新提交')
      return reply.status(200).send(await detail(orderOf(existing), user))
    },
  )

  app.post<{ Params: { id: number }; Body: TransitionRequest }>(
    '/api/orders/:id/transitions',
    { schema: { params: IdParams, body: Transition, response: { 200: TransitionOutcome } } },
    async (request) => {
      const user = await userOf(request)
      const order = await orderById(request.params.id)
      if (!order || !canView(factsOf(order), user)) throw new HttpError(404, 'not_found', NOT_VISIBLE)
      const { action, ...input } = request.body
      if (action === 'dispatch' || input.photos?.length) throw new HttpError(400, 'invalid_input', 'baseline: dispatch and photos are not supported')
      const result = transition(factsOf(order), action as OrderAction, user, new Date(), input)
      if (!result.ok) {
        const { kind, message } = result.refusal
        throw kind === 'illegal_state'
          ? new HttpError(409, 'conflict', message, order.status)
          : kind === 'forbidden'
            ? new HttpError(403, 'forbidden', message)
            : new HttpError(400, 'invalid_input', message)
      }
      const change = { status: result.to, assigneeId: order.assigneeId, takerId: order.takerId, rating: order.rating, ...result.patch }
      const now = new Date(result.entry.at)
      const rows = await run('apply_transition', [
        change.status, change.assigneeId, change.takerId, change.rating, now.toISOString(), order.id, order.version,
        ...eventParams(result.entry),
      ])
      if (rows.length !== 1) {
        const current = await orderById(order.id)
        throw new HttpError(409, 'conflict', '订单刚被其他人处理，请刷新后查看', current!.status)
      }
      const updated: Order = { ...order, ...change, version: order.version + 1, updatedAt: now }
      return { id: updated.id, status: updated.status, order: canView(factsOf(updated), user) ? await detail(updated, user) : null }
    },
  )

  return app
}
