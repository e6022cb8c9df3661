import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { POLICIES, canOrderFor, canSubmit, draftProblem, isOverseer, orderAddressOf, submission, type Actor } from '../../src/domain'
import type { Db } from '../db/client'
import { ApiError, forbidden, invalidInput } from '../errors'
import { requireUser, userOf } from '../plugins/auth'
import { rateLimited } from '../plugins/security'
import { canView } from '../policies'
import { badCursor, cursorDate, cursorId, cursorParts, encodeCursor } from './cursors'
import { factsOf, toDetail, toSummary } from '../repositories/order-dto'
import type { NewOrder } from '../repositories/order-writes'
import { loadResponders, NO_ONE, type Responders } from '../repositories/assignments'
import { countOrders, likelyDuplicates, listOrders, loadOrderDetail, type Cursor, type OrderRow } from '../repositories/orders'
import { ownsUploads } from '../repositories/uploads'
import { findHousehold } from '../repositories/households'
import { findOrg } from '../repositories/memberships'
import { findServiceFor } from '../repositories/catalogue'
import { actOnOrder, placeOrder, visibleOrder } from '../services/order-actions'
import {
  CountsQuery,
  CreateOrder,
  errors,
  IdParams,
  ListQuery,
  OrderCounts,
  OrderDetail,
  OrderPage,
  OrderSummary,
  Transition,
  TransitionOutcome,
} from '../../types/api'

/** Opaque to clients: `at|id`, or `rank|at|id` in queue order. */
const encodeOrderCursor = (c: Cursor) =>
  encodeCursor(...(c.rank === undefined ? [] : [c.rank]), c.at.toISOString(), c.id)

function decodeOrderCursor(raw: string): Cursor {
  const parts = cursorParts(raw, 2, 3)
  const [rank, at, id] = parts.length === 3 ? parts : [undefined, ...parts]
  if (rank !== undefined && !/^\d$/.test(rank)) throw badCursor()
  return { ...(rank === undefined ? {} : { rank: Number(rank) }), at: cursorDate(at), id: cursorId(id) }
}

/** The order as `actor` sees it; pass the responders when they were just read. */
async function detail(db: Db, order: OrderRow, actor: Actor, now: Date, responders?: Responders) {
  const { view, events } = await loadOrderDetail(db, order, now, responders)
  return toDetail(view, events, actor)
}

/** A retry must be the same request: the fields as stored, compared after the same trimming. */
function sameRequest(order: OrderRow, values: NewOrder): boolean {
  return (
    order.categoryCode === values.categoryCode &&
    order.description === values.description &&
    JSON.stringify(order.photos) === JSON.stringify(values.photos ?? []) &&
    order.householdId === values.householdId &&
    order.address === values.address &&
    order.contactName === values.contactName &&
    order.contactPhone === values.contactPhone &&
    order.preferredTime === (values.preferredTime ?? null) &&
    order.urgency === values.urgency
  )
}

const PHOTOS_NOT_OWN = '参数 photos 不合法：只能引用您本人上传的图片'

const IDEMPOTENCY_KEY = /^[A-Za-z0-9_.:-]{8,100}$/

