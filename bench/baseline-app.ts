/**
 * The benchmark's baseline: the least a fastify 5 + `pg` server must do to answer the bench's
 * routes with the same SQL (bench/baseline-sql.ts, named prepared statements) and the same JSON
 * (the TypeBox contract in types/api.ts validates input and serialises output, as in the app).
 *
 * Per request it does the app's essential work and nothing else: the bearer token → session
 * lookup (the person and the membership the session acts as), the scope's page statement, the
 * orders' responders (slots and parts), the display names, DTO mapping with masking (the domain's
 * pure helpers from src/domain; no server/ code), and for writes the domain's `transition` /
 * `submission` / `canOrderFor` deciding plus the same household lookup, insert, or conditional
 * update with its event and part in one statement (deciding again, up to 8 times, after losing
 * the race for the order's version, as the app does); after a claim, the order's responders read
 * once and the written row answered without reading the order again, as the app does. No helmet headers, no compression, no rate
 * limiter, no swagger, no strict-input parser, no per-request logger.
 *
 * Only what the bench drives is complete: lists (every scope and cursor), detail, create without
 * photos, and transitions that create a part without any other lookup (claim). Photos, replaying
 * an idempotency key, and every other transition (those need statements the bench never makes the
 * app send: see bench/baseline-sql.ts) answer 400 here; a responder who lost a claim race and can
 * no longer see the order gets 404 here, not the app's 409 手慢了 (which needs one more statement).
 *
 * Every statement is a named prepared one, as in the app.
 */
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify'
import { createHash } from 'node:crypto'
import {
  ACTOR_ROLE_LABELS,
  CLOCKED_STATUSES,
  ORDER_STATUSES,
  POLICIES,
  STATUS_GROUPS,
  URGENCIES,
  canOrderFor,
  canSubmit,
  clockAlertOf,
  clockOf,
  targetsFor,
  draftProblem,
  isResponder,
  listOrderOf,
  liveParts,
  maskAddress,
  maskName,
  maskPhone,
  orderAddressOf,
  speaksForHousehold,
  placementNotice,
  submission,
  transition,
  type Actor,
  type ActorRole,
  type EventPayload,
  type OrderAction,
  type OrderEvent,
  type OrderFacts,
  type OrderStatus,
  type PartFacts,
  type Role,
  type SlotFacts,
  type StatusGroup,
  type Notice,
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

// Rows as pg returns them: untyped, mapped by orderOf / eventOf / respondersOf below.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Rows = { rows: any[] }
type Statement = { name: string; text: string; values: unknown[] }

/** A connection checked out for a transaction (a pg PoolClient). */
export interface QueryClient {
  query(config: Statement | string): Promise<Rows>
  release(error?: Error): void
}

/** What the baseline needs of a pg Pool (bench/api.ts wraps it to record the statements). */
export interface Queryable {
  query(config: Statement): Promise<Rows>
  connect(): Promise<QueryClient>
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
  teamId: number | null
  workUnitId: number | null
  leadsTeamId: number | null
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
  rating: number | null
  hallPlaces: number
  followerHouseholdIds: number[]
  mergedIntoId: number | null
  version: number
  createdAt: Date
  updatedAt: Date
  idempotencyKey: string | null
  clockAlert: 'overdue' | 'due_soon' | null
  clockDueAt: Date | null
  clockCheckAt: Date | null
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
  payload: EventPayload | null
  meetingId: number | null
  at: Date
}

/** A slot as the domain sees it, with what its DTO shows besides. */
interface Slot extends SlotFacts {
  teamId: number | null
  workUnitId: number | null
  skill: string | null
}

interface Responders {
  slots: Slot[]
  parts: PartFacts[]
}

const NO_ONE: Responders = { slots: [], parts: [] }

/** An order with its responders, as the domain decides with it. */
interface Loaded {
  order: Order
  responders: Responders
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
  rating: r.rating,
  hallPlaces: r.hall_places,
  followerHouseholdIds: r.follower_household_ids,
  mergedIntoId: r.merged_into_id,
  version: r.version,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  idempotencyKey: r.idempotency_key,
  clockAlert: r.clock_alert,
  clockDueAt: r.clock_due_at,
  clockCheckAt: r.clock_check_at,
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
  payload: r.payload,
  meetingId: r.meeting_id,
  at: r.at,
})