const orderRoutes: FastifyPluginAsyncTypebox = async (app) => {
  // Before validation: someone not signed in learns nothing about what a valid body looks like.
  app.addHook('preValidation', requireUser)

  app.post(
    '/orders',
    {
      ...rateLimited('create'),
      schema: {
        tags: ['orders'],
        summary: '群众点单（可带 Idempotency-Key 头，重试不会重复下单）',
        headers: Type.Object({ 'idempotency-key': Type.Optional(Type.String()) }),
        body: CreateOrder,
        response: { 200: OrderDetail, 201: OrderDetail, ...errors(400, 401, 403, 422, 429) },
      },
    },
    async (request, reply) => {
      const user = userOf(request)
      if (!canSubmit(user)) throw forbidden('只有居民、亲情代理或网格员可以点单')
      const key = request.headers['idempotency-key']
      if (key !== undefined && !IDEMPOTENCY_KEY.test(key)) throw invalidInput('参数 Idempotency-Key 不合法：8–100 位字母数字')
      const body = request.body
      // Whom it is for: one's own household, or (a grid worker) a household of the grid.
      const householdId = body.householdId ?? user.householdId ?? null
      const household = householdId === null ? null : await findHousehold(app.db, householdId)
      if (householdId !== null && (!household || !canOrderFor(user, household))) {
        throw invalidInput('参数 householdId 不合法：只能为本户下单（网格员：本网格的住户）')
      }
      // The service as the household's community offers it (its own settings, e.g. the photo rule).
      const category = await findServiceFor(app.db, body.categoryCode, household?.orgPath ?? user.orgPath)
      if (!category) throw invalidInput('参数 categoryCode 不合法：没有这个服务类型')
      if (!category.enabled) throw invalidInput('参数 categoryCode 不合法：本社区暂不提供这项服务')
      // What the form may leave out (the one-tap 助急): the household's address, the person's name and phone.
      const draft = {
        ...body,
        householdId,
        photos: body.photos ?? [],
        address: body.address ?? (household ? orderAddressOf(household) : null) ?? '',
        contactName: body.contactName ?? user.name,
        contactPhone: body.contactPhone ?? user.phone ?? '',
      }
      // The same rules the form checks as the user types (e.g. 维修 needs a photo).
      const problem = draftProblem(draft, category)
      if (problem || !household) throw invalidInput(problem ?? '请选择为哪一户下单')
      if (body.gridId !== undefined && body.gridId !== household.gridId) throw invalidInput('参数 gridId 不合法：须是住户所在的网格')
      if (!(await ownsUploads(app.db, body.photos ?? [], user.id))) throw invalidInput(PHOTOS_NOT_OWN)
      const now = app.now()
      const values: NewOrder = {
        placedById: user.id,
        placedAs: user.role,
        householdId: household.id,
        categoryCode: body.categoryCode,
        description: body.description.trim(),
        photos: body.photos ?? [],
        gridId: household.gridId,
        orgPath: household.orgPath,
        address: draft.address.trim(),
        contactName: draft.contactName.trim(),
        contactPhone: draft.contactPhone,
        preferredTime: body.preferredTime ?? null,
        urgency: body.urgency,
        idempotencyKey: key ?? null,
      }
      // The community may send this service straight to the hall or a team: the system does so now.
      const { order, created, sent } = await placeOrder(app.db, values, submission(user, now), category, now)
      if (!created && !sameRequest(order, values)) {
        throw new ApiError(422, 'idempotency_key_reused', '这个 Idempotency-Key 已用于另一份不同的订单：新的请求没有提交，请用新的 Key 重新提交')
      }
      // A new order left with the committee has no responders yet; a retry's order may have some by now.
      return reply.status(created ? 201 : 200).send(await detail(app.db, sent ?? order, user, app.now(), created && !sent ? NO_ONE : undefined))
    },
  )

  /**
   * The actor reading only part of their area: the same list, its prefix narrowed to an org under
   * their own (a street administrator's community, a committee's compound or grid).
   */
  async function narrowed(user: Actor, within: number | undefined): Promise<Actor> {
    if (within === undefined) return user
    const org = isOverseer(user.role) || user.role === 'committee' ? await findOrg(app.db, within) : null
    if (!org || !org.path.startsWith(user.orgPath)) throw invalidInput('参数 within 不合法：只能选择本辖区内的社区、小区或网格')
    return { ...user, orgPath: org.path }
  }

  app.get(
    '/orders',
    { schema: { tags: ['orders'], summary: '订单列表（按角色限定范围）', querystring: ListQuery, response: { 200: OrderPage, ...errors(400, 401, 403) } } },
    async (request) => {
      const q = request.query
      const user = await narrowed(userOf(request), q.within)
      const { rows, next } = await listOrders(app.db, user, {
        group: q.group,
        view: q.view ?? 'mine',
        clock: q.clock,
        cursor: q.cursor ? decodeOrderCursor(q.cursor) : undefined,
        limit: q.limit ?? 20,
      }, app.now())
      return { items: rows.map((row) => toSummary(row, user)), nextCursor: next ? encodeOrderCursor(next) : null }
    },
  )

  app.get(
    '/orders/counts',
    {
      schema: { tags: ['orders'], summary: '各状态分组的订单数（列表页签上的数字）', querystring: CountsQuery, response: { 200: OrderCounts, ...errors(400, 401, 403) } },
    },
    async (request) => countOrders(app.db, await narrowed(userOf(request), request.query.within), request.query.view ?? 'mine'),
  )

  app.get(
    '/orders/:id',
    { schema: { tags: ['orders'], summary: '订单详情和时间线', params: IdParams, response: { 200: OrderDetail, ...errors(400, 401, 403, 404) } } },
    async (request) => {
      const user = userOf(request)
      const { row, responders } = await visibleOrder(app.db, request.params.id, user)
      return detail(app.db, row, user, app.now(), responders)
    },
  )

  app.get(
    '/orders/:id/duplicates',
    {
      schema: {
        tags: ['orders'],
        summary: '可能重复的订单（同一服务、同一小区、前后30天内、未结束）：党委派单前可合并',
        params: IdParams,
        response: { 200: Type.Array(OrderSummary), ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const user = userOf(request)
      const order = await visibleOrder(app.db, request.params.id, user)
      if (!POLICIES.isCommittee(factsOf(order), user)) throw forbidden('只有社区党委可以合并重复的订单')
      return (await likelyDuplicates(app.db, order.row, app.now())).map((view) => toSummary(view, user))
    },
  )

  app.post(
    '/orders/:id/transitions',
    {
      schema: {
        tags: ['orders'],
        summary: '办理订单：派单、发布、接单、开始、办结、评价…（由状态机判定）',
        params: IdParams,
        body: Transition,
        response: { 200: TransitionOutcome, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const user = userOf(request)
      const { action, ...input } = request.body
      if (!(await ownsUploads(app.db, input.photos ?? [], user.id))) throw invalidInput(PHOTOS_NOT_OWN)
      const updated = await actOnOrder(app.db, request.params.id, action, user, input, app.now)
      // The row as written; its responders as stored now (new slots and parts have their ids).
      const responders = (await loadResponders(app.db, [updated.id])).get(updated.id) ?? NO_ONE
      // Declining, leaving or releasing hands the order away: the actor may no longer see it.
      const stillVisible = canView(factsOf({ row: updated, responders }), user)
      return { id: updated.id, status: updated.status, order: stillVisible ? await detail(app.db, updated, user, app.now(), responders) : null }
    },
  )
}

export default orderRoutes