const respondersOf = (r: Row): Responders => ({
  slots: (r.slots as Row[]).map((s) => ({
    id: s.id,
    kind: s.kind,
    headcount: s.headcount,
    teamId: s.teamId,
    workUnitId: s.workUnitId,
    skill: s.skill,
    open: s.open,
    unitId: s.teamId ?? s.workUnitId,
  })),
  parts: r.parts as PartFacts[],
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
const MAX_DECISIONS = 8

const factsOf = ({ order, responders }: Loaded): OrderFacts => ({
  status: order.status,
  householdId: order.householdId,
  followerHouseholdIds: order.followerHouseholdIds,
  orgPath: order.orgPath,
  slots: responders.slots,
  parts: responders.parts,
})

// Who sees what: the app's policies (server/policies.ts), from the domain's named predicates.
const canView = (o: OrderFacts, a: Actor) =>
  POLICIES.follows(o, a) || POLICIES.isCommittee(o, a) || POLICIES.isResponderOf(o, a) || POLICIES.leadsTeamOn(o, a) || POLICIES.oversees(o, a) || POLICIES.canClaim(o, a)
const seesContact = (o: OrderFacts, a: Actor) =>
  POLICIES.isOwner(o, a) || (a.role === 'grid_worker' && POLICIES.inScope(o, a)) || POLICIES.isCommittee(o, a) || POLICIES.isResponderOf(o, a)

function summaryOf(description: string): string {
  const line = description.trim().split(/\r?\n/)[0]
  const chars = Array.from(line)
  return chars.length > 60 ? chars.slice(0, 59).join('') + '…' : line
}

/** Names of the household's people are masked for everyone outside the household. */
const householdName = (name: string, o: Order, viewer: Actor) => (POLICIES.isOwner(o, viewer) ? name : maskName(name))

interface Names {
  user(id: number): string
  org(id: number): string
  team(id: number): string
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

const payloadUser = (e: Event) => (e.payload?.kind === 'part' ? e.payload.userId : null)

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

  /** Each order's slots and parts, one statement for a page (none for an empty one). */
  async function responders(ids: readonly number[]): Promise<Map<number, Responders>> {
    if (ids.length === 0) return new Map()
    const rows = await run('responders_of_orders', [[...ids]])
    return new Map(rows.map((r: Row) => [r.orderId as number, respondersOf(r)]))
  }

  async function names(orders: readonly Order[], of: readonly Responders[], events: readonly Event[] = []): Promise<Names> {
    const users = [
      ...orders.map((o) => o.placedById),
      ...of.flatMap((r) => r.parts.map((p) => p.userId)),
      ...events.flatMap((e) => [e.actorId, e.assigneeId, payloadUser(e)]),
    ]
    const orgs = [...orders.map((o) => o.gridId), ...of.flatMap((r) => r.slots.map((s) => s.workUnitId))]
    const teams = of.flatMap((r) => r.slots.map((s) => s.teamId))
    const categories = orders.map((o) => o.categoryCode)
    const rows =
      users.length + orgs.length + teams.length + categories.length === 0
        ? []
        : await run('display_names', [distinct(users), distinct(orgs), distinct(teams), distinct(categories)])
    const byKey = new Map<string, string>(rows.map((r: Row) => [`${r.kind}${r.key}`, r.name]))
    const nameOf = (key: string) => byKey.get(key) ?? ''
    return { user: (id) => nameOf(`u${id}`), org: (id) => nameOf(`o${id}`), team: (id) => nameOf(`t${id}`), category: (code) => nameOf(`c${code}`) }
  }

  /** Who holds the work now: one name, or the first and how many (张三等3人). */
  function takerName(r: Responders, n: Names): string | null {
    const holders = liveParts(r.slots, r.parts).filter((p) => p.status !== 'invited')
    if (holders.length === 0) return null
    const first = n.user(holders[0].userId)
    return holders.length === 1 ? first : `${first}等${holders.length}人`
  }

  const unitName = (s: Slot, n: Names) => (s.teamId !== null ? n.team(s.teamId) : s.workUnitId !== null ? n.org(s.workUnitId) : null)

  /** The order's most pressing clock now (the app's `alertOf`), from its timeline. */
  const alertOf = (o: Order, events: readonly Event[]) =>
    events.length === 0
      ? null
      : clockAlertOf(
          clockOf(
            events.map((e) => ({ ...e, from: e.fromStatus, to: e.toStatus, actorId: e.actorId ?? 0, at: e.at.toISOString() })),
            targetsFor({}, o.categoryCode, o.urgency),
            new Date(),
          ),
        )

  const summary = ({ order: o, responders: r }: Loaded, n: Names, viewer: Actor, events: readonly Event[]): OrderSummaryDto => ({
    id: o.id,
    categoryCode: o.categoryCode,
    categoryName: n.category(o.categoryCode),
    status: o.status,
    urgency: o.urgency,
    summary: summaryOf(o.description),
    address: POLICIES.isOwner(o, viewer) || !POLICIES.follows(o, viewer) ? o.address : maskAddress(o.address),
    gridName: n.org(o.gridId),
    residentName: householdName(o.contactName, o, viewer),
    placedByName: o.placedAs === 'grid_worker' ? n.user(o.placedById) : householdName(n.user(o.placedById), o, viewer),
    placedAs: o.placedAs,
    takerName: takerName(r, n),
    createdAt: o.createdAt.toISOString(),
    updatedAt: o.updatedAt.toISOString(),
    householdId: o.householdId,
    followerHouseholdIds: o.followerHouseholdIds,
    orgPath: o.orgPath,
    slots: r.slots.map((s) => ({ id: s.id, kind: s.kind, headcount: s.headcount, unitId: s.unitId, unitName: unitName(s, n), skill: s.skill, open: s.open })),
    parts: r.parts.map((p) => ({ slotId: p.slotId, userId: p.userId, status: p.status, name: n.user(p.userId) })),
    mergedIntoId: o.mergedIntoId,
    clock: alertOf(o, events),
  })

  const timelineEntry = (e: Event, o: Order, n: Names, viewer: Actor): TimelineEntryDto => {
    const partUser = payloadUser(e)
    return {
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
      payload: e.payload,
      partName: partUser === null ? null : n.user(partUser),
      meetingId: e.meetingId,
      at: e.at.toISOString(),
    }
  }

  /** The person a dispatch invited (its `person` slot), while the invitation or their part stands. */
  function assigneeName(r: Responders, n: Names): string | null {
    const slot = r.slots.find((s) => s.kind === 'person' && s.open)
    const part = slot && liveParts(r.slots, r.parts).find((p) => p.slotId === slot.id)
    return part ? n.user(part.userId) : null
  }

  /** The order as `viewer` sees it; pass its responders when they were just read. */
  async function detail(o: Order, viewer: Actor, known?: Responders): Promise<OrderDetailDto> {
    const events = (await run('events_of_order', [o.id])).map(eventOf)
    const r = known ?? (await responders([o.id])).get(o.id) ?? NO_ONE
    const n = await names([o], [r], events)
    const loaded = { order: o, responders: r }
    const full = seesContact(factsOf(loaded), viewer)
    return {
      ...summary(loaded, n, viewer, events),
      description: o.description,
      photos: o.photos,
      contactName: full ? o.contactName : maskName(o.contactName),
      contactPhone: full ? o.contactPhone : maskPhone(o.contactPhone),
      preferredTime: o.preferredTime,
      rating: o.rating,
      assigneeName: assigneeName(r, n),
      timeline: events.map((e) => timelineEntry(e, o, n, viewer)),
    }
  }

  async function findOrder(id: number): Promise<Loaded | null> {
    const [row] = await run('order_by_id', [id])
    if (!row) return null
    return { order: orderOf(row), responders: (await responders([id])).get(id) ?? NO_ONE }
  }

  async function visibleOrder(id: number, user: User): Promise<Loaded> {
    const loaded = await findOrder(id)
    if (!loaded || !canView(factsOf(loaded), user)) throw new HttpError(404, 'not_found', NOT_VISIBLE)
    return loaded
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
    entry.payload && JSON.stringify(entry.payload),
    null, // meeting_id: no meeting decides here
    entry.at,
  ]

  /**
   * The transition the domain accepted, if nobody changed the order since it was read: the order,
   * its event and the part it creates, in one statement. False when somebody did.
   */
  async function applyClaim(l: Loaded, to: OrderStatus, rating: number | null, hallPlaces: number, entry: TimelineEntry, notices: readonly Notice[], part: PartFacts): Promise<boolean> {
    // Where a clock runs after the step, the clock job reads the order at its next run; elsewhere the clock columns are cleared.
    const clockCheckAt = CLOCKED_STATUSES.includes(to) ? entry.at : null
    const rows = await run('apply_transition_new_part', [
      to, rating, hallPlaces, clockCheckAt, clockCheckAt, clockCheckAt, entry.at, l.order.id, l.order.version,
      ...eventParams(entry),
      entry.at, JSON.stringify(notices),
      part.slotId, part.userId, part.status, entry.at, entry.at,
    ])
    if (rows.length === 0) return false
    await run('notify_changed', ['sandan_orders', String(l.order.id)])
    return true
  }

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
    // In the order of the statement's placeholders (bench/baseline-sql.ts).
    const values =
      scope === 'household'
        ? [user.householdId ?? 0, user.householdId ?? 0, statuses, ...bound, limit + 1]
        : scope === 'mine'
          ? [user.id, `${user.communityPath ?? '/'}%`, statuses, ...bound, limit + 1]
          : scope === 'hall'
            ? [prefix, user.role, user.role, user.role, user.teamId ?? 0, user.role, user.workUnitId ?? 0, user.id, statuses, ...bound, limit + 1]
            : [prefix, statuses, ...bound, limit + 1]
    const rows = (await run(`orders_page_${scope}`, values)).map(orderOf)
    const shown = rows.slice(0, limit)
    const byOrder = await responders(shown.map((o) => o.id))
    const timelines = shown.length === 0 ? [] : (await run('timelines_of_orders', [shown.map((o) => o.id)])).map(eventOf)
    const loaded = shown.map((o) => ({ order: o, responders: byOrder.get(o.id) ?? NO_ONE }))
    const n = await names(
      shown,
      loaded.map((l) => l.responders),
    )
    const last = shown[shown.length - 1]
    const next: Cursor | null =
      rows.length > limit ? (queue ? { rank: URGENCIES.indexOf(last.urgency), at: last.createdAt, id: last.id } : { at: last.updatedAt, id: last.id }) : null
    return { items: loaded.map((l) => summary(l, n, user, timelines.filter((e) => e.orderId === l.order.id))), nextCursor: next ? encodeCursor(next) : null }
  })

  app.get<{ Params: { id: number } }>('/api/orders/:id', { schema: { params: IdParams, response: { 200: OrderDetail } } }, async (request) => {
    const user = await userOf(request)
    const { order, responders: r } = await visibleOrder(request.params.id, user)
    return detail(order, user, r)
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
      if (householdId !== null && (!household || !canOrderFor(user, household))) {
        throw new HttpError(400, 'invalid_input', '参数 householdId 不合法：只能为本户下单（网格员：本网格的住户）')
      }
      const [category] = await run('service_for_path', [household?.orgPath ?? user.orgPath, body.categoryCode])
      if (!category) throw new HttpError(400, 'invalid_input', '参数 categoryCode 不合法：没有这个服务类型')
      if (!category.enabled) throw new HttpError(400, 'invalid_input', '参数 categoryCode 不合法：本社区暂不提供这项服务')
      const draft = {
        ...body,
        householdId,
        photos: [],
        address: body.address ?? (household ? orderAddressOf(household) : null) ?? '',
        contactName: body.contactName ?? user.name,
        contactPhone: body.contactPhone ?? user.phone ?? '',
      }
      const problem = draftProblem(draft, category)
      if (problem || !household) throw new HttpError(400, 'invalid_input', problem ?? '请选择为哪一户下单')
      if (body.gridId !== undefined && body.gridId !== household.gridId) throw new HttpError(400, 'invalid_input', '参数 gridId 不合法：须是住户所在的网格')
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
        gridId: household.gridId,
        orgPath: household.orgPath,
        address: draft.address.trim(),
        contactName: draft.contactName.trim(),
        contactPhone: draft.contactPhone,
        preferredTime: body.preferredTime ?? null,
        urgency: body.urgency,
        status: entry.to,
        rating: null,
        hallPlaces: 0,
        followerHouseholdIds: [],
        mergedIntoId: null,
        version: 1,
        createdAt: now,
        updatedAt: now,
        idempotencyKey: key ?? null,
        clockAlert: null,
        clockDueAt: null,
        clockCheckAt: now,
      }
      const at = now.toISOString()
      const [created] = await run('insert_order', [
        order.placedById, order.placedAs, order.householdId, order.categoryCode, order.description, JSON.stringify(order.photos), order.gridId,
        order.orgPath, order.address, order.contactName, order.contactPhone, order.preferredTime, order.urgency, order.status, at, at,
        order.idempotencyKey, at, ...eventParams(entry),
        at, JSON.stringify([placementNotice(order)]),
      ])
      if (!created) throw new HttpError(400, 'invalid_input', 'baseline: replaying an Idempotency-Key is not supported')
      await run('notify_changed', ['sandan_orders', String(created.id)])
      // A new order has no responders yet.
      return reply.status(201).send(await detail({ ...order, id: created.id }, user, NO_ONE))
    },
  )

  app.post<{ Params: { id: number }; Body: TransitionRequest }>(
    '/api/orders/:id/transitions',
    { schema: { params: IdParams, body: Transition, response: { 200: TransitionOutcome } } },
    async (request) => {
      const user = await userOf(request)
      const { action, ...input } = request.body
      if (input.photos?.length) throw new HttpError(400, 'invalid_input', 'baseline: photos are not supported')
      let loaded = await visibleOrder(request.params.id, user)
      let status: OrderStatus
      let after: Order
      for (let round = 1; ; round++) {
        const result = transition(factsOf(loaded), action as OrderAction, user, new Date(), input)
        if (!result.ok) {
          const { kind, message } = result.refusal
          throw kind === 'illegal_state'
            ? new HttpError(409, 'conflict', message, loaded.order.status)
            : kind === 'forbidden'
              ? new HttpError(403, 'forbidden', message)
              : new HttpError(400, 'invalid_input', message)
        }
        const { patch } = result
        if (patch.part?.from !== null || patch.openSlots || patch.closeSlots || action === 'invite') {
          throw new HttpError(400, 'invalid_input', 'baseline: only transitions that create a part (claim) are supported')
        }
        const part = { slotId: patch.part.slotId, userId: patch.part.userId, status: patch.part.to }
        status = result.to
        const rating = patch.rating ?? loaded.order.rating
        if (await applyClaim(loaded, status, rating, patch.hallPlaces, result.entry, result.notices, part)) {
          // The row as written (the app's `applyTransition` answers it so), not read again.
          after = { ...loaded.order, status, rating, hallPlaces: patch.hallPlaces, version: loaded.order.version + 1, updatedAt: new Date(result.entry.at) }
          break
        }
        // Someone else changed the order first: decide again on what they left.
        loaded = await visibleOrder(loaded.order.id, user)
        if (round === MAX_DECISIONS) throw new HttpError(409, 'conflict', '订单刚被其他人处理，请刷新后查看', loaded.order.status)
      }
      // Its responders as stored now (the new part has its place), read once.
      const r = (await responders([after.id])).get(after.id) ?? NO_ONE
      // Declining, leaving or releasing hands the order away: the actor may no longer see it.
      const stillVisible = canView(factsOf({ order: after, responders: r }), user)
      return { id: after.id, status, order: stillVisible ? await detail(after, user, r) : null }
    },
  )

  return app
}
